/** The exporter per family: what a live authorizer becomes in a manifest, and what cannot be exported. */
import { describe, expect, it } from 'vitest';
import { exportApi, exportFileNames, type ExportTarget } from '../../src/core/export.js';
import type { ApiType, AuthorizerFields, LiveAuthorizer } from '../../src/core/model.js';
import { FAMILIES, familyFor } from '../../src/families/registry.js';
import { exportChecked } from '../../src/services/export.js';
import { lambdaUri } from './helpers.js';

const ROLE = 'arn:aws:iam::123456789012:role/invoke';
const POOL = (id: string) => `arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_${id}`;

function target(apiType: ApiType): ExportTarget {
  return { apiType, apiId: 'api0000001', apiName: 'orders', region: 'eu-west-1' };
}

function live(fields: AuthorizerFields, id = 'abc123'): LiveAuthorizer {
  return { id, name: String(fields.name), fields };
}

function exportOne(apiType: ApiType, fields: AuthorizerFields) {
  const family = familyFor(apiType);
  return exportApi({ target: target(apiType), authorizers: [live(fields)], rules: family.rules, exportRules: family.exportRules });
}

describe('export declarations of every family', () => {
  for (const family of FAMILIES) {
    it(`${family.id}: every member it writes is one its rules compare for that type`, () => {
      for (const [apiType, types] of Object.entries(family.exportRules.members)) {
        expect(family.apiTypes.map((definition) => definition.id)).toContain(apiType);
        for (const [type, members] of Object.entries(types ?? {})) {
          for (const path of members) {
            const rule = family.rules.fields.find((candidate) => candidate.path === path);
            expect(rule, `${apiType} ${type} ${path}`).toBeDefined();
            expect(!rule?.apiTypes || rule.apiTypes.includes(apiType as ApiType), `${apiType} ${type} ${path}`).toBe(true);
            expect(!rule?.authorizerTypes || rule.authorizerTypes.includes(type), `${apiType} ${type} ${path}`).toBe(true);
          }
        }
      }
    });
  }
});

describe('HTTP and WebSocket APIs (apigatewayv2)', () => {
  it('writes a JWT authorizer in the fixed order, with sets sorted', () => {
    const { authorizers } = exportOne('http', {
      jwtConfiguration: { audience: ['web', 'mobile', 'web'], issuer: 'https://issuer.example.com' },
      identitySource: ['$request.header.Authorization'],
      authorizerType: 'JWT',
      name: 'jwt',
    });
    expect(authorizers).toEqual([
      { name: 'jwt', authorizerType: 'JWT', identitySource: ['$request.header.Authorization'], jwtConfiguration: { issuer: 'https://issuer.example.com', audience: ['mobile', 'web'] } },
    ]);
    expect(Object.keys(authorizers[0] ?? {})).toEqual(['name', 'authorizerType', 'identitySource', 'jwtConfiguration']);
  });

  it("omits AWS's defaults (TTL 0, simple responses off) and keeps what differs", () => {
    const base = { name: 'lambda', authorizerType: 'REQUEST', authorizerUri: lambdaUri, authorizerPayloadFormatVersion: '2.0' };
    expect(exportOne('http', { ...base, authorizerResultTtlInSeconds: 0, enableSimpleResponses: false }).authorizers).toEqual([base]);
    const cached = { ...base, authorizerCredentialsArn: ROLE, enableSimpleResponses: true, authorizerResultTtlInSeconds: 60, identitySource: ['$request.header.b', '$context.a'] };
    expect(exportOne('http', cached).authorizers).toEqual([{ ...cached, identitySource: ['$context.a', '$request.header.b'] }]);
  });

  it('drops what a WebSocket API echoes empty, and writes its identity sources', () => {
    const { authorizers, unsupported } = exportOne('websocket', {
      name: 'connect',
      authorizerType: 'REQUEST',
      authorizerUri: lambdaUri,
      authorizerPayloadFormatVersion: '',
      identitySource: ['route.request.querystring.token', 'route.request.header.Auth'],
    });
    expect(unsupported).toEqual([]);
    expect(authorizers).toEqual([
      { name: 'connect', authorizerType: 'REQUEST', authorizerUri: lambdaUri, identitySource: ['route.request.header.Auth', 'route.request.querystring.token'] },
    ]);
  });

  it('refuses a member the manifest cannot declare, naming it', () => {
    const { authorizers, unsupported } = exportOne('http', {
      name: 'jwt',
      authorizerType: 'JWT',
      identitySource: ['$request.header.Authorization'],
      identityValidationExpression: '^x$',
      jwtConfiguration: { issuer: 'https://issuer.example.com' },
    });
    expect(authorizers).toEqual([]);
    expect(unsupported).toEqual([expect.objectContaining({ name: 'jwt', authorizerId: 'abc123', reason: expect.stringContaining('identityValidationExpression = "^x$"') })]);
  });

  it('refuses an authorizer type the API type does not take', () => {
    const { unsupported } = exportOne('websocket', { name: 'jwt', authorizerType: 'JWT', identitySource: ['$request.header.A'] });
    expect(unsupported[0]?.reason).toMatch(/authorizerType "JWT" cannot be declared on this API \(manifests take REQUEST\)/);
  });
});

describe('REST APIs (apigateway)', () => {
  it('writes one identity source as a string, several as a sorted list, and TTL 0', () => {
    const request = { name: 'req', type: 'REQUEST', authorizerUri: lambdaUri, authType: 'custom', authorizerResultTtlInSeconds: 0 };
    expect(exportOne('rest', { ...request, identitySource: 'method.request.header.A' }).authorizers).toEqual([
      { name: 'req', type: 'REQUEST', authorizerUri: lambdaUri, identitySource: 'method.request.header.A', authorizerResultTtlInSeconds: 0 },
    ]);
    expect(exportOne('rest', { ...request, identitySource: 'method.request.querystring.b, context.a' }).authorizers[0]?.identitySource).toEqual([
      'context.a',
      'method.request.querystring.b',
    ]);
  });

  it('omits the default TTL of 300 and the authType AWS fills in, but keeps a label someone set', () => {
    const token = { name: 'tok', type: 'TOKEN', authorizerUri: lambdaUri, authorizerCredentials: ROLE, identitySource: 'method.request.header.Authorization', identityValidationExpression: '^Bearer .+$' };
    expect(exportOne('rest', { ...token, authType: 'custom', authorizerResultTtlInSeconds: 300 }).authorizers).toEqual([token]);
    expect(exportOne('rest', { ...token, authType: 'oauth2', authorizerResultTtlInSeconds: 300 }).authorizers).toEqual([{ ...token, authType: 'oauth2' }]);
  });

  it('writes several Cognito pools as a sorted set', () => {
    const { authorizers } = exportOne('rest', {
      name: 'cognito',
      type: 'COGNITO_USER_POOLS',
      providerARNs: [POOL('b'), POOL('a')],
      identitySource: 'method.request.header.Authorization',
      authType: 'cognito_user_pools',
    });
    expect(authorizers).toEqual([{ name: 'cognito', type: 'COGNITO_USER_POOLS', providerARNs: [POOL('a'), POOL('b')], identitySource: 'method.request.header.Authorization' }]);
  });

  it('refuses an unknown type and duplicate names, and sorts the rest by name', () => {
    const family = familyFor('rest');
    const token = { type: 'TOKEN', authorizerUri: lambdaUri, identitySource: 'method.request.header.A' };
    const result = exportApi({
      target: target('rest'),
      rules: family.rules,
      exportRules: family.exportRules,
      authorizers: [live({ name: 'z', ...token }, 'id0001'), live({ name: 'dup', ...token }, 'id0002'), live({ name: 'dup', ...token }, 'id0003'), live({ name: 'a', ...token }, 'id0004'), live({ name: 'iam', type: 'AWS_IAM' }, 'id0005')],
    });
    expect(result.authorizers.map((fields) => fields.name)).toEqual(['a', 'z']);
    expect(result.unsupported.map((entry) => [entry.authorizerId, entry.reason.slice(0, 20)])).toEqual([
      ['id0002', '2 authorizers of thi'],
      ['id0003', '2 authorizers of thi'],
      ['id0005', 'type "AWS_IAM" canno'],
    ]);
  });

  it('reports what the manifest schema refuses as unsupported, with the schema\'s reason', () => {
    const result = exportChecked(target('rest'), [live({ name: 'x'.repeat(129), type: 'TOKEN', authorizerUri: lambdaUri, identitySource: 'method.request.header.A' })]);
    expect(result.authorizers).toEqual([]);
    expect(result.unsupported[0]?.reason).toMatch(/^a manifest cannot declare it: .*128/);
  });

  it('reports a JWT authorizer without audiences as unsupported: it would admit no token', () => {
    const jwt = { name: 'jwt', authorizerType: 'JWT', identitySource: ['$request.header.Authorization'], jwtConfiguration: { issuer: 'https://issuer.example.com' } };
    const result = exportChecked(target('http'), [live(jwt)]);
    expect(result.authorizers).toEqual([]);
    expect(result.unsupported[0]?.reason).toMatch(/^a manifest cannot declare it: .*missing required field "audience"/);
  });
});

describe('export file names', () => {
  it('are safe, and unique by adding the API id to a repeated name', () => {
    const names = exportFileNames([
      { ...target('http'), apiName: 'Orders API (prod)' },
      { ...target('rest'), apiId: 'r1', apiName: 'dup' },
      { ...target('http'), apiId: 'h1', apiName: 'dup' },
      { ...target('http'), apiId: 'e1', apiName: '///' },
    ]);
    expect(names).toEqual(['orders-api-prod.yaml', 'dup-r1.yaml', 'dup-h1.yaml', 'e1.yaml']);
  });
});
