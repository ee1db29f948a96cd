/**
 * An API at its authorizer quota that drifted (issue 19): of 10 declared authorizers one was deleted
 * in the console and another created there. drift, which writes nothing, reports 1 missing and 1
 * unmanaged and exits 2; plan shows the plan, then the quota as the reason it cannot be applied (exit
 * 1, not saved; with --json the error object); apply refuses before any write.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertBuilt, describeRun, freshFake, ISSUER, parseJsonStdout, runCli } from './support.js';

assertBuilt();

const API = 'quotaapi01';
const names = Array.from({ length: 10 }, (_, index) => `auth-${index}`);

const jwt = (name: string, indent: string) =>
  `${indent}- name: ${name}
${indent}  authorizerType: JWT
${indent}  identitySource: [$request.header.Authorization]
${indent}  jwtConfiguration:
${indent}    issuer: ${ISSUER}
${indent}    audience: [my-client-id]
`;

/** AWS holds auth-1 … auth-9 and console-made: 10, the quota. */
const SEED = `apis:
  - type: http
    region: eu-west-1
    id: ${API}
    name: orders
    authorizers:
${[...names.slice(1), 'console-made'].map((name) => jwt(name, '      ')).join('')}`;

/** Declares auth-0 … auth-9. */
const MANIFEST = `apiVersion: gatewarden/v1
kind: AuthorizerSet
spec:
  region: eu-west-1
  api:
    type: http
    id: ${API}
  authorizers:
${names.map((name) => jwt(name, '    ')).join('')}`;

const EXCESS = `manifests/orders.yaml:1:1: API ${API} ("orders") would have 11 authorizers (10 declared, 1 unmanaged), but may have at most 10`;

describe('an API at its authorizer quota that drifted', () => {
  const { fake, dir } = freshFake({ 'manifests/orders.yaml': MANIFEST }, { seed: SEED });
  const gw = (args: string[]) => runCli([...args, '--endpoint-url', fake.url], { cwd: dir.path });

  it('drift reports 1 missing and 1 unmanaged and exits 2', async () => {
    const [text, json] = await Promise.all([gw(['drift', 'manifests']), gw(['drift', 'manifests', '--format', 'json'])]);
    expect(text.code, describeRun(text)).toBe(2);
    expect(text.stderr).not.toContain('AUTHORIZER_QUOTA_EXCEEDED');
    expect(text.stdout).toContain('- authorizer "auth-0" is declared but missing from AWS');
    expect(text.stdout).toContain('? authorizer "console-made"');
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('Drift detected: 0 drifted, 1 missing, 1 unmanaged.');
    expect(json.code, describeRun(json)).toBe(2);
    expect(parseJsonStdout(json)).toMatchObject({ inSync: false, summary: { drifted: 0, missing: 1, unmanaged: 1 } });
    expect(fake.writes()).toEqual([]);
  });

  it('plan shows the plan, then the quota as the reason it cannot be applied: exit 1 even with --detailed-exitcode, not saved', async () => {
    const result = await gw(['plan', 'manifests', '--detailed-exitcode', '--out', 'plan.json']);
    expect(result.code, describeRun(result)).toBe(1);
    expect(result.stdout).toMatch(/\+ .*auth-0/);
    expect(result.stderr).toContain(`Error: ${EXCESS}`);
    expect(result.stderr).toContain('This plan cannot be applied, so it was not saved to plan.json. Remove authorizers from the manifest');
    expect(existsSync(path.join(dir.path, 'plan.json'))).toBe(false);
    expect(fake.writes()).toEqual([]);
  });

  it('plan --json prints the error object, as for every failure', async () => {
    const result = await gw(['plan', 'manifests', '--json']);
    expect(result.code, describeRun(result)).toBe(1);
    const { error } = parseJsonStdout<{ error: { code: string; message: string; exitCode: number; hint: string } }>(result);
    expect(error).toMatchObject({ code: 'AUTHORIZER_QUOTA_EXCEEDED', exitCode: 1 });
    expect(error.message).toContain(EXCESS);
    expect(error.hint).toMatch(/^This plan cannot be applied\. Remove authorizers/);
  });

  it('apply refuses before any write', async () => {
    const result = await gw(['apply', 'manifests', '--auto-approve']);
    expect(result.code, describeRun(result)).toBe(1);
    expect(result.stderr).toContain(`Error: ${EXCESS}`);
    expect(fake.writes()).toEqual([]);
  });
});
