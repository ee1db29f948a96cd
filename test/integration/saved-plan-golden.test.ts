/**
 * The saved-plan file format, pinned byte for byte: a plan of a fixed input (the seed and manifests
 * the 0.1.0 fixture was made from) written with a fixed clock and tool version. A difference here is
 * a change of the file format: bump SAVED_PLAN_FORMAT_VERSION and the schema with it, and keep
 * applying the previous versions' files (see "Saved plans across versions" in docs/saved-plans.md). Format 2
 * is format 1 with optional members; the 0.1.0 fixture (format 1) shows it.
 * UPDATE_GOLDEN=1 rewrites the golden file; review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Environment } from '../../src/core/environment.js';
import { planFromManifests } from '../../src/services/plan.js';
import { serializeSavedPlan, writeSavedPlan } from '../../src/services/saved-plan.js';
import { decodeSavedPlan } from '../../src/services/saved-plan-file.js';
import { contentDigest } from '../../src/core/saved-plan.js';
import type { SavedPlanFile } from '../../src/core/saved-plan-format.js';
import { startHarness } from './support.js';

const GOLDEN = path.join('test', 'golden', 'saved-plan', 'plan.json');
/** The same plan made with an environment (`plan --env`): the optional `plan.environment` member. */
const GOLDEN_ENVIRONMENT = path.join('test', 'golden', 'saved-plan', 'plan-environment.json');
/** The same plan with `spec.prune: true` on the orders manifest: the optional `delete` action kind. */
const GOLDEN_PRUNE = path.join('test', 'golden', 'saved-plan', 'plan-prune.json');
const FIXTURES = path.join('test', 'fixtures', 'saved-plans');
const INPUT = path.join(FIXTURES, 'gatewarden-0.1.0');
const META = { toolVersion: '0.0.0-golden', createdAt: '2024-01-01T00:00:00.000Z' };

async function goldenPlanText(environment?: Environment, prune = false): Promise<string> {
  const h = await startHarness(await readFile(path.join(INPUT, 'seed.yaml'), 'utf8'));
  const manifests = prune ? await pruningCopy(h.dir) : path.join(INPUT, 'manifests');
  const { plan, inputs } = await planFromManifests([manifests], { ...h.options, ...(environment && { environment }) });
  const file = path.join(h.dir, 'plan.json');
  await writeSavedPlan(file, plan, inputs, META);
  return readFile(file, 'utf8');
}

/** The fixture's manifests, with `prune: true` added to the orders document's spec. */
async function pruningCopy(dir: string): Promise<string> {
  const target = path.join(dir, 'manifests');
  await mkdir(target);
  for (const name of await readdir(path.join(INPUT, 'manifests'))) {
    const text = await readFile(path.join(INPUT, 'manifests', name), 'utf8');
    await writeFile(path.join(target, name), name === 'orders.yaml' ? text.replace(/^spec:\n/m, 'spec:\n  prune: true\n') : text);
  }
  return target;
}

describe('the saved-plan file format', () => {
  it('writes exactly the golden file for a fixed input and clock', async () => {
    const actual = await goldenPlanText();
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) writeFileSync(GOLDEN, actual);
    expect(actual).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('reads the golden files back to plans that write the same bytes', () => {
    for (const file of [GOLDEN, GOLDEN_ENVIRONMENT, GOLDEN_PRUNE]) {
      const text = readFileSync(file, 'utf8');
      expect(serializeSavedPlan(decodeSavedPlan(file, text, JSON.parse(text)))).toBe(text);
    }
  });

  it('records the environment as the optional plan.environment member, covered by the digest', async () => {
    // The emulator's default account; the environment's variables are not used by these manifests.
    const environment: Environment = { name: 'prod', account: '123456789012', vars: {}, file: 'environments/prod.yaml' };
    const actual = await goldenPlanText(environment);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(GOLDEN_ENVIRONMENT)) writeFileSync(GOLDEN_ENVIRONMENT, actual);
    expect(actual).toBe(readFileSync(GOLDEN_ENVIRONMENT, 'utf8'));
    const withEnvironment = JSON.parse(actual) as { plan: Record<string, unknown>; digest: string };
    const without = JSON.parse(readFileSync(GOLDEN, 'utf8')) as { plan: Record<string, unknown>; digest: string };
    expect(withEnvironment.plan.environment).toEqual({ name: 'prod', account: '123456789012' });
    expect({ ...withEnvironment.plan, environment: undefined }).toEqual({ ...without.plan, environment: undefined });
    expect(withEnvironment.digest).not.toBe(without.digest);
  });

  it('records a deletion as the optional delete action kind, in place of the unmanaged authorizer', async () => {
    const actual = await goldenPlanText(undefined, true);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(GOLDEN_PRUNE)) writeFileSync(GOLDEN_PRUNE, actual);
    expect(actual).toBe(readFileSync(GOLDEN_PRUNE, 'utf8'));
    type Api = { actions: { kind: string; name: string }[]; unmanaged: { name: string }[] };
    const pruned = JSON.parse(actual) as { plan: { apis: Api[] } };
    const without = JSON.parse(readFileSync(GOLDEN, 'utf8')) as { plan: { apis: Api[] } };
    const orders = (plan: { apis: Api[] }) => plan.apis.find((api) => api.unmanaged.length > 0 || api.actions.some((action) => action.kind === 'delete'));
    expect(orders(pruned.plan)?.actions[0]).toMatchObject({ kind: 'delete', name: 'console-made', authorizerId: 'consl1' });
    expect(orders(pruned.plan)?.unmanaged).toEqual([]);
    expect(orders(without.plan)?.unmanaged).toEqual([{ name: 'console-made', authorizerId: 'consl1' }]);
  });

  it('is format 1 (what gatewarden 0.1.0 wrote for the same input) plus the optional members of format 2', () => {
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as SavedPlanFile;
    const released = JSON.parse(readFileSync(path.join(FIXTURES, 'gatewarden-0.1.0.json'), 'utf8')) as SavedPlanFile;
    expect(golden.formatVersion).toBe(2);
    expect(released.formatVersion).toBe(1);
    // The fixed input plans a replacement, so format 2 says what uses the replaced authorizer.
    expect(golden.plan.apis.some((api) => api.usage !== undefined)).toBe(true);
    const plan = { ...golden.plan, apis: golden.plan.apis.map(({ usage: _usage, ...api }) => api) };
    const asFormat1 = { ...golden, ...META, formatVersion: 1, plan, digest: contentDigest({ plan, fingerprints: golden.fingerprints }, 1) };
    // The digest covers no tool version or time: without format 2's members it is the 0.1.0 one.
    expect(asFormat1).toEqual({ ...released, ...META });
  });
});
