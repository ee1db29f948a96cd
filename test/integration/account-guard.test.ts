/**
 * The account guard over the wire: the SDK's STS client and `fromTemporaryCredentials` against the
 * emulator's STS, and the API Gateway calls counted in the emulator's store.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sdkAccess } from '../../src/services/access.js';
import { AwsClients } from '../../src/aws/clients.js';
import { roleSessionName, type Environment } from '../../src/core/environment.js';
import { AccessDeniedError, RefusedPlanError, WrongAccountError } from '../../src/errors.js';
import { planFromManifests } from '../../src/services/plan.js';
import { runApply } from '../../src/services/run-apply.js';
import { writeSavedPlan } from '../../src/services/saved-plan.js';
import { manifest, REGION, rejection, startHarness, type Harness } from './support.js';

const SEED = `account: "111111111111"
apis:
  - { type: http, id: ordersapi1, name: orders }
`;
const jwt = {
  name: 'jwt',
  authorizerType: 'JWT',
  identitySource: ['$request.header.Authorization'],
  jwtConfiguration: { issuer: 'https://issuer.example.com', audience: ['${vars.client}'] },
};

function environment(account: string, roleArn?: string): Environment {
  return { name: 'prod', account, region: REGION, ...(roleArn && { roleArn }), vars: { client: 'web' }, file: 'environments/prod.yaml' };
}

/** The harness's clients, or clients that assume the environment's role, as `withAws` builds them. */
function accessFor(h: Harness, env: Environment) {
  if (!env.roleArn) return h.options;
  const clients = new AwsClients({ endpointUrl: h.url, region: REGION, assumeRole: { roleArn: env.roleArn, sessionName: roleSessionName(env) } }, process.env);
  return { aws: sdkAccess(clients), output: h.output, close: () => clients.destroy() };
}

async function setUp() {
  const h = await startHarness(SEED);
  const paths = [await h.file('orders.yaml', manifest({ type: 'http', id: 'ordersapi1' }, [jwt]))];
  return { h, paths };
}

describe('the account guard', () => {
  it('plans in the environment, with its variables, after one GetCallerIdentity', async () => {
    const { h, paths } = await setUp();
    const { plan } = await planFromManifests(paths, { ...h.options, environment: environment('111111111111') });
    expect(plan.environment).toEqual({ name: 'prod', account: '111111111111' });
    expect(plan.apis[0]?.actions[0]).toMatchObject({ kind: 'create', after: { 'jwtConfiguration.audience': ['web'] } });
    expect(h.store.identity.calls.map((call) => call.action)).toEqual(['GetCallerIdentity']);
  });

  it('refuses another account with no API Gateway call at all, naming both accounts and the credential source', async () => {
    const { h, paths } = await setUp();
    const error = await rejection(planFromManifests(paths, { ...h.options, environment: environment('222222222222') }));
    expect(error).toBeInstanceOf(WrongAccountError);
    expect((error as WrongAccountError).exitCode).toBe(6);
    expect((error as Error).message).toContain('is account 222222222222, but the credentials are account 111111111111');
    expect((error as Error).message).toContain('arn:aws:iam::111111111111:user/gatewarden-emulator, from the AWS_ACCESS_KEY_ID environment variables');
    expect(h.store.calls).toEqual([]);
  });

  it('makes no STS call without an environment', async () => {
    const h = await startHarness(SEED);
    const plain = { ...jwt, jwtConfiguration: { issuer: 'https://issuer.example.com', audience: ['orders'] } };
    await planFromManifests([await h.file('plain.yaml', manifest({ type: 'http', id: 'ordersapi1' }, [plain]))], h.options);
    expect(h.store.identity.calls).toEqual([]);
    expect(h.store.calls.length).toBeGreaterThan(0);
  });

  it("assumes the environment's role, once, with a session name naming gatewarden and the environment", async () => {
    const { h, paths } = await setUp();
    const env = environment('333333333333', 'arn:aws:iam::333333333333:role/gatewarden-plan');
    const access = accessFor(h, env);
    const { plan } = await planFromManifests(paths, { ...access, environment: env });
    expect(plan.environment?.account).toBe('333333333333');
    const calls = h.store.identity.calls;
    expect(calls.map((call) => call.action)).toEqual(['AssumeRole', 'GetCallerIdentity']);
    expect(calls[0]).toMatchObject({ roleArn: env.roleArn, roleSessionName: 'gatewarden-prod', accessKeyId: 'test' });
    expect(calls[1]?.accessKeyId).toMatch(/^ASIA/);
    if ('close' in access) access.close();
  });

  it('stops when the role cannot be assumed (exit 5), still without any API Gateway call', async () => {
    const { h, paths } = await setUp();
    const env = environment('333333333333', 'arn:aws:iam::333333333333:role/gatewarden-plan');
    h.store.identity.refuseRole(env.roleArn!);
    const access = accessFor(h, env);
    const error = await rejection(planFromManifests(paths, { ...access, environment: env }));
    expect(error).toBeInstanceOf(AccessDeniedError);
    expect((error as Error).message).toContain('sts:AssumeRole');
    expect(h.store.calls).toEqual([]);
    if ('close' in access) access.close();
  });

  it('refuses to apply a saved plan in another account (exit 4), and applies it in its own', async () => {
    const { h, paths } = await setUp();
    const { plan, inputs } = await planFromManifests(paths, { ...h.options, environment: environment('111111111111') });
    const file = path.join(h.dir, 'plan.json');
    await writeSavedPlan(file, plan, inputs, { toolVersion: '0.0.0-test', createdAt: '2024-01-01T00:00:00.000Z' });
    const request = { paths: [file], allowReplace: false };
    const deps = { ...h.options, confirm: async () => true };

    const other = environment('333333333333', 'arn:aws:iam::333333333333:role/gatewarden-plan');
    const access = accessFor(h, other);
    h.store.clearCalls();
    const wrongCredentials = await rejection(runApply(request, { ...deps, aws: access.aws }));
    expect(wrongCredentials).toBeInstanceOf(RefusedPlanError);
    expect((wrongCredentials as RefusedPlanError).code).toBe('PLAN_WRONG_ACCOUNT');
    expect((wrongCredentials as RefusedPlanError).exitCode).toBe(4);
    const wrongEnv = await rejection(runApply({ ...request, environment: other }, deps));
    expect((wrongEnv as Error).message).toContain('--env names prod (account 333333333333)');
    expect(h.store.calls).toEqual([]);
    if ('close' in access) access.close();

    const { report } = await runApply(request, deps);
    expect(report.failed).toBe(false);
    expect(h.store.calls.some((call) => call.operation === 'CreateAuthorizer')).toBe(true);
  });
});
