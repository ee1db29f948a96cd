/**
 * The vocabulary an API family uses to declare how its authorizers are compared and changed.
 * The core reads these declarations and never branches on a family's name.
 */
import type { ApiType } from './model.js';

/**
 * How a member's values compare:
 * - `scalar`: by value.
 * - `set`: a list whose order and duplicates AWS ignores (identity sources, audiences, provider ARNs).
 * - `comma-set`: a set that AWS carries as one comma-separated string (REST identitySource); the
 *   manifest may also give it as a list.
 */
export type FieldKind = 'scalar' | 'set' | 'comma-set';

/** How a change to the member is sent by a JSON-Patch update. */
export type PatchStyle =
  /** `replace` with the value as a string; an absent value is sent as "" to clear it. */
  | 'replace'
  /** one `add` per new entry, then one `remove` per dropped entry (AWS refuses an empty list in between). */
  | 'add-remove';

export interface FieldRule {
  /** Wire member name; a dot reaches into an object member (`jwtConfiguration.issuer`). */
  readonly path: string;
  readonly kind: FieldKind;
  /** Authorizer types the member applies to; on others it is ignored on both sides. Absent: all types. */
  readonly authorizerTypes?: readonly string[];
  /** API types the member applies to. Absent: all the family's API types. */
  readonly apiTypes?: readonly ApiType[];
  /** The value AWS uses when the member is absent, made explicit so that absent and default compare equal. */
  readonly awsDefault?: unknown;
  /** Compared only when the manifest declares it, because AWS fills it in on read. */
  readonly onlyWhenDeclared?: boolean;
  /** Merge updates: the value that clears the member (AWS leaves members missing from an update unchanged). */
  readonly clearWith?: unknown;
  /** JSON-Patch updates: how a change is sent. */
  readonly patch?: PatchStyle;
  /** Why the rule is what it is: shown in docs and kept next to the data it explains. */
  readonly why: string;
}

/** A change of `field` from one group of values to another cannot be made in place. */
export interface ReplacementRule {
  readonly field: string;
  readonly groups: readonly (readonly string[])[];
  readonly why: string;
}

export type UpdateStrategy =
  /** apigatewayv2: UpdateAuthorizer takes the changed members; object members are sent whole. */
  | { readonly kind: 'merge' }
  /** apigateway v1: UpdateAuthorizer takes JSON-Patch operations whose values are strings. */
  | { readonly kind: 'json-patch' };

/** How a route or method must name an authorizer of each type (docs/aws-behaviour.md#routes-and-methods). */
export interface AttachmentRules {
  /** The authorization type a route or method needs for an authorizer of this `typeField` value. */
  readonly authorizationTypes: Readonly<Record<string, string>>;
  /** The authorization type that may carry authorization scopes; scopes are dropped on moving to any other. */
  readonly scopesWith: string;
}

export interface AuthorizerRules {
  /** The member that names the authorizer's type (`authorizerType` in v2, `type` in REST). */
  readonly typeField: string;
  readonly attachments: AttachmentRules;
  readonly fields: readonly FieldRule[];
  readonly replacement: readonly ReplacementRule[];
  readonly update: UpdateStrategy;
}
