/**
 * Plan and apply against the embedded emulator for REST APIs (apigateway v1): paging with `limit`
 * and `position`, JSON-Patch updates, defaults AWS fills in, post-actions, replacements.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Plan } from '../../src/core/model.js';
import { UsageError } from '../../src/errors.js';
import { applyPlan } from '../../src/services/apply.js';
import { planFromManifests } from '../../src/services/plan.js';
import { callsOf, LAMBDA, LAMBDA_2, manifest, POOL, rejection, ROLE, startHarness, writes, type Harness } from './support.js';

const API = 'restapi001';
const HEADER = 'method.request.header.Authorization';

function token(name: string, extra: Record<string, unknown> = {}) {
  return { name, type: 'TOKEN', authorizerUri: LAMBDA, identitySource: HEADER, ...extra };
}

function cognito(name: string, pools: string[]) {
  return { name, type: 'COGNITO_USER_POOLS', providerARNs: pools, identitySource: HEADER };
}

function restSeed(authorizers: object[], extra: Record<string, unknown> = {}): string {
  return stringify({ apis: [{ type: 'rest', id: API, name: 'legacy', stages: [{ name: 'prod' }], authorizers, ...extra }] });
}

function kinds(plan: Plan): Record<string, string> {
  return Object.fromEntries(plan.apis.flatMap((api) => api.actions.map((action) => [action.name, action.kind])));
}

function allNoOp(plan: Plan): boolean {
  return plan.apis.every((api) => api.actions.every((action) => action.kind === 'no-op') && api.postActions.length === 0);
}

async function planOf(h: Harness, paths: string[]) {
  return (await planFromManifests(paths, h.options)).plan;
}

function liveAuthorizer(h: Harness, authorizerId: string) {
  return h.store.rest.getAuthorizer({ restApiId: API, authorizerId });
}

describe('REST authorizers', () => {
  it('reads more authorizers than one page, asking for pages of 500 and following position', async () => {
    const declared = Array.from({ length: 503 }, (_, i) => token(`auth-${String(i).padStart(3, '0')}`));
    const h = await startHarness(restSeed(declared), { maxAuthorizersPerApi: 600 });
    const document = manifest({ type: 'rest', id: API }, declared) as { spec: object };
    // 503 authorizers need a quota raised by AWS Support, declared so that planning allows them.
    const path = await h.file('m.yaml', { ...document, spec: { ...document.spec, quotas: { authorizersPerApi: 600 } } });

    const plan = await planOf(h, [path]);

    const actions = plan.apis[0]?.actions ?? [];
    expect(actions).toHaveLength(503);
    expect(actions.filter((action) => action.kind !== 'no-op')).toEqual([]);
    expect(plan.apis[0]?.unmanaged).toEqual([]);
    const pages = callsOf(h.store, 'GetAuthorizers', API);
    expect(pages).toHaveLength(2);
    expect(pages.map((call) => String(call.params.limit))).toEqual(['500', '500']);
    expect(pages[0]?.params.position).toBeUndefined();
    expect(typeof pages[1]?.params.position).toBe('string');
    expect(callsOf(h.store, 'GetRestApi').map((call) => call.params.restApiId)).toEqual([API]);
    expect(writes(h.store)).toEqual([]);
  });

  it('adds new provider ARNs before removing old ones, and the live result matches', async () => {
    const h = await startHarness(
      restSeed([
        { id: 'pool01', ...cognito('shift', [POOL('a'), POOL('b')]) },
        { id: 'swap01', ...cognito('swap', [POOL('a')]) },
      ]),
    );
    const path = await h.file('m.yaml', manifest({ type: 'rest', id: API }, [cognito('shift', [POOL('c'), POOL('b')]), cognito('swap', [POOL('d')])]));
    h.store.clearCalls();

    const report = await applyPlan(await planOf(h, [path]), { ...h.options, allowReplace: false });

    expect(report.failed).toBe(false);
    const patches = Object.fromEntries(callsOf(h.store, 'UpdateAuthorizer').map((call) => [call.params.authorizerId, call.params.patchOperations]));
    expect(patches).toEqual({
      pool01: [
        { op: 'add', path: '/providerARNs', value: POOL('c') },
        { op: 'remove', path: '/providerARNs', value: POOL('a') },
      ],
      swap01: [
        { op: 'add', path: '/providerARNs', value: POOL('d') },
        { op: 'remove', path: '/providerARNs', value: POOL('a') },
      ],
    });
    expect([...(liveAuthorizer(h, 'pool01').providerARNs ?? [])].sort()).toEqual([POOL('b'), POOL('c')]);
    expect(liveAuthorizer(h, 'swap01').providerARNs).toEqual([POOL('d')]);
    expect(allNoOp(await planOf(h, [path]))).toBe(true);
  });

  it('compares identitySource as a set against the live comma-string, and an omitted TTL as 300', async () => {
    const h = await startHarness(
      restSeed([
        { id: 'req001', name: 'req', type: 'REQUEST', authorizerUri: LAMBDA, identitySource: `${HEADER},context.accountId,method.request.querystring.key` },
        { id: 'tok300', ...token('default-ttl') },
        { id: 'tokexp', ...token('explicit-ttl', { authorizerResultTtlInSeconds: 300 }) },
        { id: 'tok060', ...token('short-ttl', { authorizerResultTtlInSeconds: 60 }) },
      ]),
    );
    expect(liveAuthorizer(h, 'tok300').authorizerResultTtlInSeconds).toBe(300);
    const path = await h.file(
      'm.yaml',
      manifest({ type: 'rest', id: API }, [
        { name: 'req', type: 'REQUEST', authorizerUri: LAMBDA, identitySource: ['method.request.querystring.key', 'context.accountId', HEADER] },
        token('default-ttl', { identitySource: [HEADER] }),
        token('explicit-ttl'),
        token('short-ttl'),
      ]),
    );
    h.store.clearCalls();

    const plan = await planOf(h, [path]);
    expect(kinds(plan)).toEqual({ req: 'no-op', 'default-ttl': 'no-op', 'explicit-ttl': 'no-op', 'short-ttl': 'update' });
    const update = plan.apis[0]?.actions.find((action) => action.name === 'short-ttl');
    expect(update?.kind === 'update' ? update.fields : []).toEqual([{ path: 'authorizerResultTtlInSeconds', before: 60, after: 300 }]);

    await applyPlan(plan, { ...h.options, allowReplace: false });
    expect(writes(h.store).map((call) => [call.operation, call.params.authorizerId, call.params.patchOperations])).toEqual([
      ['UpdateAuthorizer', 'tok060', [{ op: 'replace', path: '/authorizerResultTtlInSeconds', value: '300' }]],
    ]);
    expect(liveAuthorizer(h, 'tok060').authorizerResultTtlInSeconds).toBe(300);
    expect(allNoOp(await planOf(h, [path]))).toBe(true);
  });

  it('ignores the authType AWS fills in, but compares a declared authType', async () => {
    const h = await startHarness(
      restSeed([
        { id: 'tok001', ...token('filled') },
        { id: 'tok002', ...token('same') },
        { id: 'tok003', ...token('labelled', { authType: 'oauth2' }) },
        { id: 'tok004', ...token('custom-label', { authType: 'oauth2' }) },
      ]),
    );
    expect(liveAuthorizer(h, 'tok001').authType).toBe('custom');
    const path = await h.file(
      'm.yaml',
      manifest({ type: 'rest', id: API }, [
        token('filled'),
        token('same', { authType: 'custom' }),
        token('labelled'),
        token('custom-label', { authType: 'custom' }),
      ]),
    );
    h.store.clearCalls();

    const plan = await planOf(h, [path]);
    expect(kinds(plan)).toEqual({ filled: 'no-op', same: 'no-op', labelled: 'no-op', 'custom-label': 'update' });
    await applyPlan(plan, { ...h.options, allowReplace: false });
    expect(writes(h.store).map((call) => call.params.patchOperations)).toEqual([[{ op: 'replace', path: '/authType', value: 'custom' }]]);
    expect(liveAuthorizer(h, 'tok004').authType).toBe('custom');
    expect(allNoOp(await planOf(h, [path]))).toBe(true);
  });

  it('redeploys, then flushes the stage cache, only after changes', async () => {
    const h = await startHarness(restSeed([{ id: 'tok001', ...token('tok') }]));
    const deploymentBefore = h.store.rest.getStage({ restApiId: API, stageName: 'prod' }).deploymentId;
    const path = await h.file(
      'm.yaml',
      manifest({ type: 'rest', name: 'legacy' }, [token('tok', { authorizerUri: LAMBDA_2 })], { redeploy: ['prod'], resetCache: ['prod'] }),
    );
    h.store.clearCalls();

    const plan = await planOf(h, [path]);
    expect(plan.apis[0]?.postActions).toEqual([
      { kind: 'redeploy', stage: 'prod' },
      { kind: 'reset-cache', stage: 'prod' },
    ]);
    const report = await applyPlan(plan, { ...h.options, allowReplace: false });
    expect(report.failed).toBe(false);
    expect(writes(h.store).map((call) => [call.operation, call.params.stageName])).toEqual([
      ['UpdateAuthorizer', undefined],
      ['CreateDeployment', 'prod'],
      ['FlushStageAuthorizersCache', 'prod'],
    ]);
    expect(h.store.rest.getStage({ restApiId: API, stageName: 'prod' }).deploymentId).not.toBe(deploymentBefore);

    h.store.clearCalls();
    const again = await planOf(h, [path]);
    expect(allNoOp(again)).toBe(true);
    await applyPlan(again, { ...h.options, allowReplace: false });
    expect(writes(h.store)).toEqual([]);
  });

  it('converges for every type with a redeploy stage: the export carries TOKEN and Cognito headers only as the scheme name', async () => {
    const h = await startHarness(restSeed([]));
    const request = { name: 'req', type: 'REQUEST', authorizerUri: LAMBDA, identitySource: 'method.request.querystring.token', authorizerResultTtlInSeconds: 0 };
    const path = await h.file(
      'm.yaml',
      manifest({ type: 'rest', name: 'legacy' }, [token('tok'), cognito('users', [POOL('one')]), request], { redeploy: ['prod'], resetCache: ['prod'] }),
    );
    const report = await applyPlan(await planOf(h, [path]), { ...h.options, allowReplace: false });
    expect(report.failed).toBe(false);
    expect(writes(h.store).map((call) => call.operation)).toContain('CreateDeployment');

    h.store.clearCalls();
    const again = await planOf(h, [path]);
    expect(again.apis[0]?.postActions).toEqual([]);
    expect(allNoOp(again)).toBe(true);
    expect(callsOf(h.store, 'GetExport', API)).toHaveLength(1);
  });

  it('changes TOKEN to REQUEST and back in place', async () => {
    const h = await startHarness(
      restSeed([
        { id: 'flip01', ...token('flip', { identityValidationExpression: '^Bearer .+$', authorizerCredentials: ROLE }) },
        { id: 'flop01', name: 'flop', type: 'REQUEST', authorizerUri: LAMBDA, identitySource: `${HEADER},context.accountId` },
      ]),
    );
    const path = await h.file(
      'm.yaml',
      manifest({ type: 'rest', id: API }, [
        { name: 'flip', type: 'REQUEST', authorizerUri: LAMBDA, authorizerCredentials: ROLE, identitySource: [HEADER, 'stageVariables.tenant'] },
        token('flop', { identityValidationExpression: '^Bearer .+$' }),
      ]),
    );
    h.store.clearCalls();

    const plan = await planOf(h, [path]);
    expect(kinds(plan)).toEqual({ flip: 'update', flop: 'update' });
    const report = await applyPlan(plan, { ...h.options, allowReplace: false });

    expect(report.failed).toBe(false);
    expect(writes(h.store).map((call) => call.operation)).toEqual(['UpdateAuthorizer', 'UpdateAuthorizer']);
    expect(liveAuthorizer(h, 'flip01')).toMatchObject({ type: 'REQUEST', identitySource: expect.stringContaining('stageVariables.tenant') });
    expect(liveAuthorizer(h, 'flip01').identityValidationExpression).toBeUndefined();
    expect(liveAuthorizer(h, 'flop01')).toMatchObject({ type: 'TOKEN', identitySource: HEADER, identityValidationExpression: '^Bearer .+$' });
    expect(allNoOp(await planOf(h, [path]))).toBe(true);
  });

  it('replaces TOKEN -> COGNITO_USER_POOLS only with consent: create anew, redeploy, delete the old, rename', async () => {
    const h = await startHarness(restSeed([{ id: 'tok001', ...token('auth') }]));
    const path = await h.file('m.yaml', manifest({ type: 'rest', id: API }, [cognito('auth', [POOL('a')])], { redeploy: ['prod'] }));
    const plan = await planOf(h, [path]);
    const action = plan.apis[0]?.actions[0];
    expect(action?.kind).toBe('replace');
    expect(action?.kind === 'replace' ? action.replacePaths : []).toEqual(['type']);
    h.store.clearCalls();

    const refused = (await rejection(applyPlan(plan, { ...h.options, allowReplace: false }))) as UsageError;
    expect(refused).toBeInstanceOf(UsageError);
    expect(refused.exitCode).toBe(64);
    expect(refused.code).toBe('REPLACE_NOT_ALLOWED');
    expect(refused.message).toContain('auth (tok001, API restapi001)');
    expect(`${refused.message} ${refused.hint ?? ''}`).toContain('--allow-replace');
    expect(h.store.calls).toEqual([]);

    const report = await applyPlan(plan, { ...h.options, allowReplace: true });
    expect(report.failed).toBe(false);
    const step = report.apis[0]?.steps[0];
    expect(writes(h.store).map((call) => [call.operation, call.params.authorizerId ?? call.params.name ?? call.params.stageName])).toEqual([
      ['CreateAuthorizer', 'auth-gatewarden-next'],
      // Before the old authorizer goes, so that no deployed stage still runs it.
      ['CreateDeployment', 'prod'],
      ['DeleteAuthorizer', 'tok001'],
      ['UpdateAuthorizer', step?.authorizerId],
      ['CreateDeployment', 'prod'],
    ]);
    expect(step).toMatchObject({ action: 'replace', subject: 'auth', status: 'done' });
    expect(step?.authorizerId).toMatch(/^[a-z0-9]{6}$/);
    expect(step?.authorizerId).not.toBe('tok001');
    const live = h.store.rest.getAuthorizers({ restApiId: API }).items;
    expect(live.map((authorizer) => [authorizer.id, authorizer.name, authorizer.type])).toEqual([[step?.authorizerId, 'auth', 'COGNITO_USER_POOLS']]);
    expect(allNoOp(await planOf(h, [path]))).toBe(true);
  });

  it('moves the methods that use a replaced authorizer to the new one before deleting the old one', async () => {
    const h = await startHarness(restSeed([{ id: 'tok001', ...token('auth'), referencedBy: ['GET /pets'] }]));
    const path = await h.file('m.yaml', manifest({ type: 'rest', id: API }, [cognito('auth', [POOL('a')])], { redeploy: ['prod'] }));
    h.store.clearCalls();

    const report = await applyPlan(await planOf(h, [path]), { ...h.options, allowReplace: true });

    expect(report.failed).toBe(false);
    const newId = report.apis[0]?.steps[0]?.authorizerId;
    expect(writes(h.store).map((call) => call.operation)).toEqual(['CreateAuthorizer', 'UpdateMethod', 'CreateDeployment', 'DeleteAuthorizer', 'UpdateAuthorizer', 'CreateDeployment']);
    const methods = h.store.rest.getResources({ restApiId: API, embed: 'methods' }).items.flatMap((resource) => Object.values(resource.resourceMethods ?? {}));
    expect(methods).toEqual([expect.objectContaining({ httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId: newId })]);
  });
});

describe('a mixed run over REST, HTTP and WebSocket manifests', () => {
  it('plans and applies all three families together and converges', async () => {
    const h = await startHarness(`
apis:
  - type: rest
    name: legacy-api
    stages: [{ name: prod }]
    authorizers:
      - { name: token-auth, type: TOKEN, authorizerUri: ${LAMBDA}, identitySource: ${HEADER}, authorizerResultTtlInSeconds: 60 }
  - type: http
    name: orders
    stages: [{ name: $default, autoDeploy: true }]
    authorizers:
      - { name: jwt-main, authorizerType: JWT, identitySource: [$request.header.Authorization], jwtConfiguration: { issuer: https://issuer.example.com/, audience: [a] } }
  - type: websocket
    name: chat
    stages: [{ name: production }]
`);
    const rest = await h.file(
      'legacy.yaml',
      manifest(
        { type: 'rest', name: 'legacy-api' },
        [
          token('token-auth', { authorizerCredentials: ROLE, identityValidationExpression: '^Bearer [-0-9a-zA-Z._]*$', authorizerResultTtlInSeconds: 60 }),
          { name: 'request-auth', type: 'REQUEST', authorizerUri: LAMBDA, identitySource: [HEADER, 'context.accountId'] },
          cognito('cognito', [POOL('abc')]),
        ],
        { redeploy: ['prod'], resetCache: ['prod'] },
      ),
    );
    const http = await h.file(
      'orders.yaml',
      manifest(
        { type: 'http', name: 'orders' },
        [{ name: 'jwt-main', authorizerType: 'JWT', identitySource: ['$request.header.Authorization'], jwtConfiguration: { issuer: 'https://issuer.example.com/', audience: ['b', 'a'] } }],
        { resetCache: ['$default'] },
      ),
    );
    const ws = await h.file(
      'chat.yaml',
      manifest({ type: 'websocket', name: 'chat' }, [{ name: 'connect', authorizerType: 'REQUEST', authorizerUri: LAMBDA, identitySource: ['route.request.header.Auth'] }], {
        redeploy: ['production'],
      }),
    );
    h.store.clearCalls();

    const { plan } = await planFromManifests([rest, http, ws], h.options);
    expect(plan.apis.map((api) => api.target.apiType).sort()).toEqual(['http', 'rest', 'websocket']);
    const report = await applyPlan(plan, { ...h.options, allowReplace: false });
    expect(report.failed).toBe(false);
    expect(report.apis.flatMap((api) => api.steps.map((step) => `${api.target.apiType}:${step.action}:${step.subject}`)).sort()).toEqual([
      'http:reset-cache:$default',
      'http:update:jwt-main',
      'rest:create:cognito',
      'rest:create:request-auth',
      'rest:redeploy:prod',
      'rest:reset-cache:prod',
      'rest:update:token-auth',
      'websocket:create:connect',
      'websocket:redeploy:production',
    ]);
    expect(new Set(writes(h.store).map((call) => call.service))).toEqual(new Set(['apigateway', 'apigatewayv2']));

    const again = await planFromManifests([rest, http, ws], h.options);
    expect(allNoOp(again.plan)).toBe(true);
    h.store.clearCalls();
    expect(await applyPlan(again.plan, { ...h.options, allowReplace: false })).toEqual({ apis: [], failed: false, interrupted: false });
    expect(writes(h.store)).toEqual([]);
  });
});
