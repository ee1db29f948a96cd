/** Whether a live authorizer already is what a plan asked for: compared the way the planner compares. */
import { diffFields } from './diff.js';
import type { ApiType, AuthorizerFields, FieldChange } from './model.js';
import { normalizeAuthorizer, type NormalizedFields } from './normalize.js';
import type { AuthorizerRules } from './rules.js';

/** Live members normalised the way a planned result (`after`) was: over the members the manifest declared. */
export function normalizedLikePlanned(fields: AuthorizerFields, after: AuthorizerFields, rules: AuthorizerRules, apiType: ApiType): NormalizedFields {
  return normalizeAuthorizer(fields, { rules, apiType, declares: (path) => path in after });
}

/** How live members differ from a planned result (`before` is live, `after` planned); none means it has the planned result. */
export function differencesFromPlanned(fields: AuthorizerFields, after: AuthorizerFields, rules: AuthorizerRules, apiType: ApiType): FieldChange[] {
  return diffFields(normalizedLikePlanned(fields, after, rules, apiType), after);
}
