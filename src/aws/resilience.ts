/**
 * What every SDK client gets so that no call hangs, none exceeds AWS's quotas, and a write refused
 * because another change is in progress is tried again: timeouts, one pacer per region (shared by
 * every client of both services), the CreateDeployment pacer (one per run: the quota is per account),
 * and a bounded retry of "concurrent modification". `clients.ts` calls `resilientClientConfig` and
 * `installResilience`; nothing here names a service. Quota refusals are made final (quota-errors.ts).
 */
import type { FinalizeHandler, FinalizeHandlerArguments, HandlerExecutionContext } from '@smithy/types';
import { Pacer, systemPacerClock, type PaceRate, type PacerClock } from './pacer.js';
import { stopRetriesOfQuotaRefusals } from './quota-errors.js';
import type { MiddlewareHost } from './sdk-service.js';
import { keepAnswerBodies } from './unreadable-answer.js';
import { DEFAULT_RETRY_BUDGET, type RetryBudget } from './retry.js';

/** AWS's "Total operations" quota per account and region, shared by both services (docs/aws-behaviour.md#quotas-and-throttling). */
export const AWS_REQUEST_RATE: PaceRate = { ratePerSecond: 10, burst: 40 };

/**
 * Calls leave at the rate, but arrive with network jitter; keeping two of the burst's tokens in
 * reserve absorbs up to 100 ms of it at 10 requests/s, so that AWS's own bucket never runs dry first.
 */
const BURST_RESERVE = 2;

/** CreateDeployment: one every 5 seconds per account; the extra 250 ms play the reserve's part for it. */
export const DEPLOYMENT_INTERVAL_MS = 5_250;

/** GetResources: 5 requests every 2 seconds per account, beside the account's general quota (docs/aws-behaviour.md#routes-and-methods). */
export const GET_RESOURCES_QUOTA: PaceRate = { ratePerSecond: 2.5, burst: 5 };

export const DEFAULT_TIMEOUTS: AwsTimeouts = { connectMs: 5_000, requestMs: 30_000 };

export interface AwsTimeouts {
  /** Establishing the TCP (and TLS) connection. */
  readonly connectMs: number;
  /** One attempt of one call, from sending to the whole answer. */
  readonly requestMs: number;
}

/** Terraform retries "concurrent modification" up to its max_retries, 25 by default, for minutes (docs/aws-behaviour.md#other-clients); a CLI run stops sooner and says so. */
export interface ConflictRetry {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_CONFLICT_RETRY: ConflictRetry = { attempts: 6, baseDelayMs: 500, maxDelayMs: 8_000 };

/** A wait gatewarden imposes on itself; reported so that a long pause is never a silent one. */
export interface PacingWait {
  readonly reason: 'deployment-quota' | 'concurrent-modification';
  readonly operation: string;
  readonly region: string;
  readonly waitMs: number;
}

export interface ResilienceOptions {
  readonly timeouts?: AwsTimeouts;
  /** Lowers the request rate below AWS's quota, for accounts shared with other automation. */
  readonly maxRps?: number;
  /** Spacing of CreateDeployment calls; 0 turns that pacing off (for a stand-in without the quota). */
  readonly deploymentIntervalMs?: number;
  readonly conflictRetry?: ConflictRetry;
  /** The SDK's attempts: more for throttling than for other transient errors (src/aws/retry.ts). */
  readonly retry?: RetryBudget;
  readonly clock?: PacerClock;
  readonly onWait?: (wait: PacingWait) => void;
}

/** The pacers of one run: one per region for every call, and one for each operation with its own per-account quota. */
export class AwsPacing {
  readonly timeouts: AwsTimeouts;
  readonly conflictRetry: ConflictRetry;
  readonly retry: RetryBudget;
  readonly clock: PacerClock;
  readonly onWait: (wait: PacingWait) => void;
  readonly requestRate: PaceRate;
  readonly deployments: Pacer | undefined;
  readonly getResources: Pacer;
  readonly #regions = new Map<string, Pacer>();

  constructor(options: ResilienceOptions = {}) {
    this.timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
    this.conflictRetry = options.conflictRetry ?? DEFAULT_CONFLICT_RETRY;
    this.retry = options.retry ?? DEFAULT_RETRY_BUDGET;
    this.clock = options.clock ?? systemPacerClock;
    this.onWait = options.onWait ?? (() => undefined);
    this.requestRate = requestRate(options.maxRps);
    const intervalMs = options.deploymentIntervalMs ?? DEPLOYMENT_INTERVAL_MS;
    this.deployments = intervalMs > 0 ? new Pacer({ ratePerSecond: 1000 / intervalMs, burst: 1 }, this.clock) : undefined;
    // One of the burst's tokens is kept in reserve against network jitter, as for the request pacer.
    this.getResources = new Pacer({ ...GET_RESOURCES_QUOTA, burst: GET_RESOURCES_QUOTA.burst - 1 }, this.clock);
  }

  forRegion(region: string): Pacer {
    let pacer = this.#regions.get(region);
    if (pacer === undefined) {
      pacer = new Pacer(this.requestRate, this.clock);
      this.#regions.set(region, pacer);
    }
    return pacer;
  }
}

/** The bucket gatewarden paces itself with: AWS's, or slower; the burst shrinks with the rate. */
export function requestRate(maxRps?: number): PaceRate {
  const ratePerSecond = Math.min(AWS_REQUEST_RATE.ratePerSecond, maxRps ?? AWS_REQUEST_RATE.ratePerSecond);
  const burst = Math.max(1, Math.floor((AWS_REQUEST_RATE.burst * ratePerSecond) / AWS_REQUEST_RATE.ratePerSecond) - BURST_RESERVE);
  return { ratePerSecond, burst };
}

/** Client options: timeouts on the Node HTTP handler. */
export function resilientClientConfig(timeouts: AwsTimeouts) {
  return {
    requestHandler: {
      connectionTimeout: timeouts.connectMs,
      requestTimeout: timeouts.requestMs,
      // Without it the handler only logs a warning when requestTimeout passes, and a call that is
      // never answered waits forever. The TimeoutError it throws is retried by the SDK as transient.
      throwOnRequestTimeout: true,
    },
  };
}

export function installResilience(client: MiddlewareHost, region: string, pacing: AwsPacing): void {
  // A quota refusal (the 11th authorizer) is final: the SDK must not retry it as a 429.
  stopRetriesOfQuotaRefusals(client);
  // An answer that is not AWS's keeps its body, for the message that says what answered.
  keepAnswerBodies(client);
  // Outside the SDK's retries: a conflict is retried with the SDK's whole attempt budget each time.
  client.middlewareStack.add(
    (next, context) => (args) => retryConcurrentModification(() => next(args), pacing, operationOf(context), region),
    { step: 'initialize', priority: 'low', name: 'gatewardenConflictRetry' },
  );
  // Inside them: every attempt, retries included, waits for its turn.
  client.middlewareStack.addRelativeTo(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see MiddlewareHost
    (next: FinalizeHandler<any, any>, context: HandlerExecutionContext) => async (args: FinalizeHandlerArguments<any>) => {
      const operation = operationOf(context);
      if (operation === 'CreateDeployment' && pacing.deployments) {
        await pacing.deployments.acquire((waitMs) => pacing.onWait({ reason: 'deployment-quota', operation, region, waitMs }));
      }
      // Usage reads page through every resource of a REST API; AWS's own quota for them is far lower.
      if (operation === 'GetResources') await pacing.getResources.acquire();
      await pacing.forRegion(region).acquire();
      return next(args);
    },
    { relation: 'after', toMiddleware: 'retryMiddleware', name: 'gatewardenPacer' },
  );
}

function operationOf(context: HandlerExecutionContext): string {
  return (context.commandName ?? 'Unknown').replace(/Command$/, '');
}

/**
 * How "another change is in progress" is told from every other 409: the name ConflictException is
 * shared with refusals that a retry cannot fix (an authorizer still in use, a stage that exists, and
 * v2's authorizer quota, sent with status 429), so the status and AWS's documented text decide
 * (docs/aws-behaviour.md, "Error texts").
 */
export function isConcurrentModification(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'ConflictException') return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return (status === undefined || status === 409) && /concurrent modification/i.test(error.message);
}

export async function retryConcurrentModification<T>(
  send: () => Promise<T>,
  pacing: Pick<AwsPacing, 'conflictRetry' | 'clock' | 'onWait'>,
  operation: string,
  region: string,
): Promise<T> {
  const { attempts, baseDelayMs, maxDelayMs } = pacing.conflictRetry;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      if (attempt >= attempts || !isConcurrentModification(error)) throw error;
      const waitMs = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      pacing.onWait({ reason: 'concurrent-modification', operation, region, waitMs });
      await pacing.clock.sleep(waitMs);
    }
  }
}
