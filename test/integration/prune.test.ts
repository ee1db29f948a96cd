/**
 * Prune end to end through the real SDK clients and the emulator's wire (issue 10): apply with
 * --allow-delete deletes exactly the undeclared, unused, unprotected authorizers; without it nothing is
 * written; a saved plan with deletions round-trips, and turns stale when an authorizer it deletes
 * became attached; a deletion already made counts as done; drift reports what prune would delete.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Plan } from '../../src/core/model.js';
import { detectDriftFromManifests } from '../../src/services/drift.js';
import { planFromManifests } from '../../src/services/plan.js';
import { runApply } from '../../src/services/run-apply.js';
import { applySavedPlan, readSavedPlan, writeSavedPlan } from '../../src/services/saved-plan.js';
import { LAMBDA, manifest, rejection, startHarness, writes, type Harness } from './support.js';

const HTTP_ID = 'orders0001';
const REST_ID = 'legacy0001';
const META = { toolVersion: '0.0.0-test', createdAt: '2026-01-01T00:00:00.000Z' };

const lambda = (name: string) => ({ name, authorizerType: 'REQUEST', authorizerUri: LAMBDA, authorizerPayloadFormatVersion: '2.0', identitySource: ['$request.header.Authorization'] });
const token = (name: string) => ({ name, type: 'TOKEN', authorizerUri: LAMBDA, identitySource: 'method.request.header.Authorization' });

const SEED = stringify({
  apis: [
    {
      type: 'http',
      id: HTTP_ID,
      name: 'orders',
      authorizers: [
        { ...lambda('main'), id: 'main01' },
        { ...lambda('old'), id: 'old001' },
        { ...lambda('legacy-partner'), id: 'leg001' },
        { ...lambda('used'), id: 'use001' },
      ],
      routes: [{ key: 'GET /orders', authorizer: 'main' }, { key: 'GET /health', authorizer: 'used' }, { key: 'GET /public' }],
    },
    {
      type: 'rest',
      id: REST_ID,
      name: 'legacy',
      stages: [{ name: 'prod' }],
      authorizers: [
        { ...token('main'), id: 'rmain1' },
        { ...token('stale'), id: 'rstal1' },
        { ...token('in-method'), id: 'rmeth1' },
      ],
      methods: [{ key: 'GET /pets', authorizer: 'main' }, { key: 'POST /pets', authorizer: 'in-method' }],
    },
  ],
});

async function setUp(): Promise<{ h: Harness; paths: string[] }> {
  const h = await startHarness(SEED);
  const orders = { ...manifest({ type: 'http', id: HTTP_ID }, [lambda('main')]) } as { spec: object };
  const legacy = manifest({ type: 'rest', id: REST_ID }, [token('main')], { redeploy: ['prod'] }) as { spec: object };
  const paths = [
    await h.file('orders.yaml', { ...orders, spec: { ...orders.spec, prune: { keep: ['legacy-*'] } } }),
    await h.file('legacy.yaml', { ...legacy, spec: { ...legacy.spec, prune: true } }),
  ];
  return { h, paths };
}

const approve = async () => true;

function names(h: Harness): { http: string[]; rest: string[] } {
  return {
    http: h.store.v2.getAuthorizers({ apiId: HTTP_ID }).items.map((authorizer) => authorizer.name).sort(),
    rest: h.store.rest.getAuthorizers({ restApiId: REST_ID }).items.map((authorizer) => authorizer.name).sort(),
  };
}

function deletions(plan: Plan): string[] {
  return plan.apis.flatMap((api) => api.actions.flatMap((action) => (action.kind === 'delete' ? [`${api.target.apiId}/${action.name}`] : [])));
}

describe('prune', () => {
  it('plans the deletion of exactly the undeclared, unused, unprotected authorizers of both families', async () => {
    const { h, paths } = await setUp();
    const { plan } = await planFromManifests(paths, h.options);
    expect(deletions(plan).sort()).toEqual([`${REST_ID}/stale`, `${HTTP_ID}/old`]);
    const kept = plan.apis.flatMap((api) => api.unmanaged.map((authorizer) => `${authorizer.name}:${authorizer.pruneKeeps?.reason}`)).sort();
    expect(kept).toEqual(['in-method:in-use', 'legacy-partner:keep-glob', 'used:in-use']);
    const inMethod = plan.apis.flatMap((api) => api.usage).find((usage) => usage.name === 'in-method');
    expect(inMethod).toMatchObject({ count: 1, first: ['POST /pets'] });
    expect(writes(h.store)).toEqual([]);
  });

  it('writes nothing without --allow-delete', async () => {
    const { h, paths } = await setUp();
    h.store.clearCalls();
    const error = await rejection(runApply({ paths, allowReplace: true }, { ...h.options, confirm: approve }));
    expect(error).toMatchObject({ code: 'DELETE_NOT_ALLOWED', exitCode: 64 });
    expect((error as Error).message).toContain('old (old001, API orders0001)');
    expect(writes(h.store)).toEqual([]);
  });

  it('with --allow-delete deletes exactly those, runs the post-actions, and converges', async () => {
    const { h, paths } = await setUp();
    h.store.clearCalls();
    const { report } = await runApply({ paths, allowReplace: false, allowDelete: true }, { ...h.options, confirm: approve });
    expect(report.failed).toBe(false);
    expect(writes(h.store).map((call) => `${call.operation}:${String(call.params.authorizerId ?? call.params.stageName)}`).sort()).toEqual([
      'CreateDeployment:prod',
      'DeleteAuthorizer:old001',
      'DeleteAuthorizer:rstal1',
    ]);
    expect(names(h)).toEqual({ http: ['legacy-partner', 'main', 'used'], rest: ['in-method', 'main'] });
    const again = await planFromManifests(paths, h.options);
    expect(deletions(again.plan)).toEqual([]);
    expect(again.plan.apis.flatMap((api) => api.actions.map((action) => action.kind))).toEqual(['no-op', 'no-op']);
  });

  it('a delete whose answer is lost is done: the SDK retries it, and AWS answers that the authorizer is gone', async () => {
    const { h, paths } = await setUp();
    h.store.injectFailure({ operation: 'DeleteAuthorizer', reset: true, afterCommit: true, times: 2 });
    h.store.clearCalls();
    const { report } = await runApply({ paths, allowReplace: false, allowDelete: true }, { ...h.options, confirm: approve });
    expect(report.failed).toBe(false);
    expect(h.store.calls.filter((call) => call.operation === 'DeleteAuthorizer').length).toBeGreaterThan(2);
    expect(names(h)).toEqual({ http: ['legacy-partner', 'main', 'used'], rest: ['in-method', 'main'] });
  });

  it('an authorizer attached between the plan and the write is not deleted: AWS refuses, the report says so', async () => {
    const { h, paths } = await setUp();
    // The confirmation runs after planning and before the first write: a route and a method start using the authorizers then.
    const attach = async () => {
      const route = h.store.v2.getRoutes({ apiId: HTTP_ID }).items.find((item) => item.routeKey === 'GET /public');
      h.store.v2.updateRoute({ apiId: HTTP_ID, routeId: route?.routeId ?? '', authorizationType: 'CUSTOM', authorizerId: 'old001' });
      const pets = h.store.rest.getResources({ restApiId: REST_ID, embed: 'methods' }).items.find((resource) => resource.path === '/pets');
      h.store.rest.updateMethod({ restApiId: REST_ID, resourceId: pets?.id ?? '', httpMethod: 'POST', patchOperations: [{ op: 'replace', path: '/authorizerId', value: 'rstal1' }] });
      return true;
    };
    const { report } = await runApply({ paths, allowReplace: false, allowDelete: true }, { ...h.options, confirm: attach });
    expect(report.failed).toBe(true);
    const failed = report.apis.flatMap((api) => api.steps.filter((step) => step.status === 'failed').map((step) => [step.subject, step.errorCode]));
    expect(failed.sort()).toEqual([['old', 'AUTHORIZER_IN_USE'], ['stale', 'AUTHORIZER_IN_USE']]);
    expect(names(h)).toEqual({ http: ['legacy-partner', 'main', 'old', 'used'], rest: ['in-method', 'main', 'stale'] });
    // A refused deletion does not stop the API's other steps: the REST API's redeploy still ran.
    expect(report.apis.flatMap((api) => api.steps.filter((step) => step.status === 'not-attempted'))).toEqual([]);
    expect(writes(h.store).map((call) => call.operation)).toContain('CreateDeployment');
  });

  it('drift reports what prune would delete, as drift', async () => {
    const { h, paths } = await setUp();
    const report = await detectDriftFromManifests(paths, undefined, h.options);
    expect(report.apis.flatMap((api) => api.prunable.map((authorizer) => authorizer.name)).sort()).toEqual(['old', 'stale']);
    expect(report.apis.flatMap((api) => api.unmanaged.map((authorizer) => authorizer.name)).sort()).toEqual(['in-method', 'legacy-partner', 'used']);
  });
});

describe('saved plans with deletions', () => {
  async function savedPlan() {
    const { h, paths } = await setUp();
    const { plan, inputs } = await planFromManifests(paths, h.options);
    const file = `${h.dir}/plan.json`;
    await writeSavedPlan(file, plan, inputs, META);
    h.store.clearCalls();
    return { h, plan, saved: await readSavedPlan(file) };
  }

  it('round-trip their deletions, and need --allow-delete too', async () => {
    const { h, plan, saved } = await savedPlan();
    expect(deletions(saved.plan)).toEqual(deletions(plan));
    const deleted = saved.plan.apis[0]?.actions.find((action) => action.kind === 'delete');
    expect(deleted).toEqual(plan.apis[0]?.actions.find((action) => action.kind === 'delete'));
    await expect(applySavedPlan(saved, { ...h.options, allowReplace: true })).rejects.toMatchObject({ code: 'DELETE_NOT_ALLOWED' });
    expect(writes(h.store)).toEqual([]);
    const report = await applySavedPlan(saved, { ...h.options, allowReplace: false, allowDelete: true });
    expect(report.failed).toBe(false);
    expect(names(h)).toEqual({ http: ['legacy-partner', 'main', 'used'], rest: ['in-method', 'main'] });
  });

  it('are stale (exit 4, nothing written) when an authorizer they delete became attached since', async () => {
    const { h, saved } = await savedPlan();
    const route = h.store.v2.getRoutes({ apiId: HTTP_ID }).items.find((item) => item.routeKey === 'GET /public');
    h.store.v2.updateRoute({ apiId: HTTP_ID, routeId: route?.routeId ?? '', authorizationType: 'CUSTOM', authorizerId: 'old001' });
    h.store.clearCalls();
    const error = await rejection(applySavedPlan(saved, { ...h.options, allowReplace: false, allowDelete: true }));
    expect(error).toMatchObject({ exitCode: 4 });
    expect((error as Error).message).toContain('authorizer "old" on API orders0001 (eu-west-1) was attached to routes or methods (the plan deletes it) since the plan was made');
    expect(writes(h.store)).toEqual([]);
  });

  it('are stale when an authorizer they delete changed since', async () => {
    const { h, saved } = await savedPlan();
    h.store.rest.updateAuthorizer({ restApiId: REST_ID, authorizerId: 'rstal1', patchOperations: [{ op: 'replace', path: '/authorizerResultTtlInSeconds', value: '60' }] });
    h.store.clearCalls();
    const error = await rejection(applySavedPlan(saved, { ...h.options, allowReplace: false, allowDelete: true }));
    expect(error).toMatchObject({ exitCode: 4 });
    expect((error as Error).message).toContain('authorizer "stale" on API legacy0001 (eu-west-1) was changed since the plan was made');
    expect(writes(h.store)).toEqual([]);
  });

  it('count a deletion whose authorizer is already gone as done (an earlier apply made it)', async () => {
    const { h, saved } = await savedPlan();
    h.store.v2.deleteAuthorizer({ apiId: HTTP_ID, authorizerId: 'old001' });
    h.store.clearCalls();
    const report = await applySavedPlan(saved, { ...h.options, allowReplace: false, allowDelete: true });
    expect(report.failed).toBe(false);
    expect(writes(h.store).map((call) => `${call.operation}:${String(call.params.authorizerId ?? call.params.stageName)}`).sort()).toEqual([
      'CreateDeployment:prod',
      'DeleteAuthorizer:rstal1',
    ]);
    expect(h.output.events.some((event) => event.code === 'warning' && event.message.includes('"old" on API orders0001 (eu-west-1) is already deleted'))).toBe(true);
  });
});
