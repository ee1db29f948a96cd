/** What a plan amounts to, for renderers, reports and exit codes: counts, and whether it writes anything. Pure. */
import type { ActionKind, ApiPlan, Plan, PostAction } from './model.js';

export interface PlanSummary {
  readonly delete: number;
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly unchanged: number;
  readonly unmanaged: number;
  readonly postActions: number;
}

export function summarizePlan(plan: Plan): PlanSummary {
  const count = (kind: ActionKind) =>
    plan.apis.reduce((total, api) => total + api.actions.filter((action) => action.kind === kind).length, 0);
  return {
    delete: count('delete'),
    create: count('create'),
    update: count('update'),
    replace: count('replace'),
    unchanged: count('no-op'),
    unmanaged: plan.apis.reduce((total, api) => total + api.unmanaged.length, 0),
    postActions: plan.apis.reduce((total, api) => total + api.postActions.length, 0),
  };
}

/** Post-actions by kind, for reports that name redeploys and cache resets separately. */
export function countPostActions(plan: Plan): Readonly<Record<PostAction['kind'], number>> {
  const counts = { redeploy: 0, 'reset-cache': 0 };
  for (const api of plan.apis) for (const post of api.postActions) counts[post.kind] += 1;
  return counts;
}

/** Whether applying the plan writes anything: an authorizer change, or a post-action for a lagging stage. */
export function planHasChanges(plan: Plan): boolean {
  return plan.apis.some(apiPlanHasChanges);
}

export function apiPlanHasChanges(api: ApiPlan): boolean {
  return api.postActions.length > 0 || api.actions.some((action) => action.kind !== 'no-op');
}
