/**
 * Stages that lag their API (issue 8): plan compares what each `afterChange.redeploy` stage runs
 * (its export) with the live authorizers, plans the redeploy and the cache reset with the reason,
 * and a failed redeploy or cache reset is recovered by running apply again.
 */
import { describe, expect, it } from 'vitest';
import { detectDrift, hasDrift } from '../../src/core/drift.js';
import { ignoreNothing, parseIgnoreFile } from '../../src/core/ignore.js';
import { planHasChanges } from '../../src/core/plan-summary.js';
import { applyPlan } from '../../src/services/apply.js';
import { planDesired } from '../../src/services/plan.js';
import { renderPlanText } from '../../src/render/text.js';
import { desiredApi, lambdaUri } from './helpers.js';
import { API_ID, memoryHarness, writes, type MemoryHarness } from './services-support.js';

const token = (ttl: number) => ({
  name: 'token-auth',
  type: 'TOKEN',
  authorizerUri: lambdaUri,
  identitySource: 'method.request.header.Authorization',
  authorizerResultTtlInSeconds: ttl,
});
const request = (ttl: number) => ({
  name: 'lambda-auth',
  authorizerType: 'REQUEST',
  authorizerUri: lambdaUri,
  authorizerPayloadFormatVersion: '2.0',
  enableSimpleResponses: true,
  identitySource: ['$request.header.Authorization'],
  authorizerResultTtlInSeconds: ttl,
});

const afterChange = { redeploy: ['prod'], resetCache: ['prod'] };
const restDesired = () => desiredApi('rest', [token(60)], afterChange);

async function planOf(h: MemoryHarness, desired = restDesired()) {
  return (await planDesired([desired], h.options)).plan;
}

function operations(h: MemoryHarness): string[] {
  return h.store.calls.map((call) => call.operation);
}

describe('a REST stage that runs an older configuration', () => {
  const lagging = () =>
    memoryHarness([
      {
        type: 'rest',
        id: API_ID,
        name: 'orders',
        authorizers: [token(60)],
        stages: [{ name: 'prod', deployedAuthorizers: { 'token-auth': { authorizerResultTtlInSeconds: 300 } } }],
      },
    ]);

  it('plans the redeploy, then the cache reset, with the reason, although no authorizer changes', async () => {
    const h = lagging();
    const plan = await planOf(h);
    expect(plan.apis[0]?.actions.map((action) => action.kind)).toEqual(['no-op']);
    expect(plan.apis[0]?.postActions).toEqual([
      {
        kind: 'redeploy',
        stage: 'prod',
        lagging: [{ name: 'token-auth', fields: [{ path: 'authorizerResultTtlInSeconds', before: 300, after: 60 }] }],
      },
      { kind: 'reset-cache', stage: 'prod' },
    ]);
    expect(planHasChanges(plan)).toBe(true);
    expect(renderPlanText(plan)).toContain('# stage prod runs an older configuration of token-auth: authorizerResultTtlInSeconds 300, live 60');
  });

  it('is drift', async () => {
    const report = detectDrift(await planOf(lagging()), ignoreNothing);
    expect(report.apis[0]?.lagging).toEqual([
      { stage: 'prod', authorizers: [{ name: 'token-auth', fields: [{ path: 'authorizerResultTtlInSeconds', before: 300, after: 60 }] }] },
    ]);
    expect(hasDrift(report, false)).toBe(true);
  });

  it('is not drift when .gatewardenignore leaves out the field that lags', async () => {
    const { rules } = parseIgnoreFile(`${API_ID}/token-auth/authorizerResultTtlInSeconds\n`);
    const report = detectDrift(await planOf(lagging()), rules);
    expect(report.apis[0]?.lagging).toEqual([]);
    expect(hasDrift(report, false)).toBe(false);
  });

  it('costs one GetExport per redeploy stage, and converges once redeployed', async () => {
    const h = lagging();
    const plan = await planOf(h);
    expect(operations(h).filter((operation) => operation === 'GetExport')).toHaveLength(1);
    const report = await applyPlan(plan, { ...h.options, allowReplace: false });
    expect(report.failed).toBe(false);
    expect(writes(h.store).map((call) => call.operation)).toEqual(['CreateDeployment', 'FlushStageAuthorizersCache']);
    const again = await planOf(h);
    expect(again.apis[0]?.postActions).toEqual([]);
    expect(planHasChanges(again)).toBe(false);
  });
});

describe('a stage whose redeploy was lost', () => {
  const inSync = () =>
    memoryHarness([{ type: 'rest', id: API_ID, name: 'orders', authorizers: [token(300)], stages: [{ name: 'prod' }] }]);

  it.each([
    ['a 409 on CreateDeployment', { operation: 'CreateDeployment' as const, error: 'ConflictException' }],
    ['a 5xx on CreateDeployment', { operation: 'CreateDeployment' as const, error: { code: 'ServiceUnavailableException', status: 503, message: 'Service Unavailable' } }],
  ])('after %s, plan shows the redeploy with its reason and apply converges', async (_, failure) => {
    const h = inSync();
    h.store.injectFailure({ ...failure, times: 10 });
    const first = await applyPlan(await planOf(h), { ...h.options, allowReplace: false });
    expect(first.apis[0]?.steps.map((step) => [step.action, step.status])).toEqual([
      ['update', 'done'],
      ['redeploy', 'failed'],
      ['reset-cache', 'not-attempted'],
    ]);
    h.store.clearFailures();

    const retry = await planOf(h);
    expect(retry.apis[0]?.actions.map((action) => action.kind)).toEqual(['no-op']);
    expect(retry.apis[0]?.postActions.map((post) => post.kind)).toEqual(['redeploy', 'reset-cache']);
    expect(renderPlanText(retry)).toContain('stage prod runs an older configuration of token-auth: authorizerResultTtlInSeconds 300, live 60');

    h.store.clearCalls();
    expect((await applyPlan(retry, { ...h.options, allowReplace: false })).failed).toBe(false);
    expect(writes(h.store).map((call) => call.operation)).toEqual(['CreateDeployment', 'FlushStageAuthorizersCache']);
    expect(planHasChanges(await planOf(h))).toBe(false);
  });

  it('after an abort between the last write and the redeploy, plan shows the redeploy', async () => {
    const h = inSync();
    const controller = new AbortController();
    const options = {
      ...h.options,
      allowReplace: false,
      signal: controller.signal,
      // Aborts as soon as the authorizer write is reported, as Ctrl-C would between two writes.
      output: { emit: (event: { code: string }) => (event.code === 'apply.step' ? controller.abort() : undefined) },
    };
    const first = await applyPlan(await planOf(h), options);
    expect(first.interrupted).toBe(true);
    const retry = await planOf(h);
    expect(retry.apis[0]?.postActions.map((post) => post.kind)).toEqual(['redeploy', 'reset-cache']);
    await applyPlan(retry, { ...h.options, allowReplace: false });
    expect(planHasChanges(await planOf(h))).toBe(false);
  });

  it('reports a failed cache reset with the command to run and the TTL that bounds it', async () => {
    const h = inSync();
    h.store.injectFailure({ operation: 'FlushStageAuthorizersCache', times: 10, error: { code: 'InternalServerError', status: 500, message: 'Internal Server Error' } });
    const report = await applyPlan(await planOf(h), { ...h.options, allowReplace: false });
    const failed = report.apis[0]?.steps.find((step) => step.status === 'failed');
    expect(failed?.action).toBe('reset-cache');
    expect(failed?.error).toContain(`run aws apigateway flush-stage-authorizers-cache --rest-api-id ${API_ID} --stage-name prod --region eu-west-1`);
    expect(failed?.error).toContain('expire by themselves');
    h.store.clearFailures();
    // The stage runs the live configuration now, so the re-run has nothing left to do.
    expect(planHasChanges(await planOf(h))).toBe(false);
  });
});

describe('HTTP API stages', () => {
  it('compares a stage that does not auto-deploy through ExportApi', async () => {
    const h = memoryHarness([
      {
        type: 'http',
        id: API_ID,
        name: 'orders',
        authorizers: [request(60)],
        stages: [{ name: 'prod', deployedAuthorizers: { 'lambda-auth': { authorizerResultTtlInSeconds: 0, identitySource: ['$request.header.X'] } } }],
      },
    ]);
    const plan = await planOf(h, desiredApi('http', [request(60)], { redeploy: ['prod'] }));
    expect(plan.apis[0]?.postActions).toEqual([
      {
        kind: 'redeploy',
        stage: 'prod',
        lagging: [
          {
            name: 'lambda-auth',
            fields: [
              { path: 'authorizerResultTtlInSeconds', before: 0, after: 60 },
              { path: 'identitySource', before: ['$request.header.X'], after: ['$request.header.Authorization'] },
            ],
          },
        ],
      },
    ]);
    await applyPlan(plan, { ...h.options, allowReplace: false });
    expect(planHasChanges(await planOf(h, desiredApi('http', [request(60)], { redeploy: ['prod'] })))).toBe(false);
  });

  it('reads no export for APIs without redeploy stages', async () => {
    const h = memoryHarness([{ type: 'http', id: API_ID, name: 'orders', authorizers: [request(60)], stages: [{ name: 'prod' }] }]);
    await planOf(h, desiredApi('http', [request(60)], { resetCache: ['prod'] }));
    expect(operations(h)).not.toContain('ExportApi');
  });

  it('reads no export for WebSocket APIs, which have none', async () => {
    const ws = { name: 'ws-auth', authorizerType: 'REQUEST', authorizerUri: lambdaUri, identitySource: ['route.request.header.Auth'] };
    const h = memoryHarness([{ type: 'websocket', id: API_ID, name: 'chat', authorizers: [ws], stages: [{ name: 'prod' }] }]);
    const plan = await planOf(h, desiredApi('websocket', [ws], { redeploy: ['prod'] }));
    expect(operations(h)).not.toContain('ExportApi');
    expect(plan.apis[0]?.postActions).toEqual([]);
  });
});
