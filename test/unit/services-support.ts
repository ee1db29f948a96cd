/**
 * The services' unit-test wiring: the emulator's store behind `memoryAccess`, a recording output
 * port, and a temporary folder for manifests when a service reads files. The families' SDK adapters
 * run with the store as their `send`: no HTTP.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { stringify } from 'yaml';
import type { Plan } from '../../src/core/model.js';
import { createManualClock, EmulatorStore, parseSeed } from '../../src/emulator/index.js';
import { memoryAccess, type AwsAccess } from '../../src/services/access.js';
import { RecordingOutput } from '../../src/services/output.js';

export { callsOf, rejection, writes } from '../store-calls.js';

export const REGION = 'eu-west-1';
/** The API the `desiredApi` and `liveApi` helpers name. */
export const API_ID = 'api0000001';

export interface MemoryHarness {
  readonly store: EmulatorStore;
  readonly output: RecordingOutput;
  readonly options: { readonly aws: AwsAccess; readonly output: RecordingOutput };
}

/** `apis` as in an emulator seed file (src/emulator/README.md), checked as one. */
export function memoryHarness(apis: readonly object[]): MemoryHarness {
  const store = new EmulatorStore({
    defaultRegion: REGION,
    now: createManualClock().now,
    seed: parseSeed(JSON.stringify({ apis }), 'seed.json'),
  });
  const output = new RecordingOutput();
  return { store, output, options: { aws: memoryAccess(store), output } };
}

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** Writes each object as a YAML manifest into a fresh temporary folder, removed after the test; returns the paths. */
export async function manifestFiles(...documents: object[]): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gatewarden-unit-'));
  dirs.push(dir);
  return Promise.all(
    documents.map(async (document, index) => {
      const file = path.join(dir, `m${index}.yaml`);
      await writeFile(file, stringify(document));
      return file;
    }),
  );
}

/** An AuthorizerSet manifest for the API with `id` in REGION. */
export function manifest(type: 'http' | 'websocket' | 'rest', id: string, authorizers: readonly object[]): object {
  return { apiVersion: 'gatewarden/v1', kind: 'AuthorizerSet', spec: { region: REGION, api: { type, id }, authorizers } };
}

/** Action kinds by authorizer name, over every API of the plan. */
export function kinds(plan: Plan): Record<string, string> {
  return Object.fromEntries(plan.apis.flatMap((api) => api.actions.map((action) => [action.name, action.kind])));
}
