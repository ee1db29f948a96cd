/** Writing, reading and applying saved plans. */
import { readFile, writeFile } from 'node:fs/promises';
import type { LiveAuthorizer, Plan } from '../core/model.js';
import type { PlanInput } from '../core/plan.js';
import {
  createSavedPlan,
  findStaleAuthorizers,
  planDigest,
  SAVED_PLAN_FORMAT_VERSION,
  SAVED_PLAN_KIND,
  type SavedPlan,
  type SavedPlanMeta,
} from '../core/saved-plan.js';
import { StalePlanError, UserError } from '../errors.js';
import { familyFor } from '../families/registry.js';
import type { ApplyReport } from '../core/apply-report.js';
import { applyConsentedPlan, refuseUnconsentedReplacements, type ApplyOptions } from './apply.js';
import { PortCache } from './port-cache.js';

export async function writeSavedPlan(
  path: string,
  plan: Plan,
  inputs: readonly PlanInput[],
  meta: SavedPlanMeta,
): Promise<SavedPlan> {
  const saved = createSavedPlan(plan, inputs, meta);
  await writeFile(path, `${JSON.stringify(saved, null, 2)}\n`);
  return saved;
}

/**
 * A saved plan is recognised by its content, so `apply plan.json` needs no extra flag: a `.json`
 * file whose kind is ours is checked and returned; anything else is `undefined` (a manifest path).
 */
export async function readSavedPlanIfAny(path: string): Promise<SavedPlan | undefined> {
  if (!path.endsWith('.json')) return undefined;
  let parsed: { kind?: unknown };
  try {
    parsed = JSON.parse(await readFile(path, 'utf8')) as { kind?: unknown };
  } catch {
    return undefined;
  }
  return parsed.kind === SAVED_PLAN_KIND ? checkSavedPlan(parsed, path) : undefined;
}

export async function readSavedPlan(path: string): Promise<SavedPlan> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UserError('PLAN_UNREADABLE', `${path} is not a readable gatewarden plan: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return checkSavedPlan(parsed, path);
}

function checkSavedPlan(value: unknown, path: string): SavedPlan {
  const parsed = value as SavedPlan;
  if (parsed?.kind !== SAVED_PLAN_KIND || parsed.formatVersion !== SAVED_PLAN_FORMAT_VERSION) {
    throw new UserError(
      'PLAN_UNSUPPORTED',
      `${path} is not a gatewarden plan of format version ${SAVED_PLAN_FORMAT_VERSION}.`,
      { hint: 'Create it again with: gatewarden plan PATHS --out plan.json' },
    );
  }
  // The digest catches hand edits and truncated files: apply must run exactly what was reviewed.
  if (planDigest(parsed.plan, parsed.fingerprints) !== parsed.digest) {
    throw new UserError('PLAN_TAMPERED', `${path} does not match its digest; it was edited or damaged after planning.`, {
      hint: 'Create it again with: gatewarden plan PATHS --out plan.json',
    });
  }
  return parsed;
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
 * Refuses, writing nothing, a replacement without consent; then re-reads the APIs the plan touches
 * and refuses, writing nothing, if any fingerprint moved.
 */
export async function applySavedPlan(saved: SavedPlan, options: ApplyOptions): Promise<ApplyReport> {
  refuseUnconsentedReplacements(saved.plan, options.allowReplace);
  const ports = new PortCache(options.aws);
  const live = new Map<string, readonly LiveAuthorizer[]>();
  const key = (apiId: string, region: string) => `${region}/${apiId}`;
  const touched = saved.plan.apis.filter((api) => saved.fingerprints.some((entry) => entry.apiId === api.target.apiId));
  await Promise.all(
    touched.map(async (api) => {
      const port = await ports.get(familyFor(api.target.apiType), api.target.region);
      live.set(key(api.target.apiId, api.target.region), await port.listAuthorizers(api.target.apiId));
    }),
  );
  const stale = findStaleAuthorizers(
    saved,
    (apiId, region) => live.get(key(apiId, region)) ?? [],
    (apiType) => familyFor(apiType).rules,
  );
  if (stale.length > 0) {
    const lines = stale.map((entry) => `  - authorizer "${entry.name}" on API ${entry.apiId} (${entry.region}) was ${entry.reason} since the plan was made`);
    throw new StalePlanError(`Saved plan is stale; nothing was written.\n${lines.join('\n')}`, {
      hint: 'Run gatewarden plan again, review it, and apply the new plan.',
    });
  }
  return applyConsentedPlan(saved.plan, options);
}
