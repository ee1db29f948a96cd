/**
 * `validate` and `plan` end to end: the compiled CLI (run in-process, ./run-cli.ts), against the emulator
 * running in this process. Also endpoint and region resolution, and usage errors (exit 64).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  CHAT_MANIFEST,
  describeRun,
  freshFake,
  hasStackTrace,
  IDS,
  legacyManifest,
  ORDERS_IN_SYNC_MANIFEST,
  ORDERS_MANIFEST,
  parseJsonStdout,
  runCli,
  tempDir,
  type TempDir,
} from './support.js';

assertBuilt();

/** Three problems in a.yaml (two schema problems and a duplicate name), one YAML error in b.yaml. */
const INVALID_A = `apiVersion: gatewarden/v1
kind: AuthorizerSet
spec:
  region: eu-west-1
  api:
    type: http
    name: orders
  authorizers:
    - name: jwt-main
      authorizerType: JWT
      identitySource: ["$request.header.Authorization"]
      jwtConfiguration:
        issuer: http://not-https.example.com
        audience: [x]
      bogus: 1
    - name: jwt-main
      authorizerType: JWT
      identitySource: ["$request.header.Authorization"]
      jwtConfiguration:
        issuer: https://issuer.example.com
        audience: [y]
`;
const INVALID_B = `apiVersion: gatewarden/v1
kind: AuthorizerSet
spec:
  api:
    type: rest
    name: legacy-api
  authorizers:
    - name: t
      type: TOKEN
      identitySource: method.request.header.Authorization
      authorizerResultTtlInSeconds: 99999
`;

interface ErrorJson {
  error: {
    code: string;
    exitCode: number;
    message: string;
    issues: { file: string; line: number; col: number; code: string; message: string }[];
  };
}

/** No credentials, no region, no endpoint of any kind. */
const OFFLINE_ENV = {
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
  AWS_REGION: undefined,
  AWS_DEFAULT_REGION: undefined,
  AWS_PROFILE: undefined,
  AWS_ENDPOINT_URL: undefined,
  AWS_ENDPOINT_URL_APIGATEWAYV2: undefined,
  AWS_ENDPOINT_URL_API_GATEWAY: undefined,
};

describe('gatewarden validate', () => {
  let dir: TempDir;

  beforeAll(async () => {
    dir = await tempDir();
    await dir.write('good/orders.yaml', ORDERS_MANIFEST);
    await dir.write('good/legacy.yaml', legacyManifest());
    await dir.write('good/chat.yaml', CHAT_MANIFEST);
    await dir.write('bad/a.yaml', INVALID_A);
    await dir.write('bad/b.yaml', INVALID_B);
    await dir.write('bad/c.yaml', CHAT_MANIFEST); // valid: not reported
  });
  afterAll(() => dir.remove());

  it('accepts valid manifests with exit 0, without credentials, region or endpoint', async () => {
    const result = await runCli(['validate', 'good'], { cwd: dir.path, env: OFFLINE_ENV });
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toContain('Valid: 3 documents, 4 authorizers.');
    expect(result.stderr).toBe('');
  });

  it('reports every problem in every file as file:line:col, sorted, with exit 3 and nothing on stdout', async () => {
    const result = await runCli(['validate', 'bad'], { cwd: dir.path, env: OFFLINE_ENV });
    expect(result.code, describeRun(result)).toBe(3);
    expect(result.stdout).toBe('');
    expect(hasStackTrace(result.stderr)).toBe(false);

    const located = result.stderr
      .split('\n')
      .map((line) => /^(bad\/[a-z]\.yaml):(\d+):(\d+): (.+)$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => ({ file: match[1] as string, line: Number(match[2]), col: Number(match[3]), message: match[4] as string }));
    expect(located, result.stderr).toHaveLength(5);
    // Sorted by file, then line, then column.
    const keys = located.map((issue) => [issue.file, issue.line, issue.col] as const);
    const sorted = [...keys].sort((x, y) => x[0].localeCompare(y[0]) || x[1] - y[1] || x[2] - y[2]);
    expect(keys).toEqual(sorted);
    // Both files are reported, the valid one is not.
    expect(new Set(located.map((issue) => issue.file))).toEqual(new Set(['bad/a.yaml', 'bad/b.yaml']));
    // Each problem where it is.
    expect(located).toContainEqual(expect.objectContaining({ file: 'bad/a.yaml', line: 13, message: expect.stringContaining('https') }));
    expect(located).toContainEqual(expect.objectContaining({ file: 'bad/a.yaml', line: 15, message: expect.stringContaining('"bogus"') }));
    expect(located).toContainEqual(
      expect.objectContaining({ file: 'bad/a.yaml', line: 16, message: expect.stringContaining('"jwt-main" is already used') }),
    );
    expect(located).toContainEqual(expect.objectContaining({ file: 'bad/b.yaml', line: 8, message: expect.stringContaining('authorizerUri') }));
    expect(located).toContainEqual(expect.objectContaining({ file: 'bad/b.yaml', line: 11, message: expect.stringContaining('99999') }));
    // A closing summary, and no GitHub annotations outside GitHub Actions.
    expect(result.stderr).toMatch(/^Error: 5 problems in 2 of 3 files; nothing was read from or written to AWS\.$/m);
    expect(result.stderr).not.toContain('::error');
  });

  it('with --json prints only a JSON error object with the issues on stdout', async () => {
    const result = await runCli(['validate', 'bad', '--json'], { cwd: dir.path, env: OFFLINE_ENV });
    expect(result.code, describeRun(result)).toBe(3);
    const json = parseJsonStdout<ErrorJson>(result);
    expect(Object.keys(json)).toEqual(['error']);
    expect(json.error.code).toBe('MANIFEST_INVALID');
    expect(json.error.exitCode).toBe(3);
    expect(json.error.issues).toHaveLength(5);
    expect(json.error.issues).toContainEqual(expect.objectContaining({ file: 'bad/a.yaml', line: 16, code: 'rules.duplicate-name' }));
    expect(json.error.issues).toContainEqual({
      file: 'bad/b.yaml',
      line: 11,
      col: expect.any(Number),
      code: 'schema.range',
      message: expect.stringContaining('99999'),
    });
    expect(json.error.issues).toContainEqual(expect.objectContaining({ file: 'bad/a.yaml', line: 15, code: 'schema.unknown-field' }));
    expect(json.error.issues.map((issue) => issue.file).every((file) => file === 'bad/a.yaml' || file === 'bad/b.yaml')).toBe(true);
    expect(hasStackTrace(result.stdout + result.stderr)).toBe(false);
  });
});

describe('gatewarden plan', () => {
  const { fake, dir } = freshFake({
    'manifests/orders.yaml': ORDERS_MANIFEST,
    'manifests/legacy.yaml': legacyManifest(),
    'manifests/chat.yaml': CHAT_MANIFEST,
    'in-sync/orders.yaml': ORDERS_IN_SYNC_MANIFEST,
    'invalid/a.yaml': INVALID_A,
    'invalid/orders.yaml': ORDERS_MANIFEST,
  });

  it('prints a text plan per API with a closing summary; --detailed-exitcode gives 2; writes nothing', async () => {
    const result = await runCli(['plan', 'manifests', '--endpoint-url', fake.url, '--detailed-exitcode'], { cwd: dir.path });
    expect(result.code, describeRun(result)).toBe(2);
    const out = result.stdout;
    expect(out).toContain('gatewarden will perform the following actions:');
    // One header per API.
    expect(out).toContain(`HTTP API "orders" (${IDS.ordersApi}) in eu-west-1`);
    expect(out).toContain(`REST API "legacy-api" (${IDS.restApi}) in eu-west-1 [legacy]`);
    expect(out).toContain(`WebSocket API "chat" (${IDS.chatApi}) in eu-west-1`);
    // Updates show before -> after.
    expect(out).toContain('~ authorizer "jwt-main" {');
    // A set changes by element: the audience added, the one kept hidden.
    expect(out).toContain(
      ['      ~ jwtConfiguration.audience = [', '          + "my-mobile-client-id",', '            # (1 unchanged element hidden)', '        ]'].join('\n'),
    );
    expect(out).toContain('~ authorizer "token-auth" {');
    expect(out).toMatch(/~ authorizerResultTtlInSeconds = 300 -> 60/);
    // Creates show their fields.
    expect(out).toContain('+ authorizer "lambda-req" {');
    expect(out).toMatch(/\+ authorizerPayloadFormatVersion = "2\.0"/);
    expect(out).toContain('+ authorizer "connect-auth" {');
    // Post-actions and the unmanaged authorizer.
    expect(out).toContain('+ reset-cache stage "$default"');
    expect(out).toContain('+ redeploy stage "production"');
    expect(out).toContain(`? authorizer "console-made" (${IDS.consoleMade}) is not in the manifests: left alone`);
    const lastLine = out.trimEnd().split('\n').at(-1);
    expect(lastLine).toBe('Plan: 2 to add, 2 to change, 0 to destroy. 0 unchanged, 1 unmanaged, 1 redeploy, 1 cache reset.');
    // Progress is on stderr, never on stdout.
    expect(result.stderr).toContain(`Read HTTP API "orders" (${IDS.ordersApi}) in eu-west-1: 2 authorizers`);
    expect(out).not.toContain('Read ');
    // plan only reads.
    expect(fake.store.calls.length).toBeGreaterThan(0);
    expect(fake.writes()).toEqual([]);
  });

  // With no --endpoint-url: AWS_ENDPOINT_URL serves both families.
  it('--json prints only the documented plan JSON on stdout, progress on stderr (endpoint from AWS_ENDPOINT_URL)', async () => {
    const result = await runCli(['plan', 'manifests', '--json', '--detailed-exitcode'], {
      cwd: dir.path,
      env: { AWS_ENDPOINT_URL: fake.url },
    });
    expect(result.code, describeRun(result)).toBe(2);
    const plan = parseJsonStdout<{
      formatVersion: number;
      changes: Record<string, unknown>[];
      unmanaged: Record<string, unknown>[];
      postActions: Record<string, unknown>[];
      summary: Record<string, number>;
    }>(result);
    expect(plan.formatVersion).toBe(1);
    expect(plan.summary).toEqual({ delete: 0, create: 2, update: 2, replace: 0, unchanged: 0, unmanaged: 1, postActions: 2 });
    expect(plan.changes).toHaveLength(4);
    expect(plan.changes).toContainEqual({
      action: 'update',
      apiType: 'http',
      apiId: IDS.ordersApi,
      region: 'eu-west-1',
      name: 'jwt-main',
      authorizerId: IDS.jwtMain,
      fields: [
        { path: 'jwtConfiguration.audience', before: ['my-client-id'], after: ['my-client-id', 'my-mobile-client-id'] },
      ],
    });
    expect(plan.changes).toContainEqual({
      action: 'update',
      apiType: 'rest',
      apiId: IDS.restApi,
      region: 'eu-west-1',
      name: 'token-auth',
      authorizerId: IDS.tokenAuth,
      fields: [{ path: 'authorizerResultTtlInSeconds', before: 300, after: 60 }],
    });
    const create = plan.changes.find((change) => change.name === 'connect-auth');
    expect(create).toMatchObject({ action: 'create', apiType: 'websocket', apiId: IDS.chatApi, region: 'eu-west-1' });
    expect(create?.fields).toContainEqual({ path: 'identitySource', before: null, after: ['route.request.querystring.token'] });
    expect(plan.changes.find((change) => change.name === 'lambda-req')).toMatchObject({ action: 'create', apiType: 'http' });
    expect(plan.unmanaged).toEqual([
      { apiType: 'http', apiId: IDS.ordersApi, region: 'eu-west-1', name: 'console-made', authorizerId: IDS.consoleMade },
    ]);
    expect(plan.postActions).toEqual(
      expect.arrayContaining([
        { action: 'reset-cache', apiType: 'http', apiId: IDS.ordersApi, region: 'eu-west-1', stage: '$default' },
        { action: 'redeploy', apiType: 'websocket', apiId: IDS.chatApi, region: 'eu-west-1', stage: 'production' },
      ]),
    );
    expect(plan.postActions).toHaveLength(2);
    expect(result.stderr).toContain('Read REST API "legacy-api"');
    expect(new Set(fake.store.calls.map((call) => call.service))).toEqual(new Set(['apigatewayv2', 'apigateway']));
    expect(fake.writes()).toEqual([]);
  });

  it('--detailed-exitcode gives 0 when nothing changes', async () => {
    const result = await runCli(['plan', 'in-sync', '--endpoint-url', fake.url, '--detailed-exitcode'], { cwd: dir.path });
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toContain('No changes.');
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('Plan: 0 to add, 0 to change, 0 to destroy. 1 unchanged, 1 unmanaged.');
  });

  it('refuses invalid manifests with exit 3 before any AWS call; GITHUB_ACTIONS=true adds ::error annotations', async () => {
    const result = await runCli(['plan', 'invalid', '--endpoint-url', fake.url], { cwd: dir.path, env: { GITHUB_ACTIONS: 'true' } });
    expect(result.code, describeRun(result)).toBe(3);
    expect(fake.store.calls).toEqual([]);
    // For humans, on stderr.
    expect(result.stderr).toMatch(/^invalid\/a\.yaml:13:17: .*https/m);
    // invalid/orders.yaml is valid alone, but manages the API invalid/a.yaml manages too.
    expect(result.stderr).toMatch(/^invalid\/orders\.yaml:6:5: .*already managed by the document at invalid\/a\.yaml:6:5/m);
    expect(result.stderr).toMatch(/^Error: 4 problems in 2 of 2 files; nothing was read from or written to AWS\.$/m);
    expect(hasStackTrace(result.stderr)).toBe(false);
    // For GitHub, workflow commands too, on stderr (the runner reads both streams); stdout stays the result's.
    expect(result.stdout).toBe('');
    const annotations = result.stderr.split('\n').filter((line) => line.startsWith('::'));
    expect(annotations).toEqual([
      expect.stringMatching(/^::error file=invalid\/a\.yaml,line=13,col=17,title=gatewarden schema\.format::.*https/),
      expect.stringMatching(/^::error file=invalid\/a\.yaml,line=15,col=7,title=gatewarden schema\.unknown-field::.*"bogus"/),
      expect.stringMatching(/^::error file=invalid\/a\.yaml,line=16,col=13,title=gatewarden rules\.duplicate-name::.*jwt-main/),
      expect.stringMatching(/^::error file=invalid\/orders\.yaml,line=6,col=5,title=gatewarden rules\.duplicate-api::/),
    ]);
  });

  it('finds the endpoint in AWS_ENDPOINT_URL_APIGATEWAYV2 (http, websocket) and AWS_ENDPOINT_URL_API_GATEWAY (rest)', async () => {
    // A port nothing listens on: the service-specific variables must win over it.
    const dead = 'http://127.0.0.1:9';
    const [v2, rest] = await Promise.all([
      runCli(['plan', 'manifests/orders.yaml', 'manifests/chat.yaml', '--json'], {
        cwd: dir.path,
        env: { AWS_ENDPOINT_URL_APIGATEWAYV2: fake.url, AWS_ENDPOINT_URL: dead },
      }),
      runCli(['plan', 'manifests/legacy.yaml', '--json'], {
        cwd: dir.path,
        env: { AWS_ENDPOINT_URL_API_GATEWAY: fake.url, AWS_ENDPOINT_URL: dead },
      }),
    ]);
    expect(v2.code, describeRun(v2)).toBe(0);
    expect(parseJsonStdout<{ changes: { apiId: string }[] }>(v2).changes.map((change) => change.apiId).sort()).toEqual(
      [IDS.chatApi, IDS.ordersApi, IDS.ordersApi].sort(),
    );
    expect(rest.code, describeRun(rest)).toBe(0);
    expect(parseJsonStdout<{ changes: { apiId: string }[] }>(rest).changes.map((change) => change.apiId)).toEqual([IDS.restApi]);
    expect(fake.store.calls.filter((call) => call.service === 'apigatewayv2').length).toBeGreaterThan(0);
    expect(fake.store.calls.filter((call) => call.service === 'apigateway').length).toBeGreaterThan(0);
  });

  it('uses --region for manifests without spec.region, over AWS_REGION', async () => {
    await dir.write('no-region/legacy.yaml', legacyManifest({ region: false }));
    const result = await runCli(['plan', 'no-region', '--endpoint-url', fake.url, '--region', 'eu-west-1', '--json'], {
      cwd: dir.path,
      env: { AWS_REGION: 'us-west-2' },
    });
    expect(result.code, describeRun(result)).toBe(0);
    const plan = parseJsonStdout<{ changes: { region: string; apiId: string; name: string }[] }>(result);
    expect(plan.changes).toEqual([expect.objectContaining({ region: 'eu-west-1', apiId: IDS.restApi, name: 'token-auth' })]);
    expect(fake.store.calls.length).toBeGreaterThan(0);
    expect(fake.store.calls.every((call) => call.region === 'eu-west-1')).toBe(true);
  });

  it('without any region, names each manifest that lacks spec.region, before any AWS call', async () => {
    await dir.write('no-region/legacy.yaml', legacyManifest({ region: false }));
    const noRegion = { AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined, AWS_PROFILE: undefined, AWS_CONFIG_FILE: path.join(dir.path, 'none') };
    const result = await runCli(['plan', 'no-region', 'manifests/orders.yaml', '--endpoint-url', fake.url, '--json'], { cwd: dir.path, env: noRegion });
    expect(result.code, describeRun(result)).toBe(1);
    const { error } = parseJsonStdout<{ error: { code: string; message: string } }>(result);
    expect(error.code).toBe('NO_REGION');
    expect(error.message).toBe(`No AWS region is set for the manifest without spec.region: ${path.join('no-region', 'legacy.yaml')}:1:1.`);
    expect(fake.store.calls).toEqual([]);
  });
});

describe('usage errors', () => {
  it('exit 64, never 2: unknown flag, bad --format, unknown command, plan without paths', async () => {
    const [unknownFlag, badFormat, unknownCommand, noPaths] = await Promise.all([
      runCli(['plan', 'manifests', '--no-such-flag']),
      runCli(['drift', 'manifests', '--format', 'xml']),
      runCli(['frobnicate']),
      runCli(['plan', '--endpoint-url', 'http://127.0.0.1:9']),
    ]);
    expect(unknownFlag.code, describeRun(unknownFlag)).toBe(64);
    expect(unknownFlag.stderr).toContain('--no-such-flag');
    expect(badFormat.code, describeRun(badFormat)).toBe(64);
    expect(badFormat.stderr).toMatch(/xml/);
    expect(badFormat.stderr).toMatch(/text, markdown, json/);
    expect(unknownCommand.code, describeRun(unknownCommand)).toBe(64);
    expect(unknownCommand.stderr).toContain('frobnicate');
    expect(noPaths.code, describeRun(noPaths)).toBe(64);
    expect(noPaths.stderr).toContain('Give at least one manifest file or directory.');
    for (const result of [unknownFlag, badFormat, unknownCommand, noPaths]) {
      expect(hasStackTrace(result.stderr)).toBe(false);
      expect(result.stdout).not.toContain('Plan:');
    }
  });
});
