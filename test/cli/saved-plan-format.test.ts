/**
 * The saved-plan file as a versioned contract, through the built CLI: a plan written by gatewarden
 * 0.1.0 is applied exactly; a file that is not a plan is refused with the place of each offending
 * member; a plan of another format version is refused by name. Refusals exit 4 and write nothing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertBuilt, describeRun, freshFake, hasStackTrace, REPO_ROOT, runCli } from './support.js';

assertBuilt();

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'saved-plans');
const RELEASED_PLAN = path.join(FIXTURE, 'gatewarden-0.1.0.json');
const INPUT = path.join(FIXTURE, 'gatewarden-0.1.0');

const { fake, dir } = freshFake({}, { seed: await readFile(path.join(INPUT, 'seed.yaml'), 'utf8') });

const gw = (args: string[]) => runCli(args, { cwd: dir.path });

/** As much of the file's shape as the edits below reach into. */
type EditablePlan = Record<string, unknown> & {
  plan: { apis: { actions: Record<string, unknown>[] }[] };
  fingerprints: Record<string, unknown>[];
};

/** The 0.1.0 plan file with `edit` applied to its parsed JSON, written into the temporary directory. */
async function editedPlan(edit: (plan: EditablePlan) => void): Promise<string> {
  const plan = JSON.parse(await readFile(RELEASED_PLAN, 'utf8')) as EditablePlan;
  edit(plan);
  return dir.write('plan.json', `${JSON.stringify(plan, null, 2)}\n`);
}

describe('a saved plan written by gatewarden 0.1.0', () => {
  it('is applied exactly, and the manifests it was made from then plan no changes', async () => {
    const applied = await gw(['apply', RELEASED_PLAN, '--allow-replace', '--endpoint-url', fake.url]);
    expect(applied.code, describeRun(applied)).toBe(0);
    expect(applied.stdout).toContain('Plan: 3 to add, 2 to change, 0 to destroy, 1 to replace. 1 unchanged, 1 unmanaged, 2 redeploys, 2 cache resets.');
    const writes = fake.writes().map((call) => {
      const api = call.params.apiId ?? call.params.restApiId;
      const subject = call.params.authorizerId ?? call.params.name ?? call.params.stageName;
      return `${call.operation} ${String(api)} ${String(subject)}`;
    });
    // The replacement: created under a temporary name, the stage redeployed before the old one goes, then renamed.
    const replacement = fake.store.inRegion('eu-west-1').rest.getAuthorizers({ restApiId: 'legacyapi1' }).items.find((item) => item.name === 'pool-auth');
    expect(writes.sort()).toEqual(
      [
        'UpdateAuthorizer ordersapi1 jwtmn1',
        `UpdateAuthorizer legacyapi1 ${String(replacement?.id)}`,
        'CreateDeployment legacyapi1 prod',
        'CreateAuthorizer ordersapi1 lambda-req',
        'ResetAuthorizersCache ordersapi1 $default',
        'DeleteAuthorizer legacyapi1 pool01',
        'CreateAuthorizer legacyapi1 pool-auth-gatewarden-next',
        'UpdateAuthorizer legacyapi1 tokau1',
        'CreateAuthorizer legacyapi1 request-auth',
        'CreateDeployment legacyapi1 prod',
        'FlushStageAuthorizersCache legacyapi1 prod',
        'CreateAuthorizer chatapi001 connect-auth',
        'CreateDeployment chatapi001 production',
      ].sort(),
    );
    expect(fake.writes().filter((call) => call.error)).toEqual([]);

    const replanned = await gw(['plan', path.join(INPUT, 'manifests'), '--detailed-exitcode', '--endpoint-url', fake.url]);
    expect(replanned.code, describeRun(replanned)).toBe(0);
  });
});

describe('refused plan files (exit 4, nothing written)', () => {
  it('a file that is not a plan: each offending member with its file:line:col, for show and apply', async () => {
    const file = await editedPlan((plan) => {
      (plan.plan.apis[0]?.actions[1] ?? {}).kind = 'destroy';
      delete plan.fingerprints[2]?.name;
    });
    const text = await readFile(file, 'utf8');
    // Where the two members are in the file as written (two-space indented JSON).
    const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
    const kindLine = lineAt(text.indexOf('"kind": "destroy"'));
    const thirdFingerprint = lineAt(text.lastIndexOf('{', text.indexOf('"authorizerId": "pool01",', text.indexOf('"fingerprints"'))));

    for (const command of [['show', 'plan.json'], ['apply', 'plan.json', '--endpoint-url', fake.url]]) {
      const result = await gw(command);
      expect(result.code, describeRun(result)).toBe(4);
      expect(result.stderr).toContain('plan.json is not a gatewarden plan of format version 2; nothing was written:');
      expect(result.stderr).toContain(
        `plan.json:${kindLine}:21: plan.apis[0].actions[1].kind: expected one of "delete", "create", "update", "replace", "no-op", found "destroy"`,
      );
      expect(result.stderr).toContain(`plan.json:${thirdFingerprint}:5: fingerprints[2]: the required member "name" is missing`);
      expect(hasStackTrace(result.stderr)).toBe(false);
    }
    expect(fake.store.calls).toEqual([]);
  });

  it('JSON that does not say it is a plan, given to show: located, with the code in --json', async () => {
    await dir.write('other.json', '{\n  "kind": "something-else"\n}\n');
    const result = await gw(['show', 'other.json', '--json']);
    expect(result.code, describeRun(result)).toBe(4);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string; exitCode: number } };
    expect(error).toMatchObject({ code: 'PLAN_INVALID', exitCode: 4 });
    expect(error.message).toContain('other.json:2:11: kind: "something-else"; a saved plan has "kind": "gatewarden-plan"');
  });

  it('a plan of another format version, naming both versions and the gatewarden that wrote it', async () => {
    await editedPlan((plan) => {
      // A later format may be shaped differently throughout; only its version is read.
      Object.assign(plan, { formatVersion: 3, toolVersion: '9.9.9', plan: { apis: 'written differently' } });
    });
    for (const command of [['apply', 'plan.json', '--endpoint-url', fake.url], ['show', 'plan.json']]) {
      const result = await gw(command);
      expect(result.code, describeRun(result)).toBe(4);
      expect(result.stderr).toContain(
        'plan.json is a saved plan of format version 3 (written by gatewarden 9.9.9); this gatewarden reads format versions 1 and 2. Nothing was written.',
      );
      expect(result.stderr).toContain('apply this file with gatewarden 9.9.9');
      expect(hasStackTrace(result.stderr)).toBe(false);
    }
    expect(fake.store.calls).toEqual([]);
  });
});
