/** The emulator's deployment snapshots and stage exports (src/emulator/README.md, docs/aws-behaviour.md#stage-exports). */
import { describe, expect, it } from 'vitest';
import { EmulatorSeedError, EmulatorStore, parseSeed } from '../../src/emulator/index.js';
import { serveRequest } from '../../src/emulator/http.js';
import { HTTP_ID, LAMBDA, POOL, REST_ID, WS_ID, cognito, httpRequest, jwt, makeStore, token } from './emulator-support.js';

type Schemes = Record<string, Record<string, unknown> & { 'x-amazon-apigateway-authorizer'?: Record<string, unknown> }>;
const schemesOf = (body: string): Schemes => (JSON.parse(body) as { components: { securitySchemes: Schemes } }).components.securitySchemes;

describe('deployments are snapshots', () => {
  it('a REST stage exports the authorizers of its deployment until it is redeployed', () => {
    const store = makeStore();
    const created = store.rest.createAuthorizer({ restApiId: REST_ID, ...token, authorizerResultTtlInSeconds: 60 });
    const exportProd = () =>
      schemesOf(store.rest.getExport({ restApiId: REST_ID, stageName: 'prod', exportType: 'oas30', parameters: { extensions: 'authorizers' } }).body);
    // prod was deployed before the authorizer existed.
    expect(exportProd()).toEqual({});
    store.rest.createDeployment({ restApiId: REST_ID, stageName: 'prod' });
    expect(exportProd().token?.['x-amazon-apigateway-authorizer']).toMatchObject({ type: 'token', authorizerResultTtlInSeconds: 60 });
    store.rest.updateAuthorizer({ restApiId: REST_ID, authorizerId: created.id, patchOperations: [{ op: 'replace', path: '/authorizerResultTtlInSeconds', value: '0' }] });
    expect(exportProd().token?.['x-amazon-apigateway-authorizer']).toMatchObject({ authorizerResultTtlInSeconds: 60 });
    store.rest.createDeployment({ restApiId: REST_ID, stageName: 'prod' });
    expect(exportProd().token?.['x-amazon-apigateway-authorizer']).toMatchObject({ authorizerResultTtlInSeconds: 0 });
  });

  it('REST exports carry the extensions only when asked for', () => {
    const store = makeStore();
    store.rest.createAuthorizer({ restApiId: REST_ID, ...token });
    store.rest.createDeployment({ restApiId: REST_ID, stageName: 'prod' });
    const plain = schemesOf(store.rest.getExport({ restApiId: REST_ID, stageName: 'prod', exportType: 'oas30' }).body);
    expect(plain.token).toEqual({ type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'custom' });
    expect(() => store.rest.getExport({ restApiId: REST_ID, stageName: 'prod', exportType: 'swagger' })).toThrow(expect.objectContaining({ code: 'BadRequestException' }));
  });

  it('an HTTP stage without auto-deploy exports its deployment; an auto-deploying one follows every change', () => {
    const store = makeStore();
    store.v2.createAuthorizer({ apiId: HTTP_ID, ...httpRequest, authorizerResultTtlInSeconds: 0 });
    const exported = (stageName: string) =>
      schemesOf(store.v2.exportApi({ apiId: HTTP_ID, specification: 'OAS30', outputType: 'JSON', stageName }).body);
    expect(exported('prod')).toEqual({});
    expect(exported('$default').lambda?.['x-amazon-apigateway-authorizer']).toMatchObject({ type: 'request', identitySource: '$request.header.Authorization' });
    store.v2.createDeployment({ apiId: HTTP_ID, stageName: 'prod' });
    expect(exported('prod').lambda?.['x-amazon-apigateway-authorizer']).toMatchObject({ authorizerPayloadFormatVersion: '2.0' });
  });

  it('WebSocket APIs have no export', () => {
    expect(() => makeStore().v2.exportApi({ apiId: WS_ID, specification: 'OAS30', outputType: 'JSON' })).toThrow(expect.objectContaining({ code: 'BadRequestException' }));
  });

  it('serves exports as a blob over the wire, with the parameters of the query and the Accept header', () => {
    const store = makeStore();
    store.rest.createAuthorizer({ restApiId: REST_ID, ...token });
    store.rest.createDeployment({ restApiId: REST_ID, stageName: 'prod' });
    const response = serveRequest(store, {
      method: 'GET',
      url: `/restapis/${REST_ID}/stages/prod/exports/oas30?extensions=authorizers`,
      headers: { accept: 'application/json' },
      body: '',
    });
    // Only an injected hang goes unanswered.
    if (response === undefined) throw new Error('the export was not answered');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(schemesOf(response.body).token?.['x-amazon-apigateway-authorizer']).toMatchObject({ type: 'token' });
  });
});

/**
 * The schemes follow AWS's examples on the x-amazon-apigateway-authorizer page of the developer guide
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-authorizer.html)
 * member by member: a TOKEN or Cognito authorizer's header only as the scheme's name, a REQUEST
 * authorizer's sources in the extension, the scheme named after a single header or query parameter.
 */
describe("exports follow AWS's documented examples", () => {
  const restSchemes = (...authorizers: object[]) => {
    const store = makeStore();
    for (const authorizer of authorizers) store.rest.createAuthorizer({ restApiId: REST_ID, ...authorizer });
    store.rest.createDeployment({ restApiId: REST_ID, stageName: 'prod' });
    return schemesOf(store.rest.getExport({ restApiId: REST_ID, stageName: 'prod', exportType: 'oas30', parameters: { extensions: 'authorizers' } }).body);
  };
  const v2Schemes = (...authorizers: object[]) => {
    const store = makeStore();
    for (const authorizer of authorizers) store.v2.createAuthorizer({ apiId: HTTP_ID, ...authorizer });
    return schemesOf(store.v2.exportApi({ apiId: HTTP_ID, specification: 'OAS30', outputType: 'JSON', stageName: '$default' }).body);
  };
  const request = (identitySource: string) => ({ name: 'request', type: 'REQUEST', authorizerUri: LAMBDA, identitySource, authorizerResultTtlInSeconds: 300 });

  it('REST token: the header as the apiKey scheme name, no identitySource in the extension', () => {
    expect(restSchemes({ ...token, identityValidationExpression: '^x-[a-z]+', authorizerResultTtlInSeconds: 60 }).token).toEqual({
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      'x-amazon-apigateway-authtype': 'custom',
      'x-amazon-apigateway-authorizer': { type: 'token', authorizerUri: LAMBDA, identityValidationExpression: '^x-[a-z]+', authorizerResultTtlInSeconds: 60 },
    });
  });

  it('REST Cognito user pool: the header as the scheme name, the extension its type and providerARNs', () => {
    expect(restSchemes(cognito).pool).toEqual({
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      'x-amazon-apigateway-authtype': 'cognito_user_pools',
      'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: [POOL] },
    });
  });

  it.each([
    ['a single header', 'method.request.header.auth', { name: 'auth', in: 'header' }],
    ['a single query string parameter', 'method.request.querystring.token', { name: 'token', in: 'query' }],
    ['a header and a query string parameter', 'method.request.header.HeaderAuth1, method.request.querystring.QueryString1', { name: 'Unused', in: 'header' }],
    ['a stage variable', 'stageVariables.stage', { name: 'Unused', in: 'header' }],
  ])('REST request with %s: the scheme names it or says Unused; the extension carries identitySource', (_, identitySource, parameter) => {
    expect(restSchemes(request(identitySource)).request).toEqual({
      type: 'apiKey',
      ...parameter,
      'x-amazon-apigateway-authtype': 'custom',
      'x-amazon-apigateway-authorizer': { type: 'request', identitySource, authorizerUri: LAMBDA, authorizerResultTtlInSeconds: 300 },
    });
  });

  it('HTTP JWT: an oauth2 scheme, the extension with jwtConfiguration and identitySource', () => {
    expect(v2Schemes(jwt).jwt).toEqual({
      type: 'oauth2',
      'x-amazon-apigateway-authorizer': { type: 'jwt', identitySource: '$request.header.Authorization', jwtConfiguration: jwt.jwtConfiguration },
    });
  });

  it('HTTP Lambda: an apiKey scheme named after the header, the extension with its members', () => {
    expect(v2Schemes({ ...httpRequest, authorizerResultTtlInSeconds: 300, enableSimpleResponses: true }).lambda).toEqual({
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      'x-amazon-apigateway-authorizer': {
        type: 'request',
        identitySource: '$request.header.Authorization',
        authorizerUri: LAMBDA,
        authorizerPayloadFormatVersion: '2.0',
        authorizerResultTtlInSeconds: 300,
        enableSimpleResponses: true,
      },
    });
  });
});

describe('seeded stages that run an older configuration', () => {
  const seed = (deployedAuthorizers: object) =>
    parseSeed(
      JSON.stringify({ apis: [{ type: 'rest', id: REST_ID, name: 'legacy', authorizers: [token], stages: [{ name: 'prod', deployedAuthorizers }] }] }),
      'seed.json',
    );

  it('differ from the live authorizers by the given members', () => {
    const store = new EmulatorStore({ seed: seed({ token: { authorizerResultTtlInSeconds: 5 } }) });
    const schemes = schemesOf(store.rest.getExport({ restApiId: REST_ID, stageName: 'prod', exportType: 'oas30', parameters: { extensions: 'authorizers' } }).body);
    expect(schemes.token?.['x-amazon-apigateway-authorizer']).toMatchObject({ authorizerResultTtlInSeconds: 5 });
    expect(store.rest.getAuthorizers({ restApiId: REST_ID }).items[0]?.authorizerResultTtlInSeconds).toBe(300);
  });

  it('must name authorizers the deployment holds', () => {
    expect(() => new EmulatorStore({ seed: seed({ nobody: { authorizerResultTtlInSeconds: 5 } }) })).toThrow(EmulatorSeedError);
  });
});
