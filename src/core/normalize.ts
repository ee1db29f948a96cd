/**
 * Puts desired and live authorizers into one canonical, flat form so that comparing them compares
 * what AWS compares. Each rule's reason lives in the family's declaration (`FieldRule.why`).
 */
import { BugError } from '../errors.js';
import { assertNever } from './assert-never.js';
import { isPlainObject } from './is-plain-object.js';
import type { ApiType, AuthorizerFields } from './model.js';
import type { AuthorizerRules, FieldRule } from './rules.js';

/** Flat map from a rule's path to its canonical value; absent members are absent keys. */
export type NormalizedFields = Readonly<Record<string, unknown>>;

export interface NormalizeContext {
  readonly rules: AuthorizerRules;
  readonly apiType: ApiType;
  /** Whether the manifest declares a path; `onlyWhenDeclared` members it does not are left out on both sides. */
  readonly declares: (path: string) => boolean;
}

export function normalizeAuthorizer(fields: AuthorizerFields, context: NormalizeContext): NormalizedFields {
  const authorizerType = fields[context.rules.typeField];
  const normalized: Record<string, unknown> = {};
  for (const rule of context.rules.fields) {
    if (!ruleApplies(rule, context, authorizerType)) continue;
    const value = canonicalValue(rule, readPath(fields, rule.path));
    if (value !== undefined) normalized[rule.path] = value;
  }
  return normalized;
}

/** The paths a manifest authorizer declares, in the same dotted form the rules use. */
export function declaredPaths(fields: AuthorizerFields): ReadonlySet<string> {
  const paths = new Set<string>();
  for (const [key, value] of Object.entries(fields)) {
    paths.add(key);
    if (isPlainObject(value)) for (const inner of Object.keys(value)) paths.add(`${key}.${inner}`);
  }
  return paths;
}

function ruleApplies(rule: FieldRule, context: NormalizeContext, authorizerType: unknown): boolean {
  if (rule.apiTypes && !rule.apiTypes.includes(context.apiType)) return false;
  if (rule.authorizerTypes && !rule.authorizerTypes.includes(String(authorizerType))) return false;
  if (rule.onlyWhenDeclared && !context.declares(rule.path)) return false;
  return true;
}

function canonicalValue(rule: FieldRule, raw: unknown): unknown {
  switch (rule.kind) {
    case 'scalar':
      return raw ?? rule.awsDefault;
    case 'set':
      return canonicalSet(rule, raw);
    case 'comma-set':
      return canonicalSet(rule, typeof raw === 'string' ? raw.split(',') : raw);
    default:
      return assertNever(rule.kind);
  }
}

/** Sorted, trimmed, de-duplicated; an empty set is the same as no set. */
function canonicalSet(rule: FieldRule, raw: unknown): readonly string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw) || raw.some((entry) => typeof entry !== 'string')) {
    // An unreadable shape must never be mistaken for "absent": that would plan a change we cannot explain.
    throw new BugError(`${rule.path}: expected a list of strings, got ${JSON.stringify(raw)}`);
  }
  const entries = [...new Set((raw as string[]).map((entry) => entry.trim()).filter((entry) => entry !== ''))];
  return entries.length === 0 ? undefined : entries.sort();
}

/** The value at a dotted rule path (`jwtConfiguration.issuer`), or undefined. */
export function readPath(fields: AuthorizerFields, path: string): unknown {
  let current: unknown = fields;
  for (const key of path.split('.')) {
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** Rebuilds nested wire members (`jwtConfiguration`) from flat normalised paths. */
export function expandPaths(flat: NormalizedFields): Record<string, unknown> {
  const expanded: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(flat)) {
    const keys = path.split('.');
    const last = keys.pop() as string;
    let target = expanded;
    for (const key of keys) {
      const next = target[key];
      target = isPlainObject(next) ? next : (target[key] = {});
    }
    target[last] = value;
  }
  return expanded;
}
