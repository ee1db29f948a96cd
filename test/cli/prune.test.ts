/**
 * Prune from the built binary: the plan shows the deletion, apply refuses it without --allow-delete
 * (exit 64, nothing written), a saved plan needs the flag too, and with it the authorizer is destroyed.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertBuilt, describeRun, freshFake, hasStackTrace, IDS, ORDERS_IN_SYNC_MANIFEST, REPO_ROOT, runCli, startFake, tempDir } from './support.js';

assertBuilt();

/** The base seed's orders API has jwt-main (declared here) and console-made (not declared, unused). */
const PRUNING = ORDERS_IN_SYNC_MANIFEST.replace('  authorizers:\n', '  prune: true\n  authorizers:\n');

describe('gatewarden apply with spec.prune', () => {
  const { fake, dir } = freshFake({ 'manifests/orders.yaml': PRUNING });

  const gw = (...args: string[]) => runCli([...args, '--endpoint-url', fake.url], { cwd: dir.path });
  const consoleMade = () =>
    fake.store.inRegion('eu-west-1').v2.getAuthorizers({ apiId: IDS.ordersApi }).items.filter((authorizer) => authorizer.name === 'console-made');

  it('plans the deletion, refuses it without --allow-delete (exit 64, nothing written), and destroys it with the flag', async () => {
    const planned = await gw('plan', 'manifests', '--detailed-exitcode');
    expect(planned.code, describeRun(planned)).toBe(2);
    expect(planned.stdout).toContain('  # authorizer "console-made" will be destroyed (not in the manifests; spec.prune)');
    expect(planned.stdout).toContain('  - authorizer "console-made" {');
    expect(planned.stdout).toContain('Plan: 0 to add, 0 to change, 1 to destroy. 1 unchanged, 0 unmanaged.');

    const refused = await gw('apply', 'manifests', '--auto-approve', '--allow-replace');
    expect(refused.code, describeRun(refused)).toBe(64);
    expect(refused.stderr).toContain(`The plan deletes 1 undeclared authorizer (spec.prune): console-made (${IDS.consoleMade}, API ${IDS.ordersApi}). Nothing was written.`);
    expect(refused.stderr).toContain('--allow-delete');
    expect(hasStackTrace(refused.stderr)).toBe(false);
    expect(fake.writes()).toEqual([]);

    const applied = await gw('apply', 'manifests', '--auto-approve', '--allow-delete');
    expect(applied.code, describeRun(applied)).toBe(0);
    expect(applied.stdout).toContain('Apply complete! Authorizers: 0 added, 0 changed, 1 destroyed.');
    expect(applied.stderr).toContain(`destroyed authorizer "console-made" (${IDS.consoleMade}) on HTTP API "orders"`);
    expect(fake.writes().map((call) => call.operation)).toEqual(['DeleteAuthorizer']);
    expect(consoleMade()).toEqual([]);
  });

  it('a saved plan with deletions needs --allow-delete too, and --json reports the refusal code', async () => {
    const saved = await gw('plan', 'manifests', '--out', 'plan.json');
    expect(saved.code, describeRun(saved)).toBe(0);
    const refused = await gw('apply', 'plan.json', '--json');
    expect(refused.code, describeRun(refused)).toBe(64);
    expect(JSON.parse(refused.stdout)).toMatchObject({ error: { code: 'DELETE_NOT_ALLOWED', exitCode: 64 } });
    expect(fake.writes()).toEqual([]);
    const applied = await gw('apply', 'plan.json', '--allow-delete');
    expect(applied.code, describeRun(applied)).toBe(0);
    expect(consoleMade()).toEqual([]);
  });
});

describe('the prune example (examples/prune, planned by npm run demo)', () => {
  it('plans the deletion of the unused console-request and keeps console-cognito, which a method uses', async () => {
    const fake = await startFake(await readFile(path.join(REPO_ROOT, 'examples', 'emulator-seed.yaml'), 'utf8'));
    try {
      const result = await runCli(['plan', 'examples/prune', '--endpoint-url', fake.url], { cwd: REPO_ROOT });
      expect(result.code, describeRun(result)).toBe(0);
      expect(result.stdout).toContain('# authorizer "console-request" will be destroyed');
      expect(result.stdout).toMatch(/\? authorizer "console-cognito" \([a-z0-9]+\) is not in the manifests: kept, because it is in use/);
      expect(result.stdout).toContain('# used by 1 method: GET /pets/{id}');
      expect(result.stdout).toContain('# detach it from these methods, or declare it');
      expect(result.stdout).toContain('1 to destroy');
      // The saved plan (what the pull-request comment is made from) says as much: why it keeps one, and what uses it.
      const dir = await tempDir();
      try {
        const saved = await runCli(['plan', 'examples/prune', '--out', path.join(dir.path, 'plan.json'), '--endpoint-url', fake.url], { cwd: REPO_ROOT });
        expect(saved.code, describeRun(saved)).toBe(0);
        const shown = await runCli(['show', path.join(dir.path, 'plan.json'), '--format', 'markdown']);
        expect(shown.code, describeRun(shown)).toBe(0);
        expect(shown.stdout).toContain('GET /pets/{id}');
        expect(shown.stdout).toMatch(/console-cognito[^\n]*in use/);
      } finally {
        await dir.remove();
      }
      expect(fake.writes()).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});
