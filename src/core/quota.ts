/**
 * AWS's quota on authorizers per API, checked before anything is written: without it an apply that
 * would pass the quota fails half-way, at the create that AWS refuses. Pure.
 */
import type { DesiredApi } from './model.js';
import { planApi, type PlanInput } from './plan.js';

/**
 * "Authorizers per API": 10 by default for HTTP, WebSocket and REST APIs, adjustable through AWS
 * Support (docs/aws-behaviour.md#quotas-and-throttling).
 */
export const DEFAULT_AUTHORIZERS_PER_API = 10;

export function authorizerQuotaOf(desired: Pick<DesiredApi, 'authorizerQuota'>): number {
  return desired.authorizerQuota ?? DEFAULT_AUTHORIZERS_PER_API;
}

/** An API that would end with more authorizers than its quota. */
export interface QuotaExcess {
  readonly input: PlanInput;
  readonly quota: number;
  readonly declared: number;
  /** Live authorizers the manifest does not declare: apply leaves them (unless prune deletes them), so they count too. */
  readonly unmanaged: number;
  /**
   * A replacement creates its new authorizer before it deletes the old one (docs/replace-and-prune.md,
   * replacement without downtime), so the API needs one more during the apply than it ends with.
   */
  readonly replacing: boolean;
}

export function authorizerQuotaExcesses(inputs: readonly PlanInput[]): QuotaExcess[] {
  return inputs.flatMap((input) => {
    const declared = input.desired.authorizers.length;
    // What apply leaves of the undeclared ones: not what prune deletes (deletions run before creates),
    // nor a replacement's temporary authorizer, which becomes a declared one.
    const planned = planApi(input);
    const unmanaged = planned.unmanaged.length;
    // Replacements on one API run one at a time, so one temporary authorizer at most.
    const replacing = planned.actions.some((action) => action.kind === 'replace');
    const quota = authorizerQuotaOf(input.desired);
    return declared + unmanaged + (replacing ? 1 : 0) > quota ? [{ input, quota, declared, unmanaged, replacing }] : [];
  });
}
