/**
 * Saved plans: `plan --out` writes one, `apply PLAN` applies exactly it, and only while every
 * authorizer it touches still looks as it did when the plan was made.
 */
import { ABSENT, digest, fingerprintAuthorizer } from './fingerprint.js';
import { BugError } from '../errors.js';
import type { ApiPlan, ApiTarget, ApiType, AuthorizerAction, AuthorizerFields, DeleteAction, LiveAttachment, LiveAuthorizer, Plan, ReplaceAction } from './model.js';
import { differencesFromPlanned } from './planned-result.js';
import type { PlanInput } from './plan.js';
import { renameAction, replacementName } from './replacement.js';
import type { AuthorizerRules } from './rules.js';
import { SAVED_PLAN_FORMAT_VERSION, toDigestedContent, type DigestedContent } from './saved-plan-format.js';
import type { LiveFingerprint, SavedPlan } from './saved-plan-model.js';

export type { LiveFingerprint, SavedPlan } from './saved-plan-model.js';

export interface SavedPlanMeta {
  readonly toolVersion: string;
  readonly createdAt: string;
}

export function createSavedPlan(plan: Plan, inputs: readonly PlanInput[], meta: SavedPlanMeta): SavedPlan {
  const fingerprints = plan.apis.flatMap((api) => {
    const input = inputs.find((candidate) => candidate.live.id === api.target.apiId && candidate.live.region === api.target.region);
    if (!input) return [];
    const liveByName = new Map(input.live.authorizers.map((authorizer) => [authorizer.name, authorizer]));
    return api.actions
      .filter((action) => action.kind !== 'no-op')
      .map((action) => fingerprintOf(api.target, action.name, liveByName.get(action.name), input.rules));
  });
  return {
    ...meta,
    plan,
    fingerprints,
    digest: planDigest(plan, fingerprints),
  };
}

/** Over the file's terms, not the model's: the digest of a plan must not change when the model does. */
export function planDigest(plan: Plan, fingerprints: readonly LiveFingerprint[]): string {
  return contentDigest(toDigestedContent(plan, fingerprints));
}

/** The digest of a plan file's content as it was read (of its own format version), to compare with the digest it carries. */
export function contentDigest(content: DigestedContent, formatVersion: number = SAVED_PLAN_FORMAT_VERSION): string {
  return digest({ formatVersion, plan: content.plan, fingerprints: content.fingerprints });
}

function fingerprintOf(
  target: ApiTarget,
  name: string,
  live: LiveAuthorizer | undefined,
  rules: AuthorizerRules,
): LiveFingerprint {
  const api = { apiType: target.apiType, apiId: target.apiId, region: target.region, name };
  if (!live) return { ...api, fingerprint: ABSENT };
  return { ...api, authorizerId: live.id, fingerprint: fingerprintAuthorizer(live, rules, target.apiType) };
}

export interface StaleAuthorizer {
  readonly apiId: string;
  readonly region: string;
  readonly name: string;
  /** `attached`: routes or methods use an authorizer the plan deletes. */
  readonly reason: 'changed' | 'deleted' | 'created' | 'attached';
}

/** Compares the fingerprints with what AWS has now; `liveOf` returns the API's current authorizers. */
export function findStaleAuthorizers(
  saved: SavedPlan,
  liveOf: (apiId: string, region: string) => readonly LiveAuthorizer[],
  rulesOf: (apiType: ApiTarget['apiType']) => AuthorizerRules,
): StaleAuthorizer[] {
  return saved.fingerprints.flatMap((expected): StaleAuthorizer[] => {
    const now = liveOf(expected.apiId, expected.region).find((authorizer) => authorizer.name === expected.name);
    const stale = (reason: StaleAuthorizer['reason']) => [
      { apiId: expected.apiId, region: expected.region, name: expected.name, reason },
    ];
    if (expected.fingerprint === ABSENT) return now ? stale('created') : [];
    if (!now || now.id !== expected.authorizerId) return stale('deleted');
    return fingerprintAuthorizer(now, rulesOf(expected.apiType), expected.apiType) === expected.fingerprint ? [] : stale('changed');
  });
}

/** An action of a saved plan that AWS already shows done: an earlier apply of the same plan made it. */
export interface DoneAction {
  readonly apiId: string;
  readonly region: string;
  readonly name: string;
  readonly kind: Exclude<AuthorizerAction['kind'], 'no-op'>;
}

/** A replacement an earlier apply stopped after deleting the old authorizer: its new one is renamed now. */
export interface FinishedReplacement {
  readonly apiId: string;
  readonly region: string;
  readonly name: string;
  readonly temporary: string;
  readonly authorizerId: string;
}

export interface ResumedPlan {
  /** What is left to write: the actions not done yet (a replacement whose old authorizer is gone is left as its rename), and every post-action. */
  readonly plan: Plan;
  readonly done: readonly DoneAction[];
  readonly renamed: readonly FinishedReplacement[];
  /** Changes the plan did not make: the plan must be refused. */
  readonly stale: readonly StaleAuthorizer[];
}

/**
 * Resumes a saved plan after a partial apply or a crash: an action whose authorizer already has the
 * planned result is done, not stale; anything else that moved since the plan was made is stale.
 * Post-actions are kept: a redeploy or cache reset of a stage is safe to repeat, and whether an
 * earlier run made it cannot be told for cache resets.
 */
export function resumeSavedPlan(
  saved: SavedPlan,
  liveOf: (apiId: string, region: string) => readonly LiveAuthorizer[],
  rulesOf: (apiType: ApiType) => AuthorizerRules,
  /** What uses the API's authorizers now; read for every API the plan deletes from (see `deletingApis`). */
  attachmentsOf: (apiId: string, region: string) => readonly LiveAttachment[] | undefined = () => undefined,
): ResumedPlan {
  const staleByKey = new Map(findStaleAuthorizers(saved, liveOf, rulesOf).map((entry) => [`${entry.region}/${entry.apiId}/${entry.name}`, entry]));
  const done: DoneAction[] = [];
  const renamed: FinishedReplacement[] = [];
  const stale: StaleAuthorizer[] = [];
  const apis = saved.plan.apis.map((api): ApiPlan => {
    const { apiId, region, apiType } = api.target;
    const actions = api.actions.flatMap((action): AuthorizerAction[] => {
      const entry = action.kind === 'no-op' ? undefined : staleByKey.get(`${region}/${apiId}/${action.name}`);
      if (action.kind === 'delete') return resumeDeletion(action, api.target, entry, liveOf, attachmentsOf, { done, stale });
      const left = action.kind === 'replace' ? leftByReplacement(action, liveOf(apiId, region), rulesOf(apiType), apiType) : undefined;
      if (action.kind === 'replace' && entry === undefined) {
        // The old authorizer is as planned; a new one an interrupted apply left must be too.
        if (left === undefined || left.planned) return [action];
        stale.push({ apiId, region, name: left.authorizer.name, reason: 'changed' });
        return [];
      }
      if (action.kind === 'no-op' || entry === undefined) return [action];
      const now = liveOf(apiId, region).find((authorizer) => authorizer.name === action.name);
      if (now !== undefined && hasPlannedResult(now, action.after, rulesOf(apiType), apiType, action)) {
        done.push({ apiId, region, name: action.name, kind: action.kind });
        return [];
      }
      // The replacement's delete ran and its rename did not: what is left is the rename (the post-actions follow).
      if (action.kind === 'replace' && now === undefined && left?.planned === true) {
        renamed.push({ apiId, region, name: action.name, temporary: left.authorizer.name, authorizerId: left.authorizer.id });
        return [renameAction(action, left.authorizer.id)];
      }
      // The old one is gone and the temporary one differs from the plan: name the one that changed.
      if (action.kind === 'replace' && now === undefined && left !== undefined) stale.push({ apiId, region, name: left.authorizer.name, reason: 'changed' });
      else stale.push(entry);
      return [];
    });
    return { ...api, actions };
  });
  return { plan: { apis }, done, renamed, stale };
}

/** The APIs a saved plan deletes from: apply reads their routes or methods again before resuming it. */
export function deletingApis(plan: Plan): ApiTarget[] {
  return plan.apis.filter((api) => api.actions.some((action) => action.kind === 'delete')).map((api) => api.target);
}

/**
 * A deletion whose authorizer is gone is done (an earlier apply of this plan deleted it). One that
 * routes or methods now use is stale, like a changed one: prune never deletes what protects a route.
 */
function resumeDeletion(
  action: DeleteAction,
  target: ApiTarget,
  entry: StaleAuthorizer | undefined,
  liveOf: (apiId: string, region: string) => readonly LiveAuthorizer[],
  attachmentsOf: (apiId: string, region: string) => readonly LiveAttachment[] | undefined,
  results: { done: DoneAction[]; stale: StaleAuthorizer[] },
): AuthorizerAction[] {
  const { apiId, region } = target;
  if (entry !== undefined) {
    const gone = !liveOf(apiId, region).some((authorizer) => authorizer.name === action.name);
    if (gone) results.done.push({ apiId, region, name: action.name, kind: 'delete' });
    else results.stale.push(entry);
    return [];
  }
  const attachments = attachmentsOf(apiId, region);
  if (attachments === undefined) throw new BugError(`the deletions of a saved plan on API ${apiId} were resumed without reading what uses its authorizers`);
  if (attachments.some((attachment) => attachment.authorizerId === action.authorizerId)) {
    results.stale.push({ apiId, region, name: action.name, reason: 'attached' });
    return [];
  }
  return [action];
}

function hasPlannedResult(
  live: LiveAuthorizer,
  after: AuthorizerFields,
  rules: AuthorizerRules,
  apiType: ApiType,
  action: Exclude<AuthorizerAction, { kind: 'no-op' | 'delete' }>,
): boolean {
  // An update keeps the authorizer's id; a create or replacement made a new one.
  if (action.kind === 'update' && live.id !== action.authorizerId) return false;
  if (action.kind === 'replace' && live.id === action.authorizerId) return false;
  return differencesFromPlanned(live.fields, after, rules, apiType).length === 0;
}

/** The new authorizer an interrupted replacement left under its temporary name, and whether it has the planned members. */
function leftByReplacement(
  action: ReplaceAction,
  live: readonly LiveAuthorizer[],
  rules: AuthorizerRules,
  apiType: ApiType,
): { readonly authorizer: LiveAuthorizer; readonly planned: boolean } | undefined {
  const temporary = replacementName(action.name);
  const authorizer = live.find((candidate) => candidate.name === temporary && candidate.id !== action.authorizerId);
  if (authorizer === undefined) return undefined;
  return { authorizer, planned: differencesFromPlanned({ ...authorizer.fields, name: action.name }, action.after, rules, apiType).length === 0 };
}
