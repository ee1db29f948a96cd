/**
 * Running the AWS CLI (botocore, an implementation of the protocols independent of the SDK for
 * JavaScript) against the emulator, with nothing of the developer's own AWS setup.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startEmulator, type EmulatorStore, type RunningEmulator } from '../../src/emulator/index.js';

/** Debian's package installs /usr/bin/aws; elsewhere whatever `aws` is on PATH. */
function findAwsCli(): string | undefined {
  for (const candidate of ['/usr/bin/aws', 'aws']) {
    if (candidate.startsWith('/') && !existsSync(candidate)) continue;
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8', timeout: 20_000 });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

export const AWS = findAwsCli();

export interface CliRun {
  readonly code: number;
  readonly json: Record<string, unknown>;
  readonly stderr: string;
}

/** An empty home with empty config and credentials files, and the environment that uses them. */
async function makeCliHome(): Promise<{ home: string; env: NodeJS.ProcessEnv }> {
  const home = await mkdtemp(path.join(tmpdir(), 'gatewarden-aws-cli-'));
  const config = path.join(home, 'config');
  const credentials = path.join(home, 'credentials');
  await writeFile(config, '');
  await writeFile(credentials, '');
  // Nothing from the developer's own AWS setup may reach the CLI.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    // One attempt: errors are what is under test, and retries would only slow the suite down.
    AWS_MAX_ATTEMPTS: '1',
    AWS_RETRY_MODE: 'standard',
    ...(process.env.PYENV_ROOT === undefined ? {} : { PYENV_ROOT: process.env.PYENV_ROOT }),
  };
  return { home, env };
}

/** Asynchronous: a synchronous spawn would block the event loop the emulator answers on. */
export function runAws(env: NodeJS.ProcessEnv, endpoint: string, region: string, ...args: string[]): Promise<CliRun> {
  const full = [...args, '--endpoint-url', endpoint, '--region', region, '--output', 'json'];
  return new Promise((resolve, reject) => {
    execFile(AWS as string, full, { env, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      if (code === -1) return reject(error ?? new Error('no exit code'));
      resolve({ code, json: stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>), stderr });
    });
  });
}

export interface CliSession {
  /** The store of the emulator the current test talks to. */
  readonly store: EmulatorStore;
  /** The CLI's home, a scratch folder for files the CLI writes. */
  readonly home: string;
  aws(...args: string[]): Promise<CliRun>;
  /** With `extra` in the environment, e.g. another identity's credentials. */
  awsWith(extra: NodeJS.ProcessEnv, ...args: string[]): Promise<CliRun>;
}

/** Registers the hooks: one CLI home for the file, a fresh store and emulator for each test. */
export function cliAgainstEmulator(region: string, makeStore: () => EmulatorStore): CliSession {
  let store: EmulatorStore | undefined;
  let running: RunningEmulator | undefined;
  let home = '';
  let env: NodeJS.ProcessEnv = {};
  beforeAll(async () => {
    ({ home, env } = await makeCliHome());
  });
  beforeEach(async () => {
    await running?.close();
    store = makeStore();
    running = await startEmulator({ store });
  });
  afterAll(async () => {
    await running?.close();
    await rm(home, { recursive: true, force: true });
  });
  const endpoint = (): string => {
    if (running === undefined) throw new Error('the emulator runs only inside a test');
    return running.url;
  };
  return {
    get store() {
      if (store === undefined) throw new Error('the store exists only inside a test');
      return store;
    },
    get home() {
      return home;
    },
    aws: (...args) => runAws(env, endpoint(), region, ...args),
    awsWith: (extra, ...args) => runAws({ ...env, ...extra }, endpoint(), region, ...args),
  };
}
