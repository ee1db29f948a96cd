/**
 * Turns a planned action into the request members the family's API expects. Pure, so every kind
 * of change can be checked against golden files without a server.
 */
import { BugError } from '../errors.js';
import type { AuthorizerFields, UpdateAction } from './model.js';
import { expandPaths, type NormalizedFields } from './normalize.js';
import type { AuthorizerRules, FieldRule } from './rules.js';

export interface PatchOperation {
  readonly op: 'add' | 'remove' | 'replace';
  readonly path: string;
  readonly value: string;
}

export type UpdateRequest =
  | { readonly kind: 'merge'; readonly members: Readonly<Record<string, unknown>> }
  | { readonly kind: 'json-patch'; readonly operations: readonly PatchOperation[] };

/** Members for CreateAuthorizer: the normalised desired state in wire form. */
export function buildCreateMembers(rules: AuthorizerRules, after: AuthorizerFields): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(after)) wire[path] = toWire(ruleFor(rules, path), value);
  return expandPaths(wire);
}

export function buildUpdateRequest(
  rules: AuthorizerRules,
  action: Pick<UpdateAction, 'fields' | 'before' | 'after'>,
): UpdateRequest {
  switch (rules.update.kind) {
    case 'merge':
      return { kind: 'merge', members: mergeMembers(rules, action) };
    case 'json-patch':
      return { kind: 'json-patch', operations: patchOperations(rules, action) };
  }
}

/**
 * Merge updates send only the members that change. Object members (jwtConfiguration) are sent whole,
 * which is right whether AWS merges a partial one or replaces it (not on record). A member that no
 * longer applies to the new type is not sent, so whether AWS ignores or refuses it cannot matter
 * (docs/aws-behaviour.md#unverified-choices).
 */
function mergeMembers(
  rules: AuthorizerRules,
  { fields, after }: Pick<UpdateAction, 'fields' | 'after'>,
): Record<string, unknown> {
  const changedTopLevel = new Set(fields.map((change) => change.path.split('.')[0] as string));
  const wire: Record<string, unknown> = {};
  for (const rule of rules.fields) {
    const topLevel = rule.path.split('.')[0] as string;
    if (!changedTopLevel.has(topLevel)) continue;
    const value = after[rule.path];
    if (value !== undefined) wire[rule.path] = toWire(rule, value);
    else if (rule.clearWith !== undefined && appliesAfter(rules, rule, after)) wire[rule.path] = rule.clearWith;
  }
  return expandPaths(wire);
}

function appliesAfter(rules: AuthorizerRules, rule: FieldRule, after: NormalizedFields): boolean {
  return !rule.authorizerTypes || rule.authorizerTypes.includes(String(after[rules.typeField]));
}

/**
 * Patch values are always strings; an empty string clears an optional member. A member that does
 * not apply to the new type is not sent (what AWS does with it is unverified: docs/aws-behaviour.md#unverified-choices).
 */
function patchOperations(
  rules: AuthorizerRules,
  { fields, after }: Pick<UpdateAction, 'fields' | 'after'>,
): PatchOperation[] {
  const operations: PatchOperation[] = [];
  for (const change of fields) {
    const rule = ruleFor(rules, change.path);
    if (!appliesAfter(rules, rule, after)) continue;
    const path = `/${change.path}`;
    switch (rule.patch ?? 'replace') {
      case 'replace':
        operations.push({ op: 'replace', path, value: patchValue(rule, change.after) });
        break;
      case 'add-remove': {
        const before = new Set((change.before as readonly string[] | undefined) ?? []);
        const after = new Set((change.after as readonly string[] | undefined) ?? []);
        // Adds first: AWS refuses a list that becomes empty on the way.
        for (const entry of after) if (!before.has(entry)) operations.push({ op: 'add', path, value: entry });
        for (const entry of before) if (!after.has(entry)) operations.push({ op: 'remove', path, value: entry });
        break;
      }
    }
  }
  return operations;
}

function patchValue(rule: FieldRule, value: unknown): string {
  if (value === undefined) return '';
  const wire = toWire(rule, value);
  return typeof wire === 'string' ? wire : String(wire);
}

/** AWS carries a comma-set as one comma-separated string. */
function toWire(rule: FieldRule, value: unknown): unknown {
  return rule.kind === 'comma-set' && Array.isArray(value) ? value.join(',') : value;
}

function ruleFor(rules: AuthorizerRules, path: string): FieldRule {
  const rule = rules.fields.find((candidate) => candidate.path === path);
  // The differ only produces paths the family's rules declare.
  if (!rule) throw new BugError(`no field rule for ${path}`);
  return rule;
}
