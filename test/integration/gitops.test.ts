/**
 * GitOps flows against the embedded emulator: saved plans (apply exactly what was reviewed, refuse
 * stale or edited plans) and drift detection with `.gatewardenignore` rules.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { countDrift, hasDrift, type DriftReport } from '../../src/core/drift.js';
import { RefusedPlanError, StalePlanError, UserError } from '../../src/errors.js';
import { detectDriftFromManifests } from '../../src/services/drift.js';
import { planFromManifests } from '../../src/services/plan.js';
import { applySavedPlan, readSavedPlan, writeSavedPlan } from '../../src/services/saved-plan.js';
import { callsOf, LAMBDA, LAMBDA_2, manifest, POOL, rejection, startHarness, writes, type Harness } from './support.js';

const ISSUER = 'https://issuer.example.com/';
const HEADER = 'method.request.header.Authorization';
const META = { toolVersion: '0.0.0-test', createdAt: '2024-03-01T12:00:00Z' };

const SEED = `
apis:
  - type: http
    id: orders0001
    name: orders
    stages: [{ name: $default, autoDeploy: true }]
    authorizers:
      - { id: jwt001, name: jwt-main, authorizerType: JWT, identitySource: [$request.header.Authorization], jwtConfiguration: { issuer: ${ISSUER}, audience: [web] } }
      - { id: lam001, name: lam, authorizerType: REQUEST, authorizerUri: ${LAMBDA}, authorizerPayloadFormatVersion: "2.0" }
  - type: rest
    id: legacy0001
    name: legacy
    stages: [{ name: prod }]
    authorizers:
      - { id: tok001, name: token-auth, type: TOKEN, authorizerUri: ${LAMBDA}, identitySource: ${HEADER} }
`;

const jwtMain = (audience: string[], issuer = ISSUER) => ({
  name: 'jwt-main',
  authorizerType: 'JWT',
  identitySource: ['$request.header.Authorization'],
  jwtConfiguration: { issuer, audience },
});
const lam = (uri = LAMBDA) => ({ name: 'lam', authorizerType: 'REQUEST', authorizerUri: uri, authorizerPayloadFormatVersion: '2.0' });
const tokenAuth = (extra: Record<string, unknown> = {}) => ({ name: 'token-auth', type: 'TOKEN', authorizerUri: LAMBDA, identitySource: HEADER, ...extra });

/** Manifests that match SEED exactly. */
async function inSyncManifests(h: Harness): Promise<string[]> {
  return [
    await h.file('orders.yaml', manifest({ type: 'http', name: 'orders' }, [jwtMain(['web']), lam()])),
    await h.file('legacy.yaml', manifest({ type: 'rest', name: 'legacy' }, [tokenAuth()])),
  ];
}

describe('saved plans', () => {
  it('apply exactly what was planned, even after the manifests changed or were deleted', async () => {
    const h = await startHarness(SEED);
    const orders = await h.file(
      'orders.yaml',
      manifest({ type: 'http', name: 'orders' }, [jwtMain(['web', 'mobile']), lam(), { ...lam(LAMBDA_2), name: 'added' }], { resetCache: ['$default'] }),
    );
    const legacy = await h.file('legacy.yaml', manifest({ type: 'rest', name: 'legacy' }, [tokenAuth({ authorizerResultTtlInSeconds: 0 })], { redeploy: ['prod'] }));
    const { plan, inputs } = await planFromManifests([orders, legacy], h.options);
    const planPath = `${h.dir}/plan.json`;
    await writeSavedPlan(planPath, plan, inputs, META);

    // The manifests move on after the review; the saved plan must not.
    await h.file('orders.yaml', manifest({ type: 'http', name: 'orders' }, [jwtMain(['other'])]));
    await rm(legacy);
    h.store.clearCalls();

    const saved = await readSavedPlan(planPath);
    const report = await applySavedPlan(saved, { ...h.options, allowReplace: false });

    expect(report.failed).toBe(false);
    expect(writes(h.store).map((call) => `${call.operation}:${String(call.params.authorizerId ?? call.params.name ?? call.params.stageName)}`).sort()).toEqual([
      'CreateAuthorizer:added',
      'CreateDeployment:prod',
      'ResetAuthorizersCache:$default',
      'UpdateAuthorizer:jwt001',
      'UpdateAuthorizer:tok001',
    ]);
    expect([...(h.store.v2.getAuthorizer({ apiId: 'orders0001', authorizerId: 'jwt001' }).jwtConfiguration?.audience ?? [])].sort()).toEqual(['mobile', 'web']);
    const added = h.store.v2.getAuthorizers({ apiId: 'orders0001' }).items.find((authorizer) => authorizer.name === 'added');
    expect(added?.authorizerUri).toBe(LAMBDA_2);
    expect(h.store.rest.getAuthorizer({ restApiId: 'legacy0001', authorizerId: 'tok001' }).authorizerResultTtlInSeconds).toBe(0);
    expect(callsOf(h.store, 'GetApis')).toEqual([]);
  });

  const staleCases: { name: string; outOfBand: (h: Harness) => void; authorizer: string; reason: string }[] = [
    {
      name: 'a field changed out of band',
      outOfBand: (h) => h.store.v2.updateAuthorizer({ apiId: 'orders0001', authorizerId: 'jwt001', jwtConfiguration: { issuer: 'https://evil.example.com/', audience: ['web'] } }),
      authorizer: 'jwt-main',
      reason: 'changed',
    },
    {
      name: 'an authorizer deleted out of band',
      outOfBand: (h) => h.store.v2.deleteAuthorizer({ apiId: 'orders0001', authorizerId: 'jwt001' }),
      authorizer: 'jwt-main',
      reason: 'deleted',
    },
    {
      name: 'an authorizer created out of band under a name the plan creates',
      outOfBand: (h) =>
        h.store.v2.createAuthorizer({ apiId: 'orders0001', name: 'fresh', authorizerType: 'JWT', identitySource: ['$request.header.X'], jwtConfiguration: { issuer: ISSUER } }),
      authorizer: 'fresh',
      reason: 'created',
    },
    {
      name: 'a REST field changed out of band',
      outOfBand: (h) =>
        h.store.rest.updateAuthorizer({
          restApiId: 'legacy0001',
          authorizerId: 'tok001',
          patchOperations: [{ op: 'replace', path: '/authorizerResultTtlInSeconds', value: '10' }],
        }),
      authorizer: 'token-auth',
      reason: 'changed',
    },
  ];

  for (const stale of staleCases) {
    it(`are refused as stale, writing nothing, after ${stale.name}`, async () => {
      const h = await startHarness(SEED);
      const paths = [
        await h.file('orders.yaml', manifest({ type: 'http', name: 'orders' }, [jwtMain(['web', 'mobile']), lam(), { ...jwtMain(['web']), name: 'fresh' }], { resetCache: ['$default'] })),
        await h.file('legacy.yaml', manifest({ type: 'rest', name: 'legacy' }, [tokenAuth({ authorizerResultTtlInSeconds: 0 })])),
      ];
      const { plan, inputs } = await planFromManifests(paths, h.options);
      const planPath = `${h.dir}/plan.json`;
      await writeSavedPlan(planPath, plan, inputs, META);
      stale.outOfBand(h);
      h.store.clearCalls();

      const error = (await rejection(applySavedPlan(await readSavedPlan(planPath), { ...h.options, allowReplace: false }))) as StalePlanError;

      expect(error).toBeInstanceOf(StalePlanError);
      expect(error.exitCode).toBe(4);
      expect(error.code).toBe('PLAN_STALE');
      expect(error.message).toContain(`authorizer "${stale.authorizer}"`);
      expect(error.message).toContain(`was ${stale.reason}`);
      expect(error.message.match(/authorizer "/g)).toHaveLength(1);
      expect(h.store.calls.length).toBeGreaterThan(0);
      expect(writes(h.store)).toEqual([]);
    });
  }

  it('are not stale when only an authorizer the plan does not touch changed', async () => {
    const h = await startHarness(SEED);
    const path = await h.file('orders.yaml', manifest({ type: 'http', name: 'orders' }, [jwtMain(['web', 'mobile']), lam()]));
    const { plan, inputs } = await planFromManifests([path], h.options);
    const planPath = `${h.dir}/plan.json`;
    await writeSavedPlan(planPath, plan, inputs, META);
    h.store.v2.createAuthorizer({ apiId: 'orders0001', name: 'console', authorizerType: 'JWT', identitySource: ['$request.header.X'], jwtConfiguration: { issuer: ISSUER } });
    h.store.clearCalls();

    const report = await applySavedPlan(await readSavedPlan(planPath), { ...h.options, allowReplace: false });
    expect(report.failed).toBe(false);
    expect(writes(h.store).map((call) => [call.operation, call.params.authorizerId])).toEqual([['UpdateAuthorizer', 'jwt001']]);
  });

  it('refuse a plan file edited after planning (digest mismatch)', async () => {
    const h = await startHarness(SEED);
    const path = await h.file('orders.yaml', manifest({ type: 'http', name: 'orders' }, [jwtMain(['web', 'mobile']), lam()]));
    const { plan, inputs } = await planFromManifests([path], h.options);
    const planPath = `${h.dir}/plan.json`;
    await writeSavedPlan(planPath, plan, inputs, META);
    expect((await readSavedPlan(planPath)).plan).toEqual(JSON.parse(JSON.stringify(plan)));

    const text = await readFile(planPath, 'utf8');
    expect(text).toContain('"mobile"');
    await writeFile(planPath, text.replaceAll('"mobile"', '"attacker"'));
    h.store.clearCalls();

    const error = (await rejection(readSavedPlan(planPath))) as RefusedPlanError;
    expect(error).toBeInstanceOf(RefusedPlanError);
    expect(error.exitCode).toBe(4);
    expect(error.code).toBe('PLAN_TAMPERED');
    expect(error.message).toContain('digest');
    expect(h.store.calls).toEqual([]);
  });
});

function onlyApi(report: DriftReport, apiName: string) {
  const api = report.apis.find((entry) => entry.target.apiName === apiName);
  if (!api) throw new Error(`no drift entry for ${apiName}`);
  return api;
}

describe('drift', () => {
  it('finds nothing when live matches the manifests, reading only', async () => {
    const h = await startHarness(SEED);
    const report = await detectDriftFromManifests(await inSyncManifests(h), undefined, h.options);
    expect(report.apis.map((api) => api.target.apiName).sort()).toEqual(['legacy', 'orders']);
    expect(countDrift(report)).toEqual({ drifted: 0, missing: 0, unmanaged: 0, prunable: 0 });
    expect(hasDrift(report, false)).toBe(false);
    expect(hasDrift(report, true)).toBe(false);
    expect(h.store.calls.length).toBeGreaterThan(0);
    expect(writes(h.store)).toEqual([]);
  });

  it('names the authorizer, the field, the expected and the actual value of a change made out of band', async () => {
    const h = await startHarness(SEED);
    h.store.v2.updateAuthorizer({ apiId: 'orders0001', authorizerId: 'lam001', authorizerUri: LAMBDA_2 });
    h.store.clearCalls();

    const report = await detectDriftFromManifests(await inSyncManifests(h), undefined, h.options);

    expect(onlyApi(report, 'orders').drifted).toEqual([
      { name: 'lam', authorizerId: 'lam001', fields: [{ path: 'authorizerUri', expected: LAMBDA, actual: LAMBDA_2 }] },
    ]);
    expect(onlyApi(report, 'legacy').drifted).toEqual([]);
    expect(countDrift(report)).toEqual({ drifted: 1, missing: 0, unmanaged: 0, prunable: 0 });
    expect(hasDrift(report, false)).toBe(true);
    expect(writes(h.store)).toEqual([]);
  });

  it('reports a declared authorizer deleted out of band as missing', async () => {
    const h = await startHarness(SEED);
    h.store.rest.deleteAuthorizer({ restApiId: 'legacy0001', authorizerId: 'tok001' });
    h.store.clearCalls();

    const report = await detectDriftFromManifests(await inSyncManifests(h), undefined, h.options);

    expect(onlyApi(report, 'legacy').missing).toEqual(['token-auth']);
    expect(countDrift(report)).toEqual({ drifted: 0, missing: 1, unmanaged: 0, prunable: 0 });
    expect(hasDrift(report, false)).toBe(true);
    expect(writes(h.store)).toEqual([]);
  });

  it('lists an extra live authorizer as unmanaged, drift only with includeUnmanaged', async () => {
    const h = await startHarness(SEED);
    const extra = h.store.rest.createAuthorizer({ restApiId: 'legacy0001', name: 'console', type: 'COGNITO_USER_POOLS', providerARNs: [POOL('x')], identitySource: HEADER });
    h.store.clearCalls();

    const report = await detectDriftFromManifests(await inSyncManifests(h), undefined, h.options);

    expect(onlyApi(report, 'legacy').unmanaged).toEqual([{ name: 'console', authorizerId: extra.id }]);
    expect(countDrift(report)).toEqual({ drifted: 0, missing: 0, unmanaged: 1, prunable: 0 });
    expect(hasDrift(report, false)).toBe(false);
    expect(hasDrift(report, true)).toBe(true);
    expect(writes(h.store)).toEqual([]);
  });

  it('leaves out the APIs, authorizers and fields a .gatewardenignore file names', async () => {
    const h = await startHarness(SEED);
    h.store.v2.updateAuthorizer({
      apiId: 'orders0001',
      authorizerId: 'jwt001',
      jwtConfiguration: { issuer: 'https://other.example.com/', audience: ['web', 'extra'] },
    });
    h.store.v2.updateAuthorizer({ apiId: 'orders0001', authorizerId: 'lam001', authorizerUri: LAMBDA_2 });
    h.store.rest.updateAuthorizer({
      restApiId: 'legacy0001',
      authorizerId: 'tok001',
      patchOperations: [{ op: 'replace', path: '/authorizerResultTtlInSeconds', value: '10' }],
    });
    const paths = await inSyncManifests(h);

    const unfiltered = await detectDriftFromManifests(paths, undefined, h.options);
    expect(onlyApi(unfiltered, 'legacy').drifted.map((entry) => entry.name)).toEqual(['token-auth']);
    expect(onlyApi(unfiltered, 'orders').drifted.map((entry) => [entry.name, entry.fields.map((field) => field.path)])).toEqual([
      ['jwt-main', ['jwtConfiguration.audience', 'jwtConfiguration.issuer']],
      ['lam', ['authorizerUri']],
    ]);

    const ignoreFile = await h.file(
      '.gatewardenignore',
      ['# owned by another team', 'legacy0001', 'orders/lam   # edited by hand on purpose', 'orders/jwt-main/jwtConfiguration.audience', ''].join('\n'),
    );
    h.store.clearCalls();
    const report = await detectDriftFromManifests(paths, ignoreFile, h.options);

    expect(report.apis.map((api) => api.target.apiName)).toEqual(['orders']);
    expect(onlyApi(report, 'orders').drifted).toEqual([
      {
        name: 'jwt-main',
        authorizerId: 'jwt001',
        fields: [{ path: 'jwtConfiguration.issuer', expected: ISSUER, actual: 'https://other.example.com/' }],
      },
    ]);
    expect(countDrift(report)).toEqual({ drifted: 1, missing: 0, unmanaged: 0, prunable: 0 });
    expect(writes(h.store)).toEqual([]);
  });

  it('ignore rules by authorizer also cover missing and unmanaged authorizers', async () => {
    const h = await startHarness(SEED);
    h.store.v2.deleteAuthorizer({ apiId: 'orders0001', authorizerId: 'lam001' });
    h.store.v2.createAuthorizer({ apiId: 'orders0001', name: 'tmp-console', authorizerType: 'JWT', identitySource: ['$request.header.X'], jwtConfiguration: { issuer: ISSUER } });
    const ignoreFile = await h.file('ignore-rules', 'orders/{lam,tmp-*}\n');

    const report = await detectDriftFromManifests(await inSyncManifests(h), ignoreFile, h.options);

    expect(onlyApi(report, 'orders')).toMatchObject({ drifted: [], missing: [], unmanaged: [] });
    expect(hasDrift(report, true)).toBe(false);
  });

  it('refuses an explicitly named ignore file that does not exist', async () => {
    const h = await startHarness(SEED);
    const error = (await rejection(detectDriftFromManifests(await inSyncManifests(h), `${h.dir}/missing-ignore`, h.options))) as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.code).toBe('IGNORE_FILE_UNREADABLE');
    expect(h.store.calls).toEqual([]);
  });
});
