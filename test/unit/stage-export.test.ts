/** Reading what a stage runs out of its export: each family's declared mapping, and loud failures on odd shapes. */
import { describe, expect, it } from 'vitest';
import { parseExportBody, readDeployedAuthorizers, type StageExportRules } from '../../src/core/stage-export.js';
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
    ['an empty object', {}],
    ['a Swagger 2.0 document', { swagger: '2.0', securityDefinitions: {} }],
    ['schemes that are not an object', { openapi: '3.0.1', components: { securitySchemes: [] } }],
    ['an unknown type', schemes({ a: { 'x-amazon-apigateway-authorizer': { type: 'magic' } } })],
    ['an extension without a type', schemes({ a: { 'x-amazon-apigateway-authorizer': { authorizerUri: 'arn:uri' } } })],
    ['an identity source that is not a string', schemes({ a: { 'x-amazon-apigateway-authorizer': { type: 'request', identitySource: ['x'] } } }), 'http' as const],
  ])('refuses %s, naming where, instead of reading it as no authorizers', (_, document, apiType: 'rest' | 'http' = 'rest') => {
    expect(() => readDeployedAuthorizers(document, rulesOf(apiType), 'legacy.yaml:1:1: stage "prod"')).toThrow(
      expect.objectContaining({ code: 'STAGE_EXPORT_UNREADABLE', message: expect.stringContaining('legacy.yaml:1:1: stage "prod"') }),
    );
  });

  it('refuses a body that is not JSON', () => {
    expect(() => parseExportBody('openapi: 3.0.1', 'GetExport')).toThrow(AwsError);
  });

});

/**
 * AWS's own examples on the x-amazon-apigateway-authorizer page of the API Gateway developer guide
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-authorizer.html),
 * as OpenAPI 3 security schemes: each is read with every member it carries, and only those.
 */
describe("AWS's documented examples", () => {
  const uri = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:account-id:function:function-name/invocations';
  const read = (apiType: 'rest' | 'http', scheme: object) => readDeployedAuthorizers(schemes({ example: scheme }), rulesOf(apiType), 'here')[0]?.fields;

  it('REST token: the header is the scheme name', () => {
    const scheme = {
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      'x-amazon-apigateway-authtype': 'oauth2',
      'x-amazon-apigateway-authorizer': {
        type: 'token',
        authorizerUri: uri,
        authorizerCredentials: 'arn:aws:iam::account-id:role',
        identityValidationExpression: '^x-[a-z]+',
        authorizerResultTtlInSeconds: 60,
      },
    };
    expect(read('rest', scheme)).toEqual({
      name: 'example',
      type: 'TOKEN',
      authorizerUri: uri,
      authorizerCredentials: 'arn:aws:iam::account-id:role',
      identityValidationExpression: '^x-[a-z]+',
      authorizerResultTtlInSeconds: 60,
      identitySource: 'method.request.header.Authorization',
    });
  });

  it('REST Cognito user pool: the header is the scheme name too, and no other member is made up', () => {
    const providerARNs = ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC123'];
    const scheme = {
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      'x-amazon-apigateway-authtype': 'cognito_user_pools',
      'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs },
    };
    expect(read('rest', scheme)).toEqual({
      name: 'example',
      type: 'COGNITO_USER_POOLS',
      providerARNs,
      identitySource: 'method.request.header.Authorization',
    });
  });

  it('REST request: the extension\'s identitySource wins over the scheme, as given', () => {
    const scheme = {
      type: 'apiKey',
      name: 'Unused',
      in: 'header',
      'x-amazon-apigateway-authtype': 'custom',
      'x-amazon-apigateway-authorizer': {
        type: 'request',
        identitySource: 'method.request.header.HeaderAuth1, method.request.querystring.QueryString1',
        authorizerUri: uri,
        authorizerResultTtlInSeconds: 300,
      },
    };
    expect(read('rest', scheme)).toEqual({
      name: 'example',
      type: 'REQUEST',
      identitySource: 'method.request.header.HeaderAuth1, method.request.querystring.QueryString1',
      authorizerUri: uri,
      authorizerResultTtlInSeconds: 300,
    });
  });

  it('HTTP JWT with an oauth2 scheme', () => {
    const jwtConfiguration = { issuer: 'https://cognito-idp.region.amazonaws.com/userPoolId', audience: ['audience1', 'audience2'] };
    const scheme = {
      type: 'oauth2',
      'x-amazon-apigateway-authorizer': { type: 'jwt', jwtConfiguration, identitySource: '$request.header.Authorization' },
    };
    expect(read('http', scheme)).toEqual({
      name: 'example',
      authorizerType: 'JWT',
      jwtConfiguration,
      identitySource: ['$request.header.Authorization'],
    });
  });

  it('HTTP JWT with an openIdConnect scheme: the issuer is its openIdConnectUrl without the discovery path', () => {
    const scheme = {
      type: 'openIdConnect',
      openIdConnectUrl: 'https://cognito-idp.region.amazonaws.com/userPoolId/.well-known/openid-configuration',
      'x-amazon-apigateway-authorizer': {
        type: 'jwt',
        jwtConfiguration: { audience: ['audience1', 'audience2'] },
        identitySource: '$request.header.Authorization',
      },
    };
    expect(read('http', scheme)).toEqual({
      name: 'example',
      authorizerType: 'JWT',
      jwtConfiguration: { audience: ['audience1', 'audience2'], issuer: 'https://cognito-idp.region.amazonaws.com/userPoolId' },
      identitySource: ['$request.header.Authorization'],
    });
  });

  it('HTTP Lambda (request)', () => {
    const scheme = {
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      'x-amazon-apigateway-authorizer': {
        type: 'request',
        identitySource: '$request.header.Authorization',
        authorizerUri: uri,
        authorizerPayloadFormatVersion: '2.0',
        authorizerResultTtlInSeconds: 300,
        enableSimpleResponses: true,
      },
    };
    expect(read('http', scheme)).toEqual({
      name: 'example',
      authorizerType: 'REQUEST',
      identitySource: ['$request.header.Authorization'],
      authorizerUri: uri,
      authorizerPayloadFormatVersion: '2.0',
      authorizerResultTtlInSeconds: 300,
      enableSimpleResponses: true,
    });
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
      expect(Object.keys(stageExport.members)).toContain(stageExport.typeMember);
      expect(stageExport.members[stageExport.typeMember]).toBe(familyFor(apiType.id).rules.typeField);
      expect(Object.values(stageExport.typeValues).sort()).toEqual([...apiType.authorizerTypes].sort());
    });
  }
});
