/**
 * A replacement interrupted at each of its writes, applied from a saved plan (`plan --out`, then
 * `apply plan.json`): re-applying the same plan file finishes the job (the unfinished replacement's
 * authorizer under its temporary name is recognised, checked against the plan and renamed, and the
 * redeploys run as planned), and so does a fresh `apply` of the manifests. Failures are injected
 * into the emulator as data.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { StalePlanError } from '../../src/errors.js';
import { applyPlan } from '../../src/services/apply.js';
import { planFromManifests } from '../../src/services/plan.js';
import { applySavedPlan, readSavedPlan, writeSavedPlan } from '../../src/services/saved-plan.js';
import { authorizersOf, CASES, protections, type Case } from './replace-support.js';
import { LAMBDA, manifest, rejection, startHarness, type Harness } from './support.js';

interface Live {
  readonly authorizers: { readonly id: string; readonly name: string }[];
  /** The authorizer id of every route or method that was protected when seeded. */
  readonly usedBy: (string | undefined)[];
}

async function setUp(testCase: Case) {
  const h = await startHarness(stringify({ apis: [testCase.seed] }));
  const manifestPath = await h.file('m.yaml', manifest(testCase.api, [testCase.desired], testCase.redeploy ? { redeploy: testCase.redeploy } : undefined));
  const planPath = path.join(h.dir, 'plan.json');
  const type = testCase.api.type;
  const protectedKeys = protections(h.store, type)
    .filter((entry) => entry.authorizationType !== 'NONE')
    .map((entry) => entry.key);
  const live = (): Live => ({
    authorizers: authorizersOf(h.store, type),
    usedBy: protections(h.store, type)
      .filter((entry) => protectedKeys.includes(entry.key))
      .map((entry) => entry.authorizerId),
  });
  const { plan, inputs } = await planFromManifests([manifestPath], h.options);
  expect(plan.apis[0]?.actions.map((action) => action.kind)).toEqual(['replace']);
  await writeSavedPlan(planPath, plan, inputs, { toolVersion: '0.0.0-test', createdAt: '2026-01-01T00:00:00.000Z' });
  const applySaved = async () => applySavedPlan(await readSavedPlan(planPath), { ...h.options, allowReplace: true });
  const applyFresh = async () => applyPlan((await planFromManifests([manifestPath], h.options)).plan, { ...h.options, allowReplace: true });
  return { h, manifestPath, applySaved, applyFresh, live };
}

/** One authorizer, named as declared, not the old one, used by every route or method; the plan is empty. */
async function expectFinished(h: Harness, live: Live, manifestPath: string): Promise<void> {
  expect(live.authorizers.map((authorizer) => authorizer.name)).toEqual(['main']);
  const [only] = live.authorizers;
  expect(only?.id).not.toBe('old001');
  expect(live.usedBy).toEqual(live.usedBy.map(() => only?.id));
  const { plan } = await planFromManifests([manifestPath], h.options);
  expect(plan.apis[0]?.actions.map((action) => action.kind)).toEqual(['no-op']);
  expect(plan.apis[0]?.unmanaged).toEqual([]);
  expect(plan.apis[0]?.postActions).toEqual([]);
}

/** REST stages serve a snapshot: the last deployment must come after the rename. */
function expectRedeployedAfterRename(h: Harness, testCase: Case): void {
  if (!testCase.redeploy) return;
  const ok = h.store.calls.map((call, index) => ({ call, index })).filter(({ call }) => call.error === undefined && call.unanswered !== true);
  const lastRename = Math.max(...ok.filter(({ call }) => call.operation === 'UpdateAuthorizer').map(({ index }) => index));
  const lastDeployment = Math.max(...ok.filter(({ call }) => call.operation === 'CreateDeployment').map(({ index }) => index));
  expect(lastDeployment).toBeGreaterThan(lastRename);
}

describe('resuming a replacement from its saved plan', () => {
  for (const testCase of CASES) {
    for (const operation of testCase.writes) {
      for (const rerun of ['the saved plan again', 'a fresh apply'] as const) {
        it(`${testCase.family}: after ${operation} failed, ${rerun} finishes it`, async () => {
          const { h, manifestPath, applySaved, applyFresh, live } = await setUp(testCase);
          h.store.injectFailure({ operation, error: 'BadRequestException', skip: operation === testCase.move ? 1 : 0 });
          const first = await applySaved();
          expect(first.failed).toBe(true);
          const second = rerun === 'a fresh apply' ? await applyFresh() : await applySaved();
          expect(second.failed).toBe(false);
          await expectFinished(h, live(), manifestPath);
          expectRedeployedAfterRename(h, testCase);
          if (rerun === 'the saved plan again' && operation === 'UpdateAuthorizer') {
            // The old authorizer was gone: the step left is the rename of the new one, said so.
            expect(second.apis[0]?.steps.map((step) => [step.action, step.status])).toEqual([
              ['update', 'done'],
              ...(testCase.redeploy ?? []).map(() => ['redeploy', 'done']),
            ]);
            expect(h.output.events.some((event) => event.code === 'warning' && event.message.includes('main-gatewarden-next'))).toBe(true);
          }
        });
      }
    }

    // Someone changed the new authorizer an interrupted apply left, before or after the old one was deleted.
    for (const stop of [testCase.move, 'UpdateAuthorizer'] as const) {
      it(`${testCase.family}: after ${stop} failed, the saved plan is refused, writing nothing, when the unfinished replacement's authorizer was changed since`, async () => {
        const { h, applySaved, live } = await setUp(testCase);
        h.store.injectFailure({ operation: stop, error: 'BadRequestException', skip: stop === testCase.move ? 1 : 0 });
        expect((await applySaved()).failed).toBe(true);
        const temporary = live().authorizers.find((authorizer) => authorizer.name === 'main-gatewarden-next');
        expect(temporary).toBeDefined();
        changeTtl(h, testCase, temporary?.id as string);
        h.store.clearCalls();
        const error = await rejection(applySaved());
        expect(error).toBeInstanceOf(StalePlanError);
        expect((error as StalePlanError).message).toMatch(/authorizer "main-gatewarden-next" on API \S+ \(\S+\) was changed since the plan was made/);
        expect(h.store.calls.filter((call) => !call.operation.startsWith('Get'))).toEqual([]);
      });
    }

    it(`${testCase.family}: a fresh apply brings the unfinished replacement's authorizer to the manifest in place, and finishes`, async () => {
      const { h, manifestPath, applySaved, applyFresh, live } = await setUp(testCase);
      h.store.injectFailure({ operation: testCase.move, error: 'BadRequestException', skip: 1 });
      expect((await applySaved()).failed).toBe(true);
      const temporary = live().authorizers.find((authorizer) => authorizer.name === 'main-gatewarden-next');
      changeTtl(h, testCase, temporary?.id as string);
      const again = await applyFresh();
      expect(again.failed).toBe(false);
      await expectFinished(h, live(), manifestPath);
      // The authorizer that routes already pointed at was kept, not re-created.
      expect(live().authorizers.map((authorizer) => authorizer.id)).toEqual([temporary?.id]);
    });
  }
});

function changeTtl(h: Harness, testCase: Case, authorizerId: string): void {
  if (testCase.api.type === 'http') h.store.v2.updateAuthorizer({ apiId: testCase.api.id, authorizerId, authorizerResultTtlInSeconds: 17 });
  else h.store.rest.updateAuthorizer({ restApiId: testCase.api.id, authorizerId, patchOperations: [{ op: 'replace', path: '/authorizerResultTtlInSeconds', value: '17' }] });
}

describe('a replacement interrupted twice', () => {
  it('says where things point, counting what the earlier run moved', async () => {
    const rest = CASES.find((candidate) => candidate.api.type === 'rest') as Case;
    const { h, applySaved } = await setUp(rest);
    h.store.injectFailure({ operation: rest.move, error: 'BadRequestException', skip: 1 });
    expect((await applySaved()).failed).toBe(true);
    h.store.injectFailure({ operation: 'DeleteAuthorizer', error: 'BadRequestException' });
    const second = await applySaved();
    const failed = second.apis[0]?.steps.find((step) => step.status === 'failed');
    expect(failed?.error).toMatch(/Now "main-gatewarden-next" \(\w+\) is used by 2 methods \(GET \/pets, POST \/pets\/\{id\}\), and "main" \(old001\) by 0 methods;/);
  });
});

describe('an authorizer under the temporary name that is of another kind', () => {
  it('is not taken over: the replacement fails with REPLACEMENT_DIFFERS, naming both, and writes nothing', async () => {
    const rest = CASES.find((candidate) => candidate.api.type === 'rest') as Case;
    // Lambda, where the replacement plans a Cognito authorizer: no update can turn one into the other.
    const stranger = { name: 'main-gatewarden-next', type: 'TOKEN', authorizerUri: LAMBDA, identitySource: 'method.request.header.Authorization', id: 'odd001' };
    const seed = { ...rest.seed, authorizers: [...(rest.seed as { authorizers: object[] }).authorizers, stranger] };
    const { h, applyFresh, live } = await setUp({ ...rest, seed });
    h.store.clearCalls();
    const report = await applyFresh();
    const failed = report.apis[0]?.steps.find((step) => step.status === 'failed');
    expect(failed).toMatchObject({ action: 'replace', errorCode: 'REPLACEMENT_DIFFERS' });
    expect(failed?.error).toMatch(/^Authorizer "main-gatewarden-next" \(odd001\) has the temporary name of the replacement of "main", but differs from the plan in a way no update can change: .*type is "TOKEN", planned "COGNITO_USER_POOLS"/);
    expect(h.store.calls.filter((call) => !call.operation.startsWith('Get'))).toEqual([]);
    expect(live().authorizers.map((authorizer) => authorizer.id).sort()).toEqual(['odd001', 'old001']);
  });
});
