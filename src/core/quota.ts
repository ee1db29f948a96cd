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
}

export function authorizerQuotaExcesses(inputs: readonly PlanInput[]): QuotaExcess[] {
  return inputs.flatMap((input) => {
    const declaredNames = new Set(input.desired.authorizers.map((authorizer) => authorizer.name));
    // Deletions run before creates (plan order), so what prune deletes frees its place first.
    const deleted = input.desired.prune ? planApi(input).actions.filter((action) => action.kind === 'delete').length : 0;
    const unmanaged = input.live.authorizers.filter((authorizer) => !declaredNames.has(authorizer.name)).length - deleted;
    const quota = authorizerQuotaOf(input.desired);
    return declaredNames.size + unmanaged > quota ? [{ input, quota, declared: declaredNames.size, unmanaged }] : [];
  });
}
