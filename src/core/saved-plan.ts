/**
 * Saved plans: `plan --out` writes one, `apply PLAN` applies exactly it, and only while every
 * authorizer it touches still looks as it did when the plan was made.
 */
import { ABSENT, digest, fingerprintAuthorizer } from './fingerprint.js';
import type { ApiTarget, LiveAuthorizer, Plan } from './model.js';
import type { PlanInput } from './plan.js';
import type { AuthorizerRules } from './rules.js';
import { SAVED_PLAN_FORMAT_VERSION, toDigestedContent, type DigestedContent } from './saved-plan-format.js';

/** The live authorizer an action was planned against, or the promise that none exists. */
export interface LiveFingerprint {
  readonly apiType: ApiTarget['apiType'];
  readonly apiId: string;
  readonly region: string;
  readonly name: string;
  readonly authorizerId?: string;
  /** `absent` for creates. */
  readonly fingerprint: string;
}

/** A saved plan in the model's terms; core/saved-plan-format.ts maps it to and from the file. */
export interface SavedPlan {
  readonly toolVersion: string;
  readonly createdAt: string;
  readonly plan: Plan;
  readonly fingerprints: readonly LiveFingerprint[];
  /** Over plan and fingerprints: equal plans of equal live state have equal digests. */
  readonly digest: string;
}

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

/** The digest of a plan file's content as it was read, to compare with the digest it carries. */
export function contentDigest(content: DigestedContent): string {
  return digest({ formatVersion: SAVED_PLAN_FORMAT_VERSION, plan: content.plan, fingerprints: content.fingerprints });
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
  readonly reason: 'changed' | 'deleted' | 'created';
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
