/** Saved plans over the in-memory port: applied exactly while AWS is unchanged, refused when stale. */
import { describe, expect, it } from 'vitest';
import { createSavedPlan } from '../../src/core/saved-plan.js';
import { StalePlanError, UsageError } from '../../src/errors.js';
import { planDesired } from '../../src/services/plan.js';
import { applySavedPlan } from '../../src/services/saved-plan.js';
import { desiredApi, lambdaUri } from './helpers.js';
import { API_ID, memoryHarness, rejection, writes, type MemoryHarness } from './services-support.js';

const token = (name: string, ttl?: number) => ({
  name,
  type: 'TOKEN' as const,
  authorizerUri: lambdaUri,
  identitySource: 'method.request.header.Authorization',
  ...(ttl === undefined ? {} : { authorizerResultTtlInSeconds: ttl }),
});
const pool = { name: 'auth', type: 'COGNITO_USER_POOLS', providerARNs: ['arn:pool/a'], identitySource: 'method.request.header.Authorization' };

async function savedPlanFor(h: MemoryHarness, authorizers: Record<string, unknown>[], afterChange: { redeploy?: string[]; resetCache?: string[] } = {}) {
  const { plan, inputs } = await planDesired([desiredApi('rest', authorizers, afterChange)], h.options);
  h.store.clearCalls();
  return createSavedPlan(plan, inputs, { toolVersion: '0.1.0', createdAt: '2026-01-01T00:00:00.000Z' });
}

describe('applySavedPlan over the in-memory port', () => {
  it('applies exactly the saved plan while the authorizers it touches are unchanged', async () => {
    const h = memoryHarness([{ type: 'rest', id: API_ID, name: 'legacy', authorizers: [{ id: 'abc123', ...token('edit') }] }]);
    const saved = await savedPlanFor(h, [token('edit', 60), token('add')]);
    const report = await applySavedPlan(saved, { ...h.options, allowReplace: false });
    expect(report.apis[0]?.steps.map((step) => [step.action, step.subject, step.status])).toEqual([
      ['update', 'edit', 'done'],
      ['create', 'add', 'done'],
    ]);
    expect(writes(h.store).map((call) => call.operation)).toEqual(['UpdateAuthorizer', 'CreateAuthorizer']);
  });

  it('refuses, writing nothing, when an authorizer changed or appeared, other than planned, since the plan was made', async () => {
    const h = memoryHarness([{ type: 'rest', id: API_ID, name: 'legacy', authorizers: [{ id: 'abc123', ...token('edit') }] }]);
    const saved = await savedPlanFor(h, [token('edit', 60), token('add')]);
    h.store.rest.updateAuthorizer({ restApiId: API_ID, authorizerId: 'abc123', patchOperations: [{ op: 'replace', path: '/authorizerResultTtlInSeconds', value: '10' }] });
    // Created out of band with another TTL than planned: not the plan's result (an equal one would be done).
    h.store.rest.createAuthorizer({ restApiId: API_ID, ...token('add', 10) });
    h.store.clearCalls();
    const error = (await rejection(applySavedPlan(saved, { ...h.options, allowReplace: false }))) as StalePlanError;
    expect(error).toBeInstanceOf(StalePlanError);
    expect(error.message).toContain(`authorizer "edit" on API ${API_ID} (eu-west-1) was changed since the plan was made`);
    expect(error.message).toContain(`authorizer "add" on API ${API_ID} (eu-west-1) was created since the plan was made`);
    expect(writes(h.store)).toEqual([]);
  });

  it('refuses a replacement without consent before reading AWS', async () => {
    const h = memoryHarness([{ type: 'rest', id: API_ID, name: 'legacy', authorizers: [token('auth')] }]);
    const saved = await savedPlanFor(h, [pool]);
    const error = (await rejection(applySavedPlan(saved, { ...h.options, allowReplace: false }))) as UsageError;
    expect(error.code).toBe('REPLACE_NOT_ALLOWED');
    expect(h.store.calls).toEqual([]);
  });

  describe('resumes', () => {
    const seeded = () =>
      memoryHarness([{ type: 'rest', id: API_ID, name: 'legacy', authorizers: [{ id: 'abc123', ...token('edit') }], stages: [{ name: 'prod' }] }]);
    const prod = { redeploy: ['prod'], resetCache: ['prod'] };

    it('after a partial apply: done actions are not stale, the rest and the post-actions run', async () => {
      const h = seeded();
      const saved = await savedPlanFor(h, [token('edit', 60), token('add'), token('more')], prod);
      h.store.injectFailure({ operation: 'CreateAuthorizer', skip: 1, error: { code: 'ServiceUnavailableException', status: 503, message: 'Service Unavailable' } });
      const first = await applySavedPlan(saved, { ...h.options, allowReplace: false });
      expect(first.apis[0]?.steps.map((step) => step.status)).toEqual(['done', 'done', 'failed', 'not-attempted', 'not-attempted']);
      h.store.clearCalls();

      const second = await applySavedPlan(saved, { ...h.options, allowReplace: false });
      expect(second.failed).toBe(false);
      expect(second.apis[0]?.steps.map((step) => [step.action, step.subject, step.status])).toEqual([
        ['create', 'more', 'done'],
        ['redeploy', 'prod', 'done'],
        ['reset-cache', 'prod', 'done'],
      ]);
      expect(writes(h.store).map((call) => call.operation)).toEqual(['CreateAuthorizer', 'CreateDeployment', 'FlushStageAuthorizersCache']);
      const warnings = h.output.events.flatMap((event) => (event.code === 'warning' ? [event.message] : []));
      expect(warnings).toEqual([
        `authorizer "edit" on API ${API_ID} (eu-west-1) already has its planned configuration (an earlier apply made it); the update is not written again.`,
        `authorizer "add" on API ${API_ID} (eu-west-1) already has its planned configuration (an earlier apply made it); the create is not written again.`,
      ]);
      const again = await planDesired([desiredApi('rest', [token('edit', 60), token('add'), token('more')], prod)], h.options);
      expect(again.plan.apis[0]?.actions.map((action) => action.kind)).toEqual(['no-op', 'no-op', 'no-op']);
      expect(again.plan.apis[0]?.postActions).toEqual([]);
    });

    it('applying the same plan twice writes no authorizer twice and repeats only the post-actions', async () => {
      const h = seeded();
      const saved = await savedPlanFor(h, [token('edit', 60), token('add')], prod);
      await applySavedPlan(saved, { ...h.options, allowReplace: false });
      h.store.clearCalls();
      const second = await applySavedPlan(saved, { ...h.options, allowReplace: false });
      expect(second.failed).toBe(false);
      expect(writes(h.store).map((call) => call.operation)).toEqual(['CreateDeployment', 'FlushStageAuthorizersCache']);
      expect(h.store.rest.getAuthorizers({ restApiId: API_ID }).items.map((authorizer) => authorizer.name).sort()).toEqual(['add', 'edit']);
    });

    // A replacement creates its new authorizer first (under a temporary name), so a failed create leaves
    // the old one in place and unchanged: the second apply runs the whole replacement again.
    it('a replacement whose create failed runs again, whole, on the second apply', async () => {
      const h = memoryHarness([{ type: 'rest', id: API_ID, name: 'legacy', authorizers: [{ id: 'abc123', ...token('auth') }] }]);
      const validPool = { ...pool, providerARNs: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc'] };
      const saved = await savedPlanFor(h, [validPool]);
      h.store.injectFailure({ operation: 'CreateAuthorizer', error: { code: 'ServiceUnavailableException', status: 503, message: 'Service Unavailable' } });
      const first = await applySavedPlan(saved, { ...h.options, allowReplace: true });
      expect(first.failed).toBe(true);
      h.store.clearCalls();
      const second = await applySavedPlan(saved, { ...h.options, allowReplace: true });
      expect(second.apis[0]?.steps.map((step) => [step.action, step.status])).toEqual([['replace', 'done']]);
      const after = h.store.rest.getAuthorizers({ restApiId: API_ID }).items;
      expect(after.map((authorizer) => [authorizer.name, authorizer.type])).toEqual([['auth', 'COGNITO_USER_POOLS']]);
    });

    it('stays refused for a change it did not make, even after a partial apply', async () => {
      const h = seeded();
      const saved = await savedPlanFor(h, [token('edit', 60), token('add')]);
      h.store.injectFailure({ operation: 'CreateAuthorizer', error: { code: 'ServiceUnavailableException', status: 503, message: 'Service Unavailable' } });
      await applySavedPlan(saved, { ...h.options, allowReplace: false });
      // Someone else sets another TTL: not the plan's result, so the plan is stale.
      h.store.rest.updateAuthorizer({ restApiId: API_ID, authorizerId: 'abc123', patchOperations: [{ op: 'replace', path: '/authorizerResultTtlInSeconds', value: '10' }] });
      h.store.clearCalls();
      const error = (await rejection(applySavedPlan(saved, { ...h.options, allowReplace: false }))) as StalePlanError;
      expect(error).toBeInstanceOf(StalePlanError);
      expect(error.exitCode).toBe(4);
      expect(error.message).toContain('authorizer "edit"');
      expect(writes(h.store)).toEqual([]);
    });
  });
});
