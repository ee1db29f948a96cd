/** Writing, reading and applying saved plans. */
import { readFile } from 'node:fs/promises';
import type { LiveAttachment, LiveAuthorizer, Plan } from '../core/model.js';
import type { PlanInput } from '../core/plan.js';
import { toSavedPlanFile } from '../core/saved-plan-format.js';
import { createSavedPlan, deletingApis, resumeSavedPlan, type SavedPlan, type SavedPlanMeta, type StaleAuthorizer } from '../core/saved-plan.js';
import { StalePlanError, UserError } from '../errors.js';
import { familyFor } from '../families/registry.js';
import type { ApplyReport } from '../core/apply-report.js';
import { applyConsentedPlan, refuseUnconsentedChanges, type ApplyOptions } from './apply.js';
import { PortCache } from './port-cache.js';
import { claimsToBeSavedPlan, decodeSavedPlan, parsePlanJson } from './saved-plan-file.js';
import { writeUserFile } from './write-file.js';

export async function writeSavedPlan(
  path: string,
  plan: Plan,
  inputs: readonly PlanInput[],
  meta: SavedPlanMeta,
): Promise<SavedPlan> {
  const saved = createSavedPlan(plan, inputs, meta);
  await writeUserFile(path, serializeSavedPlan(saved), 'the saved plan');
  return saved;
}

/** The file's exact bytes: the mapped file format, two-space indented, with a final newline. */
export function serializeSavedPlan(saved: SavedPlan): string {
  return `${JSON.stringify(toSavedPlanFile(saved), null, 2)}\n`;
}

/**
 * A saved plan is recognised by its content, so `apply plan.json` needs no extra flag: a `.json`
 * file whose kind is ours is checked and returned; anything else is `undefined` (a manifest path).
 */
export async function readSavedPlanIfAny(path: string): Promise<SavedPlan | undefined> {
  if (!path.endsWith('.json')) return undefined;
  let text: string;
  let parsed: unknown;
  try {
    text = await readFile(path, 'utf8');
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  return claimsToBeSavedPlan(parsed) ? decodeSavedPlan(path, text, parsed) : undefined;
}

export async function readSavedPlan(path: string): Promise<SavedPlan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UserError('PLAN_UNREADABLE', `${path} is not a readable gatewarden plan: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return decodeSavedPlan(path, text, parsePlanJson(path, text));
}

/**
 * Refuses a saved plan other than the one that was reviewed: CI passes the digest shown with the
 * reviewed plan, and a re-plan that came out differently (new live state, other merged changes) stops here.
 */
export function requireReviewedDigest(saved: SavedPlan, expected: string): void {
  if (saved.digest === expected) return;
  throw new StalePlanError(
    `The plan differs from the reviewed plan: its digest is ${saved.digest}, the reviewed plan's is ${expected}. Nothing was written.`,
    { hint: 'Something changed since the review (in AWS, or other merged manifests). Plan again and review the new plan.' },
  );
}

/**
 * Refuses, writing nothing, a replacement without consent; then re-reads the APIs the plan touches.
 * An action whose authorizer already has its planned result is done (an earlier, partial apply of
 * this plan made it): the rest and the post-actions run. Any other change refuses the plan, writing nothing.
 */
export async function applySavedPlan(saved: SavedPlan, options: ApplyOptions): Promise<ApplyReport> {
  refuseUnconsentedChanges(saved.plan, options);
  const ports = new PortCache(options.aws);
  const live = new Map<string, readonly LiveAuthorizer[]>();
  const attachments = new Map<string, readonly LiveAttachment[]>();
  const key = (apiId: string, region: string) => `${region}/${apiId}`;
  const touched = saved.plan.apis.filter((api) => saved.fingerprints.some((entry) => entry.apiId === api.target.apiId));
  await Promise.all(
    touched.map(async (api) => {
      const port = await ports.get(familyFor(api.target.apiType), api.target.region);
      live.set(key(api.target.apiId, api.target.region), await port.listAuthorizers(api.target.apiId));
    }),
  );
  // An authorizer that routes or methods started using since the plan must not be deleted: read them again.
  await Promise.all(
    deletingApis(saved.plan).map(async (target) => {
      const port = await ports.get(familyFor(target.apiType), target.region);
      attachments.set(key(target.apiId, target.region), await port.listAttachments(target.apiId));
    }),
  );
  const { plan, done, renamed, stale } = resumeSavedPlan(
    saved,
    (apiId, region) => live.get(key(apiId, region)) ?? [],
    (apiType) => familyFor(apiType).rules,
    (apiId, region) => attachments.get(key(apiId, region)),
  );
  if (stale.length > 0) {
    const lines = stale.map((entry) => `  - authorizer "${entry.name}" on API ${entry.apiId} (${entry.region}) was ${staleReason(entry.reason)} since the plan was made`);
    throw new StalePlanError(`Saved plan is stale; nothing was written.\n${lines.join('\n')}`, {
      hint: 'Run gatewarden plan again, review it, and apply the new plan.',
    });
  }
  for (const action of done) {
    const state = action.kind === 'delete' ? 'is already deleted' : 'already has its planned configuration';
    options.output.emit({
      code: 'warning',
      message: `authorizer "${action.name}" on API ${action.apiId} (${action.region}) ${state} (an earlier apply made it); the ${action.kind} is not written again.`,
    });
  }
  for (const replacement of renamed) {
    options.output.emit({
      code: 'warning',
      message: `the replacement of authorizer "${replacement.name}" on API ${replacement.apiId} (${replacement.region}) stopped after the old authorizer was deleted; its new authorizer "${replacement.temporary}" (${replacement.authorizerId}) has the planned configuration and is renamed now.`,
    });
  }
  return applyConsentedPlan(plan, options);
}

function staleReason(reason: StaleAuthorizer['reason']): string {
  return reason === 'attached' ? 'attached to routes or methods (the plan deletes it)' : reason;
}
