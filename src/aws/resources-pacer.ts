/**
 * Paces GetResources under AWS's own quota for it, 5 requests every 2 seconds per account
 * (docs/aws-behaviour.md#routes-and-methods), which the SDK's retries would otherwise meet as 429s.
 * A token bucket with AWS's numbers; clock and sleep are injected so tests need no real time. Kept
 * separate from any general request pacer so that the two can be joined: it only exposes `wait()`.
 */
export interface Pacer {
  /** Resolves when one more request fits the quota, and counts it. */
  wait(): Promise<void>;
}

export interface PacerOptions {
  readonly burst: number;
  readonly ratePerSecond: number;
  readonly now?: () => number;
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

export const GET_RESOURCES_QUOTA = { burst: 5, ratePerSecond: 2.5 } as const;

export function createPacer(options: PacerOptions): Pacer {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds)));
  let tokens = options.burst;
  let last = now();
  // Callers queue in order, so concurrent listings share the quota fairly.
  let queue: Promise<void> = Promise.resolve();
  const take = async (): Promise<void> => {
    for (;;) {
      const at = now();
      tokens = Math.min(options.burst, tokens + ((at - last) / 1000) * options.ratePerSecond);
      last = at;
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - tokens) / options.ratePerSecond) * 1000));
    }
  };
  return {
    wait: () => {
      const turn = queue.then(take);
      queue = turn;
      return turn;
    },
  };
}
