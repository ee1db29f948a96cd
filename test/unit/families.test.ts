/**
 * The conformance test every API family passes: its declarations are complete and consistent, and
 * what it creates reads back as what was planned. A new family is a new registry entry plus a sample
 * authorizer below; the loop does the rest.
 */
import { describe, expect, it } from 'vitest';
import type { ApiType, AuthorizerFields } from '../../src/core/model.js';
import { planApi } from '../../src/core/plan.js';
import { buildCreateMembers } from '../../src/core/update.js';
import { FAMILIES } from '../../src/families/registry.js';
import { desiredApi, lambdaUri, liveApi, planInput } from './helpers.js';

const ALL_API_TYPES: readonly ApiType[] = ['http', 'websocket', 'rest'];

/** One authorizer of each type each API type takes, as a manifest declares it. */
const SAMPLES: Readonly<Record<ApiType, readonly AuthorizerFields[]>> = {
  http: [
    {
      name: 'jwt',
      authorizerType: 'JWT',
      identitySource: ['$request.header.Authorization'],
      jwtConfiguration: { issuer: 'https://issuer.example.com', audience: ['b', 'a'] },
    },
    {
      name: 'lambda',
      authorizerType: 'REQUEST',
      authorizerUri: lambdaUri,
      authorizerCredentialsArn: 'arn:aws:iam::123456789012:role/invoke',
      authorizerPayloadFormatVersion: '2.0',
      enableSimpleResponses: true,
      authorizerResultTtlInSeconds: 60,
      identitySource: ['$request.header.Authorization', '$context.routeKey'],
    },
  ],
  websocket: [
    { name: 'connect', authorizerType: 'REQUEST', authorizerUri: lambdaUri, identitySource: ['route.request.querystring.token'] },
  ],
  rest: [
    { name: 'token', type: 'TOKEN', authorizerUri: lambdaUri, identitySource: 'method.request.header.Authorization', identityValidationExpression: '^x$' },
    { name: 'request', type: 'REQUEST', authorizerUri: lambdaUri, identitySource: ['method.request.header.A', 'context.accountId'] },
    {
      name: 'cognito',
      type: 'COGNITO_USER_POOLS',
      providerARNs: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc'],
      identitySource: 'method.request.header.Authorization',
      authType: 'cognito_user_pools',
    },
  ],
};

describe('the family registry', () => {
  it('gives every API type exactly one family', () => {
    const claimed = FAMILIES.flatMap((family) => family.apiTypes);
    expect([...claimed].sort()).toEqual([...ALL_API_TYPES].sort());
  });
});

for (const family of FAMILIES) {
  describe(`family ${family.id}`, () => {
    const { rules } = family;
    const paths = rules.fields.map((rule) => rule.path);

    it('declares each field once, with its reason, including the name and the type field', () => {
      expect(new Set(paths).size).toBe(paths.length);
      expect(paths).toContain('name');
      expect(paths).toContain(rules.typeField);
      for (const rule of rules.fields) expect(rule.why.trim(), rule.path).not.toBe('');
    });

    it('declares only API types of its own, and replacement rules on fields it has', () => {
      for (const rule of rules.fields) for (const apiType of rule.apiTypes ?? []) expect(family.apiTypes).toContain(apiType);
      for (const replacement of rules.replacement) {
        expect(paths).toContain(replacement.field);
        expect(replacement.why.trim()).not.toBe('');
      }
      for (const apiType of family.cacheResetApiTypes) expect(family.apiTypes).toContain(apiType);
    });

    it('declares how each field changes, in the terms of its update strategy', () => {
      for (const rule of rules.fields) {
        if (rules.update.kind === 'json-patch') expect(rule.clearWith, rule.path).toBeUndefined();
        else expect(rule.patch, rule.path).toBeUndefined();
      }
    });

    for (const apiType of family.apiTypes) {
      it(`${apiType}: what it creates reads back as planned, and plans against itself as no change`, () => {
        const samples = SAMPLES[apiType];
        expect(samples.length, `add sample ${apiType} authorizers to this test`).toBeGreaterThan(0);
        const created = planApi(planInput(desiredApi(apiType, [...samples]), liveApi(apiType, []))).actions;
        // Read back what CreateAuthorizer would be sent, as if AWS stored it as given.
        const live = created.map((action, index) => {
          if (action.kind !== 'create') throw new Error(`expected a create, got ${action.kind}`);
          return { id: `id${index}`, ...buildCreateMembers(rules, action.after) };
        });
        const again = planApi(planInput(desiredApi(apiType, [...samples]), liveApi(apiType, live)));
        expect(again.actions.map((action) => `${action.kind} ${action.name}`)).toEqual(
          samples.map((sample) => `no-op ${String(sample.name)}`).sort((a, b) => a.localeCompare(b)),
        );
      });
    }
  });
}
