/** What apply says about paths that are not manifests: a saved plan among paths, other gatewarden JSON. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { refuseWrongApplyInputs } from '../../src/services/apply-inputs.js';
import { rejection } from './services-support.js';

let dir: string;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gatewarden-apply-inputs-'));
  const files = {
    'plan.json': { kind: 'gatewarden-plan', formatVersion: 1 },
    'drift.json': { formatVersion: 1, inSync: false, includeUnmanaged: false, apis: [] },
    'plan-view.json': { formatVersion: 1, changes: [], unmanaged: [], postActions: [], summary: {} },
    'applied.json': { formatVersion: 1, plan: {}, applied: [], failed: false, interrupted: false },
    'error.json': { error: { code: 'NO_PATHS', message: 'x', exitCode: 64 } },
    'other.json': { hello: 'world' },
    'broken-manifest.json': { apiVersion: 'gatewarden/v1', spec: {} },
  };
  for (const [name, content] of Object.entries(files)) await writeFile(file(name), JSON.stringify(content));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function refusal(paths: string[]): Promise<UsageError> {
  const error = await rejection(refuseWrongApplyInputs(paths));
  expect(error).toBeInstanceOf(UsageError);
  return error as UsageError;
}

describe('refuseWrongApplyInputs', () => {
  it('refuses a saved plan combined with other paths, and lets one saved plan through', async () => {
    const error = await refusal([file('plan.json'), 'examples/']);
    expect(error.code).toBe('PLAN_WITH_PATHS');
    expect(error.message).toBe(`${file('plan.json')} is a saved plan, which is applied on its own: it cannot be combined with other paths.`);
    await expect(refuseWrongApplyInputs([file('plan.json')])).resolves.toBeUndefined();
  });

  it('says what another gatewarden JSON file is', async () => {
    const what = async (name: string) => (await refusal([file(name)])).message.slice(file(name).length + 1);
    expect(await what('drift.json')).toBe('is a drift report (gatewarden drift --format json); apply takes manifests or one saved plan.');
    expect(await what('applied.json')).toMatch(/^is an apply report \(gatewarden apply --json\)/);
    expect(await what('plan-view.json')).toMatch(/^is the JSON view of a plan \(gatewarden plan --json/);
    expect(await what('error.json')).toMatch(/^is an error object/);
    expect(await what('other.json')).toMatch(/^is JSON, but neither a manifest \(kind: AuthorizerSet\) nor a saved plan/);
    expect((await refusal([file('drift.json')])).code).toBe('APPLY_INPUT_INVALID');
  });

  it('leaves manifests, JSON manifests with mistakes and unreadable paths to the manifest checks', async () => {
    await expect(refuseWrongApplyInputs(['examples/manifests', file('broken-manifest.json'), file('missing.json')])).resolves.toBeUndefined();
  });
});
