/**
 * The documented, stable JSON form of a plan (formatVersion 1), mapped member by member from the
 * internal Plan: `plan --json` prints it, `show --json` and `apply --json` carry it (json.ts). New
 * members may be added; existing ones keep their names and types.
 */
import { assertNever } from '../core/assert-never.js';
import type { ApiTarget, ApiType, AuthorizerAction, FieldChange, Plan, PruneKeep } from '../core/model.js';
import { summarizePlan, type PlanSummary } from '../core/plan-summary.js';
import { describeLag, pruneInUseAdvice } from './format.js';

export const PLAN_FORMAT_VERSION = 1;

export interface PlanJson {
  readonly formatVersion: number;
  readonly changes: readonly ChangeJson[];
  /** `kept` is present on spec.prune documents: why prune leaves the authorizer. */
  readonly unmanaged: readonly { apiType: string; apiId: string; region: string; name: string; authorizerId: string; kept?: KeptJson }[];
  /** `reason` is present when a stage runs an older configuration than the live authorizers. */
  readonly postActions: readonly { action: string; apiType: string; apiId: string; region: string; stage: string; reason?: string }[];
  /** What uses each replaced authorizer (every one with `--show-usage`); present only when routes or methods were read. */
  readonly usage?: readonly UsageJson[];
  readonly summary: PlanSummary;
  /** The `--target` patterns the plan was limited to; absent for a plan of every declared API. */
  readonly targets?: readonly string[];
  /** The environment the plan was made in (`--env`); absent without one. */
  readonly environment?: { readonly name: string; readonly account: string };
}

/** Why prune leaves an undeclared authorizer: `glob` names the spec.prune.keep glob that matched. */
export interface KeptJson {
  readonly reason: 'keep-glob' | 'in-use' | 'replacement';
  readonly glob?: string;
  /** What to do about it, e.g. "detach it from these routes, or declare it". */
  readonly advice?: string;
}

export interface UsageJson {
  readonly apiType: string;
  readonly apiId: string;
  readonly region: string;
  readonly name: string;
  readonly authorizerId: string;
  /** Routes (HTTP, WebSocket) or methods (REST) that use it. */
  readonly count: number;
  /** The first ten route keys or methods (`GET /orders`, `$connect`), sorted. */
  readonly first: readonly string[];
}

export interface ChangeJson {
  readonly action: AuthorizerAction['kind'];
  readonly apiType: string;
  readonly apiId: string;
  readonly region: string;
  readonly name: string;
  readonly authorizerId?: string;
  readonly fields?: readonly FieldChangeJson[];
  readonly replacePaths?: readonly string[];
  /** Replace only: stages that would keep serving the deleted authorizer; apply refuses the replacement. */
  readonly stagesLeftBehind?: readonly string[];
}

export interface FieldChangeJson {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

export function planToJson(plan: Plan): PlanJson {
  const api = (target: ApiTarget) => ({ apiType: target.apiType, apiId: target.apiId, region: target.region });
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    changes: plan.apis.flatMap((entry) => entry.actions.map((action) => changeJson(action, api(entry.target)))),
    unmanaged: plan.apis.flatMap((entry) =>
      entry.unmanaged.map((authorizer) => ({
        ...api(entry.target),
        name: authorizer.name,
        authorizerId: authorizer.authorizerId,
        ...(authorizer.pruneKeeps && { kept: keptJson(authorizer.pruneKeeps, entry.target.apiType) }),
      })),
    ),
    postActions: plan.apis.flatMap((entry) =>
      entry.postActions.map((post) => ({
        action: post.kind,
        ...api(entry.target),
        stage: post.stage,
        ...(post.kind === 'redeploy' && post.lagging ? { reason: describeLag(post.stage, post.lagging) } : {}),
      })),
    ),
    ...usageJson(plan, api),
    summary: summarizePlan(plan),
    ...(plan.targets ? { targets: plan.targets } : {}),
    ...(plan.environment && { environment: { name: plan.environment.name, account: plan.environment.account } }),
  };
}

function usageJson(plan: Plan, api: (target: ApiTarget) => Pick<UsageJson, 'apiType' | 'apiId' | 'region'>): { usage?: UsageJson[] } {
  const usage = plan.apis.flatMap((entry) => entry.usage.map((item) => ({ ...api(entry.target), name: item.name, authorizerId: item.authorizerId, count: item.count, first: [...item.first] })));
  return usage.length === 0 ? {} : { usage };
}

function keptJson(keep: PruneKeep, apiType: ApiType): KeptJson {
  switch (keep.reason) {
    case 'keep-glob':
      return { reason: keep.reason, glob: keep.glob };
    case 'in-use':
      return { reason: keep.reason, advice: pruneInUseAdvice(apiType) };
    case 'replacement':
      return { reason: keep.reason };
    default:
      return assertNever(keep);
  }
}

function changeJson(action: AuthorizerAction, api: Pick<ChangeJson, 'apiType' | 'apiId' | 'region'>): ChangeJson {
  const base = { action: action.kind, ...api, name: action.name };
  switch (action.kind) {
    case 'delete':
      return { ...base, authorizerId: action.authorizerId, fields: Object.entries(action.before).map(([path, before]) => ({ path, before, after: null })) };
    case 'create':
      return { ...base, fields: Object.entries(action.after).map(([path, after]) => ({ path, before: null, after })) };
    case 'no-op':
      return { ...base, authorizerId: action.authorizerId };
    case 'update':
      return { ...base, authorizerId: action.authorizerId, fields: action.fields.map(fieldJson) };
    case 'replace':
      return {
        ...base,
        authorizerId: action.authorizerId,
        fields: action.fields.map(fieldJson),
        replacePaths: action.replacePaths,
        ...(action.stagesLeftBehind && { stagesLeftBehind: action.stagesLeftBehind }),
      };
    default:
      return assertNever(action);
  }
}

/** Absent members are `null` in JSON, so that every field change has both sides. */
function fieldJson(change: FieldChange): FieldChangeJson {
  return { path: change.path, before: change.before ?? null, after: change.after ?? null };
}
