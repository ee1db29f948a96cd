/**
 * Replacement without downtime, through the SDK and the wire: after every call the emulator serves,
 * every route or method that was protected still points at an authorizer that exists, of the kind
 * its authorization type needs; a failure at any write leaves it so, and a re-run converges.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { AuthorizerAction } from '../../src/core/model.js';
import { planFromManifests } from '../../src/services/plan.js';
import { applyPlan } from '../../src/services/apply.js';
import { manifest, startHarness, type Harness } from './support.js';
import { authorizerIds, CASES, HTTP_ID, protections, REST_ID, type Case } from './replace-support.js';

/**
 * Records, after every call the store serves, each protected route or method that does not point at an
 * existing authorizer. Violations are collected rather than thrown: a throw inside the store would
 * reach the SDK as a 500.
 */
function watchProtection(h: Harness, type: 'http' | 'rest', protectedKeys: readonly string[]): { readonly checks: () => number; readonly violations: string[] } {
  const store = h.store;
  const invoke = store.invoke.bind(store);
  const violations: string[] = [];
  let checks = 0;
  let checking = false;
  // The store is the fake: observing it after each call is not mocking it. Its own reads are not watched.
  store.invoke = (request) => {
    try {
      return invoke(request);
    } finally {
      if (!checking) {
        checking = true;
        try {
          const ids = authorizerIds(store, type);
          for (const entry of protections(store, type).filter((item) => protectedKeys.includes(item.key))) {
            if (entry.authorizationType === 'NONE' || !ids.has(entry.authorizerId ?? '')) {
              violations.push(`${entry.key} is ${entry.authorizationType} on ${String(entry.authorizerId)} after ${request.operation}`);
            }
          }
          checks += 1;
        } finally {
          checking = false;
        }
      }
    }
  };
  return { checks: () => checks, violations };
}

async function setUp(testCase: Case) {
  const h = await startHarness(stringify({ apis: [testCase.seed] }));
  const path = await h.file('m.yaml', manifest(testCase.api, [testCase.desired], testCase.redeploy ? { redeploy: testCase.redeploy } : undefined));
  const protectedKeys = protections(h.store, testCase.api.type)
    .filter((entry) => entry.authorizationType !== 'NONE')
    .map((entry) => entry.key);
  return { h, path, protectedKeys };
}

async function applyOnce(h: Harness, path: string) {
  const { plan } = await planFromManifests([path], h.options);
  return { plan, report: await applyPlan(plan, { ...h.options, allowReplace: true }) };
}

function expectConverged(h: Harness, testCase: Case, protectedKeys: readonly string[]): void {
  const type = testCase.api.type;
  const ids = [...authorizerIds(h.store, type)];
  expect(ids).toHaveLength(1);
  for (const entry of protections(h.store, type).filter((item) => protectedKeys.includes(item.key))) {
    expect(entry).toMatchObject({ authorizationType: testCase.finalType, authorizerId: ids[0] });
  }
}

describe('replacing an authorizer that routes or methods use', () => {
  for (const testCase of CASES) {
    it(`${testCase.family}: keeps every route or method protected after every call, and converges`, async () => {
      const { h, path, protectedKeys } = await setUp(testCase);
      const watch = watchProtection(h, testCase.api.type, protectedKeys);
      const { plan, report } = await applyOnce(h, path);
      expect(plan.apis[0]?.actions.map((action) => action.kind)).toEqual(['replace']);
      expect(plan.apis[0]?.usage[0]).toMatchObject({ count: protectedKeys.length });
      expect(report.failed).toBe(false);
      expect(watch.checks()).toBeGreaterThan(testCase.writes.length);
      expect(watch.violations).toEqual([]);
      expectConverged(h, testCase, protectedKeys);
      const names = testCase.api.type === 'http' ? h.store.v2.getAuthorizers({ apiId: HTTP_ID }).items.map((a) => a.name) : h.store.rest.getAuthorizers({ restApiId: REST_ID }).items.map((a) => a.name);
      expect(names).toEqual(['main']);
      const again = await planFromManifests([path], h.options);
      expect(again.plan.apis[0]?.actions.map((action) => action.kind)).toEqual(['no-op']);
    });

    for (const operation of testCase.writes) {
      it(`${testCase.family}: a failure of ${operation} leaves nothing unprotected, says where things point, and a re-run finishes`, async () => {
        const { h, path, protectedKeys } = await setUp(testCase);
        const watch = watchProtection(h, testCase.api.type, protectedKeys);
        // The second UpdateRoute/UpdateMethod fails, so one route has moved and one has not.
        const skip = operation === 'UpdateRoute' || operation === 'UpdateMethod' ? 1 : 0;
        h.store.injectFailure({ operation, error: 'BadRequestException', skip });
        const first = await applyOnce(h, path);
        expect(first.report.failed).toBe(true);
        const failed = first.report.apis[0]?.steps.find((step) => step.status === 'failed');
        expect(failed?.error).toMatch(/Run apply again|Nothing was changed/);
        const second = await applyOnce(h, path);
        expect(second.report.failed).toBe(false);
        expectConverged(h, testCase, protectedKeys);
        expect(watch.violations).toEqual([]);
        const settled = await planFromManifests([path], h.options);
        expect(settled.plan.apis[0]?.actions.map((action) => action.kind)).toEqual(['no-op']);
        expect(settled.plan.apis[0]?.unmanaged).toEqual([]);
      });
    }
  }

  it('refuses in the plan, and in apply before writing anything, to replace an authorizer a stage outside afterChange.redeploy still serves', async () => {
    const testCase = CASES[1] as Case;
    const { h, path } = await setUp({ ...testCase, redeploy: undefined });
    h.store.clearCalls();
    const { plan } = await planFromManifests([path], h.options);
    expect(plan.apis[0]?.actions[0]).toMatchObject({ kind: 'replace', stagesLeftBehind: ['prod'] });
    await expect(applyPlan(plan, { ...h.options, allowReplace: true })).rejects.toMatchObject({ code: 'REPLACE_STAGE_NOT_REDEPLOYED', message: expect.stringContaining('"prod"') });
    expect(h.store.calls.filter((call) => !call.operation.startsWith('Get'))).toEqual([]);
  });

  it('keeps the apply-time check as the backstop for a plan that does not know the stages (a saved plan)', async () => {
    const testCase = CASES[1] as Case;
    const { h, path } = await setUp({ ...testCase, redeploy: undefined });
    const { plan } = await planFromManifests([path], h.options);
    // A saved plan does not record the stages a replacement leaves behind.
    const forget = (action: AuthorizerAction): AuthorizerAction => {
      if (action.kind !== 'replace') return action;
      const { stagesLeftBehind: _left, ...rest } = action;
      return rest;
    };
    const unaware = { ...plan, apis: plan.apis.map((api) => ({ ...api, actions: api.actions.map(forget) })) };
    h.store.clearCalls();
    const report = await applyPlan(unaware, { ...h.options, allowReplace: true });
    const step = report.apis[0]?.steps[0];
    expect(step).toMatchObject({ action: 'replace', status: 'failed', errorCode: 'REPLACE_STAGE_NOT_REDEPLOYED' });
    expect(step?.error).toContain('"prod"');
    expect(h.store.calls.filter((call) => !call.operation.startsWith('Get'))).toEqual([]);
  });
});
