/** `export` and `adopt` end to end: the compiled CLI against the emulator, then `plan` on the result. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  assertBuilt,
  BASE_SEED,
  describeRun,
  hasStackTrace,
  IDS,
  ORDERS_IN_SYNC_MANIFEST,
  parseJsonStdout,
  runCli,
  startFake,
  tempDir,
  type Fake,
  type TempDir,
} from './support.js';

assertBuilt();

let fake: Fake;
let dir: TempDir;

beforeEach(async () => {
  fake = await startFake();
  dir = await tempDir();
});

afterEach(async () => {
  await fake.close();
  await dir.remove();
});

const endpoint = () => ['--endpoint-url', fake.url];

describe('gatewarden export', () => {
  it('prints one document per API on stdout, and plan on them has nothing to do', async () => {
    const result = await runCli(['export', ...endpoint()], { cwd: dir.path });
    expect(result.code, describeRun(result)).toBe(0);
    const documents = parseAllDocuments(result.stdout);
    expect(Array.isArray(documents) && documents.map((doc) => doc.toJS().spec.api)).toEqual([
      { type: 'http', id: IDS.ordersApi },
      { type: 'rest', id: IDS.restApi },
      { type: 'websocket', id: IDS.chatApi },
    ]);
    expect(result.stdout).toContain(`id: ${IDS.ordersApi} # orders`);
    expect(result.stdout).not.toContain('yaml-language-server');
    await dir.write('exported.yaml', result.stdout);
    const plan = await runCli(['plan', 'exported.yaml', '--detailed-exitcode', ...endpoint()], { cwd: dir.path });
    expect(plan.code, describeRun(plan)).toBe(0);
    expect(plan.stdout.trimEnd().split('\n').at(-1)).toBe('Plan: 0 to add, 0 to change, 0 to destroy. 3 unchanged, 0 unmanaged.');
    expect(fake.writes()).toEqual([]);
  });

  it('says so when the region holds no API of the chosen types, and suggests no plan that could not run', async () => {
    const result = await runCli(['export', '--region', 'us-east-1', '--out', 'none', ...endpoint()], { cwd: dir.path });
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stderr).toContain('Warning: no HTTP, WebSocket or REST APIs in us-east-1: nothing to export.');
    expect(result.stdout).toBe('Exported 0 APIs.\n');
  });

  it('--out where a file is in the way names the path and why, exit 1, writing nothing', async () => {
    const blocking = await dir.write('manifests', 'not a folder');
    const result = await runCli(['export', '--out', blocking, ...endpoint()]);
    expect(result.code, describeRun(result)).toBe(1);
    expect(result.stderr).toContain(`Error: Cannot create the folder ${blocking}: a file is in the way (EEXIST).`);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(await readFile(blocking, 'utf8')).toBe('not a folder');
  });

  it('--out writes one file per API with the modeline, and refuses to overwrite without --force', async () => {
    const out = path.join(dir.path, 'manifests');
    const first = await runCli(['export', '--type', 'http', '--type', 'rest', '--out', out, ...endpoint()]);
    expect(first.code, describeRun(first)).toBe(0);
    expect(first.stdout).toContain(`Wrote ${path.join(out, 'orders.yaml')} (2 authorizers)`);
    expect(existsSync(path.join(out, 'chat.yaml'))).toBe(false);
    const legacy = await readFile(path.join(out, 'legacy-api.yaml'), 'utf8');
    // A temporary directory is neither in gatewarden's checkout nor in a project that installs it:
    // a schema path from there would not survive a move, so no modeline is written.
    expect(legacy.split('\n')[0]).toBe('apiVersion: gatewarden/v1');
    expect(legacy).toContain('identitySource: method.request.header.Authorization');

    const again = await runCli(['export', '--out', out, ...endpoint()]);
    expect(again.code, describeRun(again)).toBe(1);
    expect(again.stderr).toContain('Refusing to overwrite');
    expect(hasStackTrace(again.stderr)).toBe(false);
    expect(existsSync(path.join(out, 'chat.yaml'))).toBe(false);
    const forced = await runCli(['export', '--out', out, '--force', ...endpoint()]);
    expect(forced.code, describeRun(forced)).toBe(0);
    expect(existsSync(path.join(out, 'chat.yaml'))).toBe(true);
  });

  it('--out in a project that installs gatewarden writes the modeline to its schema, relative to the file', async () => {
    await dir.write('node_modules/gatewarden/schemas/gatewarden.schema.json', '{}');
    const out = path.join(dir.path, 'infra', 'authorizers');
    const result = await runCli(['export', '--type', 'http', '--out', out, ...endpoint()]);
    expect(result.code, describeRun(result)).toBe(0);
    const orders = await readFile(path.join(out, 'orders.yaml'), 'utf8');
    expect(orders.split('\n')[0]).toBe('# yaml-language-server: $schema=../../node_modules/gatewarden/schemas/gatewarden.schema.json');
    const plan = await runCli(['plan', path.join(out, 'orders.yaml'), '--detailed-exitcode', ...endpoint()]);
    expect(plan.code, describeRun(plan)).toBe(0);
  });

  it('--api selects by name or id, and --json prints the documents as objects', async () => {
    const result = await runCli(['export', '--api', 'legacy-api', '--api', IDS.chatApi, '--json', ...endpoint()]);
    expect(result.code, describeRun(result)).toBe(0);
    const json = parseJsonStdout<{ documents: { metadata: { name: string }; spec: { authorizers: unknown[] } }[]; unsupported: unknown[] }>(result);
    expect(json.documents.map((document) => document.metadata.name)).toEqual(['legacy-api', 'chat']);
    expect(json.documents[0]?.spec.authorizers).toEqual([
      { name: 'token-auth', type: 'TOKEN', authorizerUri: expect.stringContaining('token-authz'), identitySource: 'method.request.header.Authorization' },
    ]);
    expect(json.unsupported).toEqual([]);

    const missing = await runCli(['export', '--api', 'nope', ...endpoint()]);
    expect(missing.code, describeRun(missing)).toBe(1);
    expect(missing.stderr).toContain('No API of the chosen types has the id or name "nope"');
  });

  it('names what it cannot represent and exits 1, unless --skip-unsupported', async () => {
    await fake.close();
    fake = await startFake(`${BASE_SEED}
      - name: with-expression
        type: COGNITO_USER_POOLS
        providerARNs: [arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc]
        identitySource: method.request.header.Authorization
  - type: http
    region: eu-west-1
    name: odd
    authorizers:
      - name: ignored-member
        authorizerType: JWT
        identitySource: [$request.header.Authorization]
        identityValidationExpression: "^x$"
        jwtConfiguration: { issuer: https://issuer.example.com }
`);
    const refused = await runCli(['export', ...endpoint()]);
    expect(refused.code, describeRun(refused)).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('1 authorizer cannot be written as manifests; nothing was written');
    expect(refused.stderr).toContain('authorizer "ignored-member"');
    expect(refused.stderr).toContain('identityValidationExpression = "^x$"');
    expect(refused.stderr).toContain('--skip-unsupported');

    const skipped = await runCli(['export', '--skip-unsupported', ...endpoint()]);
    expect(skipped.code, describeRun(skipped)).toBe(0);
    expect(skipped.stderr).toContain('Warning: left out authorizer "ignored-member"');
    expect(skipped.stdout).toContain('name: with-expression');
  });
});

describe('gatewarden adopt', () => {
  it('--dry-run prints a diff and writes nothing; then adopt appends, and plan finds nothing unmanaged', async () => {
    const text = `# orders, kept by hand\n${ORDERS_IN_SYNC_MANIFEST.replace('  authorizers:', '  authorizers: # the list')}`;
    const file = await dir.write('manifests/orders.yaml', text);

    const before = await runCli(['plan', 'manifests', ...endpoint()], { cwd: dir.path });
    expect(before.stdout).toContain('To manage the unmanaged authorizer, add it to the manifests with: gatewarden adopt manifests');

    const dry = await runCli(['adopt', 'manifests', '--dry-run', ...endpoint()], { cwd: dir.path });
    expect(dry.code, describeRun(dry)).toBe(0);
    expect(dry.stdout).toContain('--- a/manifests/orders.yaml\n+++ b/manifests/orders.yaml\n');
    expect(dry.stdout).toContain('+    - name: console-made\n+      authorizerType: REQUEST\n');
    expect(dry.stderr).toContain(`manifests/orders.yaml: would add "console-made" to API "orders" (${IDS.ordersApi})`);
    expect(await readFile(file, 'utf8')).toBe(text);

    const adopted = await runCli(['adopt', 'manifests', ...endpoint()], { cwd: dir.path });
    expect(adopted.code, describeRun(adopted)).toBe(0);
    expect(adopted.stdout).toContain(`manifests/orders.yaml: added "console-made" to API "orders" (${IDS.ordersApi})`);
    const after = await readFile(file, 'utf8');
    expect(after.startsWith(text)).toBe(true);
    expect(after).toContain('  authorizers: # the list\n');

    const plan = await runCli(['plan', 'manifests', '--detailed-exitcode', ...endpoint()], { cwd: dir.path });
    expect(plan.code, describeRun(plan)).toBe(0);
    expect(plan.stdout.trimEnd().split('\n').at(-1)).toBe('Plan: 0 to add, 0 to change, 0 to destroy. 2 unchanged, 0 unmanaged.');
    expect(plan.stdout).not.toContain('gatewarden adopt');
    expect(fake.writes()).toEqual([]);

    const nothing = await runCli(['adopt', 'manifests', ...endpoint()], { cwd: dir.path });
    expect(nothing.stdout).toContain('No unmanaged authorizers: nothing to adopt.');
  });
});
