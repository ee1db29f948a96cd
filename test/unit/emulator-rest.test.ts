/** The emulator store as REST APIs (apigateway v1) behave: authorizers and UpdateAuthorizer patch operations. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmulatorError } from '../../src/emulator/index.js';
import { POOL, POOL_2, REST_ID, token, cognito, makeStore, failure } from './emulator-support.js';

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

  it("allows ten authorizers per API, then 429 LimitExceededException in v1's quota wording (two spaces)", () => {
    const store = makeStore();
    for (let i = 0; i < 10; i += 1) store.rest.createAuthorizer({ restApiId: REST_ID, ...token, name: `t${i}` });
    expect(failure(() => store.rest.createAuthorizer({ restApiId: REST_ID, ...token, name: 'eleventh' }))).toEqual({
      code: 'LimitExceededException',
      status: 429,
      message: 'Maximum number of Authorizers for this API has been reached.  Please contact AWS if you need additional Authorizers.',
    });
  });

  it('refuses to delete an authorizer a method uses, in AWS words', () => {
    const store = makeStore({}, [{ type: 'rest', id: REST_ID, name: 'legacy', authorizers: [{ ...token, id: 'auth01', referencedBy: ['GET /pets'] }] }]);
    expect(failure(() => store.rest.deleteAuthorizer({ restApiId: REST_ID, authorizerId: 'auth01' }))).toEqual({ code: 'ConflictException', status: 409, message: "Cannot delete authorizer 'token', is referenced in method: GET//pets" });
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
