/**
 * Drift is a plan read the other way round: what the manifests expect against what AWS has.
 * Pure: a Plan and ignore rules in, a DriftReport out.
 */
import type { ApiPlan, ApiTarget, AuthorizerAction, LaggingAuthorizer, Plan } from './model.js';
import type { IgnoreRules } from './ignore.js';

export interface FieldDrift {
  readonly path: string;
  /** What the manifest declares (normalised); undefined means absent. */
  readonly expected: unknown;
  /** What AWS has (normalised); undefined means absent. */
  readonly actual: unknown;
}

export interface DriftedAuthorizer {
  readonly name: string;
  readonly authorizerId: string;
  readonly fields: readonly FieldDrift[];
}

export interface ApiDrift {
  readonly target: ApiTarget;
  readonly drifted: readonly DriftedAuthorizer[];
  /** Declared, but not in AWS. */
  readonly missing: readonly string[];
  /** In AWS, but not declared: listed, and drift only with --include-unmanaged. */
  readonly unmanaged: readonly { readonly name: string; readonly authorizerId: string }[];
  /** In AWS, not declared, on a `spec.prune` document, and unused: what prune would delete. Always drift. */
  readonly prunable: readonly { readonly name: string; readonly authorizerId: string }[];
  /** Stages that run an older configuration than the live authorizers: a redeploy is due. */
  readonly lagging: readonly LaggingStage[];
}

export interface LaggingStage {
  readonly stage: string;
  readonly authorizers: readonly LaggingAuthorizer[];
}

export interface DriftReport {
  readonly apis: readonly ApiDrift[];
  /** The `--target` patterns the check was limited to (from the plan); absent when every API was checked. */
  readonly targets?: readonly string[];
}

export interface DriftCounts {
  readonly drifted: number;
  readonly missing: number;
  readonly unmanaged: number;
  /** What prune would delete on the documents that set `spec.prune`. */
  readonly prunable: number;
}

export function detectDrift(plan: Plan, ignore: IgnoreRules): DriftReport {
  const apis = plan.apis
    .filter((api) => !ignore.ignoresApi(api.target))
    .map((api): ApiDrift => {
      const kept = (name: string) => !ignore.ignoresAuthorizer(api.target, name);
      return {
        target: api.target,
        drifted: api.actions.flatMap((action) => driftOf(action, api.target, ignore)),
        missing: api.actions.filter((action) => action.kind === 'create' && kept(action.name)).map((action) => action.name),
        unmanaged: api.unmanaged.filter((authorizer) => kept(authorizer.name)).map(({ name, authorizerId }) => ({ name, authorizerId })),
        prunable: api.actions.flatMap((action) => (action.kind === 'delete' && kept(action.name) ? [{ name: action.name, authorizerId: action.authorizerId }] : [])),
        lagging: laggingStages(api, ignore),
      };
    });
  return plan.targets ? { apis, targets: plan.targets } : { apis };
}

/** The ignore rules apply to what a stage runs as to the authorizers themselves. */
function laggingStages(api: ApiPlan, ignore: IgnoreRules): LaggingStage[] {
  return api.postActions.flatMap((post): LaggingStage[] => {
    if (post.kind !== 'redeploy' || !post.lagging) return [];
    const authorizers = post.lagging.flatMap((authorizer) => {
      if (ignore.ignoresAuthorizer(api.target, authorizer.name)) return [];
      const fields = authorizer.fields.filter((field) => !ignore.ignoresField(api.target, authorizer.name, field.path));
      return fields.length === 0 ? [] : [{ name: authorizer.name, fields }];
    });
    return authorizers.length === 0 ? [] : [{ stage: post.stage, authorizers }];
  });
}

function driftOf(action: AuthorizerAction, target: ApiTarget, ignore: IgnoreRules): DriftedAuthorizer[] {
  if (action.kind !== 'update' && action.kind !== 'replace') return [];
  if (ignore.ignoresAuthorizer(target, action.name)) return [];
  const fields = action.fields
    .filter((field) => !ignore.ignoresField(target, action.name, field.path))
    .map((field) => ({ path: field.path, expected: field.after, actual: field.before }));
  return fields.length === 0 ? [] : [{ name: action.name, authorizerId: action.authorizerId, fields }];
}

export function countDrift(report: DriftReport): DriftCounts {
  const sum = (pick: (api: ApiDrift) => number) => report.apis.reduce((total, api) => total + pick(api), 0);
  return {
    drifted: sum((api) => api.drifted.length),
    missing: sum((api) => api.missing.length),
    unmanaged: sum((api) => api.unmanaged.length),
    prunable: sum((api) => api.prunable.length),
  };
}

export function hasDrift(report: DriftReport, includeUnmanaged: boolean): boolean {
  const counts = countDrift(report);
  return counts.drifted + counts.missing + counts.prunable + countLaggingStages(report) + (includeUnmanaged ? counts.unmanaged : 0) > 0;
}

/**
 * Stages that run an older configuration than the live authorizers (kept apart from the authorizer
 * counts); of a report, or of its JSON form, whose `lagging` reports of older releases may lack.
 */
export function countLaggingStages(report: { readonly apis: readonly { readonly lagging?: readonly unknown[] }[] }): number {
  return report.apis.reduce((total, api) => total + (api.lagging?.length ?? 0), 0);
}
