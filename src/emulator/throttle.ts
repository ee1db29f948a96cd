/**
 * Control-plane throttling (docs/aws-behaviour.md#quotas-and-throttling): one token bucket per (account,
 * region) shared by both services, 10 requests per second with a burst of 40. Pure: the caller passes the time.
 */

export interface RateLimit {
  readonly ratePerSecond: number;
  readonly burst: number;
}

/** AWS's fixed "Total operations" quota for management calls. */
export const AWS_ACCOUNT_RATE_LIMIT: RateLimit = { ratePerSecond: 10, burst: 40 };

/** AWS's stricter per-operation quotas that touch our operations (opt-in through `throttle.operations`). */
export const AWS_OPERATION_RATE_LIMITS: Readonly<Record<string, RateLimit>> = {
  CreateDeployment: { ratePerSecond: 0.2, burst: 1 },
};

export type TakeResult = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

export class TokenBucket {
  #tokens: number;
  #lastMs: number;

  constructor(
    readonly limit: RateLimit,
    nowMs: number,
  ) {
    this.#tokens = limit.burst;
    this.#lastMs = nowMs;
  }

  /** Whether a token is available now, without taking it. */
  check(nowMs: number): TakeResult {
    this.#refill(nowMs);
    if (this.#tokens >= 1) return { ok: true };
    const waitSeconds = (1 - this.#tokens) / this.limit.ratePerSecond;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) };
  }

  take(nowMs: number): TakeResult {
    const result = this.check(nowMs);
    if (result.ok) this.#tokens -= 1;
    return result;
  }

  #refill(nowMs: number): void {
    const elapsedSeconds = Math.max(0, nowMs - this.#lastMs) / 1000;
    this.#tokens = Math.min(this.limit.burst, this.#tokens + elapsedSeconds * this.limit.ratePerSecond);
    this.#lastMs = Math.max(this.#lastMs, nowMs);
  }
}
