/**
 * Where each planned API and authorizer was declared, so that a failed write can name its manifest
 * location. Kept beside the plan, not in it: a saved plan may be applied where its manifests are not
 * (another checkout, a later commit), so its file carries no locations and its failures name the API only.
 */
import type { ApiTarget, SourceLocation } from './model.js';
import type { PlanInput } from './plan.js';

export interface PlanSources {
  /** The document that declares the API (for post-actions), or the authorizer's entry when `authorizer` is given. */
  locate(target: ApiTarget, authorizer?: string): SourceLocation | undefined;
}

export const NO_SOURCES: PlanSources = { locate: () => undefined };

export function sourcesOf(inputs: readonly PlanInput[]): PlanSources {
  const byApi = new Map(inputs.map((input) => [`${input.live.region}/${input.live.id}`, input.desired]));
  return {
    locate(target, authorizer) {
      const desired = byApi.get(`${target.region}/${target.apiId}`);
      if (desired === undefined) return undefined;
      if (authorizer === undefined) return desired.source;
      return desired.authorizers.find((entry) => entry.name === authorizer)?.source ?? desired.source;
    },
  };
}
