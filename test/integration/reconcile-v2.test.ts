/**
 * Plan and apply against the embedded emulator for HTTP and WebSocket APIs (apigatewayv2), through
 * the unmodified SDK clients: normalisation, post-actions, interruption, failures, convergence.
 */
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/services/apply.js';
import { callsOf, LAMBDA, manifest, ROLE, startHarness, writes } from './support.js';
import { ISSUER, jwt, lambda, ordersSeed, stagesSeed, kinds, allNoOp, planOf, apply } from './v2-support.js';

describe('planning and applying', () => {
  it('reports unmanaged authorizers and leaves them alone', async () => {
    const h = await startHarness(
      ordersSeed([
        { id: 'mgd001', ...jwt('managed', ['old']) },
        { id: 'cns001', ...lambda('console-made', { authorizerPayloadFormatVersion: '1.0' }) },
      ]),
    );
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
    const h = await startHarness(ordersSeed([{ id: 'lam001', ...lambda('lam') }]));
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

  // Routes authorize with JWT or CUSTOM according to the kind, so a change of kind is a replacement (issue 10).
  it('replaces an HTTP authorizer changed between REQUEST and JWT, and converges both ways', async () => {
    const h = await startHarness(
      ordersSeed([{ id: 'auth01', ...lambda('main', { authorizerResultTtlInSeconds: 60, identitySource: ['$request.header.Authorization'] }) }]),
    );
    const toJwt = await h.file('jwt.yaml', manifest({ type: 'http', id: 'orders0001' }, [jwt('main')]));
    const planned = await planOf(h, [toJwt]);
    expect(kinds(planned)).toEqual({ 'orders/main': 'replace' });
    expect((await applyPlan(planned, { ...h.options, allowReplace: true })).failed).toBe(false);
    // The only update renames the new authorizer from its temporary name.
    expect(callsOf(h.store, 'UpdateAuthorizer').map((call) => call.params.name)).toEqual(['main']);
    const [replaced] = h.store.v2.getAuthorizers({ apiId: 'orders0001' }).items;
    expect(replaced).toMatchObject({ name: 'main', authorizerType: 'JWT', jwtConfiguration: { issuer: ISSUER } });
    expect(replaced?.authorizerId).not.toBe('auth01');
    expect(allNoOp(await planOf(h, [toJwt]))).toBe(true);

    const toLambda = await h.file('lambda.yaml', manifest({ type: 'http', id: 'orders0001' }, [lambda('main')]));
    expect((await applyPlan(await planOf(h, [toLambda]), { ...h.options, allowReplace: true })).failed).toBe(false);
    expect(h.store.v2.getAuthorizers({ apiId: 'orders0001' }).items).toEqual([expect.objectContaining({ authorizerType: 'REQUEST', authorizerUri: LAMBDA })]);
    expect(allNoOp(await planOf(h, [toLambda]))).toBe(true);
  });

  it('treats identity sources and audiences in another order, and an omitted HTTP TTL as 0, as no change', async () => {
    const h = await startHarness(
      ordersSeed([
        lambda('ordered', { authorizerResultTtlInSeconds: 300, identitySource: ['$request.header.B', '$context.A', '$request.querystring.c'] }),
        jwt('aud', ['z', 'y', 'x']),
        lambda('no-ttl', { authorizerPayloadFormatVersion: '1.0' }),
        lambda('zero-ttl', { authorizerPayloadFormatVersion: '1.0', authorizerResultTtlInSeconds: 0 }),
        lambda('cached', { authorizerPayloadFormatVersion: '1.0', authorizerResultTtlInSeconds: 300, identitySource: ['$request.header.X'] }),
      ]),
    );
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
    const h = await startHarness(ordersSeed([], { stages: [{ name: '$default', autoDeploy: true }] }));
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
