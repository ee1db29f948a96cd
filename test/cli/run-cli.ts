/**
 * The two ways the CLI tests run the compiled CLI (`dist/`, as `bin/run.js` loads it):
 *
 * - `runCli` runs it in this process, through oclif's own `run` and `handle` as `bin/run.js` does,
 *   with the process-wide state a child would have had of its own (arguments, environment, working
 *   directory, stdout and stderr, exit code, no terminal) set for the run and restored after it.
 *   Runs of one file take turns, since that state is the process's. Most tests use it: what they
 *   check is the command line's behaviour, not the process boundary, and a run costs milliseconds
 *   instead of a Node start-up.
 * - `spawnCli` runs `node bin/run.js` as a child process, for what only a real process shows: start-up,
 *   signals, a terminal, a heap or time bound, another user.
 *
 * Either way the emulator lives in the test process, so that tests can seed it, inject failures,
 * change it out of band and assert on every call it served.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { Config, run as runOclif } from '@oclif/core';
import { Exit, handle } from '@oclif/core/handle';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(REPO_ROOT, 'bin', 'run.js');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Added to (or, with `undefined`, removed from) the test process's environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
}

export interface SpawnOptions extends CliOptions {
  /** Kill the child after this long; a hung CLI then fails the test instead of the whole run. */
  readonly timeoutMs?: number;
  /** Run as this user and group (the test process must be root to switch). */
  readonly user?: { readonly uid: number; readonly gid: number };
}

export function childEnv(extra: CliOptions['env'] = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/**
 * Runs `node bin/run.js ...args` with stdin not a TTY (ignored), and collects its output. Always
 * asynchronous: a synchronous spawn would block this process's event loop and with it the emulator
 * the child is talking to.
 */
export function spawnCli(args: readonly string[], options: SpawnOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: childEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.user ?? {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

// oclif reads its configuration (package.json, the command manifest, the plugins) once per process,
// as the real CLI does once per run.
let config: Promise<Config> | undefined;
// Each run owns the process while it lasts; the next one waits for it.
let turn: Promise<unknown> = Promise.resolve();

/**
 * Runs the CLI in this process, as `node bin/run.js ...args` with stdin not a TTY would run. While a
 * run lasts, the process's environment, working directory and output are the run's: work of the same
 * file going on meanwhile (a concurrent test) sees them.
 */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const result = turn.then(() => runInProcess(args, options));
  turn = result.catch(() => undefined);
  return result;
}

/** A direct `process.exit` from a command: in a test process it must end the run, not the process. */
class ProcessExit extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code})`);
  }
}

async function runInProcess(args: readonly string[], options: CliOptions): Promise<CliResult> {
  config ??= Config.load(REPO_ROOT);
  const loaded = await config;
  let stdout = '';
  let stderr = '';
  let exited: number | undefined;
  const warnings: string[] = [];
  const restore = [
    setEnvironment(options.env ?? {}),
    setWorkingDirectory(options.cwd ?? REPO_ROOT),
    replace(process, 'argv', [process.execPath, BIN, ...args]),
    captureWrites(process.stdout, (text) => (stdout += text)),
    captureWrites(process.stderr, (text) => (stderr += text)),
    // oclif writes through console (this.log, its error output); vitest's console would keep it.
    ...(['log', 'info', 'debug'] as const).map((method) => replace(console, method, (...parts: unknown[]) => void (stdout += `${format(...parts)}\n`))),
    ...(['error', 'warn'] as const).map((method) => replace(console, method, (...parts: unknown[]) => void (stderr += `${format(...parts)}\n`))),
    // A child's stdio here are pipes: no terminal, so no prompt, no colours unless forced, 80 columns.
    ...[process.stdin, process.stdout, process.stderr].map((stream) => replaceOwn(stream, 'isTTY', undefined)),
    ...[process.stdout, process.stderr].map((stream) => replaceOwn(stream, 'columns', undefined)),
    // Node prints a warning on a later tick, which a CLI ending through oclif's exit never reaches.
    replace(process, 'emitWarning', ((warning: string | Error, ...rest: unknown[]) => {
      const code = rest.map((option) => (typeof option === 'object' && option !== null ? (option as { code?: string }).code : undefined)).find(Boolean);
      const name = typeof warning === 'string' ? (typeof rest[0] === 'string' ? rest[0] : 'Warning') : warning.name;
      warnings.push(`(node:${process.pid}) ${code ? `[${code}] ` : ''}${name}: ${typeof warning === 'string' ? warning : warning.message}\n`);
    }) as typeof process.emitWarning),
    replace(Exit, 'exit', ((code = 0) => {
      exited ??= code;
    }) as typeof Exit.exit),
    replace(process, 'exit', ((code?: number | string | null) => {
      throw new ProcessExit(Number(code ?? process.exitCode ?? 0));
    }) as typeof process.exit),
  ];
  const exitCodeBefore = process.exitCode;
  process.exitCode = undefined;
  try {
    try {
      await runOclif([...args], loaded);
    } catch (error) {
      if (error instanceof ProcessExit) exited ??= error.code;
      else await handle(error as Error);
    }
    if (exited === undefined) stderr += warnings.join('');
    const code = exited ?? Number(process.exitCode ?? 0);
    return { code, signal: null, stdout, stderr };
  } finally {
    process.exitCode = exitCodeBefore;
    for (const undo of restore.reverse()) undo();
  }
}

type Undo = () => void;

function replace<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): Undo {
  const before = target[key];
  target[key] = value;
  return () => {
    target[key] = before;
  };
}

/** For properties a stream may have as its own (isTTY, columns) or not at all. */
function replaceOwn(target: object, key: string, value: unknown): Undo {
  const before = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, { value, configurable: true, writable: true });
  return () => {
    if (before) Object.defineProperty(target, key, before);
    else Reflect.deleteProperty(target, key);
  };
}

function captureWrites(stream: NodeJS.WriteStream, collect: (text: string) => void): Undo {
  return replace(stream, 'write', ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    collect(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((argument) => typeof argument === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as NodeJS.WriteStream['write']);
}

function setEnvironment(extra: Readonly<Record<string, string | undefined>>): Undo {
  const before = { ...process.env };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return () => {
    for (const key of Object.keys(process.env)) if (!(key in before)) delete process.env[key];
    Object.assign(process.env, before);
  };
}

function setWorkingDirectory(cwd: string): Undo {
  const before = process.cwd();
  process.chdir(cwd);
  return () => process.chdir(before);
}

/** Fails with both streams in the message, which is what one needs to see when an exit code is off. */
export function describeRun(result: CliResult): string {
  return `exit ${result.code} (signal ${result.signal})\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
}

/** True when the output holds a JavaScript stack frame. */
export function hasStackTrace(text: string): boolean {
  return /^\s{4}at /m.test(text);
}
