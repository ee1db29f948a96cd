/**
 * Faults injected into the emulator as data, through the real SDK: calls that are never answered,
 * "concurrent modification", a create whose answer is lost, and the deployment quota. Each run ends
 * within a bound, says what failed, and converges once the fault is gone.
 */
import { describe, expect, it } from 'vitest';
import type { PacingWait } from '../../src/aws/resilience.js';
import type { Plan } from '../../src/core/model.js';
import { AwsError } from '../../src/errors.js';
import { applyPlan } from '../../src/services/apply.js';
import { planFromManifests } from '../../src/services/plan.js';
import { FAST, faultSeed as seed, HEADER, HTTP_API, REST_API } from './fault-support.js';
import { callsOf, LAMBDA, LAMBDA_2, manifest, rejection, startHarness, type Harness } from './support.js';

/** Both APIs change their Lambda and gain one authorizer; both redeploy prod. */
async function changedManifests(h: Harness): Promise<string[]> {
  return [
    await h.file(
      'orders.yaml',
      manifest(
        { type: 'http', name: 'orders' },
        [
          { name: 'lambda', authorizerType: 'REQUEST', authorizerUri: LAMBDA_2, authorizerPayloadFormatVersion: '2.0' },
          { name: 'extra', authorizerType: 'REQUEST', authorizerUri: LAMBDA, authorizerPayloadFormatVersion: '2.0' },
        ],
        { redeploy: ['prod'] },
      ),
    ),
    await h.file(
      'legacy.yaml',
      manifest(
        { type: 'rest', name: 'legacy' },
        [
          { name: 'token', type: 'TOKEN', authorizerUri: LAMBDA_2, identitySource: HEADER },
          { name: 'extra', type: 'TOKEN', authorizerUri: LAMBDA, identitySource: HEADER },
        ],
        { redeploy: ['prod'] },
      ),
    ),
  ];
}

async function planOf(h: Harness, paths: string[]): Promise<Plan> {
  return (await planFromManifests(paths, h.options)).plan;
}

async function applyOnce(h: Harness, paths: string[]) {
  return applyPlan(await planOf(h, paths), { ...h.options, allowReplace: false });
}

function converged(plan: Plan): boolean {
  return plan.apis.every((api) => api.actions.every((action) => action.kind === 'no-op') && api.postActions.length === 0);
}

function statuses(report: Awaited<ReturnType<typeof applyOnce>>): string[] {
  return report.apis.flatMap((api) => api.steps.map((step) => `${api.target.apiName}:${step.action}:${step.subject}:${step.status}`)).sort();
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await run();
  return { value, ms: performance.now() - start };
}

describe('a call that is never answered', () => {
  it('ends a plan within the timeout budget, naming the call, the API and the manifest; the next plan works', async () => {
    const h = await startHarness(seed, {}, FAST);
    const paths = await changedManifests(h);
    h.store.injectFailure({ operation: 'GetAuthorizers', apiId: REST_API, hang: true, times: Infinity });

    const { value: error, ms } = await timed(() => rejection(planOf(h, paths)));

    expect(error).toBeInstanceOf(AwsError);
    expect((error as AwsError).code).toBe('AWS_TimeoutError');
    expect((error as AwsError).message).toMatch(
      /legacy\.yaml:\d+:\d+: reading REST API restapi001 \("legacy"\) in eu-west-1: GetAuthorizers got no answer in time after 3 attempt\(s\)/,
    );
    // Three attempts of 250 ms and the SDK's short transient backoff: far below any "hang".
    expect(ms).toBeLessThan(5_000);
    expect(callsOf(h.store, 'GetAuthorizers', REST_API).filter((call) => call.unanswered)).toHaveLength(3);

    h.store.clearFailures();
    expect((await planOf(h, paths)).apis).toHaveLength(2);
  });

  it('retries a write that hung once, and reports a write that never answers as failed, naming it; a re-run converges', async () => {
    const h = await startHarness(seed, {}, FAST);
    const paths = await changedManifests(h);
    h.store.injectFailure({ operation: 'UpdateAuthorizer', apiId: HTTP_API, hang: true });
    h.store.injectFailure({ operation: 'UpdateAuthorizer', apiId: REST_API, hang: true, times: Infinity });

    const report = await applyOnce(h, paths);

    expect(report.failed).toBe(true);
    const failed = report.apis.flatMap((api) => api.steps).find((step) => step.status === 'failed');
    expect(failed?.errorCode).toBe('AWS_TimeoutError');
    expect(failed?.error).toMatch(/^UpdateAuthorizer got no answer in time after 3 attempt\(s\)/);
    expect(statuses(report)).toContain('orders:update:lambda:done');
    expect(statuses(report)).toContain('legacy:redeploy:prod:not-attempted');

    h.store.clearFailures();
    const again = await applyOnce(h, paths);
    expect(again.failed).toBe(false);
    expect(converged(await planOf(h, paths))).toBe(true);
  });
});

describe('concurrent modification (409)', () => {
  it('retries an update and a redeploy that AWS refuses while another change is in progress, and converges', async () => {
    const h = await startHarness(seed, {}, FAST);
    const paths = await changedManifests(h);
    h.store.injectFailure({ operation: 'UpdateAuthorizer', apiId: REST_API, error: 'ConflictException', times: 2 });
    h.store.injectFailure({ operation: 'CreateDeployment', apiId: HTTP_API, error: 'ConflictException', times: 1 });

    const report = await applyOnce(h, paths);

    expect(report.failed).toBe(false);
    expect(callsOf(h.store, 'UpdateAuthorizer', REST_API).map((call) => call.error ?? 'ok')).toEqual([
      'ConflictException',
      'ConflictException',
      'ok',
    ]);
    expect(callsOf(h.store, 'CreateDeployment', HTTP_API).map((call) => call.error ?? 'ok')).toEqual(['ConflictException', 'ok']);
    expect(converged(await planOf(h, paths))).toBe(true);
  });

  it('does not retry any other 409, and stops after the attempt budget', async () => {
    const h = await startHarness(seed, {}, FAST);
    const paths = await changedManifests(h);
    h.store.injectFailure({ operation: 'UpdateAuthorizer', apiId: REST_API, error: { code: 'ConflictException', message: 'Something else is wrong' } });
    h.store.injectFailure({ operation: 'UpdateAuthorizer', apiId: HTTP_API, error: 'ConflictException', times: Infinity });

    const report = await applyOnce(h, paths);

    expect(callsOf(h.store, 'UpdateAuthorizer', REST_API)).toHaveLength(1);
    expect(callsOf(h.store, 'UpdateAuthorizer', HTTP_API)).toHaveLength(4);
    expect(statuses(report)).toEqual(expect.arrayContaining(['legacy:update:token:failed', 'orders:update:lambda:failed']));
    h.store.clearFailures();
    await applyOnce(h, paths);
    expect(converged(await planOf(h, paths))).toBe(true);
  });
});

describe('a create whose answer is lost', () => {
  it('is reported done when AWS committed it and the retry is told the name is taken', async () => {
    const h = await startHarness(seed, {}, FAST);
    const paths = await changedManifests(h);
    for (const apiId of [HTTP_API, REST_API]) {
      h.store.injectFailure({ operation: 'CreateAuthorizer', apiId, hang: true, afterCommit: true });
    }

    const report = await applyOnce(h, paths);

    expect(report.failed).toBe(false);
    for (const apiId of [HTTP_API, REST_API]) {
      const creates = callsOf(h.store, 'CreateAuthorizer', apiId);
      expect(creates.map((call) => (call.unanswered ? 'lost' : (call.error ?? 'ok')))).toEqual(['lost', 'BadRequestException']);
    }
    const created = report.apis.flatMap((api) => api.steps).filter((step) => step.action === 'create');
    expect(created.map((step) => step.status)).toEqual(['done', 'done']);
    expect(created.every((step) => typeof step.authorizerId === 'string')).toBe(true);
    expect(statuses(report).filter((status) => status.includes(':redeploy:'))).toEqual([
      'legacy:redeploy:prod:done',
      'orders:redeploy:prod:done',
    ]);
    expect(converged(await planOf(h, paths))).toBe(true);
  });

  it('fails naming both when the authorizer that took the name is not the planned one', async () => {
    const h = await startHarness(seed, {}, FAST);
    const paths = await changedManifests(h);
    const plan = await planOf(h, paths);
    const other = h.store.rest.createAuthorizer({
      restApiId: REST_API,
      name: 'extra',
      type: 'TOKEN',
      authorizerUri: LAMBDA,
      identitySource: HEADER,
      authorizerResultTtlInSeconds: 60,
    }) as { id: string };

    const report = await applyPlan(plan, { ...h.options, allowReplace: false });

    const failed = report.apis.flatMap((api) => api.steps).find((step) => step.status === 'failed');
    expect(failed?.errorCode).toBe('AUTHORIZER_EXISTS_DIFFERENT');
    expect(failed?.error).toContain(`CreateAuthorizer "extra" on API ${REST_API}`);
    expect(failed?.error).toContain(`existing authorizer ${other.id}`);
    expect(failed?.error).toContain('authorizerResultTtlInSeconds is 60, planned 300');
  });
});

describe("AWS's deployment quota", () => {
  it('paces CreateDeployment across both services so that none is throttled, and says it is waiting', async () => {
    // A stand-in quota of one deployment every 300 ms (AWS: 5 s), paced at 350 ms.
    const waits: PacingWait[] = [];
    const h = await startHarness(
      seed,
      { throttle: { account: { ratePerSecond: 1_000, burst: 1_000 }, operations: { CreateDeployment: { ratePerSecond: 1 / 0.3, burst: 1 } } } },
      { ...FAST, deploymentIntervalMs: 350, onWait: (wait) => waits.push(wait) },
    );
    const paths = await changedManifests(h);

    const report = await applyOnce(h, paths);

    expect(report.failed).toBe(false);
    const deployments = h.store.calls.filter((call) => call.operation === 'CreateDeployment');
    expect(deployments.map((call) => call.error ?? 'ok')).toEqual(['ok', 'ok']);
    expect(waits.map((wait) => [wait.reason, wait.operation])).toEqual([['deployment-quota', 'CreateDeployment']]);
  });

  it('backs off and succeeds after a throttled CreateDeployment, with and without Retry-After', async () => {
    const h = await startHarness(seed, {}, FAST);
    const paths = await changedManifests(h);
    // v2 models no Retry-After; v1 sends one.
    h.store.injectFailure({ operation: 'CreateDeployment', apiId: HTTP_API, error: 'TooManyRequestsException' });
    h.store.injectFailure({ operation: 'CreateDeployment', apiId: REST_API, error: { code: 'TooManyRequestsException', retryAfterSeconds: 1 } });

    const report = await applyOnce(h, paths);

    expect(report.failed).toBe(false);
    for (const apiId of [HTTP_API, REST_API]) {
      expect(callsOf(h.store, 'CreateDeployment', apiId).map((call) => call.error ?? 'ok')).toEqual(['TooManyRequestsException', 'ok']);
    }
    expect(converged(await planOf(h, paths))).toBe(true);
  });
});
