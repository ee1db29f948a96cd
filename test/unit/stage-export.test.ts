/** Reading what a stage runs out of its export: each family's declared mapping, and loud failures on odd shapes. */
import { describe, expect, it } from 'vitest';
import { exportedMembers, parseExportBody, readDeployedAuthorizers, type StageExportRules } from '../../src/core/stage-export.js';
import { AwsError } from '../../src/errors.js';
import { API_TYPES, apiTypeDefinition, familyFor } from '../../src/families/registry.js';

function rulesOf(apiType: 'rest' | 'http'): StageExportRules {
  const stageExport = apiTypeDefinition(apiType).stageExport;
  if ('unsupported' in stageExport) throw new Error(`${apiType} exports no stage`);
  return stageExport;
}

const schemes = (securitySchemes: object) => ({ openapi: '3.0.1', components: { securitySchemes } });

describe('readDeployedAuthorizers', () => {
  it('maps a REST export to wire members, the type upper-cased', () => {
    const document = schemes({
      'token-auth': {
        type: 'apiKey',
        name: 'Authorization',
        in: 'header',
        'x-amazon-apigateway-authtype': 'custom',
        'x-amazon-apigateway-authorizer': { type: 'token', authorizerUri: 'arn:uri', authorizerResultTtlInSeconds: 60 },
      },
      sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' },
    });
    expect(readDeployedAuthorizers(document, rulesOf('rest'), 'here')).toEqual([
      {
        name: 'token-auth',
        fields: {
          name: 'token-auth',
          type: 'TOKEN',
          authorizerUri: 'arn:uri',
          authorizerResultTtlInSeconds: 60,
          // A TOKEN authorizer's header is the scheme's name.
          identitySource: 'method.request.header.Authorization',
        },
      },
    ]);
  });

  it('splits an HTTP API extension identity source into the list apigatewayv2 uses', () => {
    const document = schemes({
      jwt: {
        type: 'oauth2',
        'x-amazon-apigateway-authorizer': {
          type: 'jwt',
          identitySource: '$request.header.Authorization, $request.querystring.t',
          jwtConfiguration: { issuer: 'https://issuer', audience: ['a'] },
        },
      },
    });
    expect(readDeployedAuthorizers(document, rulesOf('http'), 'here')[0]?.fields).toEqual({
      name: 'jwt',
      authorizerType: 'JWT',
      identitySource: ['$request.header.Authorization', '$request.querystring.t'],
      jwtConfiguration: { issuer: 'https://issuer', audience: ['a'] },
    });
  });

  it('reads an export without security schemes as no authorizers', () => {
    expect(readDeployedAuthorizers({ openapi: '3.0.1', paths: {} }, rulesOf('rest'), 'here')).toEqual([]);
  });

  it.each([
    ['a list', []],
    ['schemes that are not an object', { components: { securitySchemes: [] } }],
    ['an unknown type', schemes({ a: { 'x-amazon-apigateway-authorizer': { type: 'magic' } } })],
    ['an identity source that is not a string', schemes({ a: { 'x-amazon-apigateway-authorizer': { type: 'request', identitySource: ['x'] } } })],
  ])('refuses %s, naming where, instead of reading it as no authorizers', (_, document) => {
    expect(() => readDeployedAuthorizers(document, rulesOf('rest'), 'legacy.yaml:1:1: stage "prod"')).toThrow(
      expect.objectContaining({ code: 'STAGE_EXPORT_UNREADABLE', message: expect.stringContaining('legacy.yaml:1:1: stage "prod"') }),
    );
  });

  it('refuses a body that is not JSON', () => {
    expect(() => parseExportBody('openapi: 3.0.1', 'GetExport')).toThrow(AwsError);
  });

  it('compares only the members the export carries, the type field among them', () => {
    expect(exportedMembers(rulesOf('rest'))).toContain('type');
    expect(exportedMembers(rulesOf('http'))).toContain('authorizerType');
    // HTTP API extensions do not carry the credentials: comparing them would plan a redeploy forever.
    expect(exportedMembers(rulesOf('http'))).not.toContain('authorizerCredentialsArn');
  });
});

describe('every API type', () => {
  for (const apiType of API_TYPES) {
    it(`${apiType.id}: its stage export maps its type field and every authorizer type, or says why it has none`, () => {
      const stageExport = apiType.stageExport;
      if ('unsupported' in stageExport) {
        expect(stageExport.unsupported.length).toBeGreaterThan(20);
        return;
      }
      expect(exportedMembers(stageExport)).toContain(familyFor(apiType.id).rules.typeField);
      expect(Object.values(stageExport.typeValues).sort()).toEqual([...apiType.authorizerTypes].sort());
    });
  }
});
