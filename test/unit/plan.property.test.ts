import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffFields } from '../../src/core/diff.js';
import type { ApiType, AuthorizerFields } from '../../src/core/model.js';
import { planApi } from '../../src/core/plan.js';
import { authorizerSets } from './arbitraries.js';
import { desiredApi, liveApi, planInput } from './helpers.js';

const cases: [ApiType, fc.Arbitrary<AuthorizerFields[]>][] = [
  ['http', authorizerSets('http')],
  ['rest', authorizerSets('rest')],
];

/** What AWS hands back for what was sent: lists in another order, defaults filled in. */
function asAwsReadsIt(fields: AuthorizerFields, index: number): AuthorizerFields & { id: string } {
  const reversed = Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [key, Array.isArray(value) ? [...value].reverse() : value]),
  );
  return { ...reversed, id: `id${index.toString().padStart(4, '0')}` };
}

describe('planning properties', () => {
  for (const [type, authorizers] of cases) {
    it(`planning ${type} authorizers against themselves gives only no-ops`, () => {
      fc.assert(
        fc.property(authorizers, (declared) => {
          const plan = planApi(planInput(desiredApi(type, declared), liveApi(type, declared.map(asAwsReadsIt))));
          expect(plan.actions.every((action) => action.kind === 'no-op')).toBe(true);
          expect(plan.unmanaged).toEqual([]);
          expect(plan.postActions).toEqual([]);
        }),
      );
    });

    it(`planning ${type} authorizers against nothing creates each one`, () => {
      fc.assert(
        fc.property(authorizers, (declared) => {
          const plan = planApi(planInput(desiredApi(type, declared), liveApi(type, [])));
          expect(plan.actions.map((action) => action.kind)).toEqual(declared.map(() => 'create'));
        }),
      );
    });
  }

  it('field differences are symmetric', () => {
    const flat = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.oneof(fc.integer(), fc.string(), fc.array(fc.string())));
    fc.assert(
      fc.property(flat, flat, (left, right) => {
        const forward = diffFields(left, right);
        const backward = diffFields(right, left);
        expect(backward).toEqual(forward.map(({ path, before, after }) => ({ path, before: after, after: before })));
      }),
    );
  });
});
