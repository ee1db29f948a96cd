/**
 * One AWS CLI (botocore, an implementation of the protocols independent of the SDK for JavaScript)
 * per test file, against a fresh emulator for each test, with nothing of the developer's own AWS setup.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startEmulator, type EmulatorStore, type RunningEmulator } from '../../src/emulator/index.js';
import { findAwsCli, startAwsCli, type AwsCli } from './aws-cli-runner.js';

export const AWS = findAwsCli();

export interface CliRun {
  readonly code: number;
  readonly json: Record<string, unknown>;
  readonly stderr: string;
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

/** Registers the hooks: one CLI and one home for the file, a fresh store and emulator for each test. */
export function cliAgainstEmulator(region: string, makeStore: () => EmulatorStore): CliSession {
  let store: EmulatorStore | undefined;
  let running: RunningEmulator | undefined;
  let cli: AwsCli | undefined;
  let home = '';
  let env: NodeJS.ProcessEnv = {};
  beforeAll(async () => {
    cli = startAwsCli(AWS as string);
    home = await mkdtemp(path.join(tmpdir(), 'gatewarden-aws-cli-'));
    const config = path.join(home, 'config');
    const credentials = path.join(home, 'credentials');
    await writeFile(config, '');
    await writeFile(credentials, '');
    // Nothing from the developer's own AWS setup may reach the CLI.
    env = {
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
  });
  beforeEach(async () => {
    await running?.close();
    store = makeStore();
    running = await startEmulator({ store });
  });
  afterAll(async () => {
    cli?.close();
    await running?.close();
    await rm(home, { recursive: true, force: true });
  });
  const awsWith = async (extra: NodeJS.ProcessEnv, ...args: string[]): Promise<CliRun> => {
    if (cli === undefined || running === undefined) throw new Error('the AWS CLI runs only inside a test');
    const full = [...args, '--endpoint-url', running.url, '--region', region, '--output', 'json'];
    const { code, stdout, stderr } = await cli.run(full, { ...env, ...extra });
    return { code, json: stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>), stderr };
  };
  return {
    get store() {
      if (store === undefined) throw new Error('the store exists only inside a test');
      return store;
    },
    get home() {
      return home;
    },
    aws: (...args) => awsWith({}, ...args),
    awsWith,
  };
}
