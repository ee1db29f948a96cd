/** The emulator store itself: pagination, regions, the call log, failure injection, throttling, seeds. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createManualClock, EmulatorSeedError, EmulatorStore, parseSeed } from '../../src/emulator/index.js';
import { LAMBDA, HTTP_ID, REST_ID, jwt, token, makeStore, failure } from './emulator-support.js';

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

  it('serves the smaller of the size asked for and the configured page cap, on both services', () => {
    const store = makeStore({ maxPageSize: 2, maxAuthorizersPerApi: 50 });
    for (let i = 0; i < 5; i += 1) {
      store.v2.createAuthorizer({ apiId: HTTP_ID, ...jwt, name: `a${i}` });
      store.rest.createAuthorizer({ restApiId: REST_ID, ...token, name: `a${i}` });
    }
    const v2First = store.v2.getAuthorizers({ apiId: HTTP_ID, maxResults: '500' });
    expect(v2First.items.map((item) => item.name)).toEqual(['a0', 'a1']);
    expect(store.v2.getAuthorizers({ apiId: HTTP_ID, maxResults: '1' }).items).toHaveLength(1);
    const restFirst = store.rest.getAuthorizers({ restApiId: REST_ID, limit: 500 });
    expect(restFirst.items.map((item) => item.name)).toEqual(['a0', 'a1']);
    const restLast = store.rest.getAuthorizers({ restApiId: REST_ID, limit: 500, position: store.rest.getAuthorizers({ restApiId: REST_ID, limit: 500, position: restFirst.position }).position });
    expect(restLast).toEqual({ items: [expect.objectContaining({ name: 'a4' })] });
    // Without a cap a page holds what was asked for, up to AWS's 500.
    expect(makeStore({ maxAuthorizersPerApi: 50 }).v2.getApis({ maxResults: '500' }).nextToken).toBeUndefined();
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

  it("names an HTTP or WebSocket API's resource by its IAM ARN, /apis/…, not by the request path /v2/apis/…", () => {
    // docs/aws-behaviour.md, "Error codes": the resource is the one IAM policies name (AWS's ARN reference).
    const store = makeStore();
    store.injectFailure({ error: 'AccessDeniedException' });
    expect(failure(() => store.v2.getAuthorizers({ apiId: HTTP_ID })).message).toContain(
      `is not authorized to perform: apigateway:GET on resource: arn:aws:apigateway:us-east-1::/apis/${HTTP_ID}/authorizers because`,
    );
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
        'bad.yaml:6:5: apis[1].idd: unknown key; expected one of type, region, id, name, description, tags, stages, authorizers, methods, endpointType',
        'bad.yaml:7:14: apis[1].stages[0]: missing `name`',
        'bad.yaml:7:16: apis[1].stages[0].autoDeploy: unknown key; expected one of name, deploymentId, description, variables, deployedAuthorizers',
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
