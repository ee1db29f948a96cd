import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffFields } from '../../src/core/diff.js';
import type { ApiType, AuthorizerFields } from '../../src/core/model.js';
import { planApi } from '../../src/core/plan.js';
import { desiredApi, lambdaUri, liveApi, planInput } from './helpers.js';

const header = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,11}$/);
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
const ttl = fc.integer({ min: 0, max: 3600 });

const httpRequest = fc.record(
  {
    name,
    authorizerType: fc.constant('REQUEST'),
    authorizerUri: fc.constant(lambdaUri),
    authorizerPayloadFormatVersion: fc.constantFrom('1.0', '2.0'),
    authorizerResultTtlInSeconds: ttl,
    identitySource: fc.uniqueArray(header.map((h) => `$request.header.${h}`), { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: ['name', 'authorizerType', 'authorizerUri', 'authorizerPayloadFormatVersion'] },
);
const httpJwt = fc.record({
  name,
  authorizerType: fc.constant('JWT'),
  identitySource: header.map((h) => [`$request.header.${h}`]),
  jwtConfiguration: fc.record({
    issuer: fc.webUrl({ validSchemes: ['https'] }),
    audience: fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{1,8}$/), { maxLength: 4 }),
  }),
});
const restAuthorizer = fc.oneof(
  fc.record(
    {
      name,
      type: fc.constant('TOKEN'),
      authorizerUri: fc.constant(lambdaUri),
      identitySource: header.map((h) => `method.request.header.${h}`),
      authorizerResultTtlInSeconds: ttl,
    },
    { requiredKeys: ['name', 'type', 'authorizerUri', 'identitySource'] },
  ),
  fc.record({
    name,
    type: fc.constant('COGNITO_USER_POOLS'),
    providerARNs: fc.uniqueArray(fc.stringMatching(/^arn:pool\/[a-z]{1,6}$/), { minLength: 1, maxLength: 3 }),
    identitySource: header.map((h) => `method.request.header.${h}`),
  }),
);

function uniqueByName(authorizers: AuthorizerFields[]): AuthorizerFields[] {
  return [...new Map(authorizers.map((authorizer) => [authorizer.name, authorizer])).values()];
}

const cases: [ApiType, fc.Arbitrary<AuthorizerFields[]>][] = [
  ['http', fc.array(fc.oneof(httpRequest, httpJwt), { maxLength: 6 }).map(uniqueByName)],
  ['rest', fc.array(restAuthorizer, { maxLength: 6 }).map(uniqueByName)],
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
