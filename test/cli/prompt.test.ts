/**
 * The confirmation prompt on a real terminal: the built CLI runs under a pseudo-terminal made by
 * util-linux `script`, which passes our keystrokes through the terminal's line discipline as a user's
 * would be. Ctrl-C and Ctrl-D cancel like any answer but "yes": exit 1, nothing written.
 */
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, BIN, childEnv, hasStackTrace, ORDERS_MANIFEST, REPO_ROOT, startFake, tempDir, type Fake, type TempDir } from './support.js';

assertBuilt();

const PROMPT = 'Only "yes" will be accepted';
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout.includes('util-linux');

interface TerminalRun {
  readonly code: number | null;
  /** stdout and stderr as the terminal showed them, interleaved. */
  readonly screen: string;
}

/** Runs the CLI on a pseudo-terminal and types `keys` once the prompt shows. */
function runOnTerminal(args: readonly string[], keys: string): Promise<TerminalRun> {
  const command = [process.execPath, BIN, ...args].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ');
  return new Promise((resolve, reject) => {
    // -e: exit with the CLI's code; -q: no "Script started" banner; /dev/null: no typescript file.
    const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { cwd: REPO_ROOT, env: childEnv(), stdio: 'pipe' });
    let screen = '';
    let typed = false;
    const onOutput = (chunk: Buffer) => {
      screen += chunk.toString('utf8');
      if (!typed && screen.includes(PROMPT)) {
        typed = true;
        child.stdin.write(keys);
      }
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

describe.skipIf(!hasScript)('the apply prompt on a terminal (needs util-linux script)', () => {
  let fake: Fake;
  let dir: TempDir;
  let manifest: string;
  beforeAll(async () => {
    fake = await startFake();
    dir = await tempDir();
    manifest = await dir.write('orders.yaml', ORDERS_MANIFEST);
  });
  afterAll(async () => {
    await fake.close();
    await dir.remove();
  });

  it.each([
    ['Ctrl-C', '\x03'],
    ['Ctrl-D', '\x04'],
    ['"no"', 'no\r'],
  ])('%s cancels: "Apply cancelled.", nothing written, exit 1', async (_name, keys) => {
    const before = fake.writes().length;
    const run = await runOnTerminal(['apply', manifest, '--endpoint-url', fake.url], keys);
    expect(run.screen).toContain(PROMPT);
    expect(run.screen).toContain('Apply cancelled.');
    expect(run.screen).not.toContain('internal error');
    expect(hasStackTrace(run.screen)).toBe(false);
    expect(run.code, run.screen).toBe(1);
    expect(fake.writes().length).toBe(before);
  });

  it('"yes" applies', async () => {
    const run = await runOnTerminal(['apply', manifest, '--endpoint-url', fake.url], 'yes\r');
    expect(run.code, run.screen).toBe(0);
    expect(fake.writes().map((call) => call.operation)).toContain('CreateAuthorizer');
  });
});
