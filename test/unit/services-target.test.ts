/** `--target` over the in-memory port: which APIs are read and planned, and a pattern that matches none. */
import { describe, expect, it } from 'vitest';
import { targetFilter } from '../../src/core/target.js';
import { UsageError } from '../../src/errors.js';
import { planDesired } from '../../src/services/plan.js';
import { runApply } from '../../src/services/run-apply.js';
import { desiredApi, lambdaUri } from './helpers.js';
import { writeSavedPlan } from '../../src/services/saved-plan.js';
import { callsOf, manifest, manifestFiles, memoryHarness, rejection, writes } from './services-support.js';

const token = { name: 'token', type: 'TOKEN', authorizerUri: lambdaUri, identitySource: 'method.request.header.Authorization' };
const byName = (apiName: string, label?: string) => ({
  ...desiredApi('rest', [token]),
  api: { type: 'rest' as const, name: apiName },
  ...(label ? { label } : {}),
});
const APIS = [
  { type: 'rest', id: 'orders0001', name: 'orders' },
  { type: 'rest', id: 'legacy0001', name: 'legacy-billing' },
  { type: 'rest', id: 'legacy0002', name: 'legacy-users' },
];
const DOCUMENTS = [byName('orders'), byName('legacy-billing', 'billing'), byName('legacy-users')];

describe('--target', () => {
  it('plans only the APIs a pattern matches, by name glob, id or label, and records the patterns', async () => {
    const h = memoryHarness(APIS);
    const { plan } = await planDesired(DOCUMENTS, { ...h.options, targets: targetFilter(['legacy-u*', 'orders0001']) });
    expect(plan.apis.map((api) => api.target.apiName)).toEqual(['legacy-users', 'orders']);
    expect(plan.targets).toEqual(['legacy-u*', 'orders0001']);
    // The API left out is resolved (a target may name it by id) but its authorizers are not read.
    expect(callsOf(h.store, 'GetAuthorizers')).toHaveLength(2);

    const byLabel = await planDesired(DOCUMENTS, { ...h.options, targets: targetFilter(['billing']) });
    expect(byLabel.plan.apis.map((api) => api.target.apiName)).toEqual(['legacy-billing']);
  });

  it('refuses a pattern that matches no declared API, listing the declared ones', async () => {
    const h = memoryHarness(APIS);
    const error = (await rejection(planDesired(DOCUMENTS, { ...h.options, targets: targetFilter(['order', 'orders']) }))) as UsageError;
    expect(error).toBeInstanceOf(UsageError);
    expect(error.code).toBe('TARGET_UNMATCHED');
    expect(error.message).toBe(
      '--target "order" matches none of the declared APIs: "orders" (orders0001), "legacy-billing" (legacy0001), "legacy-users" (legacy0002).',
    );
  });

  it('applies only the targeted APIs, and refuses to target a saved plan', async () => {
    const h = memoryHarness(APIS);
    const paths = await manifestFiles(manifest('rest', 'orders0001', [token]), manifest('rest', 'legacy0001', [token]));
    const deps = { ...h.options, confirm: async () => true };
    const { report } = await runApply({ paths, allowReplace: false, targets: targetFilter(['orders']) }, deps);
    expect(report.apis.map((api) => api.target.apiId)).toEqual(['orders0001']);
    expect(writes(h.store).map((call) => call.params)).toEqual([expect.objectContaining({ restApiId: 'orders0001' })]);

    const { plan, inputs } = await planDesired([byName('orders')], h.options);
    const [folder] = await manifestFiles({});
    const file = (folder as string).replace(/\.yaml$/, '.json');
    await writeSavedPlan(file, plan, inputs, { toolVersion: '0.0.0', createdAt: '2026-01-01T00:00:00.000Z' });
    const refusal = (await rejection(runApply({ paths: [file], allowReplace: false, targets: targetFilter(['orders']) }, deps))) as UsageError;
    expect(refusal.code).toBe('TARGET_WITH_SAVED_PLAN');
  });
});
