/**
 * The SDK's retry strategy with two budgets instead of one: throttling (429 TooManyRequestsException,
 * ThrottlingException, …) gets more attempts than every other transient error (5xx, timeouts,
 * connection resets), because a throttling storm passes by itself once the account's token bucket
 * refills, while an outage does not (docs/aws-behaviour.md#sdk-retries). The SDK's own adaptive
 * strategy does the work (classification, full-jitter capped backoff, Retry-After, retry quota,
 * client-side rate limiter); this wrapper only refuses a transient error's retry once that class's
 * budget is spent. `@smithy/core/retry` is loaded on the first call, like the clients.
 */
import type { RetryBackoffStrategy, RetryErrorInfo, RetryStrategyV2, RetryToken, StandardRetryToken } from '@smithy/types';

export type { RetryStrategyV2 };

export interface RetryBudget {
  /** Attempts of a call that meets throttling; also the most attempts any call gets. */
  readonly throttlingAttempts: number;
  /**
   * Attempts of a call that meets other transient errors. Absent: the SDK's setting
   * (`AWS_MAX_ATTEMPTS`, the profile's `max_attempts`, else 3).
   */
  readonly transientAttempts?: number;
  /** Backoff bases and cap; absent: the SDK's (docs/aws-behaviour.md#sdk-retries). Tests shorten them. */
  readonly delays?: RetryDelays;
}

export interface RetryDelays {
  readonly transientBaseMs: number;
  readonly throttlingBaseMs: number;
  readonly maxDelayMs: number;
  /** The rate the adaptive limiter never goes below after throttling (the SDK's: 0.5 requests per second). */
  readonly minSendRate: number;
}

/** With the SDK's backoff (base 1 s for throttling, doubled, capped at 20 s), 8 attempts wait about 35 s on average, 71 s at most. */
export const DEFAULT_RETRY_BUDGET: RetryBudget = { throttlingAttempts: 8 };

type SmithyRetry = typeof import('@smithy/core/retry');

export class BudgetedRetryStrategy implements RetryStrategyV2 {
  #inner: RetryStrategyV2 | undefined;
  #loading: Promise<{ inner: RetryStrategyV2; transientAttempts: number }> | undefined;
  /** Retries each token's call has made for errors other than throttling. */
  readonly #transientRetries = new WeakMap<RetryToken, number>();

  constructor(
    private readonly budget: RetryBudget,
    /** The SDK's own setting, read when the budget does not say (see RetryBudget.transientAttempts). */
    private readonly sdkMaxAttempts: () => Promise<number>,
  ) {}

  async acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    return (await this.load()).inner.acquireInitialRetryToken(scope);
  }

  async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    const { inner, transientAttempts } = await this.load();
    const throttling = errorInfo.errorType === 'THROTTLING';
    const transientRetries = this.#transientRetries.get(token) ?? 0;
    // The SDK's refusal: the retry middleware then throws the call's last error.
    if (!throttling && transientRetries + 1 >= transientAttempts) throw new Error('No retry token available');
    const next = await inner.refreshRetryTokenForRetry(token, errorInfo);
    this.#transientRetries.set(next, transientRetries + (throttling ? 0 : 1));
    return next;
  }

  recordSuccess(token: RetryToken): void {
    // A success can only follow a token this strategy handed out, so the inner strategy exists.
    this.#inner?.recordSuccess(token as StandardRetryToken);
  }

  private load(): Promise<{ inner: RetryStrategyV2; transientAttempts: number }> {
    this.#loading ??= (async () => {
      const retry: SmithyRetry = await import('@smithy/core/retry');
      const transientAttempts = this.budget.transientAttempts ?? (await this.sdkMaxAttempts());
      const maxAttempts = Math.max(this.budget.throttlingAttempts, transientAttempts);
      const delays = this.budget.delays;
      const inner = new retry.AdaptiveRetryStrategy(maxAttempts, {
        maxAttempts,
        baseDelay: retry.Retry.delay(),
        ...(delays
          ? { backoff: scaledBackoff(delays, retry.Retry.throttlingDelay()), rateLimiter: new retry.DefaultRateLimiter({ minFillRate: delays.minSendRate }) }
          : {}),
      });
      this.#inner = inner;
      return { inner, transientAttempts };
    })();
    return this.#loading;
  }
}

/**
 * The SDK's full-jitter exponential backoff over other bases. The SDK tells its backoff which class
 * failed only by the base it sets: its throttling base for throttling, the strategy's base otherwise.
 */
function scaledBackoff(delays: RetryDelays, sdkThrottlingBase: number): RetryBackoffStrategy & { setDelayBase(base: number): void } {
  let base = delays.transientBaseMs;
  return {
    setDelayBase: (sdkBase: number) => {
      base = sdkBase === sdkThrottlingBase ? delays.throttlingBaseMs : delays.transientBaseMs;
    },
    computeNextBackoffDelay: (retries: number) => Math.floor(Math.random() * Math.min(base * 2 ** retries, delays.maxDelayMs)),
  };
}
