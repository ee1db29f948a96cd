/**
 * Control-plane throttling (docs/aws-behaviour.md#quotas-and-throttling): one token bucket per (account,
 * region) shared by both services, 10 requests per second with a burst of 40. Pure: the caller passes the time.
 */
import { EmulatorError, TOO_MANY_REQUESTS } from './errors.js';
import type { OperationName, OperationSpec } from './operations.js';

export interface RateLimit {
  readonly ratePerSecond: number;
  readonly burst: number;
}

/** AWS's fixed "Total operations" quota for management calls. */
export const AWS_ACCOUNT_RATE_LIMIT: RateLimit = { ratePerSecond: 10, burst: 40 };

/** AWS's stricter per-operation quotas that touch our operations (opt-in through `throttle.operations`). */
export const AWS_OPERATION_RATE_LIMITS: Readonly<Record<string, RateLimit>> = {
  CreateDeployment: { ratePerSecond: 0.2, burst: 1 },
  // "5 every 2 seconds" per account (docs/aws-behaviour.md#routes-and-methods).
  GetResources: { ratePerSecond: 2.5, burst: 5 },
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

export interface ThrottleOptions {
  /** The account-wide bucket per region, shared by both services. Default: AWS's 10 rps, burst 40. */
  readonly account?: RateLimit;
  /** Extra per-operation buckets, e.g. `AWS_OPERATION_RATE_LIMITS`. None by default. */
  readonly operations?: Readonly<Partial<Record<OperationName, RateLimit>>>;
}

/** The store's buckets: one per region for the account, plus one per (region, operation) asked for. */
export class AccountThrottle {
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #options: Required<ThrottleOptions>;

  constructor(options: true | ThrottleOptions) {
    const chosen = options === true ? {} : options;
    this.#options = { account: chosen.account ?? AWS_ACCOUNT_RATE_LIMIT, operations: chosen.operations ?? {} };
  }

  /** Takes a token from every bucket the call counts against, or throws 429 and takes none. */
  admit(spec: OperationSpec, region: string, nowMs: number): void {
    // Lambda's control plane has quotas of its own, not API Gateway's; they are not emulated yet.
    if (spec.service === 'lambda') return;
    const buckets = [this.#bucket(region, this.#options.account, nowMs)];
    const operationLimit = this.#options.operations[spec.operation];
    if (operationLimit !== undefined) buckets.push(this.#bucket(`${region} ${spec.operation}`, operationLimit, nowMs));
    for (const bucket of buckets) {
      const verdict = bucket.check(nowMs);
      if (!verdict.ok) {
        throw new EmulatorError({
          code: 'TooManyRequestsException',
          status: 429,
          message: TOO_MANY_REQUESTS,
          // v1 models Retry-After on its 429s; v2 does not.
          ...(spec.service === 'apigateway' ? { retryAfterSeconds: verdict.retryAfterSeconds } : {}),
        });
      }
    }
    for (const bucket of buckets) bucket.take(nowMs);
  }

  #bucket(key: string, limit: RateLimit, nowMs: number): TokenBucket {
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      bucket = new TokenBucket(limit, nowMs);
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }
}
