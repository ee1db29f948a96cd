/** The two APIs and short resilience settings that the fault tests share (faults.test.ts, fault-matrix.test.ts). */
import { stringify } from 'yaml';
import type { ResilienceOptions } from '../../src/aws/resilience.js';
import { DEFAULT_RETRY_BUDGET } from '../../src/aws/retry.js';
import { LAMBDA } from './support.js';

export const HTTP_API = 'httpapi001';
export const REST_API = 'restapi001';
export const HEADER = 'method.request.header.Authorization';

/** Short timeouts and waits, so that each fault costs the suite about a second at most; the attempt budgets are the defaults. */
export const FAST: ResilienceOptions = {
  timeouts: { connectMs: 200, requestMs: 250 },
  conflictRetry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 40 },
  retry: { ...DEFAULT_RETRY_BUDGET, delays: { transientBaseMs: 5, throttlingBaseMs: 10, maxDelayMs: 80, minSendRate: 50 } },
  deploymentIntervalMs: 0,
};

export const faultSeed = stringify({
  apis: [
    {
      type: 'http',
      id: HTTP_API,
      name: 'orders',
      stages: [{ name: 'prod' }],
      authorizers: [{ name: 'lambda', authorizerType: 'REQUEST', authorizerUri: LAMBDA, authorizerPayloadFormatVersion: '2.0' }],
    },
    {
      type: 'rest',
      id: REST_API,
      name: 'legacy',
      stages: [{ name: 'prod' }],
      authorizers: [{ name: 'token', type: 'TOKEN', authorizerUri: LAMBDA, identitySource: HEADER }],
    },
  ],
});
