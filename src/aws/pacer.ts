/**
 * Client-side pacing for AWS's control-plane quotas (docs/aws-behaviour.md#quotas-and-throttling):
 * a token bucket that hands out send times in arrival order, so that calls leave no faster than the
 * quota refills and AWS has no reason to answer 429. The clock and the sleep are injected, so the
 * schedule is unit-tested without real time.
 */

export interface PacerClock {
  /** Milliseconds on any monotonic scale. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemPacerClock: PacerClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface PaceRate {
  readonly ratePerSecond: number;
  readonly burst: number;
}

export class Pacer {
  #tokens: number;
  #lastMs: number;

  constructor(
    readonly rate: PaceRate,
    private readonly clock: PacerClock = systemPacerClock,
  ) {
    if (!(rate.ratePerSecond > 0) || !(rate.burst >= 1)) throw new RangeError(`invalid pace ${JSON.stringify(rate)}`);
    this.#tokens = rate.burst;
    this.#lastMs = clock.now();
  }

  /**
   * Takes the next token and returns how many milliseconds the caller must wait before sending.
   * Tokens may go negative: each caller then holds a reservation of a future token, which keeps
   * concurrent callers in arrival order and spaced exactly at the rate.
   */
  reserve(): number {
    const nowMs = this.clock.now();
    const elapsed = Math.max(0, nowMs - this.#lastMs) / 1000;
    this.#tokens = Math.min(this.rate.burst, this.#tokens + elapsed * this.rate.ratePerSecond);
    this.#lastMs = Math.max(this.#lastMs, nowMs);
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : Math.ceil((-this.#tokens / this.rate.ratePerSecond) * 1000);
  }

  /** Waits for the caller's turn; `onWait` hears about waits (not about calls that go at once). */
  async acquire(onWait?: (waitMs: number) => void): Promise<void> {
    const waitMs = this.reserve();
    if (waitMs <= 0) return;
    onWait?.(waitMs);
    await this.clock.sleep(waitMs);
  }
}
