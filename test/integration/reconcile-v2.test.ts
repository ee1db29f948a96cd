/**
 * Plan and apply against the embedded emulator for HTTP and WebSocket APIs (apigatewayv2), through
 * the unmodified SDK clients: API resolution, paging, normalisation, post-actions, failures.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Plan } from '../../src/core/model.js';
import { AccessDeniedError, InvalidManifestError, UserError } from '../../src/errors.js';
import { applyPlan } from '../../src/services/apply.js';
import { planFromManifests } from '../../src/services/plan.js';
import { callsOf, LAMBDA, LAMBDA_2, manifest, rejection, ROLE, startHarness, writes, type Harness } from './support.js';

const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc';

function jwt(name: string, audience: string[] = ['client-a']) {
  return { name, authorizerType: 'JWT', identitySource: ['$request.header.Authorization'], jwtConfiguration: { issuer: ISSUER, audience } };
}

function lambda(name: string, extra: Record<string, unknown> = {}) {
  return { name, authorizerType: 'REQUEST', authorizerUri: LAMBDA, authorizerPayloadFormatVersion: '2.0', ...extra };
}

function kinds(plan: Plan): Record<string, string> {
  return Object.fromEntries(plan.apis.flatMap((api) => api.actions.map((action) => [`${api.target.apiName}/${action.name}`, action.kind])));
}

function allNoOp(plan: Plan): boolean {
  return plan.apis.every((api) => api.actions.every((action) => action.kind === 'no-op') && api.postActions.length === 0);
}

async function planOf(h: Harness, paths: string[]) {
  return (await planFromManifests(paths, h.options)).plan;
}

async function apply(h: Harness, paths: string[]) {
  return applyPlan(await planOf(h, paths), { ...h.options, allowReplace: false });
}

describe('reading live state', () => {
  it('follows every page of GetApis and GetAuthorizers, one listing per API, resolving by id from the listing read for by-name', async () => {
    const authorizers = (prefix: string) => [0, 1, 2, 3, 4].map((i) => jwt(`${prefix}-${i}`, [`aud-${i}`]));
    const apis = [0, 1, 2, 3, 4].map((i) => ({
      type: 'http',
      id: `httpapi00${i}`,
      name: `api-${i}`,
      ...(i === 1 ? { authorizers: authorizers('by-id') } : {}),
      ...(i === 4 ? { authorizers: authorizers('by-name'), stages: [{ name: 's1' }, { name: 's2' }, { name: 's3' }] } : {}),
    }));
    const h = await startHarness(stringify({ apis }), { pageSize: 2 });
    // s3 is on the second page of GetStages: a stage check that read one page only would refuse it.
    const byName = await h.file('by-name.yaml', manifest({ type: 'http', name: 'api-4' }, authorizers('by-name'), { resetCache: ['s3'] }));
    const byId = await h.file('by-id.yaml', manifest({ type: 'http', id: 'httpapi001' }, authorizers('by-id')));

    const plan = await planOf(h, [byName, byId]);

    expect(plan.apis.map((api) => api.target.apiId).sort()).toEqual(['httpapi001', 'httpapi004']);
    for (const api of plan.apis) {
      expect(api.actions).toHaveLength(5);
      expect(api.actions.every((action) => action.kind === 'no-op')).toBe(true);
      expect(api.unmanaged).toEqual([]);
    }
    // GetApis: 5 APIs in pages of 2 is one listing of 3 pages, shared by every document of the region.
    const getApis = callsOf(h.store, 'GetApis');
    expect(getApis).toHaveLength(3);
    expect(getApis.filter((call) => call.params.nextToken === undefined)).toHaveLength(1);
    // The listing is read anyway for the API selected by name, so the one selected by id is found in it.
    expect(callsOf(h.store, 'GetApi')).toEqual([]);
    for (const apiId of ['httpapi001', 'httpapi004']) {
      const pages = callsOf(h.store, 'GetAuthorizers', apiId);
      expect(pages).toHaveLength(3);
      expect(pages.filter((call) => call.params.nextToken === undefined)).toHaveLength(1);
    }
    expect(callsOf(h.store, 'GetAuthorizers')).toHaveLength(6);
    expect(callsOf(h.store, 'GetStages', 'httpapi004')).toHaveLength(2);
    const reads = h.output.events.filter((event) => event.code === 'live.read');
    expect(reads.map((event) => (event.code === 'live.read' ? event.authorizers : -1))).toEqual([5, 5]);
    expect(writes(h.store)).toEqual([]);
  });

  const namesSeed = `
apis:
  - { type: http, id: orders0001, name: orders }
  - { type: http, id: twin000001, name: twin }
  - { type: http, id: twin000002, name: twin }
  - { type: websocket, id: chat000001, name: chat }
`;

  it('refuses an unknown API name with API_NOT_FOUND', async () => {
    const h = await startHarness(namesSeed);
    const path = await h.file('m.yaml', manifest({ type: 'http', name: 'nope' }, [jwt('a')]));
    const error = await rejection(planOf(h, [path]));
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('API_NOT_FOUND');
    expect((error as UserError).exitCode).toBe(1);
    expect((error as UserError).message).toContain('"nope"');
    expect(writes(h.store)).toEqual([]);
  });

  it('refuses an unknown API id with API_NOT_FOUND', async () => {
    const h = await startHarness(namesSeed);
    const path = await h.file('m.yaml', manifest({ type: 'http', id: 'missing001' }, [jwt('a')]));
    const error = (await rejection(planOf(h, [path]))) as UserError;
    expect(error.code).toBe('API_NOT_FOUND');
    expect(error.message).toContain('missing001');
    expect(callsOf(h.store, 'GetApi').map((call) => [call.params.apiId, call.error])).toEqual([['missing001', 'NotFoundException']]);
    expect(callsOf(h.store, 'GetApis')).toEqual([]);
  });

  it('refuses a name two APIs share with API_AMBIGUOUS naming both ids, writing nothing', async () => {
    const h = await startHarness(namesSeed);
    const path = await h.file('m.yaml', manifest({ type: 'http', name: 'twin' }, [jwt('a')]));
    const error = (await rejection(planOf(h, [path]))) as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.code).toBe('API_AMBIGUOUS');
    expect(error.message).toContain('twin000001');
    expect(error.message).toContain('twin000002');
    expect(writes(h.store)).toEqual([]);
    expect(callsOf(h.store, 'GetAuthorizers')).toEqual([]);
  });

  it('refuses an http manifest for a WebSocket API with API_TYPE_MISMATCH, by name and by id', async () => {
    const h = await startHarness(namesSeed);
    const byName = await h.file('a.yaml', manifest({ type: 'http', name: 'chat' }, [jwt('a')]));
    const error = (await rejection(planOf(h, [byName]))) as UserError;
    expect(error.code).toBe('API_TYPE_MISMATCH');
    expect(error.message).toContain('chat000001');
    expect(error.message).toContain('WebSocket API');

    const byId = await h.file('b.yaml', manifest({ type: 'http', id: 'chat000001' }, [jwt('a')]));
    expect(((await rejection(planOf(h, [byId]))) as UserError).code).toBe('API_TYPE_MISMATCH');
    expect(writes(h.store)).toEqual([]);
  });

  it('turns AccessDeniedException on GetAuthorizers into AccessDeniedError naming apigateway:GET', async () => {
    const h = await startHarness(namesSeed);
    h.store.injectFailure({ operation: 'GetAuthorizers', apiId: 'orders0001', error: 'AccessDeniedException' });
    const path = await h.file('m.yaml', manifest({ type: 'http', name: 'orders' }, [jwt('a')]));
    const error = (await rejection(planOf(h, [path]))) as AccessDeniedError;
    expect(error).toBeInstanceOf(AccessDeniedError);
    expect(error.exitCode).toBe(5);
    expect(error.code).toBe('AWS_ACCESS_DENIED');
    expect(error.message).toContain('GetAuthorizers');
    expect(error.message).toContain('apigateway:GET');
    expect(error.hint).toContain('apigateway:GET');
    expect(error.hint).toContain('arn:aws:apigateway:eu-west-1::/apis/orders0001/authorizers');
    expect(callsOf(h.store, 'GetAuthorizers').map((call) => call.error)).toEqual(['AccessDeniedException']);
    expect(writes(h.store)).toEqual([]);
  });

  it('refuses invalid manifests with every issue and makes no AWS call at all', async () => {
    const h = await startHarness(namesSeed);
    const valid = await h.file('1-valid.yaml', manifest({ type: 'http', name: 'orders' }, [jwt('a')]));
    const unknownField = await h.file('2-unknown.yaml', manifest({ type: 'http', name: 'orders' }, [{ ...jwt('a'), colour: 'blue' }]));
    const broken = await h.file('3-broken.yaml', 'apiVersion: gatewarden/v1\nkind: [AuthorizerSet\n');
    const missing = await h.file(
      '4-missing.yaml',
      manifest({ type: 'http', name: 'twin' }, [{ name: 'j', authorizerType: 'JWT', identitySource: ['$request.header.A'] }]),
    );

    const error = (await rejection(planOf(h, [valid, unknownField, broken, missing]))) as InvalidManifestError;

    expect(error).toBeInstanceOf(InvalidManifestError);
    expect(error.exitCode).toBe(3);
    const byFile = (file: string) => error.issues.filter((issue) => issue.file === file).map((issue) => issue.code);
    expect(byFile(valid)).toEqual([]);
    expect(byFile(unknownField)).toContain('schema.unknown-field');
    expect(byFile(broken)).toContain('yaml.syntax');
    expect(byFile(missing)).toContain('schema.required');
    expect(h.output.events.map((event) => event.code)).toEqual(['manifest.invalid']);
    expect(h.store.calls).toEqual([]);
  });
});

describe('planning and applying', () => {
  it('reports unmanaged authorizers and leaves them alone', async () => {
    const h = await startHarness(`
apis:
  - type: http
    id: orders0001
    name: orders
    authorizers:
      - { id: mgd001, name: managed, authorizerType: JWT, identitySource: [$request.header.Authorization], jwtConfiguration: { issuer: ${ISSUER}, audience: [old] } }
      - { id: cns001, name: console-made, authorizerType: REQUEST, authorizerUri: ${LAMBDA}, authorizerPayloadFormatVersion: "1.0" }
`);
    const before = h.store.v2.getAuthorizer({ apiId: 'orders0001', authorizerId: 'cns001' });
    const path = await h.file('m.yaml', manifest({ type: 'http', id: 'orders0001' }, [jwt('managed', ['new']), jwt('added')]));
    h.store.clearCalls();

    const plan = await planOf(h, [path]);
    expect(plan.apis[0]?.unmanaged).toEqual([{ name: 'console-made', authorizerId: 'cns001' }]);
    expect(kinds(plan)).toEqual({ 'orders/managed': 'update', 'orders/added': 'create' });

    const report = await applyPlan(plan, { ...h.options, allowReplace: false });
    expect(report.failed).toBe(false);
    expect(writes(h.store).map((call) => call.operation)).toEqual(['UpdateAuthorizer', 'CreateAuthorizer']);
    expect(writes(h.store).some((call) => call.params.authorizerId === 'cns001' || call.params.name === 'console-made')).toBe(false);
    expect(h.store.v2.getAuthorizer({ apiId: 'orders0001', authorizerId: 'cns001' })).toEqual(before);
    expect((await planOf(h, [path])).apis[0]?.unmanaged).toEqual([{ name: 'console-made', authorizerId: 'cns001' }]);
  });

  it('clears a member set out of band that the manifest omits, by sending ""', async () => {
    const h = await startHarness(`
apis:
  - type: http
    id: orders0001
    name: orders
    authorizers:
      - { id: lam001, name: lam, authorizerType: REQUEST, authorizerUri: ${LAMBDA}, authorizerPayloadFormatVersion: "2.0" }
`);
    const path = await h.file('m.yaml', manifest({ type: 'http', id: 'orders0001' }, [lambda('lam')]));
    expect(allNoOp(await planOf(h, [path]))).toBe(true);

    h.store.v2.updateAuthorizer({ apiId: 'orders0001', authorizerId: 'lam001', authorizerCredentialsArn: ROLE });
    h.store.clearCalls();
    const plan = await planOf(h, [path]);
    const action = plan.apis[0]?.actions[0];
    expect(action?.kind).toBe('update');
    expect(action?.kind === 'update' ? action.fields : []).toEqual([{ path: 'authorizerCredentialsArn', before: ROLE, after: undefined }]);

    const report = await applyPlan(plan, { ...h.options, allowReplace: false });
    expect(report.failed).toBe(false);
    const updates = callsOf(h.store, 'UpdateAuthorizer');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.params.authorizerCredentialsArn).toBe('');
    expect(h.store.v2.getAuthorizer({ apiId: 'orders0001', authorizerId: 'lam001' }).authorizerCredentialsArn).toBeUndefined();
    expect(allNoOp(await planOf(h, [path]))).toBe(true);
  });

  it('changes an HTTP authorizer between REQUEST and JWT in place, and converges both ways', async () => {
    const h = await startHarness(`
apis:
  - type: http
    id: orders0001
    name: orders
    authorizers:
      - { id: auth01, name: main, authorizerType: REQUEST, authorizerUri: ${LAMBDA}, authorizerPayloadFormatVersion: "2.0", authorizerResultTtlInSeconds: 60, identitySource: [$request.header.Authorization] }
`);
    const toJwt = await h.file('jwt.yaml', manifest({ type: 'http', id: 'orders0001' }, [jwt('main')]));
    const first = await apply(h, [toJwt]);
    expect(first.failed).toBe(false);
    expect(callsOf(h.store, 'UpdateAuthorizer')[0]?.params).toMatchObject({ authorizerType: 'JWT', jwtConfiguration: { issuer: ISSUER } });
    expect(h.store.v2.getAuthorizer({ apiId: 'orders0001', authorizerId: 'auth01' })).toMatchObject({ authorizerType: 'JWT' });
    expect(allNoOp(await planOf(h, [toJwt]))).toBe(true);

    const toLambda = await h.file('lambda.yaml', manifest({ type: 'http', id: 'orders0001' }, [lambda('main')]));
    expect((await apply(h, [toLambda])).failed).toBe(false);
    expect(h.store.v2.getAuthorizer({ apiId: 'orders0001', authorizerId: 'auth01' })).toMatchObject({
      authorizerType: 'REQUEST',
      authorizerUri: LAMBDA,
    });
    expect(allNoOp(await planOf(h, [toLambda]))).toBe(true);
  });

  it('treats identity sources and audiences in another order, and an omitted HTTP TTL as 0, as no change', async () => {
    const h = await startHarness(`
apis:
  - type: http
    id: orders0001
    name: orders
    authorizers:
      - name: ordered
        authorizerType: REQUEST
        authorizerUri: ${LAMBDA}
        authorizerPayloadFormatVersion: "2.0"
        authorizerResultTtlInSeconds: 300
        identitySource: [$request.header.B, $context.A, $request.querystring.c]
      - { name: aud, authorizerType: JWT, identitySource: [$request.header.Authorization], jwtConfiguration: { issuer: ${ISSUER}, audience: [z, y, x] } }
      - { name: no-ttl, authorizerType: REQUEST, authorizerUri: ${LAMBDA}, authorizerPayloadFormatVersion: "1.0" }
      - { name: zero-ttl, authorizerType: REQUEST, authorizerUri: ${LAMBDA}, authorizerPayloadFormatVersion: "1.0", authorizerResultTtlInSeconds: 0 }
      - { name: cached, authorizerType: REQUEST, authorizerUri: ${LAMBDA}, authorizerPayloadFormatVersion: "1.0", authorizerResultTtlInSeconds: 300, identitySource: [$request.header.X] }
`);
    const declared = [
      lambda('ordered', { authorizerResultTtlInSeconds: 300, identitySource: ['$request.querystring.c', '$request.header.B', '$context.A'] }),
      jwt('aud', ['x', 'z', 'y']),
      lambda('no-ttl', { authorizerPayloadFormatVersion: '1.0', authorizerResultTtlInSeconds: 0 }),
      lambda('zero-ttl', { authorizerPayloadFormatVersion: '1.0' }),
      lambda('cached', { authorizerPayloadFormatVersion: '1.0', identitySource: ['$request.header.X'] }),
    ];
    const path = await h.file('m.yaml', manifest({ type: 'http', id: 'orders0001' }, declared));

    const plan = await planOf(h, [path]);
    expect(kinds(plan)).toEqual({
      'orders/ordered': 'no-op',
      'orders/aud': 'no-op',
      'orders/no-ttl': 'no-op',
      'orders/zero-ttl': 'no-op',
      'orders/cached': 'update',
    });
    const cached = plan.apis[0]?.actions.find((action) => action.name === 'cached');
    expect(cached?.kind === 'update' ? cached.fields : []).toEqual([{ path: 'authorizerResultTtlInSeconds', before: 300, after: 0 }]);

    h.store.clearCalls();
    await applyPlan(plan, { ...h.options, allowReplace: false });
    expect(writes(h.store).map((call) => [call.operation, call.params.authorizerResultTtlInSeconds])).toEqual([['UpdateAuthorizer', 0]]);
    expect(allNoOp(await planOf(h, [path]))).toBe(true);
  });

  const stagesSeed = `
apis:
  - type: http
    id: orders0001
    name: orders
    stages: [{ name: $default, autoDeploy: true }, { name: prod }]
    authorizers:
      - { id: jwt001, name: main, authorizerType: JWT, identitySource: [$request.header.Authorization], jwtConfiguration: { issuer: ${ISSUER}, audience: [old] } }
  - type: websocket
    id: chat000001
    name: chat
    stages: [{ name: production }, { name: live, autoDeploy: true }]
`;

  it('resets the cache of each listed stage once, after the changes, and never when nothing changed', async () => {
    const h = await startHarness(stagesSeed);
    const path = await h.file('m.yaml', manifest({ type: 'http', name: 'orders' }, [jwt('main', ['new'])], { resetCache: ['$default', 'prod'] }));
    h.store.clearCalls();

    const report = await apply(h, [path]);
    expect(report.failed).toBe(false);
    expect(report.apis[0]?.steps.map((step) => [step.action, step.subject, step.status])).toEqual([
      ['update', 'main', 'done'],
      ['reset-cache', '$default', 'done'],
      ['reset-cache', 'prod', 'done'],
    ]);
    expect(writes(h.store).map((call) => [call.operation, call.params.stageName])).toEqual([
      ['UpdateAuthorizer', undefined],
      ['ResetAuthorizersCache', '$default'],
      ['ResetAuthorizersCache', 'prod'],
    ]);

    h.store.clearCalls();
    const again = await apply(h, [path]);
    expect(again.apis).toEqual([]);
    expect(writes(h.store)).toEqual([]);
  });

  it('refuses a resetCache stage that does not exist at plan time, writing nothing', async () => {
    const h = await startHarness(stagesSeed);
    const path = await h.file('m.yaml', manifest({ type: 'http', name: 'orders' }, [jwt('main', ['new'])], { resetCache: ['staging'] }));
    const error = (await rejection(planOf(h, [path]))) as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.code).toBe('STAGE_INVALID');
    expect(error.message).toContain('"staging"');
    expect(writes(h.store)).toEqual([]);
  });

  it('redeploys a WebSocket stage only after changes', async () => {
    const h = await startHarness(stagesSeed);
    const deploymentBefore = h.store.v2.getStage({ apiId: 'chat000001', stageName: 'production' }).deploymentId;
    const ws = { name: 'connect', authorizerType: 'REQUEST', authorizerUri: LAMBDA, identitySource: ['route.request.querystring.token'] };
    const path = await h.file('m.yaml', manifest({ type: 'websocket', name: 'chat' }, [ws], { redeploy: ['production'] }));
    h.store.clearCalls();

    const report = await apply(h, [path]);
    expect(report.failed).toBe(false);
    expect(writes(h.store).map((call) => [call.operation, call.params.stageName])).toEqual([
      ['CreateAuthorizer', undefined],
      ['CreateDeployment', 'production'],
    ]);
    const deploymentAfter = h.store.v2.getStage({ apiId: 'chat000001', stageName: 'production' }).deploymentId;
    expect(deploymentAfter).toBeDefined();
    expect(deploymentAfter).not.toEqual(deploymentBefore);

    h.store.clearCalls();
    const plan = await planOf(h, [path]);
    expect(allNoOp(plan)).toBe(true);
    await applyPlan(plan, { ...h.options, allowReplace: false });
    expect(writes(h.store)).toEqual([]);
  });

  it('converges: after apply, the plan is all no-op and a second apply writes nothing', async () => {
    const h = await startHarness(`
apis:
  - type: http
    name: orders
    stages: [{ name: $default, autoDeploy: true }]
    authorizers:
      - { name: jwt-main, authorizerType: JWT, identitySource: [$request.header.Authorization], jwtConfiguration: { issuer: ${ISSUER}, audience: [my-client-id] } }
      - { name: console-made, authorizerType: REQUEST, authorizerUri: ${LAMBDA}, authorizerPayloadFormatVersion: "1.0" }
  - type: websocket
    name: chat
    stages: [{ name: production }]
`);
    const http = await h.file(
      'orders.yaml',
      manifest(
        { type: 'http', name: 'orders' },
        [
          jwt('jwt-main', ['my-client-id', 'my-mobile-client-id']),
          lambda('lambda-req', {
            authorizerCredentialsArn: ROLE,
            enableSimpleResponses: true,
            authorizerResultTtlInSeconds: 300,
            identitySource: ['$request.header.Authorization'],
          }),
        ],
        { resetCache: ['$default'] },
      ),
    );
    const ws = await h.file(
      'chat.yaml',
      manifest(
        { type: 'websocket', name: 'chat' },
        [{ name: 'connect-auth', authorizerType: 'REQUEST', authorizerUri: LAMBDA, authorizerCredentialsArn: ROLE, identitySource: ['route.request.querystring.token'] }],
        { redeploy: ['production'] },
      ),
    );

    const first = await apply(h, [http, ws]);
    expect(first.failed).toBe(false);
    expect(first.apis.flatMap((api) => api.steps.map((step) => `${step.action}:${step.subject}:${step.status}`)).sort()).toEqual([
      'create:connect-auth:done',
      'create:lambda-req:done',
      'redeploy:production:done',
      'reset-cache:$default:done',
      'update:jwt-main:done',
    ]);

    const plan = await planOf(h, [http, ws]);
    expect(allNoOp(plan)).toBe(true);
    expect(plan.apis.find((api) => api.target.apiName === 'orders')?.unmanaged.map((entry) => entry.name)).toEqual(['console-made']);
    h.store.clearCalls();
    const second = await applyPlan(plan, { ...h.options, allowReplace: false });
    expect(second).toEqual({ apis: [], failed: false, interrupted: false });
    expect(writes(h.store)).toEqual([]);
  });

  it('stops before the next write when interrupted, reports the rest as not attempted, and converges afterwards', async () => {
    const h = await startHarness(`
apis:
  - type: http
    id: orders0001
    name: orders
    stages: [{ name: $default, autoDeploy: true }]
`);
    const path = await h.file('m.yaml', manifest({ type: 'http', id: 'orders0001' }, [jwt('a'), jwt('b'), jwt('c')], { resetCache: ['$default'] }));
    const plan = await planOf(h, [path]);
    const controller = new AbortController();
    // Ctrl-C arrives while the first write is under way: it finishes, nothing after it starts.
    const output = { emit: (event: { code: string }) => event.code === 'apply.step' && controller.abort() };
    h.store.clearCalls();
    const report = await applyPlan(plan, { ...h.options, output, allowReplace: false, signal: controller.signal });
    expect(report.interrupted).toBe(true);
    expect(report.failed).toBe(false);
    expect(report.apis[0]?.steps.map((step) => `${step.status} ${step.action} ${step.subject}`)).toEqual([
      'done create a',
      'not-attempted create b',
      'not-attempted create c',
      'not-attempted reset-cache $default',
    ]);
    expect(writes(h.store).map((call) => call.operation)).toEqual(['CreateAuthorizer']);
    expect((await apply(h, [path])).failed).toBe(false);
    expect(allNoOp(await planOf(h, [path]))).toBe(true);
  });

  it('stops writing to an API at its first AWS error, goes on with other APIs, and converges once the error is gone', async () => {
    const h = await startHarness(`
apis:
  - type: http
    id: alpha00001
    name: alpha
    stages: [{ name: $default, autoDeploy: true }]
    authorizers:
      - { id: aone01, name: a-one, authorizerType: JWT, identitySource: [$request.header.Authorization], jwtConfiguration: { issuer: ${ISSUER}, audience: [old] } }
      - { id: atwo01, name: a-two, authorizerType: JWT, identitySource: [$request.header.Authorization], jwtConfiguration: { issuer: ${ISSUER}, audience: [old] } }
  - type: http
    id: beta000001
    name: beta
    authorizers:
      - { id: bone01, name: b-one, authorizerType: JWT, identitySource: [$request.header.Authorization], jwtConfiguration: { issuer: ${ISSUER}, audience: [old] } }
`);
    const alpha = await h.file(
      'alpha.yaml',
      manifest({ type: 'http', name: 'alpha' }, [jwt('a-one', ['new']), jwt('a-two', ['new']), jwt('a-three')], { resetCache: ['$default'] }),
    );
    const beta = await h.file('beta.yaml', manifest({ type: 'http', name: 'beta' }, [jwt('b-one', ['new'])]));
    h.store.injectFailure({
      operation: 'UpdateAuthorizer',
      apiId: 'alpha00001',
      where: { authorizerId: 'atwo01' },
      error: { code: 'BadRequestException', message: 'injected: no' },
    });
    h.store.clearCalls();

    const report = await apply(h, [alpha, beta]);

    expect(report.failed).toBe(true);
    const steps = (apiName: string) =>
      report.apis.find((api) => api.target.apiName === apiName)?.steps.map((step) => [step.action, step.subject, step.status]);
    expect(steps('alpha')).toEqual([
      ['update', 'a-one', 'done'],
      ['update', 'a-two', 'failed'],
      ['create', 'a-three', 'not-attempted'],
      ['reset-cache', '$default', 'not-attempted'],
    ]);
    expect(steps('beta')).toEqual([['update', 'b-one', 'done']]);
    const failed = report.apis.flatMap((api) => api.steps).find((step) => step.status === 'failed');
    expect(failed?.error).toContain('injected: no');
    expect(callsOf(h.store, 'CreateAuthorizer', 'alpha00001')).toEqual([]);
    expect(callsOf(h.store, 'ResetAuthorizersCache')).toEqual([]);
    expect(callsOf(h.store, 'UpdateAuthorizer', 'alpha00001').map((call) => [call.params.authorizerId, call.error])).toEqual([
      ['aone01', undefined],
      ['atwo01', 'BadRequestException'],
    ]);
    expect(callsOf(h.store, 'UpdateAuthorizer', 'beta000001').map((call) => call.error)).toEqual([undefined]);
    const events = h.output.events.filter((event) => event.code === 'apply.step');
    expect(events).toHaveLength(3);

    const retryPlan = await planOf(h, [alpha, beta]);
    expect(kinds(retryPlan)).toEqual({ 'alpha/a-two': 'update', 'alpha/a-three': 'create', 'alpha/a-one': 'no-op', 'beta/b-one': 'no-op' });
    const retry = await applyPlan(retryPlan, { ...h.options, allowReplace: false });
    expect(retry.failed).toBe(false);
    expect(allNoOp(await planOf(h, [alpha, beta]))).toBe(true);
  });
});

describe('convergence property', () => {
  const names = ['auth-a', 'auth-b', 'auth-c', 'auth-d', 'auth-e', 'auth-f'];
  const sourcePrefixes = ['$request.header.', '$request.querystring.', '$context.', '$stageVariables.'];
  const sources = sourcePrefixes.flatMap((prefix) => ['Authorization', 'tenant'].map((key) => `${prefix}${key}`));

  const request = fc
    .record(
      {
        name: fc.constantFrom(...names),
        authorizerType: fc.constant('REQUEST'),
        authorizerUri: fc.constantFrom(LAMBDA, LAMBDA_2),
        authorizerPayloadFormatVersion: fc.constantFrom('1.0', '2.0'),
        authorizerCredentialsArn: fc.constant(ROLE),
        authorizerResultTtlInSeconds: fc.constantFrom(0, 60, 300),
        enableSimpleResponses: fc.boolean(),
        identitySource: fc.shuffledSubarray(sources, { maxLength: 3 }),
      },
      { requiredKeys: ['name', 'authorizerType', 'authorizerUri', 'authorizerPayloadFormatVersion'] },
    )
    .map((fields) => {
      const out: Record<string, unknown> = { ...fields };
      if (fields.authorizerPayloadFormatVersion !== '2.0' && fields.enableSimpleResponses) delete out.enableSimpleResponses;
      if ((fields.authorizerResultTtlInSeconds ?? 0) > 0 && (fields.identitySource ?? []).length === 0) {
        out.identitySource = ['$request.header.Authorization'];
      }
      return out;
    });
  const jwtArb = fc.record(
    {
      name: fc.constantFrom(...names),
      authorizerType: fc.constant('JWT'),
      identitySource: fc.constantFrom(['$request.header.Authorization'], ['$request.querystring.token']),
      jwtConfiguration: fc.record(
        {
          issuer: fc.constantFrom(ISSUER, 'https://issuer.example.com/'),
          audience: fc.shuffledSubarray(['web', 'mobile', 'cli'], { maxLength: 3 }),
        },
        { requiredKeys: ['issuer'] },
      ),
    },
    { requiredKeys: ['name', 'authorizerType', 'identitySource', 'jwtConfiguration'] },
  );
  const authorizerSet = fc.uniqueArray(fc.oneof(request, jwtArb), { selector: (fields) => fields.name, maxLength: 5 });

  it('apply then plan is all no-op, for random live and declared HTTP authorizer sets', async () => {
    await fc.assert(
      fc.asyncProperty(authorizerSet, authorizerSet, async (live, declared) => {
        const h = await startHarness(stringify({ apis: [{ type: 'http', id: 'propapi001', name: 'prop', authorizers: live }] }));
        const path = await h.file('m.yaml', manifest({ type: 'http', id: 'propapi001' }, declared));
        const report = await apply(h, [path]);
        expect(report.apis.flatMap((api) => api.steps).filter((step) => step.status !== 'done')).toEqual([]);

        const plan = await planOf(h, [path]);
        expect(plan.apis[0]?.actions.map((action) => action.kind)).toEqual(declared.map(() => 'no-op'));
        const declaredNames = new Set(declared.map((fields) => fields.name));
        expect(plan.apis[0]?.unmanaged.map((entry) => entry.name).sort()).toEqual(
          live.map((fields) => fields.name).filter((name) => !declaredNames.has(name)).sort(),
        );
        h.store.clearCalls();
        await applyPlan(plan, { ...h.options, allowReplace: false });
        expect(writes(h.store)).toEqual([]);
      }),
      { numRuns: 15 },
    );
  });
});
