/**
 * `apply` end to end: approval, convergence, partial failure, access refusals and replacements.
 */
import { describe, expect, it } from 'vitest';
import {
  assertBuilt,
  CHAT_MANIFEST,
  describeRun,
  freshFake,
  hasStackTrace,
  IDS,
  legacyManifest,
  ORDERS_MANIFEST,
  runCli,
  USER_POOL,
} from './support.js';

assertBuilt();

describe('gatewarden apply', () => {
  const { fake, dir } = freshFake({
    'manifests/orders.yaml': ORDERS_MANIFEST,
    'manifests/legacy.yaml': legacyManifest({ extra: true }),
    'manifests/chat.yaml': CHAT_MANIFEST,
    'orders/orders.yaml': ORDERS_MANIFEST,
    'cognito/legacy.yaml': legacyManifest({ tokenType: 'COGNITO_USER_POOLS' }),
  });

  const apply = (...args: string[]) => runCli(['apply', ...args, '--endpoint-url', fake.url], { cwd: dir.path });

  it('without --auto-approve and without a terminal refuses with exit 64 and writes nothing', async () => {
    const result = await apply('manifests');
    expect(result.code, describeRun(result)).toBe(64);
    expect(result.stderr).toContain('--auto-approve');
    expect(result.stderr).toContain('Nothing was written.');
    expect(hasStackTrace(result.stderr)).toBe(false);
    // The plan is shown before the question would be asked.
    expect(result.stdout).toContain('Plan: 4 to add, 2 to change, 0 to destroy. 0 unchanged, 1 unmanaged, 2 redeploys, 1 cache reset.');
    expect(fake.store.calls.length).toBeGreaterThan(0);
    expect(fake.writes()).toEqual([]);
  });

  it('with --auto-approve applies everything (exit 0), and a second plan has no changes', async () => {
    const result = await apply('manifests', '--auto-approve');
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toContain('Apply complete! Authorizers: 4 added, 2 changed, 0 destroyed. 2 redeploys, 1 cache reset.');
    expect(result.stderr).toContain(`updated authorizer "jwt-main" (${IDS.jwtMain}) on HTTP API "orders" (${IDS.ordersApi}) in eu-west-1`);
    expect(result.stderr).toMatch(/created authorizer "lambda-req" \([a-z0-9]{6}\) on HTTP API "orders" \(ordersapi1\) in eu-west-1/);
    expect(result.stderr).toContain(`redeployed stage "production" on WebSocket API "chat" (${IDS.chatApi}) in eu-west-1`);

    const writes = fake.writes().map((call) => `${call.service} ${call.operation} ${String(call.params.apiId ?? call.params.restApiId)}`);
    expect(writes.sort()).toEqual(
      [
        `apigatewayv2 UpdateAuthorizer ${IDS.ordersApi}`,
        `apigatewayv2 CreateAuthorizer ${IDS.ordersApi}`,
        `apigatewayv2 ResetAuthorizersCache ${IDS.ordersApi}`,
        `apigatewayv2 CreateAuthorizer ${IDS.chatApi}`,
        `apigatewayv2 CreateDeployment ${IDS.chatApi}`,
        `apigateway UpdateAuthorizer ${IDS.restApi}`,
        `apigateway CreateAuthorizer ${IDS.restApi}`,
        `apigateway CreateAuthorizer ${IDS.restApi}`,
        `apigateway CreateDeployment ${IDS.restApi}`,
      ].sort(),
    );
    expect(fake.writes().every((call) => call.error === undefined)).toBe(true);
    // Within one API, post-actions run after the authorizer writes.
    const orders = fake.writes().filter((call) => call.params.apiId === IDS.ordersApi).map((call) => call.operation);
    expect(orders.at(-1)).toBe('ResetAuthorizersCache');
    const legacy = fake.writes().filter((call) => call.params.restApiId === IDS.restApi).map((call) => call.operation);
    expect(legacy.at(-1)).toBe('CreateDeployment');

    const region = fake.store.inRegion('eu-west-1');
    const jwt = region.v2.getAuthorizer({ apiId: IDS.ordersApi, authorizerId: IDS.jwtMain });
    expect(jwt.jwtConfiguration?.audience).toEqual(['my-client-id', 'my-mobile-client-id']);
    expect(region.rest.getAuthorizer({ restApiId: IDS.restApi, authorizerId: IDS.tokenAuth }).authorizerResultTtlInSeconds).toBe(60);
    const rest = region.rest.getAuthorizers({ restApiId: IDS.restApi }).items;
    expect(rest.find((authorizer) => authorizer.name === 'cognito')).toMatchObject({ type: 'COGNITO_USER_POOLS', providerARNs: [USER_POOL] });
    expect(rest.find((authorizer) => authorizer.name === 'request-auth')).toMatchObject({ type: 'REQUEST' });

    fake.store.clearCalls();
    const again = await runCli(['plan', 'manifests', '--endpoint-url', fake.url, '--detailed-exitcode'], { cwd: dir.path });
    expect(again.code, describeRun(again)).toBe(0);
    expect(again.stdout).toContain('No changes.');
    expect(fake.writes()).toEqual([]);
  });

  it('reports what was done, what failed and what was not attempted when one write fails (exit 1)', async () => {
    // orders: update jwt-main, then create lambda-req (fails), then reset the cache of $default.
    fake.store.injectFailure({
      operation: 'CreateAuthorizer',
      apiId: IDS.ordersApi,
      error: { code: 'BadRequestException', status: 400, message: 'Injected: the create was refused' },
    });
    const result = await apply('orders', '--auto-approve');
    expect(result.code, describeRun(result)).toBe(1);
    expect(hasStackTrace(result.stdout + result.stderr)).toBe(false);
    const out = result.stdout;
    expect(out).toContain('Apply failed: 1 done, 1 failed, 1 not attempted.');
    expect(out).toMatch(/^ {4}done +update jwt-main$/m);
    // The failure names the API and the authorizer's entry in the manifest after AWS's message.
    expect(out).toMatch(new RegExp(`^ {4}failed +create lambda-req: CreateAuthorizer failed .*Injected: the create was refused \\(HTTP API ${IDS.ordersApi} "orders" in eu-west-1, orders/orders\\.yaml:\\d+:\\d+\\)$`, 'm'));
    expect(out).toMatch(/^ {4}not-attempted +reset-cache \$default$/m);
    expect(out).toContain('Running apply again continues from the current state.');
    expect(result.stderr).toContain('FAILED to create authorizer "lambda-req"');

    expect(fake.writes().map((call) => [call.operation, call.error])).toEqual([
      ['UpdateAuthorizer', undefined],
      ['CreateAuthorizer', 'BadRequestException'],
    ]);
  });

  // REST's model does not list ValidationException, so the SDK raises a generic service exception
  // under that name (docs/aws-behaviour.md#rest-validation-errors): still "AWS refused", never a bug.
  const VALIDATION_TEXT = "1 validation error detected: Value null at 'createAuthorizerInput.name' failed to satisfy constraint: Member must not be null";

  it('reports a REST ValidationException on a write as AWS refusing the request, with its message (exit 1)', async () => {
    fake.store.injectFailure({ operation: 'CreateAuthorizer', service: 'apigateway', error: { code: 'ValidationException', message: VALIDATION_TEXT } });
    const result = await apply('manifests', '--auto-approve');
    expect(result.code, describeRun(result)).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^ {4}failed +create \\S+: CreateAuthorizer failed \\(ValidationException\\): ${VALIDATION_TEXT.replace(/[.()[\]]/g, '\\$&')} \\(REST API \\S+ "legacy-api" in eu-west-1, manifests/legacy\\.yaml:\\d+:\\d+\\)$`, 'm'));
    expect(result.stdout + result.stderr).not.toMatch(/BUG|please report/i);
    expect(hasStackTrace(result.stdout + result.stderr)).toBe(false);
    expect(fake.writes().filter((call) => call.error !== undefined).map((call) => [call.service, call.operation, call.error])).toEqual([
      ['apigateway', 'CreateAuthorizer', 'ValidationException'],
    ]);
  });

  it('reports a REST ValidationException on a read as AWS refusing the request, with its code and message (exit 1)', async () => {
    fake.store.injectFailure({ operation: 'GetAuthorizers', service: 'apigateway', error: { code: 'ValidationException', message: VALIDATION_TEXT } });
    const result = await runCli(['plan', 'manifests', '--endpoint-url', fake.url, '--json'], { cwd: dir.path });
    expect(result.code, describeRun(result)).toBe(1);
    const error = (JSON.parse(result.stdout) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('AWS_ValidationException');
    expect(error.message).toContain(`GetAuthorizers failed (ValidationException): ${VALIDATION_TEXT}`);
    expect(hasStackTrace(result.stderr)).toBe(false);
  });

  it('exits 5 and names apigateway:GET when reading is refused', async () => {
    fake.store.injectFailure({ operation: 'GetAuthorizers', service: 'apigateway', error: 'AccessDeniedException' });
    const result = await apply('manifests', '--auto-approve');
    expect(result.code, describeRun(result)).toBe(5);
    expect(result.stderr).toContain('apigateway:GET');
    expect(result.stderr).toContain('AccessDeniedException');
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(fake.writes()).toEqual([]);
  });

  // docs/exit-and-error-codes.md, "Exit codes": 5 = AWS refused a permission, and the message names the IAM action.
  // Known product bug: src/services/apply.ts folds the AccessDeniedError of a write into the apply
  // report, so the command exits 1 (and drops the error's hint); this test fails until it is fixed.
  it('exits 5 and names apigateway:POST when a write is refused', async () => {
    fake.store.injectFailure({ operation: 'CreateAuthorizer', apiId: IDS.ordersApi, error: 'AccessDeniedException' });
    const result = await apply('orders', '--auto-approve');
    const output = result.stdout + result.stderr;
    expect(output).toContain('apigateway:POST');
    expect(output).toContain('AccessDeniedException');
    // What was done and what was not is still reported.
    expect(result.stdout).toMatch(/^ {4}done +update jwt-main$/m);
    expect(result.stdout).toMatch(/^ {4}not-attempted +reset-cache \$default$/m);
    expect(hasStackTrace(output)).toBe(false);
    expect(fake.writes().map((call) => [call.operation, call.error])).toEqual([
      ['UpdateAuthorizer', undefined],
      ['CreateAuthorizer', 'AccessDeniedException'],
    ]);
    expect(result.code, describeRun(result)).toBe(5);
  });

  it('refuses a REST TOKEN -> COGNITO_USER_POOLS change without --allow-replace (exit 64), and replaces with it', async () => {
    const refused = await apply('cognito', '--auto-approve');
    expect(refused.code, describeRun(refused)).toBe(64);
    expect(refused.stderr).toContain('--allow-replace');
    expect(refused.stderr).toContain(`token-auth (${IDS.tokenAuth}, API ${IDS.restApi})`);
    expect(refused.stdout).toContain('-/+ authorizer "token-auth" {');
    expect(refused.stdout).toContain('# forces replacement');
    expect(fake.writes()).toEqual([]);

    const replaced = await apply('cognito', '--auto-approve', '--allow-replace');
    expect(replaced.code, describeRun(replaced)).toBe(0);
    // Created under a temporary name, the old one deleted, the new one renamed (nothing uses it here, so no methods move).
    expect(fake.writes().map((call) => call.operation)).toEqual(['CreateAuthorizer', 'DeleteAuthorizer', 'UpdateAuthorizer']);
    const authorizers = fake.store.inRegion('eu-west-1').rest.getAuthorizers({ restApiId: IDS.restApi }).items;
    expect(authorizers).toHaveLength(1);
    expect(authorizers[0]).toMatchObject({ name: 'token-auth', type: 'COGNITO_USER_POOLS', providerARNs: [USER_POOL] });
  });
});
