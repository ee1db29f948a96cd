/**
 * Nothing is lost between a write and its post-actions (issue 8), through the built CLI: after a
 * redeploy that failed, plan and drift show the stage that lags with its reason, apply converges and
 * `plan --detailed-exitcode` exits 0; a failed cache reset is reported with the command to run.
 */
import { describe, expect, it } from 'vitest';
import { assertBuilt, CHAT_MANIFEST, describeRun, freshFake, hasStackTrace, IDS, LAMBDA, parseJsonStdout, runCli } from './support.js';

assertBuilt();

const MANIFEST = `apiVersion: gatewarden/v1
kind: AuthorizerSet
spec:
  region: eu-west-1
  api:
    type: rest
    name: legacy-api
  afterChange:
    redeploy: [prod]
    resetCache: [prod]
  authorizers:
    - name: token-auth
      type: TOKEN
      authorizerUri: ${LAMBDA('token-authz')}
      identitySource: method.request.header.Authorization
      authorizerResultTtlInSeconds: 60
`;
const REASON = 'stage prod runs an older configuration of token-auth: authorizerResultTtlInSeconds 300, live 60';

describe('post-actions that failed are planned again', () => {
  const { fake, dir } = freshFake({ 'legacy.yaml': MANIFEST });

  const gw = (...args: string[]) => runCli([...args, '--endpoint-url', fake.url], { cwd: dir.path });
  const restWrites = () => fake.writes().filter((call) => call.params.restApiId === IDS.restApi).map((call) => call.operation);

  it('after a 409 on CreateDeployment: plan and drift show the lagging stage, apply converges', async () => {
    fake.store.injectFailure({ operation: 'CreateDeployment', times: 5, error: { code: 'ConflictException', status: 409, message: 'Injected: deployment refused' } });
    const failed = await gw('apply', 'legacy.yaml', '--auto-approve');
    expect(failed.code, describeRun(failed)).toBe(1);
    expect(hasStackTrace(failed.stdout + failed.stderr)).toBe(false);
    fake.store.clearFailures();

    const plan = await gw('plan', 'legacy.yaml', '--detailed-exitcode');
    expect(plan.code, describeRun(plan)).toBe(2);
    expect(plan.stdout).toContain(REASON);
    const json = JSON.parse((await gw('plan', 'legacy.yaml', '--json')).stdout) as { postActions: { action: string; reason?: string }[] };
    expect(json.postActions).toEqual([
      expect.objectContaining({ action: 'redeploy', stage: 'prod', reason: REASON }),
      expect.objectContaining({ action: 'reset-cache', stage: 'prod' }),
    ]);
    const drift = await gw('drift', 'legacy.yaml');
    expect(drift.code, describeRun(drift)).toBe(2);
    expect(drift.stdout).toContain(REASON);

    fake.store.clearCalls();
    const applied = await gw('apply', 'legacy.yaml', '--auto-approve');
    expect(applied.code, describeRun(applied)).toBe(0);
    expect(restWrites()).toEqual(['CreateDeployment', 'FlushStageAuthorizersCache']);

    fake.store.clearCalls();
    const again = await gw('plan', 'legacy.yaml', '--detailed-exitcode');
    expect(again.code, describeRun(again)).toBe(0);
    expect(fake.writes()).toEqual([]);
    expect((await gw('drift', 'legacy.yaml')).code).toBe(0);
  });

  it('after a 5xx on the cache flush: the report names the command to run, and the stage is in sync', async () => {
    fake.store.injectFailure({ operation: 'FlushStageAuthorizersCache', times: 10, error: { code: 'InternalServerError', status: 500, message: 'Internal Server Error' } });
    const failed = await gw('apply', 'legacy.yaml', '--auto-approve');
    expect(failed.code, describeRun(failed)).toBe(1);
    const output = failed.stdout + failed.stderr;
    expect(output).toContain(`aws apigateway flush-stage-authorizers-cache --rest-api-id ${IDS.restApi} --stage-name prod --region eu-west-1`);
    expect(output).toContain('expire by themselves');
    expect(hasStackTrace(output)).toBe(false);
    fake.store.clearFailures();

    // The redeploy ran: the stage runs the live configuration, so nothing is left to plan.
    const again = await gw('plan', 'legacy.yaml', '--detailed-exitcode');
    expect(again.code, describeRun(again)).toBe(0);
  });

  it('apply --json lists the cache reset that did not happen in manualSteps, with the same command', async () => {
    fake.store.injectFailure({ operation: 'FlushStageAuthorizersCache', times: 10, error: { code: 'InternalServerError', status: 500, message: 'Internal Server Error' } });
    const json = await gw('apply', 'legacy.yaml', '--auto-approve', '--json');
    expect(json.code, describeRun(json)).toBe(1);
    expect(parseJsonStdout<{ manualSteps: unknown[] }>(json).manualSteps).toEqual([
      {
        apiType: 'rest',
        apiId: IDS.restApi,
        region: 'eu-west-1',
        action: 'reset-cache',
        stage: 'prod',
        command: `aws apigateway flush-stage-authorizers-cache --rest-api-id ${IDS.restApi} --stage-name prod --region eu-west-1`,
      },
    ]);
  });

  it('a saved plan applied after a failed redeploy finishes it; applied twice it is still safe', async () => {
    const planned = await gw('plan', 'legacy.yaml', '--out', 'plan.json');
    expect(planned.code, describeRun(planned)).toBe(0);
    fake.store.injectFailure({ operation: 'CreateDeployment', times: 5, error: { code: 'ConflictException', status: 409, message: 'Injected: deployment refused' } });
    expect((await gw('apply', 'plan.json')).code).toBe(1);
    fake.store.clearFailures();

    fake.store.clearCalls();
    const resumed = await gw('apply', 'plan.json');
    expect(resumed.code, describeRun(resumed)).toBe(0);
    expect(restWrites()).toEqual(['CreateDeployment', 'FlushStageAuthorizersCache']);
    expect(resumed.stdout + resumed.stderr).toContain('already has its planned configuration');

    fake.store.clearCalls();
    const twice = await gw('apply', 'plan.json');
    expect(twice.code, describeRun(twice)).toBe(0);
    expect(restWrites()).toEqual(['CreateDeployment', 'FlushStageAuthorizersCache']);
    expect((await gw('plan', 'legacy.yaml', '--detailed-exitcode')).code).toBe(0);
  });

  it('after a failed WebSocket redeploy, which no later plan can see: the report names the command to run instead of promising a re-run', async () => {
    // A WebSocket stage cannot be exported, so a later plan cannot see that it lags (docs/aws-behaviour.md#stage-exports).
    await dir.write('chat.yaml', CHAT_MANIFEST);
    fake.store.injectFailure({ operation: 'CreateDeployment', times: 5, error: { code: 'ConflictException', status: 409, message: 'Injected: deployment refused' } });
    const failed = await gw('apply', 'chat.yaml', '--auto-approve');
    expect(failed.code, describeRun(failed)).toBe(1);
    const output = failed.stdout + failed.stderr;
    expect(output).toContain(`aws apigatewayv2 create-deployment --api-id ${IDS.chatApi} --stage-name production --region eu-west-1`);
    expect(output).not.toContain('Running apply again continues from the current state.');
    expect(hasStackTrace(output)).toBe(false);
    fake.store.clearFailures();

    // What the report warned of: the fresh plan has nothing to show.
    expect((await gw('plan', 'chat.yaml', '--detailed-exitcode')).code).toBe(0);
  });
});
