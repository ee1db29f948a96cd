/**
 * The JSON outputs against their published schemas (schemas/*.schema.json), from the built CLI:
 * plan, show, apply, drift, validate, environments, export, adopt and error objects. The schemas leave room for members added later; these
 * tests close every object first, so that a member the CLI prints but the schema does not describe
 * fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type AnySchemaObject } from 'ajv';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/error-codes.js';
import { API_TYPE_IDS } from '../../src/families/registry.js';
import {
  assertBuilt,
  BASE_SEED,
  CHAT_MANIFEST,
  describeRun,
  LAMBDA,
  legacyManifest,
  ORDERS_IN_SYNC_MANIFEST,
  ORDERS_MANIFEST,
  parseJsonStdout,
  REPO_ROOT,
  runCli,
  sharedFake,
  startFake,
  tempDir,
} from './support.js';

assertBuilt();

const SCHEMAS = ['plan', 'apply-report', 'drift-report', 'error', 'validate-result', 'environment-matrix', 'export-result', 'adopt-report'] as const;
type SchemaName = (typeof SCHEMAS)[number];

function readSchema(name: string): AnySchemaObject {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas', `${name}.schema.json`), 'utf8')) as AnySchemaObject;
}

/** Every object with `properties` made closed, recursively. */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (typeof schema !== 'object' || schema === null) return schema;
  const entries = Object.entries(schema).map(([key, value]) => [key, closed(value)] as const);
  const result: Record<string, unknown> = Object.fromEntries(entries);
  if ('properties' in result && !('additionalProperties' in result)) result.additionalProperties = false;
  return result;
}

function validators(transform: (schema: unknown) => unknown) {
  // Stock ajv in strict mode: the schemas use only standard draft-07 keywords and formats.
  const ajv = new Ajv({ strict: true, allErrors: true });
  ajvFormats.default(ajv);
  for (const name of SCHEMAS) ajv.addSchema(transform(readSchema(name)) as AnySchemaObject, `${name}.schema.json`);
  return (name: SchemaName, value: unknown) => {
    const validate = ajv.getSchema(`${name}.schema.json`);
    if (!validate) throw new Error(`no schema ${name}`);
    const valid = validate(value);
    return { valid, errors: ajv.errorsText(validate.errors) };
  };
}

const strictly = validators(closed);
const asPublished = validators((schema) => schema);

function expectValid(name: SchemaName, value: unknown): void {
  const { valid, errors } = strictly(name, value);
  expect(valid, `${name}: ${errors}\n${JSON.stringify(value, null, 2)}`).toBe(true);
  expect(asPublished(name, value).valid).toBe(true);
}

describe('the schemas', () => {
  it('name the API types and error codes gatewarden has', () => {
    for (const name of ['plan', 'apply-report', 'drift-report', 'export-result', 'adopt-report']) {
      expect((readSchema(name).definitions as Record<string, { enum: string[] } | undefined>).apiType?.enum).toEqual([...API_TYPE_IDS]);
    }
    const pattern = new RegExp((readSchema('error').properties.error.properties.code as { pattern: string }).pattern);
    // `AWS_<Name>` stands for AWS's own codes, e.g. AWS_ConflictException.
    for (const code of Object.keys(ERROR_CODES)) expect(code.replace('<Name>', 'ConflictException')).toMatch(pattern);
  });

  it('the manifest schema compiles under stock ajv with exactly the settings docs/manifests.md names', () => {
    const ajv = new Ajv({ strictTypes: false });
    ajvFormats.default(ajv, ['regex']);
    for (const keyword of ['errorMessage', 'patternErrorMessage', 'doNotSuggest']) ajv.addKeyword(keyword);
    expect(() => ajv.compile(readSchema('gatewarden'))).not.toThrow();
  });

  it('refuse what is not the output they describe', () => {
    expect(strictly('plan', { formatVersion: 1, changes: [], unmanaged: [], postActions: [] }).valid).toBe(false);
    expect(strictly('drift-report', { formatVersion: 1, inSync: true }).valid).toBe(false);
    expect(strictly('error', { error: { code: 'NO_PATHS', message: 'x', exitCode: 2 } }).valid).toBe(false);
  });
});

describe('real outputs match their schemas', () => {
  const shared = sharedFake({
    'manifests/orders.yaml': ORDERS_MANIFEST,
    'manifests/legacy.yaml': legacyManifest(),
    'manifests/chat.yaml': CHAT_MANIFEST,
  });
  const gw = (args: string[]) => runCli([...args, '--endpoint-url', shared.fake.url], { cwd: shared.dir.path });
  const offline = (args: string[]) => runCli(args, { cwd: shared.dir.path });

  it('plan --json, plan --out --target, show --format json, drift, apply --json, and a drift after it', async () => {
    const [plan, targeted, drift, withUsage] = await Promise.all([
      gw(['plan', 'manifests', '--json']),
      gw(['plan', 'manifests', '--out', 'plan.json', '--target', 'orders', '--json']),
      gw(['drift', 'manifests', '--format', 'json', '--include-unmanaged']),
      gw(['plan', 'manifests', '--show-usage', '--json']),
    ]);
    for (const result of [plan, targeted, withUsage]) expect(result.code, describeRun(result)).toBe(0);
    expect(parseJsonStdout<{ usage?: unknown[] }>(withUsage).usage?.length).toBeGreaterThan(0);
    expectValid('plan', parseJsonStdout(withUsage));
    expect(drift.code, describeRun(drift)).toBe(2);
    expectValid('plan', parseJsonStdout(plan));
    expect(parseJsonStdout(targeted).targets).toEqual(['orders']);
    expectValid('plan', parseJsonStdout(targeted));
    expectValid('drift-report', parseJsonStdout(drift));

    const shown = await runCli(['show', 'plan.json', '--format', 'json'], { cwd: shared.dir.path });
    expect(shown.code, describeRun(shown)).toBe(0);
    expectValid('plan', parseJsonStdout(shown));

    const applied = await gw(['apply', 'manifests', '--auto-approve', '--json']);
    expect(applied.code, describeRun(applied)).toBe(0);
    const report = parseJsonStdout<{ applied: unknown[] }>(applied);
    expect(report.applied.length).toBeGreaterThan(0);
    expectValid('apply-report', report);

    const [inSync, targetedDrift] = await Promise.all([gw(['drift', 'manifests', '--json']), gw(['drift', 'manifests', '--target', 'chat'])]);
    expect(inSync.code, describeRun(inSync)).toBe(0);
    expectValid('drift-report', parseJsonStdout(inSync));
    expect(targetedDrift.stdout.split('\n')[0]).toBe('Targeting is in effect: only the APIs matching "chat" are checked.');
    const targetedJson = await gw(['drift', 'manifests', '--target', 'chat', '--json']);
    expect(parseJsonStdout(targetedJson)).toMatchObject({ targets: ['chat'], apis: [{ apiName: 'chat' }] });
    expectValid('drift-report', parseJsonStdout(targetedJson));
  });

  it('validate, environments, export and adopt --json', async () => {
    await shared.dir.write('environments/dev.yaml', 'apiVersion: gatewarden/v1\nkind: Environment\nmetadata:\n  name: dev\nspec:\n  account: "123456789012"\n  region: eu-west-1\n');
    await shared.dir.write('adopting/orders.yaml', 'apiVersion: gatewarden/v1\nkind: AuthorizerSet\nspec:\n  region: eu-west-1\n  api: { type: http, name: orders }\n  authorizers: []\n');
    const [validated, withEnvs, environments, exported, exportedToFiles, dryRun] = await Promise.all([
      offline(['validate', 'manifests', '--json']),
      offline(['validate', 'manifests', '--all-envs', '--json']),
      offline(['environments', 'manifests', '--json']),
      gw(['export', '--json']),
      gw(['export', '--out', 'exported', '--json']),
      gw(['adopt', 'adopting', '--dry-run', '--json']),
    ]);
    for (const result of [validated, withEnvs, environments, exported, exportedToFiles, dryRun]) expect(result.code, describeRun(result)).toBe(0);
    expectValid('validate-result', parseJsonStdout(validated));
    expect(parseJsonStdout(withEnvs).environments).toEqual(['dev']);
    expectValid('validate-result', parseJsonStdout(withEnvs));
    expect(parseJsonStdout<{ include: unknown[] }>(environments).include).toHaveLength(1);
    expectValid('environment-matrix', parseJsonStdout(environments));
    expect(parseJsonStdout<{ documents: unknown[] }>(exported).documents).toHaveLength(3);
    expectValid('export-result', parseJsonStdout(exported));
    expect(parseJsonStdout<{ files: unknown[] }>(exportedToFiles).files).toHaveLength(3);
    expectValid('export-result', parseJsonStdout(exportedToFiles));
    expect(parseJsonStdout(dryRun)).toMatchObject({ dryRun: true, files: [{ file: 'adopting/orders.yaml' }] });
    expectValid('adopt-report', parseJsonStdout(dryRun));
    const adopted = await gw(['adopt', 'adopting', '--json']);
    expect(adopted.code, describeRun(adopted)).toBe(0);
    expect(parseJsonStdout(adopted)).toMatchObject({ dryRun: false });
    expectValid('adopt-report', parseJsonStdout(adopted));
  });

  it('error objects: usage, refused command line, user error and every error golden', async () => {
    const [noPaths, badFlag, wrongFile] = await Promise.all([
      gw(['plan', '--json']),
      gw(['plan', 'manifests', '--no-such-flag', '--json']),
      gw(['apply', 'plan.json', 'manifests', '--json']),
    ]);
    for (const result of [noPaths, badFlag, wrongFile]) {
      expect(result.code, describeRun(result)).toBe(64);
      expectValid('error', parseJsonStdout(result));
    }
    const goldens = path.join(REPO_ROOT, 'test', 'golden', 'error-json');
    for (const name of readdirSync(goldens)) {
      expectValid('error', JSON.parse(readFileSync(path.join(goldens, name, 'error.json'), 'utf8')));
    }
  });
});

describe('prune outputs match their schemas', () => {
  it('plan --json with a deletion, kept authorizers and a refused replacement; drift; apply --allow-delete', async () => {
    // console-made is deleted; kept-by-glob and in-use are kept; jwt-main becomes REQUEST while a route uses it and prod does not deploy itself.
    const seed = `${BASE_SEED.replace(
      '    stages: [{ name: $default, autoDeploy: true }]\n',
      '    stages: [{ name: $default, autoDeploy: true }, { name: prod }]\n',
    ).replace(
      '        authorizerPayloadFormatVersion: "1.0"\n',
      `        authorizerPayloadFormatVersion: "1.0"
      - { name: keep-me, id: keep01, authorizerType: REQUEST, authorizerUri: ${LAMBDA('old')}, authorizerPayloadFormatVersion: "1.0" }
      - { name: in-use, id: inuse1, authorizerType: REQUEST, authorizerUri: ${LAMBDA('old')}, authorizerPayloadFormatVersion: "1.0" }
    routes: [{ key: GET /health, authorizer: in-use }, { key: GET /orders, authorizer: jwt-main }]
`,
    )}`;
    const fake = await startFake(seed);
    const dir = await tempDir();
    try {
      const replaced = ORDERS_IN_SYNC_MANIFEST.replace(/ {6}authorizerType: JWT[\s\S]*$/, `      authorizerType: REQUEST\n      authorizerUri: ${LAMBDA('authz')}\n      authorizerPayloadFormatVersion: "2.0"\n`);
      await dir.write('refused/orders.yaml', replaced.replace('  authorizers:\n', '  prune: { keep: [keep-*] }\n  authorizers:\n'));
      await dir.write('pruned/orders.yaml', ORDERS_IN_SYNC_MANIFEST.replace('  authorizers:\n', '  prune: { keep: [keep-*] }\n  authorizers:\n'));
      const gw = (args: string[]) => runCli([...args, '--endpoint-url', fake.url], { cwd: dir.path });
      const plan = await gw(['plan', 'refused', '--json']);
      expect(plan.code, describeRun(plan)).toBe(0);
      const json = parseJsonStdout<{ changes: { action: string; stagesLeftBehind?: string[] }[]; unmanaged: { kept?: unknown }[] }>(plan);
      expect(json.changes.map((change) => change.action)).toEqual(['delete', 'replace']);
      expect(json.changes[1]?.stagesLeftBehind).toEqual(['prod']);
      expect(json.unmanaged.map((entry) => entry.kept)).toEqual([
        { reason: 'in-use', advice: 'detach it from these routes, or declare it' },
        { reason: 'keep-glob', glob: 'keep-*' },
      ]);
      expectValid('plan', json);
      const drift = await gw(['drift', 'pruned', '--json']);
      expect(drift.code, describeRun(drift)).toBe(2);
      expect(parseJsonStdout(drift)).toMatchObject({ summary: { prunable: 1 }, apis: [{ prunable: [{ name: 'console-made' }] }] });
      expectValid('drift-report', parseJsonStdout(drift));
      const applied = await gw(['apply', 'pruned', '--auto-approve', '--allow-delete', '--json']);
      expect(applied.code, describeRun(applied)).toBe(0);
      expectValid('apply-report', parseJsonStdout(applied));
    } finally {
      await fake.close();
      await dir.remove();
    }
  });
});
