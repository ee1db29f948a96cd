/**
 * The exit codes and outputs of `node bin/run.js` as a real process, which the other CLI tests run in
 * their own process (./run-cli.ts): a code left in process.exitCode when the command ends, a code from
 * oclif's exit on a refused command line, and a --json error written in full before that exit. The
 * same cases run in-process in validate-plan.test.ts and conventions.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { assertBuilt, describeRun, ORDERS_MANIFEST, parseJsonStdout, sharedFake, spawnCli } from './support.js';

assertBuilt();

describe('the CLI as a process', () => {
  const { fake, dir } = sharedFake({ 'manifests/orders.yaml': ORDERS_MANIFEST });

  it.concurrent('exits 2 from plan --detailed-exitcode with changes, the plan on stdout', async () => {
    const result = await spawnCli(['plan', 'manifests', '--endpoint-url', fake.url, '--detailed-exitcode'], { cwd: dir.path });
    expect(result.code, describeRun(result)).toBe(2);
    expect(result.signal).toBeNull();
    expect(result.stdout).toContain('gatewarden will perform the following actions:');
  });

  it.concurrent('exits 64 on an unknown command, with the suggestion on stderr', async () => {
    const result = await spawnCli(['pla'], { cwd: dir.path });
    expect(result.code, describeRun(result)).toBe(64);
    expect(result.stderr.replace(/\s*\n ›\s+/g, ' ')).toContain('Did you mean "gatewarden plan"?');
  });

  it.concurrent('exits 64 on an unknown flag with --json, the whole error object on stdout', async () => {
    const result = await spawnCli(['plan', 'manifests', '--detailed-exitcodes', '--json'], { cwd: dir.path });
    expect(result.code, describeRun(result)).toBe(64);
    expect(parseJsonStdout(result)).toMatchObject({ error: { code: 'USAGE_INVALID', exitCode: 64 } });
  });
});
