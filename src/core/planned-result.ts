/** Whether a live authorizer already is what a plan asked for: compared the way the planner compares. */
import { diffFields } from './diff.js';
import type { ApiType, AuthorizerFields, FieldChange } from './model.js';
import { normalizeAuthorizer } from './normalize.js';
import type { AuthorizerRules } from './rules.js';

/**
 * How live members differ from a planned result. `after` is normalised already, over the members
 * the manifest declared, so only those are compared; `before` is live, `after` planned.
 */
export function differencesFromPlanned(fields: AuthorizerFields, after: AuthorizerFields, rules: AuthorizerRules, apiType: ApiType): FieldChange[] {
  return diffFields(normalizeAuthorizer(fields, { rules, apiType, declares: (path) => path in after }), after);
}
