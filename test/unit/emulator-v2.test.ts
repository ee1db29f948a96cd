/** The emulator store as HTTP and WebSocket APIs (apigatewayv2) behave: ids, authorizers, stages. */
import { describe, expect, it } from 'vitest';
import { createManualClock, EmulatorStore, type V2AuthorizerMembers } from '../../src/emulator/index.js';
import { LAMBDA, HTTP_ID, WS_ID, httpRequest, jwt, makeStore, failure } from './emulator-support.js';

describe('ids and timestamps', () => {
  it('generates AWS-shaped ids deterministically from the id seed', () => {
    const make = () => new EmulatorStore({ idSeed: 7, seed: { apis: [{ type: 'http', name: 'a' }, { type: 'rest', name: 'b' }] } });
    const [first, second] = [make(), make()];
    const ids = (store: EmulatorStore) => [store.v2.getApis().items[0]?.apiId, store.rest.getRestApis().items[0]?.id, store.v2.createAuthorizer({ apiId: store.v2.getApis().items[0]?.apiId ?? '', ...jwt }).authorizerId];
    expect(ids(first)).toEqual(ids(second));
    const [apiId, restId, authorizerId] = ids(new EmulatorStore({ idSeed: 7, seed: { apis: [{ type: 'http', name: 'a' }, { type: 'rest', name: 'b' }] } }));
    expect(apiId).toMatch(/^[a-z0-9]{10}$/);
    expect(restId).toMatch(/^[a-z0-9]{10}$/);
    expect(authorizerId).toMatch(/^[a-z0-9]{6}$/);
  });

  it('stamps resources with the injected clock, in whole seconds', () => {
    const clock = createManualClock('2024-05-01T10:00:00.750Z');
    const store = makeStore({ now: clock.now });
    expect(store.v2.getApi({ apiId: HTTP_ID }).createdDate).toEqual(new Date('2024-05-01T10:00:00Z'));
  });
});

describe('apigatewayv2 authorizers', () => {
  it('creates, reads, lists, updates and deletes', () => {
    const store = makeStore();
    const created = store.v2.createAuthorizer({ apiId: HTTP_ID, ...httpRequest });
    expect(created).toEqual({ authorizerId: created.authorizerId, ...httpRequest });
    expect(store.v2.getAuthorizer({ apiId: HTTP_ID, authorizerId: created.authorizerId })).toEqual(created);
    const updated = store.v2.updateAuthorizer({ apiId: HTTP_ID, authorizerId: created.authorizerId, authorizerResultTtlInSeconds: 60 });
    expect(updated).toEqual({ ...created, authorizerResultTtlInSeconds: 60 });
    expect(store.v2.getAuthorizers({ apiId: HTTP_ID }).items).toEqual([updated]);
    store.v2.deleteAuthorizer({ apiId: HTTP_ID, authorizerId: created.authorizerId });
    expect(store.v2.getAuthorizers({ apiId: HTTP_ID })).toEqual({ items: [] });
  });

  it('does not echo members that do not apply to the type', () => {
    const store = makeStore();
    const created = store.v2.createAuthorizer({ apiId: HTTP_ID, ...jwt, authorizerResultTtlInSeconds: 300, authorizerPayloadFormatVersion: '2.0', authorizerUri: LAMBDA });
    expect(created).toEqual({ authorizerId: created.authorizerId, ...jwt });
  });

  it('answers unknown ids with 404 and the resource type', () => {
    const store = makeStore();
    expect(failure(() => store.v2.getApi({ apiId: 'nope' }))).toEqual({ code: 'NotFoundException', status: 404, message: 'Invalid API identifier specified 123456789012:nope', members: { resourceType: 'Api' } });
    expect(failure(() => store.v2.getAuthorizer({ apiId: HTTP_ID, authorizerId: 'nope00' })).members).toEqual({ resourceType: 'Authorizer' });
    expect(failure(() => store.v2.deleteAuthorizer({ apiId: HTTP_ID, authorizerId: 'nope00' })).status).toBe(404);
    expect(failure(() => store.v2.getStage({ apiId: HTTP_ID, stageName: 'nope' })).message).toBe('Invalid stage identifier specified');
  });

  const invalid: [string, string, Record<string, unknown>, string][] = [
    ['payload version missing', HTTP_ID, { ...httpRequest, authorizerPayloadFormatVersion: undefined }, 'AuthorizerPayloadFormatVersion is a required parameter for REQUEST authorizer'],
    ['simple responses with 1.0', HTTP_ID, { ...httpRequest, authorizerPayloadFormatVersion: '1.0', enableSimpleResponses: true }, 'EnableSimpleResponses can only be set for AuthorizerPayloadFormatVersion "2.0".'],
    ['caching without identity source', HTTP_ID, { ...httpRequest, identitySource: [], authorizerResultTtlInSeconds: 300 }, 'Identity source must be set if authorizer caching is enabled (TTL is greater than 0)'],
    ['TTL above 3600', HTTP_ID, { ...httpRequest, authorizerResultTtlInSeconds: 3601 }, "1 validation error detected: Value '3601' at 'createAuthorizerInput.authorizerResultTtlInSeconds' failed to satisfy constraint: Member must have value less than or equal to 3600"],
    ['unknown type', HTTP_ID, { ...httpRequest, authorizerType: 'TOKEN' }, "1 validation error detected: Value 'TOKEN' at 'createAuthorizerInput.authorizerType' failed to satisfy constraint: Member must satisfy enum value set: [REQUEST, JWT]"],
    ['name too long', HTTP_ID, { ...httpRequest, name: 'n'.repeat(129) }, `1 validation error detected: Value '${'n'.repeat(129)}' at 'createAuthorizerInput.name' failed to satisfy constraint: Member must have length less than or equal to 128`],
    ['name missing', HTTP_ID, { ...httpRequest, name: undefined }, "1 validation error detected: Value null at 'createAuthorizerInput.name' failed to satisfy constraint: Member must not be null"],
    ['JWT without configuration', HTTP_ID, { ...jwt, jwtConfiguration: undefined }, 'JwtConfiguration is a required parameter for JWT authorizer'],
    ['JWT with two identity sources', HTTP_ID, { ...jwt, identitySource: ['$request.header.A', '$request.header.B'] }, 'JWT authorizers require exactly one identity source'],
    ['JWT with a context identity source', HTTP_ID, { ...jwt, identitySource: ['$context.x'] }, 'Invalid identity source expression specified: $context.x'],
    ['JWT with a plain http issuer', HTTP_ID, { ...jwt, jwtConfiguration: { issuer: 'http://x' } }, 'Invalid issuer http://x. Issuer must have a valid https URL.'],
    ['WebSocket TTL', WS_ID, { ...httpRequest, authorizerPayloadFormatVersion: undefined, identitySource: ['route.request.header.Auth'], authorizerResultTtlInSeconds: 0 }, 'AuthorizerResultTtlInSeconds cannot be set for WEBSOCKET protocol Apis.'],
    ['WebSocket JWT', WS_ID, jwt, 'JWT authorizers are supported only for HTTP protocol Apis.'],
    ['WebSocket HTTP-style identity source', WS_ID, { ...httpRequest, authorizerPayloadFormatVersion: undefined }, 'Invalid identity source expression specified: $request.header.Authorization'],
    ['wrong member type', HTTP_ID, { ...httpRequest, identitySource: 'x' }, `1 validation error detected: Value 'x' at 'createAuthorizerInput.identitySource' failed to satisfy constraint: Member must be a list of strings`],
  ];
  it.each(invalid)('refuses %s with 400', (_, apiId, input, message) => {
    const store = makeStore();
    expect(failure(() => store.v2.createAuthorizer({ apiId, ...(input as V2AuthorizerMembers) }))).toEqual({ code: 'BadRequestException', status: 400, message });
  });

  it('accepts a WebSocket REQUEST authorizer and a REQUEST authorizer without identity sources', () => {
    const store = makeStore();
    const ws = store.v2.createAuthorizer({ apiId: WS_ID, name: 'ws', authorizerType: 'REQUEST', authorizerUri: LAMBDA, identitySource: ['route.request.header.Auth'] });
    expect(ws).not.toHaveProperty('authorizerResultTtlInSeconds');
    expect(store.v2.createAuthorizer({ apiId: HTTP_ID, ...httpRequest, identitySource: undefined })).not.toHaveProperty('identitySource');
  });

  it('keeps names unique per API and allows ten authorizers (HTTP 429 ConflictException after)', () => {
    const store = makeStore();
    store.v2.createAuthorizer({ apiId: HTTP_ID, ...httpRequest });
    expect(failure(() => store.v2.createAuthorizer({ apiId: HTTP_ID, ...httpRequest })).message).toBe('Authorizer name must be unique. Authorizer lambda already exists in this RestApi.');
    for (let i = 1; i < 10; i += 1) store.v2.createAuthorizer({ apiId: HTTP_ID, ...httpRequest, name: `a${i}` });
    expect(failure(() => store.v2.createAuthorizer({ apiId: HTTP_ID, ...httpRequest, name: 'eleventh' }))).toEqual({
      code: 'ConflictException',
      status: 429,
      message: 'Maximum number of Authorizers for this API has been reached. Please contact AWS if you need additional Authorizers.',
    });
  });

  describe('UpdateAuthorizer merges', () => {
    it('changes only the members present and clears a string member with ""', () => {
      const store = makeStore();
      const { authorizerId } = store.v2.createAuthorizer({ apiId: HTTP_ID, ...httpRequest, authorizerCredentialsArn: 'arn:aws:iam::123456789012:role/r' });
      const updated = store.v2.updateAuthorizer({ apiId: HTTP_ID, authorizerId, authorizerCredentialsArn: '', enableSimpleResponses: true });
      expect(updated).toEqual({ authorizerId, ...httpRequest, enableSimpleResponses: true });
    });

    it('replaces jwtConfiguration as a whole', () => {
      const store = makeStore();
      const { authorizerId } = store.v2.createAuthorizer({ apiId: HTTP_ID, ...jwt });
      const updated = store.v2.updateAuthorizer({ apiId: HTTP_ID, authorizerId, jwtConfiguration: { issuer: 'https://other.example.com' } });
      expect(updated.jwtConfiguration).toEqual({ issuer: 'https://other.example.com' });
    });

    it('validates the merged result and leaves the authorizer unchanged when it fails', () => {
      const store = makeStore();
      const created = store.v2.createAuthorizer({ apiId: HTTP_ID, ...httpRequest, enableSimpleResponses: true });
      expect(failure(() => store.v2.updateAuthorizer({ apiId: HTTP_ID, authorizerId: created.authorizerId, authorizerPayloadFormatVersion: '1.0' })).message).toBe(
        'EnableSimpleResponses can only be set for AuthorizerPayloadFormatVersion "2.0".',
      );
      store.v2.createAuthorizer({ apiId: HTTP_ID, ...jwt });
      expect(failure(() => store.v2.updateAuthorizer({ apiId: HTTP_ID, authorizerId: created.authorizerId, name: 'jwt' })).message).toContain('Authorizer jwt already exists');
      expect(store.v2.getAuthorizer({ apiId: HTTP_ID, authorizerId: created.authorizerId })).toEqual(created);
    });

    it('switches type and drops the members the new type does not have', () => {
      const store = makeStore();
      const { authorizerId } = store.v2.createAuthorizer({ apiId: HTTP_ID, ...httpRequest });
      const updated = store.v2.updateAuthorizer({ apiId: HTTP_ID, authorizerId, authorizerType: 'JWT', jwtConfiguration: jwt.jwtConfiguration });
      expect(updated).toEqual({ authorizerId, authorizerType: 'JWT', name: 'lambda', identitySource: httpRequest.identitySource, jwtConfiguration: jwt.jwtConfiguration });
    });
  });

  it('refuses to delete an authorizer a route uses', () => {
    const store = makeStore({}, [{ type: 'http', id: HTTP_ID, name: 'orders', authorizers: [{ ...httpRequest, id: 'auth01', referencedBy: ['GET /pets'] }] }]);
    expect(failure(() => store.v2.deleteAuthorizer({ apiId: HTTP_ID, authorizerId: 'auth01' }))).toEqual({ code: 'ConflictException', status: 409, message: "Cannot delete authorizer 'lambda', is referenced in route: GET /pets" });
    store.setAuthorizerReferences({ apiId: HTTP_ID, authorizerId: 'auth01', referencedBy: [] });
    store.v2.deleteAuthorizer({ apiId: HTTP_ID, authorizerId: 'auth01' });
  });
});

describe('apigatewayv2 stages, cache and deployments', () => {
  it('resets the cache of HTTP API stages only', () => {
    const store = makeStore();
    expect(store.v2.resetAuthorizersCache({ apiId: HTTP_ID, stageName: '$default' })).toBeUndefined();
    expect(failure(() => store.v2.resetAuthorizersCache({ apiId: HTTP_ID, stageName: 'nope' })).status).toBe(404);
    expect(failure(() => store.v2.resetAuthorizersCache({ apiId: WS_ID, stageName: 'live' }))).toEqual({ code: 'BadRequestException', status: 400, message: 'ResetAuthorizersCache is supported only for HTTP APIs.' });
  });

  it('deploys to a stage and refuses an unknown stage', () => {
    const store = makeStore();
    const deployment = store.v2.createDeployment({ apiId: HTTP_ID, stageName: 'prod', description: 'auth change' });
    expect(deployment).toEqual({ deploymentId: deployment.deploymentId, deploymentStatus: 'DEPLOYED', createdDate: new Date('2024-01-01T00:00:00Z'), autoDeployed: false, description: 'auth change' });
    expect(store.v2.getStage({ apiId: HTTP_ID, stageName: 'prod' }).deploymentId).toBe(deployment.deploymentId);
    expect(failure(() => store.v2.createDeployment({ apiId: HTTP_ID, stageName: 'nope' })).code).toBe('NotFoundException');
  });

  it('redeploys auto-deploying stages when authorizers change, as AWS does', () => {
    const store = makeStore();
    const before = store.v2.getStage({ apiId: HTTP_ID, stageName: '$default' }).deploymentId;
    expect(before).toMatch(/^[a-z0-9]{6}$/);
    store.v2.createAuthorizer({ apiId: HTTP_ID, ...jwt });
    expect(store.v2.getStage({ apiId: HTTP_ID, stageName: '$default' }).deploymentId).not.toBe(before);
    expect(store.v2.getStage({ apiId: HTTP_ID, stageName: 'prod' })).not.toHaveProperty('deploymentId');
  });
});
