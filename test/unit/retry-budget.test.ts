/** The two attempt budgets of src/aws/retry.ts, driven the way the SDK's retry middleware drives a strategy. */
import { describe, expect, it } from 'vitest';
import type { RetryErrorInfo } from '@smithy/types';
import { BudgetedRetryStrategy } from '../../src/aws/retry.js';

const NO_WAIT = { transientBaseMs: 0, throttlingBaseMs: 0, maxDelayMs: 0, minSendRate: 1000 };
const info = (errorType: RetryErrorInfo['errorType'], name: string): RetryErrorInfo => ({ errorType, error: Object.assign(new Error(name), { name }) as RetryErrorInfo['error'] });
const THROTTLING = info('THROTTLING', 'TooManyRequestsException');
const TRANSIENT = info('TRANSIENT', 'ServiceUnavailableException');
const CLIENT = info('CLIENT_ERROR', 'BadRequestException');

/** How many attempts a call gets when its attempts fail with `errors` in turn (the last one repeating). */
async function attemptsFor(strategy: BudgetedRetryStrategy, errors: readonly RetryErrorInfo[]): Promise<number> {
  let token = await strategy.acquireInitialRetryToken('');
  for (let attempt = 1; ; attempt += 1) {
    const error = errors[Math.min(attempt - 1, errors.length - 1)] as RetryErrorInfo;
    try {
      token = await strategy.refreshRetryTokenForRetry(token, error);
    } catch {
      return attempt;
    }
  }
}

describe('the retry budgets', () => {
  const strategy = () => new BudgetedRetryStrategy({ throttlingAttempts: 8, transientAttempts: 3, delays: NO_WAIT }, async () => 3);

  it('gives throttling 8 attempts and other transient errors 3, and never retries a client error', async () => {
    expect(await attemptsFor(strategy(), [THROTTLING])).toBe(8);
    expect(await attemptsFor(strategy(), [TRANSIENT])).toBe(3);
    expect(await attemptsFor(strategy(), [CLIENT])).toBe(1);
  });

  it('counts each class against its own budget within one call, and all attempts against the larger one', async () => {
    // Two transient retries are allowed whatever throttling came between; the third transient error ends the call.
    expect(await attemptsFor(strategy(), [THROTTLING, TRANSIENT, THROTTLING, TRANSIENT, TRANSIENT])).toBe(5);
    expect(await attemptsFor(strategy(), [TRANSIENT, THROTTLING])).toBe(8);
  });

  it("takes the transient budget from the SDK's setting when not given, and throttling keeps at least as many", async () => {
    const fromSdk = new BudgetedRetryStrategy({ throttlingAttempts: 8, delays: NO_WAIT }, async () => 10);
    expect(await attemptsFor(fromSdk, [TRANSIENT])).toBe(10);
    expect(await attemptsFor(fromSdk, [THROTTLING])).toBe(10);
  });
});
