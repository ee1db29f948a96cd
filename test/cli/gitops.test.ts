/**
 * The GitOps loop: saved plans (plan --out, show, apply PLAN, stale plans), drift, and the GitHub
 * job summary (GITHUB_STEP_SUMMARY). Annotations are tested with plan in validate-plan.test.ts.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
} from './support.js';

assertBuilt();

/** Two problems: a TTL out of range (line 14) and an unknown field (line 15). */
const INVALID_MANIFEST = `apiVersion: gatewarden/v1
kind: AuthorizerSet
spec:
  region: eu-west-1
  api:
    type: http
    name: orders
  authorizers:
    - name: lambda-req
      authorizerType: REQUEST
      authorizerUri: arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:authz/invocations
      authorizerPayloadFormatVersion: "2.0"
      identitySource: ["$request.header.Authorization"]
      authorizerResultTtlInSeconds: 99999
      colour: blue
`;

const { fake, dir } = freshFake({
  'manifests/orders.yaml': ORDERS_MANIFEST,
  'manifests/legacy.yaml': legacyManifest(),
  'manifests/chat.yaml': CHAT_MANIFEST,
  'in-sync/orders.yaml': ORDERS_IN_SYNC_MANIFEST,
  'invalid/orders.yaml': INVALID_MANIFEST,
});

const gw = (args: string[], env?: Record<string, string | undefined>) =>
  runCli(args, { cwd: dir.path, ...(env ? { env } : {}) });

describe('saved plans', () => {
  it('plan --out, then show in three formats and apply the file without a prompt after the manifests are gone', async () => {
    // As in a GitHub Actions job: the plan is also appended to the job summary, after what is there.
    const summary = await dir.write('step-summary.md', '### an earlier step\n\n');
    const planned = await gw(['plan', 'manifests', '--out', 'plan.json', '--endpoint-url', fake.url], { GITHUB_STEP_SUMMARY: summary });
    expect(planned.code, describeRun(planned)).toBe(0);
    expect(planned.stderr).toMatch(/Saved the plan to plan\.json \(([0-9a-f]+|sha256:[0-9a-f]+)\)/);
    const saved = JSON.parse(await readFile(path.join(dir.path, 'plan.json'), 'utf8')) as { kind: string; digest: string };
    expect(saved.kind).toBe('gatewarden-plan');
    expect(planned.stderr).toContain(saved.digest);
    expect(fake.writes()).toEqual([]);

    const markdownSummary = await readFile(summary, 'utf8');
    expect(markdownSummary.startsWith('### an earlier step\n\n')).toBe(true);
    expect(markdownSummary).toMatch(/^### gatewarden plan/m);
    expect(markdownSummary).toContain('2 to change, 2 to add');
    expect(markdownSummary).toContain('jwt-main');
    expect(markdownSummary).toContain(saved.digest);

    await rm(path.join(dir.path, 'manifests'), { recursive: true });

    // show needs no AWS: no endpoint is given, and the emulator sees no call.
    fake.store.clearCalls();
    const [text, markdown, json] = await Promise.all([
      gw(['show', 'plan.json', '--format', 'text']),
      gw(['show', 'plan.json', '--format', 'markdown']),
      gw(['show', 'plan.json', '--format', 'json']),
    ]);
    expect(fake.store.calls).toEqual([]);
    expect(text.code, describeRun(text)).toBe(0);
    expect(text.stdout).toContain(`HTTP API "orders" (${IDS.ordersApi}) in eu-west-1`);
    expect(text.stdout).toContain('~ authorizer "jwt-main" {');
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('Plan: 2 to add, 2 to change, 0 to destroy. 0 unchanged, 1 unmanaged, 1 redeploy, 1 cache reset.');
    expect(markdown.code, describeRun(markdown)).toBe(0);
    expect(markdown.stdout).toMatch(/^### gatewarden plan/m);
    expect(markdown.stdout).toContain('2 to change, 2 to add');
    expect(markdown.stdout).toContain('jwt-main');
    expect(markdown.stdout).toContain(saved.digest);
    expect(json.code, describeRun(json)).toBe(0);
    const shown = parseJsonStdout<{ formatVersion: number; digest: string; summary: Record<string, number>; changes: { name: string }[] }>(json);
    expect(shown.formatVersion).toBe(1);
    expect(shown.digest).toBe(saved.digest);
    expect(shown.summary).toMatchObject({ create: 2, update: 2, unmanaged: 1 });
    expect(shown.changes.map((change) => change.name).sort()).toEqual(['connect-auth', 'jwt-main', 'lambda-req', 'token-auth']);

    // No --auto-approve, no terminal: a saved plan is applied without asking.
    const applied = await gw(['apply', 'plan.json', '--endpoint-url', fake.url]);
    expect(applied.code, describeRun(applied)).toBe(0);
    expect(applied.stdout).toContain('Apply complete! Authorizers: 2 added, 2 changed, 0 destroyed. 1 redeploy, 1 cache reset.');
    expect(fake.writes().map((call) => call.operation).sort()).toEqual(
      ['CreateAuthorizer', 'CreateAuthorizer', 'CreateDeployment', 'ResetAuthorizersCache', 'UpdateAuthorizer', 'UpdateAuthorizer'].sort(),
    );
    const names = fake.store
      .inRegion('eu-west-1')
      .v2.getAuthorizers({ apiId: IDS.ordersApi })
      .items.map((authorizer) => authorizer.name)
      .sort();
    expect(names).toEqual(['console-made', 'jwt-main', 'lambda-req']);
  });

  it('plan --out to a path that cannot be written names it and why: exit 1, no internal error, JSON with --json', async () => {
    await dir.write('taken/file', '');
    const cases = [
      { out: 'taken', reason: 'it is a directory (EISDIR)' },
      { out: 'missing/plan.json', reason: 'its folder does not exist (ENOENT)' },
      { out: 'taken/file/plan.json', reason: 'a part of the path is a file, not a folder (ENOTDIR)' },
    ];
    for (const { out, reason } of cases) {
      const planned = await gw(['plan', 'manifests', '--out', out, '--endpoint-url', fake.url]);
      expect(planned.code, describeRun(planned)).toBe(1);
      expect(planned.stderr).toContain(`Error: Cannot write the saved plan to ${out}: ${reason}.`);
      expect(planned.stderr).not.toContain('internal error');
      expect(hasStackTrace(planned.stderr)).toBe(false);
    }
    const json = await gw(['plan', 'manifests', '--out', 'taken', '--json', '--endpoint-url', fake.url]);
    expect(json.code, describeRun(json)).toBe(1);
    expect(parseJsonStdout<{ error: { code: string; exitCode: number } }>(json).error).toMatchObject({ code: 'OUTPUT_UNWRITABLE', exitCode: 1 });
  });

  it('refuses a plan made stale by an out-of-band change with exit 4, naming the authorizer, writing nothing', async () => {
    const planned = await gw(['plan', 'manifests', '--out', 'plan.json', '--endpoint-url', fake.url]);
    expect(planned.code, describeRun(planned)).toBe(0);
    // Someone edits the authorizer in the console after the plan was reviewed.
    fake.store.inRegion('eu-west-1').v2.updateAuthorizer({
      apiId: IDS.ordersApi,
      authorizerId: IDS.jwtMain,
      jwtConfiguration: { issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc', audience: ['someone-else'] },
    });
    fake.store.clearCalls();

    const applied = await gw(['apply', 'plan.json', '--endpoint-url', fake.url]);
    expect(applied.code, describeRun(applied)).toBe(4);
    expect(applied.stderr).toMatch(/stale/i);
    expect(applied.stderr).toContain(`authorizer "jwt-main" on API ${IDS.ordersApi} (eu-west-1) was changed since the plan was made`);
    expect(applied.stderr).toContain('nothing was written');
    expect(hasStackTrace(applied.stderr)).toBe(false);
    expect(fake.store.calls.length).toBeGreaterThan(0); // it did re-read
    expect(fake.writes()).toEqual([]);
  });

  it('applies a saved plan only when its digest is the reviewed one (--expect-digest)', async () => {
    const planned = await gw(['plan', 'manifests', '--out', 'plan.json', '--endpoint-url', fake.url]);
    expect(planned.code, describeRun(planned)).toBe(0);
    const { digest } = JSON.parse(await readFile(path.join(dir.path, 'plan.json'), 'utf8')) as { digest: string };

    const other = `sha256:${'0'.repeat(64)}`;
    const refused = await gw(['apply', 'plan.json', '--expect-digest', other, '--endpoint-url', fake.url]);
    expect(refused.code, describeRun(refused)).toBe(4);
    expect(refused.stderr).toContain('differs from the reviewed plan');
    expect(refused.stderr).toContain(other);
    expect(fake.writes()).toEqual([]);

    const withManifests = await gw(['apply', 'manifests', '--expect-digest', digest, '--auto-approve', '--endpoint-url', fake.url]);
    expect(withManifests.code, describeRun(withManifests)).toBe(64);
    expect(fake.writes()).toEqual([]);

    const applied = await gw(['apply', 'plan.json', '--expect-digest', digest, '--endpoint-url', fake.url]);
    expect(applied.code, describeRun(applied)).toBe(0);
    expect(fake.writes().length).toBeGreaterThan(0);
  });
});

interface DriftJson {
  formatVersion: number;
  inSync: boolean;
  includeUnmanaged: boolean;
  summary: { drifted: number; missing: number; unmanaged: number };
  apis: {
    apiId: string;
    apiName: string;
    drifted: { name: string; authorizerId: string; fields: { path: string; expected: unknown; actual: unknown }[] }[];
    missing: string[];
    unmanaged: { name: string; authorizerId: string }[];
  }[];
}

describe('gatewarden drift', () => {
  it('exits 0 in sync, 2 with --include-unmanaged, 2 on drift (JSON with expected/actual), 3 for invalid manifests', async () => {
    const summary = await dir.write('step-summary.md', '### an earlier step\n\n');
    const [inSync, unmanaged, drifted, invalid] = await Promise.all([
      gw(['drift', 'in-sync', '--endpoint-url', fake.url]),
      gw(['drift', 'in-sync', '--include-unmanaged', '--format', 'json', '--endpoint-url', fake.url]),
      gw(['drift', 'manifests/orders.yaml', '--format', 'json', '--endpoint-url', fake.url], { GITHUB_STEP_SUMMARY: summary }),
      gw(['drift', 'invalid', '--endpoint-url', fake.url]),
    ]);

    expect(inSync.code, describeRun(inSync)).toBe(0);
    expect(inSync.stdout).toContain(`? authorizer "console-made" (${IDS.consoleMade}) exists in AWS but not in the manifests (not counted as drift)`);
    expect(inSync.stdout.trimEnd().split('\n').at(-1)).toBe('In sync: 0 drifted, 0 missing, 1 unmanaged.');

    expect(unmanaged.code, describeRun(unmanaged)).toBe(2);
    const unmanagedJson = parseJsonStdout<DriftJson>(unmanaged);
    expect(unmanagedJson).toMatchObject({ inSync: false, includeUnmanaged: true, summary: { drifted: 0, missing: 0, unmanaged: 1 } });
    expect(unmanagedJson.apis[0]?.unmanaged).toEqual([{ name: 'console-made', authorizerId: IDS.consoleMade }]);

    expect(drifted.code, describeRun(drifted)).toBe(2);
    const driftJson = parseJsonStdout<DriftJson>(drifted);
    expect(driftJson.formatVersion).toBe(1);
    expect(driftJson.inSync).toBe(false);
    // Without --include-unmanaged the member is still written: github drift-issue requires it.
    expect(driftJson.includeUnmanaged).toBe(false);
    expect(driftJson.summary).toEqual({ drifted: 1, missing: 1, unmanaged: 1, prunable: 0 });
    const orders = driftJson.apis.find((api) => api.apiId === IDS.ordersApi);
    expect(orders?.apiName).toBe('orders');
    expect(orders?.drifted).toEqual([
      {
        name: 'jwt-main',
        authorizerId: IDS.jwtMain,
        fields: [{ path: 'jwtConfiguration.audience', expected: ['my-client-id', 'my-mobile-client-id'], actual: ['my-client-id'] }],
      },
    ]);
    expect(orders?.missing).toEqual(['lambda-req']);
    // GITHUB_STEP_SUMMARY gets the Markdown report appended; stdout keeps the requested format.
    const markdown = await readFile(summary, 'utf8');
    expect(markdown.startsWith('### an earlier step\n\n')).toBe(true);
    const driftPart = markdown.slice('### an earlier step\n\n'.length);
    expect(driftPart).toMatch(/^#+ .*drift/im);
    expect(driftPart).toContain('jwt-main');
    expect(driftPart).toContain('jwtConfiguration.audience');
    expect(driftPart).toContain('lambda-req');

    expect(invalid.code, describeRun(invalid)).toBe(3);
    expect(invalid.stdout).toBe('');
    expect(invalid.stderr).toMatch(/^invalid\/orders\.yaml:14:\d+: .*authorizerResultTtlInSeconds.*99999/m);
    expect(invalid.stderr).toMatch(/^invalid\/orders\.yaml:15:7: .*"colour"/m);
    expect(invalid.stderr).not.toContain('::error');

    // drift reads only.
    expect(fake.writes()).toEqual([]);
  });

  it('leaves out fields matched by .gatewardenignore in the working directory', async () => {
    // The same state and manifest as above, where jwt-main's audience drifts.
    await dir.write('.gatewardenignore', '# the mobile client is rolled out by hand\norders/jwt-main/jwtConfiguration.audience\n');
    const result = await gw(['drift', 'manifests/orders.yaml', '--endpoint-url', fake.url]);
    // Still drift: lambda-req is missing, which the pattern does not cover.
    expect(result.code, describeRun(result)).toBe(2);
    expect(result.stdout).not.toContain('jwtConfiguration.audience');
    expect(result.stdout).not.toContain('"jwt-main"');
    expect(result.stdout).toContain('- authorizer "lambda-req" is declared but missing from AWS');
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('Drift detected: 0 drifted, 1 missing, 1 unmanaged.');
  });

  it('reports each invalid ignore pattern as file:line:col, like a manifest problem, with exit 3 and no AWS call', async () => {
    await dir.write('bad.ignore', 'orders\n# fine\na/b/c/d\n\n*/*/*/*\n');
    const calls = fake.store.calls.length;
    const result = await gw(['drift', 'manifests/orders.yaml', '--ignore-file', 'bad.ignore', '--endpoint-url', fake.url]);
    expect(result.code, describeRun(result)).toBe(3);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      'bad.ignore:3:1: expected API, API/AUTHORIZER or API/AUTHORIZER/FIELD, found "a/b/c/d"',
      'bad.ignore:5:1: expected API, API/AUTHORIZER or API/AUTHORIZER/FIELD, found "*/*/*/*"',
      'Error: 2 problems in the ignore file bad.ignore; nothing was read from or written to AWS.',
    ]);
    expect(fake.store.calls.length).toBe(calls);
  });
});
