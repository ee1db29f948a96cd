/**
 * oclif's conventions as gatewarden configures them: `help COMMAND`, did-you-mean for commands and
 * flags with exit 64, shell completion, the exit-code table in the root help, the --json error
 * object for a refused command line, and colours on request only.
 */
import { describe, expect, it } from 'vitest';
import { assertBuilt, describeRun, IDS, ORDERS_MANIFEST, parseJsonStdout, runCli, sharedFake } from './support.js';

assertBuilt();

describe('oclif conventions', () => {
  it('gatewarden help plan shows the plan help; the root help ends with the exit codes', async () => {
    const [help, root] = await Promise.all([runCli(['help', 'plan']), runCli(['--help'])]);
    expect(help.code, describeRun(help)).toBe(0);
    expect(help.stdout).toContain('$ gatewarden plan [PATHS...]');
    expect(help.stdout).toContain('--target=<value>...');
    expect(root.stdout).toMatch(/EXIT CODES\n {2}0 {4}Success/);
    expect(root.stdout).toMatch(/\n {2}64 {3}Usage error/);
    expect(root.stdout).toContain('autocomplete');
  });

  it('suggests the command or flag meant, and exits 64 as documented', async () => {
    const [command, flag, nested] = await Promise.all([
      runCli(['pla']),
      runCli(['plan', 'manifests', '--detailed-exitcodes']),
      runCli(['github', 'plan-commen']),
    ]);
    for (const result of [command, flag, nested]) expect(result.code, describeRun(result)).toBe(64);
    // oclif wraps its error lines at 80 columns, each continuation prefixed with " ›".
    const unwrapped = (text: string) => text.replace(/\s*\n ›\s+/g, ' ');
    expect(unwrapped(command.stderr)).toContain('Did you mean "gatewarden plan"?');
    expect(unwrapped(flag.stderr)).toContain('Did you mean --detailed-exitcode?');
    expect(unwrapped(nested.stderr)).toContain('Did you mean "gatewarden github plan-comment"?');
  });

  it('suggests from the first words when a mistyped command has arguments (the whole line arrives as the id)', async () => {
    const results = await Promise.all([
      runCli(['pla', 'examples/manifests']),
      runCli(['aply', 'manifests', '--auto-approve']),
      runCli(['github', 'plan-commen', 'plan.json']),
    ]);
    const unwrapped = (text: string) => text.replace(/\s*\n ›\s+/g, ' ');
    const expected = ['gatewarden plan', 'gatewarden apply', 'gatewarden github plan-comment'];
    for (const [index, result] of results.entries()) {
      expect(result.code, describeRun(result)).toBe(64);
      expect(unwrapped(result.stderr)).toContain(`Did you mean "${expected[index]}"?`);
    }
  });

  it('prints the completion script of a shell', async () => {
    const result = await runCli(['autocomplete', 'script', 'bash']);
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toContain('GATEWARDEN_AC_BASH_SETUP_PATH');
  });

  it('with --json, a refused command line is the documented error object, exit 64', async () => {
    const result = await runCli(['plan', 'manifests', '--detailed-exitcodes', '--json']);
    expect(result.code, describeRun(result)).toBe(64);
    expect(parseJsonStdout(result)).toEqual({
      error: {
        code: 'USAGE_INVALID',
        message: 'Nonexistent flag: --detailed-exitcodes. Did you mean --detailed-exitcode?',
        exitCode: 64,
        hint: 'Run gatewarden plan --help for the flags and arguments.',
      },
    });
  });
});

describe('repeatable flags', () => {
  const shared = sharedFake({
    'manifests/orders.yaml': ORDERS_MANIFEST,
    'environments/dev.yaml': 'apiVersion: gatewarden/v1\nkind: Environment\nmetadata:\n  name: dev\nspec:\n  account: "123456789012"\n',
  });

  it('take one value each, so the paths may follow them (gatewarden plan --target orders manifests/)', async () => {
    const [targeted, validated] = await Promise.all([
      runCli(['plan', '--target', 'orders', 'manifests', '--endpoint-url', shared.fake.url], { cwd: shared.dir.path }),
      runCli(['validate', '--env', 'dev', 'manifests'], { cwd: shared.dir.path }),
    ]);
    expect(targeted.code, describeRun(targeted)).toBe(0);
    expect(targeted.stdout).toContain('Targeting is in effect: only the APIs matching "orders" are planned.');
    expect(validated.code, describeRun(validated)).toBe(0);
  });
});

describe('colours', () => {
  const shared = sharedFake({ 'manifests/orders.yaml': ORDERS_MANIFEST });

  it('are off for a pipe, on with FORCE_COLOR, and off again with NO_COLOR or --no-color', async () => {
    const plan = (extra: string[], env: Record<string, string>) =>
      runCli(['plan', 'manifests', '--endpoint-url', shared.fake.url, ...extra], { cwd: shared.dir.path, env });
    const [piped, forced, noColor, flag] = await Promise.all([
      plan([], {}),
      plan([], { FORCE_COLOR: '1' }),
      plan([], { FORCE_COLOR: '1', NO_COLOR: '1' }),
      plan(['--no-color'], { FORCE_COLOR: '1' }),
    ]);
    const escape = '\u001b[';
    expect(piped.stdout).toContain(`HTTP API "orders" (${IDS.ordersApi}) in eu-west-1`);
    expect(piped.stdout).not.toContain(escape);
    expect(forced.stdout).toContain('\u001b[33m~\u001b[39m authorizer "jwt-main" {');
    expect(forced.stdout).toContain(`\u001b[1mHTTP API "orders" (${IDS.ordersApi}) in eu-west-1\u001b[22m`);
    for (const result of [noColor, flag]) expect(result.stdout).toBe(piped.stdout);
  });
});
