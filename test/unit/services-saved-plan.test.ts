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

async function savedPlanFor(h: MemoryHarness, authorizers: Record<string, unknown>[]) {
  const { plan, inputs } = await planDesired([desiredApi('rest', authorizers)], h.options);
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

  it('refuses, writing nothing, when an authorizer changed or appeared since the plan was made', async () => {
    const h = memoryHarness([{ type: 'rest', id: API_ID, name: 'legacy', authorizers: [{ id: 'abc123', ...token('edit') }] }]);
    const saved = await savedPlanFor(h, [token('edit', 60), token('add')]);
    h.store.rest.updateAuthorizer({ restApiId: API_ID, authorizerId: 'abc123', patchOperations: [{ op: 'replace', path: '/authorizerResultTtlInSeconds', value: '10' }] });
    h.store.rest.createAuthorizer({ restApiId: API_ID, ...token('add') });
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
});
