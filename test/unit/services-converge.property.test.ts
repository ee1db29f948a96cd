/**
 * For every family and API type: whatever authorizers exist, applying the plan towards any desired
 * set and planning again gives only no-ops (over the in-memory port, replacements consented to).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAMILIES } from '../../src/families/registry.js';
import { applyPlan } from '../../src/services/apply.js';
import { planDesired } from '../../src/services/plan.js';
import { authorizerSets } from './arbitraries.js';
import { desiredApi } from './helpers.js';
import { API_ID, memoryHarness } from './services-support.js';

/** Existing and desired sets of at most 5 each stay within AWS's quota of 10 authorizers per API. */
const MAX_EACH = 5;

describe('apply, then plan again, converges', () => {
  for (const family of FAMILIES) {
    for (const { id: type } of family.apiTypes) {
      it(`${family.id} ${type}: only no-ops after an apply`, async () => {
        await fc.assert(
          fc.asyncProperty(authorizerSets(type, MAX_EACH), authorizerSets(type, MAX_EACH), async (existing, desired) => {
            const h = memoryHarness([{ type, id: API_ID, name: 'orders', authorizers: existing }]);
            const { plan } = await planDesired([desiredApi(type, desired)], h.options);
            const report = await applyPlan(plan, { ...h.options, allowReplace: true });
            expect(report.failed).toBe(false);
            const { plan: again } = await planDesired([desiredApi(type, desired)], h.options);
            expect(again.apis.flatMap((api) => api.actions.filter((action) => action.kind !== 'no-op'))).toEqual([]);
          }),
          { numRuns: 50 },
        );
      });
    }
  }
});
