/**
 * Issue: a REST Cognito authorizer with a redeploy stage planned the redeploy forever, because the
 * export carries its header only as the scheme's name. For every authorizer kind and every
 * combination of optional members: apply (which redeploys the stage) and plan again gives no change,
 * through the emulator's export and the reader.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuthorizerFields } from '../../src/core/model.js';
import { planHasChanges } from '../../src/core/plan-summary.js';
import { API_TYPES, type ApiTypeId } from '../../src/families/registry.js';
import { applyPlan } from '../../src/services/apply.js';
import { planDesired } from '../../src/services/plan.js';
import { desiredApi, lambdaUri } from './helpers.js';
import { API_ID, memoryHarness } from './services-support.js';

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/);
const header = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,9}$/);
const ttl = fc.integer({ min: 0, max: 3600 });
const role = fc.constant('arn:aws:iam::123456789012:role/authorizer-invoke');
const regex = fc.constantFrom('^Bearer [-0-9a-zA-Z._]*$', '^x-[a-z]+');
const restSources = fc.uniqueArray(
  fc.oneof(header.map((h) => `method.request.header.${h}`), header.map((h) => `method.request.querystring.${h}`), header.map((h) => `stageVariables.${h}`)),
  { minLength: 1, maxLength: 3 },
);
const v2Sources = (prefix: string) =>
  fc.uniqueArray(fc.oneof(header.map((h) => `${prefix}.header.${h}`), header.map((h) => `${prefix}.querystring.${h}`)), { minLength: 1, maxLength: 3 });
const userPools = fc.uniqueArray(
  fc.stringMatching(/^[a-zA-Z0-9]{1,6}$/).map((id) => `arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_${id}`),
  { minLength: 1, maxLength: 3 },
);

/** A cached (TTL > 0) Lambda REQUEST authorizer needs an identity source on AWS: give it one. */
function sourceWhenCached<T extends Record<string, unknown>>(fields: T, sources: unknown): T {
  const cached = fields.authorizerResultTtlInSeconds === undefined ? true : Number(fields.authorizerResultTtlInSeconds) > 0;
  return cached && fields.identitySource === undefined ? { ...fields, identitySource: sources } : fields;
}

const KINDS: Readonly<Record<ApiTypeId, fc.Arbitrary<AuthorizerFields>>> = {
  rest: fc.oneof(
    fc.record({ name, type: fc.constant('TOKEN'), authorizerUri: fc.constant(lambdaUri), identitySource: header.map((h) => `method.request.header.${h}`), authorizerCredentials: fc.option(role, { nil: undefined }), identityValidationExpression: fc.option(regex, { nil: undefined }), authorizerResultTtlInSeconds: fc.option(ttl, { nil: undefined }) }),
    fc.tuple(
      fc.record({ name, type: fc.constant('REQUEST'), authorizerUri: fc.constant(lambdaUri), identitySource: fc.option(restSources.map((s) => s.join(', ')), { nil: undefined }), authorizerCredentials: fc.option(role, { nil: undefined }), authorizerResultTtlInSeconds: fc.option(ttl, { nil: undefined }) }),
      restSources,
    ).map(([fields, sources]) => sourceWhenCached(fields, sources.join(', '))),
    fc.record({ name, type: fc.constant('COGNITO_USER_POOLS'), providerARNs: userPools, identitySource: header.map((h) => `method.request.header.${h}`), identityValidationExpression: fc.option(regex, { nil: undefined }), authorizerResultTtlInSeconds: fc.option(ttl, { nil: undefined }) }),
  ),
  http: fc.oneof(
    fc.tuple(
      fc.record({ name, authorizerType: fc.constant('REQUEST'), authorizerUri: fc.constant(lambdaUri), authorizerPayloadFormatVersion: fc.constantFrom('1.0', '2.0'), identitySource: fc.option(v2Sources('$request'), { nil: undefined }), authorizerCredentialsArn: fc.option(role, { nil: undefined }), authorizerResultTtlInSeconds: fc.option(ttl, { nil: undefined }), enableSimpleResponses: fc.option(fc.boolean(), { nil: undefined }) }),
      v2Sources('$request'),
    ).map(([fields, sources]) => {
      // Simple responses exist only for payload format 2.0.
      const simple = fields.authorizerPayloadFormatVersion === '2.0' ? fields : { ...fields, enableSimpleResponses: undefined };
      return sourceWhenCached(simple, sources);
    }),
    fc.record({ name, authorizerType: fc.constant('JWT'), identitySource: header.map((h) => [`$request.header.${h}`]), jwtConfiguration: fc.record({ issuer: fc.webUrl({ validSchemes: ['https'] }), audience: fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{1,8}$/), { minLength: 1, maxLength: 3 }) }) }),
  ),
  websocket: fc.record({ name, authorizerType: fc.constant('REQUEST'), authorizerUri: fc.constant(lambdaUri), identitySource: v2Sources('route.request'), authorizerCredentialsArn: fc.option(role, { nil: undefined }) }),
};

/** Members left undefined by fc.option are not declared at all. */
const defined = (fields: AuthorizerFields): AuthorizerFields => Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));

function authorizers(type: ApiTypeId): fc.Arbitrary<AuthorizerFields[]> {
  return fc
    .array(KINDS[type].map(defined), { maxLength: 4 })
    .map((list) => [...new Map(list.map((fields) => [fields.name, fields])).values()]);
}

describe('apply with a redeploy stage, then plan again, converges through the export', () => {
  for (const { id: type } of API_TYPES) {
    it(`${type}: no redeploy is planned again`, async () => {
      await fc.assert(
        fc.asyncProperty(authorizers(type), authorizers(type), async (existing, desired) => {
          const h = memoryHarness([{ type, id: API_ID, name: 'orders', authorizers: existing, stages: [{ name: 'prod' }] }]);
          const wanted = desiredApi(type, desired, { redeploy: ['prod'], resetCache: [] });
          const { plan } = await planDesired([wanted], h.options);
          const report = await applyPlan(plan, { ...h.options, allowReplace: true });
          expect(report.failed).toBe(false);
          const { plan: again } = await planDesired([wanted], h.options);
          expect(again.apis.map((api) => api.postActions)).toEqual([[]]);
          expect(planHasChanges(again)).toBe(false);
        }),
        { numRuns: 60 },
      );
    });
  }
});
