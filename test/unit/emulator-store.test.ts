import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createManualClock,
  EmulatorError,
  EmulatorSeedError,
  EmulatorStore,
  parseSeed,
  type EmulatorStoreOptions,
  type SeedApi,
  type V2AuthorizerMembers,
} from '../../src/emulator/index.js';

const LAMBDA = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations';
const POOL = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc';
const POOL_2 = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_def';
const HTTP_ID = 'httpapi001';
const WS_ID = 'wsapi00001';
const REST_ID = 'restapi001';

const httpRequest = { name: 'lambda', authorizerType: 'REQUEST', authorizerUri: LAMBDA, authorizerPayloadFormatVersion: '2.0', identitySource: ['$request.header.Authorization'] } as const;
const jwt = { name: 'jwt', authorizerType: 'JWT', identitySource: ['$request.header.Authorization'], jwtConfiguration: { issuer: 'https://issuer.example.com', audience: ['a'] } } as const;
const token = { name: 'token', type: 'TOKEN', authorizerUri: LAMBDA, identitySource: 'method.request.header.Authorization' } as const;
const cognito = { name: 'pool', type: 'COGNITO_USER_POOLS', providerARNs: [POOL], identitySource: 'method.request.header.Authorization' } as const;

const APIS: SeedApi[] = [
  { type: 'http', id: HTTP_ID, name: 'orders', stages: [{ name: '$default', autoDeploy: true }, { name: 'prod' }] },
  { type: 'websocket', id: WS_ID, name: 'chat', stages: [{ name: 'live' }] },
  { type: 'rest', id: REST_ID, name: 'legacy', stages: [{ name: 'prod' }] },
];

function makeStore(options: EmulatorStoreOptions = {}, apis: SeedApi[] = APIS): EmulatorStore {
  return new EmulatorStore({ now: createManualClock().now, ...options, seed: { apis } });
}

/** The AWS error a store call throws, as data. */
function failure(run: () => unknown): { code: string; status: number; message: string; members?: Record<string, string>; retryAfterSeconds?: number } {
  try {
    run();
  } catch (error) {
    if (error instanceof EmulatorError) {
      return { code: error.code, status: error.status, message: error.message, ...(error.members ? { members: { ...error.members } } : {}), ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }) };
    }
    throw error;
  }
  throw new Error('expected an AWS error');
}

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
    expect(failure(() => store.v2.deleteAuthorizer({ apiId: HTTP_ID, authorizerId: 'auth01' }))).toEqual({ code: 'ConflictException', status: 409, message: 'Cannot delete authorizer, is referenced in route: GET /pets' });
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

describe('pagination', () => {
  function storeWithAuthorizers(count: number, pageSize: number): EmulatorStore {
    const store = makeStore({ pageSize, restPageSize: pageSize, maxAuthorizersPerApi: 50 });
    for (let i = 0; i < count; i += 1) {
      store.v2.createAuthorizer({ apiId: HTTP_ID, ...jwt, name: `a${i}` });
      store.rest.createAuthorizer({ restApiId: REST_ID, ...token, name: `a${i}` });
    }
    return store;
  }

  it('walks every item exactly once, in creation order, for any count and page size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 5 }), fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }), (count, pageSize, maxResults) => {
        const store = storeWithAuthorizers(count, pageSize);
        const v2Names: string[] = [];
        let nextToken: string | undefined;
        do {
          const page = store.v2.getAuthorizers({ apiId: HTTP_ID, nextToken, maxResults: maxResults === undefined ? undefined : String(maxResults) });
          expect(page.items.length).toBeLessThanOrEqual(maxResults ?? pageSize);
          v2Names.push(...page.items.map((item) => item.name));
          nextToken = page.nextToken;
        } while (nextToken !== undefined);
        const restNames: string[] = [];
        let position: string | undefined;
        do {
          const page = store.rest.getAuthorizers({ restApiId: REST_ID, position, limit: maxResults });
          restNames.push(...page.items.map((item) => item.name));
          position = page.position;
        } while (position !== undefined);
        const expected = Array.from({ length: count }, (_, i) => `a${i}`);
        expect(v2Names).toEqual(expected);
        expect(restNames).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses foreign or garbled tokens and page sizes outside 1..500', () => {
    const store = storeWithAuthorizers(3, 1);
    const token = store.v2.getAuthorizers({ apiId: HTTP_ID }).nextToken;
    expect(failure(() => store.v2.getStages({ apiId: HTTP_ID, nextToken: token }))).toEqual({ code: 'BadRequestException', status: 400, message: 'Invalid nextToken specified' });
    expect(failure(() => store.v2.getAuthorizers({ apiId: HTTP_ID, nextToken: 'garbage' })).status).toBe(400);
    expect(failure(() => store.rest.getAuthorizers({ restApiId: REST_ID, position: 'garbage' })).message).toBe('Invalid position specified');
    expect(failure(() => store.v2.getApis({ maxResults: '0' })).status).toBe(400);
    expect(failure(() => store.v2.getApis({ maxResults: 'ten' })).status).toBe(400);
    expect(failure(() => store.rest.getRestApis({ limit: 501 })).message).toBe("1 validation error detected: Value '501' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 500");
    expect(store.rest.getRestApis({ limit: 500 }).items).toHaveLength(1);
  });
});

describe('apigateway v1 (REST) authorizers', () => {
  it('fills authType and the 300 s TTL for Lambda authorizers', () => {
    const store = makeStore();
    const created = store.rest.createAuthorizer({ restApiId: REST_ID, ...token });
    expect(created).toEqual({ id: created.id, ...token, authType: 'custom', authorizerResultTtlInSeconds: 300 });
    expect(store.rest.getAuthorizer({ restApiId: REST_ID, authorizerId: created.id })).toEqual(created);
  });

  it('omits the TTL of Cognito authorizers unless set, and ignores their credentials on create', () => {
    const store = makeStore();
    const created = store.rest.createAuthorizer({ restApiId: REST_ID, ...cognito, authorizerCredentials: 'arn:aws:iam::123456789012:role/r' });
    expect(created).toEqual({ id: created.id, ...cognito, authType: 'cognito_user_pools' });
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['a TOKEN query-string source', { ...token, identitySource: 'method.request.querystring.key' }, "Invalid token source expression: method.request.querystring.key. The source must be a method request header, matching 'method.request.header.[a-zA-Z0-9._-]+'."],
    ['a TOKEN without identity source', { ...token, identitySource: undefined }, 'IdentitySource is a required parameter for TOKEN authorizer'],
    ['a TOKEN without URI', { ...token, authorizerUri: undefined }, 'AuthorizerUri is a required parameter for TOKEN authorizer'],
    ['a cached REQUEST without identity source', { ...token, type: 'REQUEST', identitySource: undefined }, 'Identity source must be set if authorizer caching is enabled (TTL is greater than 0)'],
    ['a Cognito authorizer without pools', { ...cognito, providerARNs: [] }, 'ProviderARNs is a required parameter for COGNITO_USER_POOLS authorizer'],
    ['a TTL above 3600', { ...token, authorizerResultTtlInSeconds: 4000 }, 'Invalid value for authorizerResultTtlInSeconds: 4000. The value must be an integer between 0 and 3600.'],
    ['an unknown type', { ...token, type: 'JWT' }, "1 validation error detected: Value 'JWT' at 'createAuthorizerInput.type' failed to satisfy constraint: Member must satisfy enum value set: [TOKEN, REQUEST, COGNITO_USER_POOLS]"],
  ];
  it.each(invalid)('refuses %s with 400', (_, input, message) => {
    const store = makeStore();
    // Modelled constraints (name, type enum) are ValidationException on REST, the rest BadRequestException.
    const code = message.startsWith('1 validation error detected') ? 'ValidationException' : 'BadRequestException';
    expect(failure(() => store.rest.createAuthorizer({ restApiId: REST_ID, ...input }))).toEqual({ code, status: 400, message });
  });

  it('accepts an uncached REQUEST authorizer without identity source', () => {
    const store = makeStore();
    const created = store.rest.createAuthorizer({ restApiId: REST_ID, ...token, type: 'REQUEST', identitySource: undefined, authorizerResultTtlInSeconds: 0 });
    expect(created.authorizerResultTtlInSeconds).toBe(0);
  });

  it('answers an unknown API with 404 on reads and 409 on CreateAuthorizer, like AWS', () => {
    const store = makeStore();
    expect(failure(() => store.rest.getAuthorizers({ restApiId: 'nope' }))).toEqual({ code: 'NotFoundException', status: 404, message: 'Invalid API identifier specified 123456789012:nope' });
    expect(failure(() => store.rest.getRestApi({ restApiId: REST_ID.toUpperCase() })).status).toBe(404);
    expect(failure(() => store.rest.createAuthorizer({ restApiId: 'nope', ...token }))).toEqual({ code: 'ConflictException', status: 409, message: 'Unable to complete operation due to concurrent modification. Please try again later.' });
  });

  it('allows ten authorizers per API, then LimitExceededException', () => {
    const store = makeStore();
    for (let i = 0; i < 10; i += 1) store.rest.createAuthorizer({ restApiId: REST_ID, ...token, name: `t${i}` });
    expect(failure(() => store.rest.createAuthorizer({ restApiId: REST_ID, ...token, name: 'eleventh' }))).toMatchObject({ code: 'LimitExceededException', status: 429 });
  });

  it('refuses to delete an authorizer a method uses, in AWS words', () => {
    const store = makeStore({}, [{ type: 'rest', id: REST_ID, name: 'legacy', authorizers: [{ ...token, id: 'auth01', referencedBy: ['GET /pets'] }] }]);
    expect(failure(() => store.rest.deleteAuthorizer({ restApiId: REST_ID, authorizerId: 'auth01' }))).toEqual({ code: 'ConflictException', status: 409, message: 'Cannot delete authorizer, is referenced in method: GET//pets' });
  });

  it('flushes a stage cache and deploys, creating the stage when needed', () => {
    const store = makeStore();
    expect(store.rest.flushStageAuthorizersCache({ restApiId: REST_ID, stageName: 'prod' })).toBeUndefined();
    expect(failure(() => store.rest.flushStageAuthorizersCache({ restApiId: REST_ID, stageName: 'dev' })).message).toBe('Invalid stage identifier specified');
    const deployment = store.rest.createDeployment({ restApiId: REST_ID, stageName: 'dev', description: 'first' });
    expect(store.rest.getStage({ restApiId: REST_ID, stageName: 'dev' }).deploymentId).toBe(deployment.id);
    expect(store.rest.getStages({ restApiId: REST_ID, deploymentId: deployment.id }).items.map((stage) => stage.stageName)).toEqual(['dev']);
  });
});

describe('apigateway v1 UpdateAuthorizer patch operations', () => {
  function withAuthorizer(members: Record<string, unknown>) {
    const store = makeStore();
    const created = store.rest.createAuthorizer({ restApiId: REST_ID, ...members });
    const patch = (...patchOperations: { op: 'add' | 'remove' | 'replace' | 'move'; path: string; value?: string }[]) =>
      store.rest.updateAuthorizer({ restApiId: REST_ID, authorizerId: created.id, patchOperations });
    return { store, created, patch };
  }

  it('replaces members, parsing the TTL from its string', () => {
    const { created, patch } = withAuthorizer(token);
    expect(patch({ op: 'replace', path: '/authorizerResultTtlInSeconds', value: '60' }, { op: 'replace', path: '/name', value: 'renamed' })).toEqual({ ...created, name: 'renamed', authorizerResultTtlInSeconds: 60 });
  });

  it('clears an optional member with ""', () => {
    const { created, patch } = withAuthorizer({ ...token, authorizerCredentials: 'arn:aws:iam::123456789012:role/r' });
    expect(patch({ op: 'replace', path: '/authorizerCredentials', value: '' })).toEqual({ ...created, authorizerCredentials: undefined });
  });

  it('refuses unsupported paths and operations in AWS words', () => {
    const { patch } = withAuthorizer(token);
    expect(failure(() => patch({ op: 'replace', path: '/foo', value: 'x' })).message).toBe(
      "Invalid patch path  '/foo' specified for op 'replace'. Must be one of: [/name, /type, /authType, /authorizerUri, /authorizerCredentials, /identitySource, /identityValidationExpression, /authorizerResultTtlInSeconds]",
    );
    expect(failure(() => patch({ op: 'add', path: '/name', value: 'x' })).message).toBe("Invalid patch path  '/name' specified for op 'add'. Please choose supported operations");
    expect(failure(() => patch({ op: 'move', path: '/name' })).status).toBe(400);
  });

  it.each(['abc', '-1', '3601', '1.5'])('refuses the TTL %j', (value) => {
    const { patch } = withAuthorizer(token);
    expect(failure(() => patch({ op: 'replace', path: '/authorizerResultTtlInSeconds', value })).message).toBe(`Invalid value for authorizerResultTtlInSeconds: ${value}. The value must be an integer between 0 and 3600.`);
  });

  it('adds before it removes provider ARNs, and never leaves a Cognito authorizer without one', () => {
    const { store, created, patch } = withAuthorizer(cognito);
    expect(patch({ op: 'add', path: '/providerARNs', value: POOL_2 }, { op: 'remove', path: '/providerARNs', value: POOL }).providerARNs).toEqual([POOL_2]);
    expect(failure(() => patch({ op: 'remove', path: '/providerARNs', value: POOL_2 }, { op: 'add', path: '/providerARNs', value: POOL })).message).toBe('ProviderARNs is a required parameter for COGNITO_USER_POOLS authorizer');
    expect(store.rest.getAuthorizer({ restApiId: REST_ID, authorizerId: created.id }).providerARNs).toEqual([POOL_2]);
  });

  it('lets a patch set a Cognito authorizer credentials, which create ignores', () => {
    const { patch } = withAuthorizer(cognito);
    expect(patch({ op: 'replace', path: '/authorizerCredentials', value: 'arn:aws:iam::123456789012:role/r' }).authorizerCredentials).toBe('arn:aws:iam::123456789012:role/r');
  });

  it('changes TOKEN to REQUEST but not across the Cognito boundary', () => {
    const { patch } = withAuthorizer(token);
    expect(patch({ op: 'replace', path: '/type', value: 'REQUEST' }).type).toBe('REQUEST');
    expect(failure(() => patch({ op: 'replace', path: '/type', value: 'COGNITO_USER_POOLS' })).message).toBe('Invalid patch value: the authorizer type cannot be changed from REQUEST to COGNITO_USER_POOLS');
  });

  it('validates the result with the create rules and stores nothing when any step fails', () => {
    const { store, created, patch } = withAuthorizer(token);
    expect(failure(() => patch({ op: 'replace', path: '/name', value: 'renamed' }, { op: 'replace', path: '/identitySource', value: 'method.request.querystring.key' })).message).toMatch(/^Invalid token source expression/);
    expect(store.rest.getAuthorizer({ restApiId: REST_ID, authorizerId: created.id })).toEqual(created);
  });

  it('either applies a whole patch or leaves the authorizer as it was (property)', () => {
    const op = fc.record({
      op: fc.constantFrom('replace' as const, 'add' as const, 'remove' as const),
      path: fc.constantFrom('/name', '/type', '/identitySource', '/authorizerResultTtlInSeconds', '/providerARNs', '/authorizerUri'),
      value: fc.constantFrom('', 'x', '60', '9999', 'TOKEN', 'REQUEST', 'method.request.header.X', POOL_2),
    });
    fc.assert(
      fc.property(fc.constantFrom(token, cognito), fc.array(op, { maxLength: 4 }), (members, operations) => {
        const { store, created, patch } = withAuthorizer(members);
        try {
          const result = patch(...operations);
          expect(store.rest.getAuthorizer({ restApiId: REST_ID, authorizerId: created.id })).toEqual(result);
        } catch (error) {
          expect(error).toBeInstanceOf(EmulatorError);
          expect(store.rest.getAuthorizer({ restApiId: REST_ID, authorizerId: created.id })).toEqual(created);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('regions', () => {
  it('keeps state per region', () => {
    const store = makeStore({}, [{ type: 'http', name: 'eu', region: 'eu-west-1' }]);
    expect(store.v2.getApis().items).toEqual([]);
    const [api] = store.inRegion('eu-west-1').v2.getApis().items;
    expect(api?.apiEndpoint).toBe(`https://${api?.apiId}.execute-api.eu-west-1.amazonaws.com`);
    expect(store.calls.map((call) => call.region)).toEqual(['us-east-1', 'eu-west-1']);
  });
});

describe('call log and failure injection', () => {
  it('logs every operation in order, failures with their code', () => {
    const store = makeStore();
    store.v2.getAuthorizers({ apiId: HTTP_ID });
    failure(() => store.rest.getRestApi({ restApiId: 'nope' }));
    expect(store.calls).toEqual([
      { service: 'apigatewayv2', operation: 'GetAuthorizers', region: 'us-east-1', params: { apiId: HTTP_ID } },
      { service: 'apigateway', operation: 'GetRestApi', region: 'us-east-1', params: { restApiId: 'nope' }, error: 'NotFoundException' },
    ]);
    store.clearCalls();
    expect(store.calls).toEqual([]);
  });

  it('fails matching calls the given number of times, after skipping some', () => {
    const store = makeStore();
    const a = store.v2.createAuthorizer({ apiId: HTTP_ID, ...jwt });
    store.injectFailure({ operation: 'UpdateAuthorizer', apiId: HTTP_ID, skip: 1, times: 2, error: { code: 'ConflictException' } });
    const update = () => store.v2.updateAuthorizer({ apiId: HTTP_ID, authorizerId: a.authorizerId, name: 'x' });
    expect(update().name).toBe('x');
    expect(failure(update)).toEqual({ code: 'ConflictException', status: 409, message: 'Unable to complete operation due to concurrent modification. Please try again later.' });
    expect(failure(update).code).toBe('ConflictException');
    expect(store.pendingFailures).toBe(0);
    expect(update().name).toBe('x');
  });

  it('matches on other parameters and on service', () => {
    const store = makeStore();
    store.injectFailure({ operation: 'GetAuthorizers', service: 'apigateway', where: { restApiId: REST_ID }, times: Infinity, error: { code: 'TooManyRequestsException', retryAfterSeconds: 3 } });
    expect(store.v2.getAuthorizers({ apiId: HTTP_ID }).items).toEqual([]);
    expect(failure(() => store.rest.getAuthorizers({ restApiId: REST_ID }))).toEqual({ code: 'TooManyRequestsException', status: 429, message: 'Too Many Requests', retryAfterSeconds: 3 });
    expect(failure(() => store.rest.getAuthorizers({ restApiId: REST_ID })).code).toBe('TooManyRequestsException');
    store.clearFailures();
    expect(store.rest.getAuthorizers({ restApiId: REST_ID }).items).toEqual([]);
  });

  it('phrases an injected IAM refusal like AWS', () => {
    const store = makeStore();
    store.injectFailure({ error: 'AccessDeniedException' });
    expect(failure(() => store.rest.getAuthorizers({ restApiId: REST_ID }))).toEqual({
      code: 'AccessDeniedException',
      status: 403,
      message: `User: arn:aws:iam::123456789012:user/gatewarden-emulator is not authorized to perform: apigateway:GET on resource: arn:aws:apigateway:us-east-1::/restapis/${REST_ID}/authorizers because no identity-based policy allows the apigateway:GET action`,
    });
  });
});

describe('throttling', () => {
  it('is off unless asked for', () => {
    const store = makeStore();
    for (let i = 0; i < 100; i += 1) store.v2.getApis();
  });

  it('shares a 10 rps, burst 40 bucket between both services, per region', () => {
    const clock = createManualClock();
    const store = makeStore({ now: clock.now, throttle: true });
    for (let i = 0; i < 20; i += 1) {
      store.v2.getApis();
      store.rest.getRestApis();
    }
    expect(failure(() => store.rest.getRestApis())).toEqual({ code: 'TooManyRequestsException', status: 429, message: 'Too Many Requests', retryAfterSeconds: 1 });
    expect(failure(() => store.v2.getApis())).toEqual({ code: 'TooManyRequestsException', status: 429, message: 'Too Many Requests' });
    expect(store.inRegion('eu-west-1').v2.getApis().items).toEqual([]);
    clock.advance(100);
    store.v2.getApis();
    expect(failure(() => store.v2.getApis()).status).toBe(429);
    clock.advance(1000);
    for (let i = 0; i < 10; i += 1) store.v2.getApis();
    expect(failure(() => store.v2.getApis()).status).toBe(429);
  });

  it('takes per-operation quotas when given', () => {
    const clock = createManualClock();
    const store = makeStore({ now: clock.now, throttle: { operations: { CreateDeployment: { ratePerSecond: 0.2, burst: 1 } } } });
    store.rest.createDeployment({ restApiId: REST_ID });
    expect(failure(() => store.rest.createDeployment({ restApiId: REST_ID })).retryAfterSeconds).toBe(5);
    clock.advance(5000);
    store.rest.createDeployment({ restApiId: REST_ID });
  });
});

describe('seeds', () => {
  const seedText = `
apis:
  - type: http
    region: eu-west-1
    id: a1b2c3d4e5
    name: orders
    stages: [{ name: $default, autoDeploy: true }, { name: prod }]
    authorizers:
      - { id: abc123, name: legacy, authorizerType: REQUEST, authorizerUri: "${LAMBDA}", authorizerPayloadFormatVersion: "2.0", identitySource: ["$request.header.Authorization"] }
  - type: rest
    name: legacy-api
    stages: [{ name: prod }]
    authorizers:
      - { name: token-auth, type: TOKEN, authorizerUri: "${LAMBDA}", identitySource: method.request.header.Authorization, referencedBy: ["GET /pets"] }
`;

  it('loads YAML and JSON seeds', () => {
    const store = makeStore({}, []);
    store.seed(parseSeed(seedText, 'seed.yaml'));
    const eu = store.inRegion('eu-west-1').v2;
    expect(eu.getAuthorizer({ apiId: 'a1b2c3d4e5', authorizerId: 'abc123' }).name).toBe('legacy');
    expect(eu.getStages({ apiId: 'a1b2c3d4e5' }).items.map((stage) => stage.stageName)).toEqual(['$default', 'prod']);
    expect(store.rest.getRestApis().items.map((api) => api.name)).toEqual(['legacy-api']);
    const json = parseSeed(JSON.stringify({ apis: [{ type: 'websocket', name: 'chat' }] }), 'seed.json');
    expect(json).toEqual({ source: 'seed.json', apis: [{ type: 'websocket', name: 'chat' }] });
  });

  it('reports every structural problem with file, line and column', () => {
    const bad = ['apis:', '  - type: graphql', '    name: x', '  - type: rest', '    name: y', '    idd: zzz', '    stages: [{ autoDeploy: true }]'].join('\n');
    expect(() => parseSeed(bad, 'bad.yaml')).toThrow(EmulatorSeedError);
    try {
      parseSeed(bad, 'bad.yaml');
    } catch (error) {
      expect((error as EmulatorSeedError).issues).toEqual([
        'bad.yaml:2:11: apis[0].type: expected one of http, websocket, rest',
        'bad.yaml:6:5: apis[1].idd: unknown key; expected one of type, region, id, name, description, tags, stages, authorizers, endpointType',
        'bad.yaml:7:14: apis[1].stages[0]: missing `name`',
        'bad.yaml:7:16: apis[1].stages[0].autoDeploy: unknown key; expected one of name, deploymentId, description, variables',
      ]);
    }
    expect(() => parseSeed('apis: [', 'broken.yaml')).toThrow(/broken\.yaml:1:/);
  });

  it('puts seeded authorizers through the create rules, naming file, API and authorizer, and changes nothing', () => {
    const store = makeStore({}, []);
    const seed = parseSeed(
      ['apis:', '  - type: http', '    name: orders', '    authorizers:', `      - { name: legacy, authorizerType: REQUEST, authorizerUri: "${LAMBDA}" }`].join('\n'),
      'seeds/bad.yaml',
    );
    expect(() => store.seed(seed)).toThrow(
      "Invalid emulator seed seeds/bad.yaml:\n  - apis[0] (http API 'orders') authorizers[0] ('legacy'): AuthorizerPayloadFormatVersion is a required parameter for REQUEST authorizer",
    );
    expect(store.v2.getApis().items).toEqual([]);
  });

  it('refuses malformed and duplicate ids', () => {
    const store = makeStore({}, []);
    expect(() => store.seed({ apis: [{ type: 'http', name: 'a', id: 'abc' }] })).toThrow(/id 'abc' does not look like an AWS id/);
    expect(() => store.seed({ apis: [{ type: 'http', name: 'a', id: HTTP_ID }, { type: 'rest', name: 'b', id: HTTP_ID }] })).toThrow(/is used twice/);
  });
});
