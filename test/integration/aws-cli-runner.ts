/**
 * Runs the AWS CLI for test/integration/aws-cli.test.ts. Its Python start-up (botocore loading its
 * models) costs about half a second per command, so where `aws` is a Python script, as Debian's is,
 * one interpreter runs every command of the file through the script's own `main`
 * (./aws-cli-driver.py), a new CLI session each; elsewhere each command is a process of its own.
 * Always asynchronous: a synchronous run would block the event loop the emulator answers on.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface AwsCliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface AwsCli {
  run(args: readonly string[], env: NodeJS.ProcessEnv): Promise<AwsCliRun>;
  close(): void;
}

/** Debian's package installs /usr/bin/aws; elsewhere whatever `aws` is on PATH. */
export function findAwsCli(): string | undefined {
  for (const candidate of ['/usr/bin/aws', 'aws']) {
    if (candidate.startsWith('/') && !existsSync(candidate)) continue;
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8', timeout: 20_000 });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

export function startAwsCli(command: string): AwsCli {
  const python = path.isAbsolute(command) ? /^#!\s*(\S*python[\d.]*)\s*$/.exec(readFileSync(command, 'utf8').split('\n')[0] ?? '')?.[1] : undefined;
  return python === undefined ? processPerCommand(command) : oneInterpreter(python, command);
}

function processPerCommand(command: string): AwsCli {
  return {
    run: (args, env) =>
      new Promise((resolve, reject) => {
        execFile(command, [...args], { env, timeout: 30_000 }, (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
          if (code === -1) reject(error ?? new Error('no exit code'));
          else resolve({ code, stdout, stderr });
        });
      }),
    close: () => undefined,
  };
}

function oneInterpreter(python: string, script: string): AwsCli {
  const driver = spawn(python, [path.join(import.meta.dirname, 'aws-cli-driver.py'), script], { stdio: ['pipe', 'ignore', 'pipe', 'pipe'] });
  const [requests, , errors, replies] = driver.stdio;
  if (!requests || !errors || !replies) throw new Error('the AWS CLI driver is missing a pipe');
  const pending: { resolve: (run: AwsCliRun) => void; reject: (error: Error) => void }[] = [];
  let diagnostics = '';
  errors.setEncoding('utf8').on('data', (chunk: string) => (diagnostics += chunk));
  createInterface({ input: replies as NodeJS.ReadableStream }).on('line', (line) => pending.shift()?.resolve(JSON.parse(line) as AwsCliRun));
  driver.on('close', (code, signal) => {
    for (const waiting of pending.splice(0)) waiting.reject(new Error(`the AWS CLI driver ended (${code ?? signal})\n${diagnostics}`));
  });
  return {
    run: (args, env) =>
      new Promise((resolve, reject) => {
        pending.push({ resolve, reject });
        requests.write(`${JSON.stringify({ args, env })}\n`);
      }),
    close: () => {
      requests.end();
    },
  };
}
