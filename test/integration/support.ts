/**
 * A small harness for the reconcile tests: an emulator (seeded from YAML) on an ephemeral port,
 * AwsClients pointing at it and the SDK adapters over them (the services' `AwsAccess`), a temporary
 * directory for manifests, and cleanup after each test.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { stringify } from 'yaml';
import { sdkAccess, type AwsAccess } from '../../src/services/access.js';
import { AwsClients } from '../../src/aws/clients.js';
import type { ResilienceOptions } from '../../src/aws/resilience.js';
import {
  EmulatorStore,
  parseSeed,
  startEmulator,
  type EmulatorStoreOptions,
} from '../../src/emulator/index.js';
import { RecordingOutput } from '../../src/services/output.js';

export { callsOf, rejection, writes } from '../store-calls.js';

export const REGION = 'eu-west-1';
export const LAMBDA = `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:123456789012:function:authz/invocations`;
export const LAMBDA_2 = `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:123456789012:function:authz-v2/invocations`;
export const ROLE = 'arn:aws:iam::123456789012:role/invoke';
export const POOL = (id: string) => `arn:aws:cognito-idp:${REGION}:123456789012:userpool/${REGION}_${id}`;

export interface Harness {
  readonly store: EmulatorStore;
  readonly url: string;
  readonly clients: AwsClients;
  readonly output: RecordingOutput;
  /** A fresh temporary directory, removed after the test. */
  readonly dir: string;
  /** Options for planFromManifests / detectDriftFromManifests. */
  readonly options: { readonly aws: AwsAccess; readonly output: RecordingOutput };
  /** Writes a file into `dir` (objects are written as YAML) and returns its path. */
  file(name: string, content: string | object): Promise<string>;
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  const pending = cleanups.splice(0).reverse();
  for (const cleanup of pending) await cleanup();
});

/**
 * Starts an emulator for the current test; the store's default region is eu-west-1 unless told.
 * The stand-in has no deployment quota unless a test turns it on, so redeploys are not paced unless
 * `resilience` says otherwise.
 */
export async function startHarness(
  seedYaml: string,
  options: Omit<EmulatorStoreOptions, 'seed'> = {},
  resilience: ResilienceOptions = { deploymentIntervalMs: 0 },
): Promise<Harness> {
  const store = new EmulatorStore({ defaultRegion: REGION, ...options, seed: parseSeed(seedYaml, 'seed.yaml') });
  const running = await startEmulator({ store, port: 0 });
  const clients = new AwsClients({ endpointUrl: running.url, region: REGION, resilience });
  const dir = await mkdtemp(path.join(tmpdir(), 'gatewarden-it-'));
  cleanups.push(async () => {
    clients.destroy();
    await running.close();
    await rm(dir, { recursive: true, force: true });
  });
  const output = new RecordingOutput();
  return {
    store,
    url: running.url,
    clients,
    output,
    dir,
    options: { aws: sdkAccess(clients), output },
    async file(name, content) {
      const target = path.join(dir, name);
      await writeFile(target, typeof content === 'string' ? content : stringify(content));
      return target;
    },
  };
}

/**
 * For tests about what is read and written, not about when: a pacer clock on which every wait has
 * already passed, so that AWS's request quota (10 a second, which the emulator does not have) costs
 * no time, and no deployment pacing.
 */
export function unpaced(): ResilienceOptions {
  let waitedMs = 0;
  return {
    deploymentIntervalMs: 0,
    clock: {
      now: () => performance.now() + waitedMs,
      sleep: (ms) => {
        waitedMs += ms;
        return Promise.resolve();
      },
    },
  };
}

/** An AuthorizerSet manifest as data; `spec` members other than region default sensibly. */
export function manifest(
  api: { type: 'http' | 'websocket' | 'rest'; id?: string; name?: string },
  authorizers: readonly object[],
  afterChange?: { resetCache?: string[]; redeploy?: string[] },
): object {
  return {
    apiVersion: 'gatewarden/v1',
    kind: 'AuthorizerSet',
    spec: { region: REGION, api, ...(afterChange ? { afterChange } : {}), authorizers },
  };
}
