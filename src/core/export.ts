/**
 * The exporter: live authorizers in, manifest documents out, as plain data. Pure.
 *
 * What a family can represent and in which order its members are written is the family's data
 * (`ExportRules`); whether a value equals AWS's default is decided by the same rules the planner
 * normalises with. Every exported authorizer is then planned against the live one it came from and
 * must be a no-op, so the round-trip is exact by construction, not by hope.
 */
import { isDeepStrictEqual } from 'node:util';
import { BugError } from '../errors.js';
import { diffFields } from './diff.js';
import type { ApiType, AuthorizerFields, LiveAuthorizer } from './model.js';
import { isPlainObject } from './is-plain-object.js';
import { declaredPaths, expandPaths, normalizeAuthorizer, readPath, type NormalizeContext } from './normalize.js';
import type { AuthorizerRules } from './rules.js';

export const MANIFEST_API_VERSION = 'gatewarden/v1';
export const MANIFEST_KIND = 'AuthorizerSet';

/** A family's export knowledge, declared in its folder beside its rules. */
export interface ExportRules {
  /**
   * Per API type, the authorizer types a manifest can declare, each with the members it can carry in
   * the order they are written (dotted rule paths). A type that is not listed cannot be exported.
   */
  readonly members: Readonly<Partial<Record<ApiType, Readonly<Record<string, readonly string[]>>>>>;
  /** Members AWS fills in on read, with the value it fills in per authorizer type: written only when different. */
  readonly filledOnRead?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** The API an exported document selects. */
export interface ExportTarget {
  readonly apiType: ApiType;
  readonly apiId: string;
  readonly apiName: string;
  readonly region: string;
}

export interface ExportInput {
  readonly target: ExportTarget;
  readonly authorizers: readonly LiveAuthorizer[];
  readonly rules: AuthorizerRules;
  readonly exportRules: ExportRules;
}

/** A live authorizer a manifest cannot declare, and why. */
export interface UnsupportedAuthorizer {
  readonly target: ExportTarget;
  readonly name: string;
  readonly authorizerId: string;
  readonly reason: string;
}

export interface ExportedApi {
  readonly target: ExportTarget;
  /** Manifest authorizers, sorted by name, members in the family's order. */
  readonly authorizers: readonly AuthorizerFields[];
  readonly unsupported: readonly UnsupportedAuthorizer[];
}

/** One `AuthorizerSet` document as plain data, in the key order it is written. */
export interface ManifestDocument {
  readonly apiVersion: typeof MANIFEST_API_VERSION;
  readonly kind: typeof MANIFEST_KIND;
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly region: string;
    readonly api: { readonly type: ApiType; readonly id: string };
    readonly authorizers: readonly AuthorizerFields[];
  };
}

export function exportApi(input: ExportInput): ExportedApi {
  const counts = new Map<string, number>();
  for (const authorizer of input.authorizers) counts.set(authorizer.name, (counts.get(authorizer.name) ?? 0) + 1);
  const authorizers: AuthorizerFields[] = [];
  const unsupported: UnsupportedAuthorizer[] = [];
  for (const live of [...input.authorizers].sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id))) {
    const duplicates = counts.get(live.name) ?? 0;
    const result =
      duplicates > 1
        ? { reason: `${duplicates} authorizers of this API are named "${live.name}"; manifests match authorizers by name, so each name must be unique` }
        : exportAuthorizer(live, input);
    if ('fields' in result) authorizers.push(result.fields);
    else unsupported.push({ target: input.target, name: live.name, authorizerId: live.id, reason: result.reason });
  }
  return { target: input.target, authorizers, unsupported };
}

type Exported = { readonly fields: AuthorizerFields } | { readonly reason: string };

/** One live authorizer as a manifest declares it, or the reason it cannot be declared. */
export function exportAuthorizer(live: LiveAuthorizer, input: Omit<ExportInput, 'authorizers'>): Exported {
  const { rules, exportRules, target } = input;
  const type = String(live.fields[rules.typeField]);
  const byType = exportRules.members[target.apiType] ?? {};
  const members = byType[type];
  if (!members) {
    return { reason: `${rules.typeField} ${JSON.stringify(live.fields[rules.typeField])} cannot be declared on this API (manifests take ${Object.keys(byType).join(', ')})` };
  }
  const unknown = unrepresentedMembers(live.fields, members, rules, target.apiType, type);
  if (unknown.length > 0) {
    return { reason: `${unknown.map((path) => `${path} = ${JSON.stringify(readPath(live.fields, path))}`).join(', ')}: not a member a manifest can declare for a ${type} authorizer of this API` };
  }
  const everything = normalizeAuthorizer(live.fields, { rules, apiType: target.apiType, declares: () => true });
  const flat: Record<string, unknown> = {};
  for (const path of members) {
    const value = manifestValue(path, everything[path], type, input);
    if (value !== undefined) flat[path] = value;
  }
  // expandPaths keeps insertion order, so the members come out in the family's order.
  const fields = expandPaths(flat);
  assertRoundTrip(live, fields, { rules, apiType: target.apiType });
  return { fields };
}

/** What the manifest writes for one member: nothing for AWS's default or for what AWS fills in itself. */
function manifestValue(path: string, value: unknown, type: string, input: Pick<ExportInput, 'rules' | 'exportRules'>): unknown {
  if (value === undefined) return undefined;
  const filled = input.exportRules.filledOnRead?.[path];
  if (filled && type in filled && isDeepStrictEqual(filled[type], value)) return undefined;
  const rule = input.rules.fields.find((candidate) => candidate.path === path);
  if (rule?.awsDefault !== undefined && isDeepStrictEqual(rule.awsDefault, value)) return undefined;
  // A comma-separated set of one is written as the plain string AWS shows; several as a list.
  if (rule?.kind === 'comma-set' && Array.isArray(value) && value.length === 1) return value[0];
  return value;
}

/**
 * Live members the manifest cannot carry. AWS echoes empty values and defaults of members that do not
 * apply (a WebSocket API's empty payload version), so those are no loss; anything else would be.
 */
function unrepresentedMembers(
  fields: AuthorizerFields,
  members: readonly string[],
  rules: AuthorizerRules,
  apiType: ApiType,
  type: string,
): string[] {
  return [...declaredPaths(fields)].filter((path) => {
    const value = readPath(fields, path);
    if (members.includes(path) || isPlainObject(value) || isEmpty(value)) return false;
    const rule = rules.fields.find((candidate) => candidate.path === path);
    if (rule?.awsDefault !== undefined && isDeepStrictEqual(rule.awsDefault, value)) return false;
    // A member a rule ignores for this type (a JWT authorizer's TTL) plans the same whatever its value.
    return !(rule && !ruleAppliesTo(rule, apiType, type));
  });
}

function ruleAppliesTo(rule: AuthorizerRules['fields'][number], apiType: ApiType, type: string): boolean {
  return (!rule.apiTypes || rule.apiTypes.includes(apiType)) && (!rule.authorizerTypes || rule.authorizerTypes.includes(type));
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** The planner's own comparison, exactly as `plan` will make it on the exported manifest. */
function assertRoundTrip(live: LiveAuthorizer, exported: AuthorizerFields, context: Omit<NormalizeContext, 'declares'>): void {
  const declared = declaredPaths(exported);
  const full: NormalizeContext = { ...context, declares: (path) => declared.has(path) };
  const changes = diffFields(normalizeAuthorizer(live.fields, full), normalizeAuthorizer(exported, full));
  if (changes.length > 0) {
    throw new BugError(`exporting authorizer ${live.id} would plan changes to ${changes.map((change) => change.path).join(', ')}`);
  }
}

/** The document that selects the API by id and declares exactly the given authorizers. */
export function toManifestDocument(api: Pick<ExportedApi, 'target' | 'authorizers'>): ManifestDocument {
  return {
    apiVersion: MANIFEST_API_VERSION,
    kind: MANIFEST_KIND,
    metadata: { name: api.target.apiName },
    spec: { region: api.target.region, api: { type: api.target.apiType, id: api.target.apiId }, authorizers: api.authorizers },
  };
}

export function compareExportTargets(a: ExportTarget, b: ExportTarget): number {
  return compareText(a.region, b.region) || compareText(a.apiType, b.apiType) || compareText(a.apiName, b.apiName) || compareText(a.apiId, b.apiId);
}

/**
 * One file name per API: the API's name made safe for every file system, unique among the names
 * given (a repeated name gets the API id), in the order of the targets.
 */
export function exportFileNames(targets: readonly ExportTarget[]): string[] {
  const bases = targets.map((target) => sanitizeFileName(target.apiName) || target.apiId);
  const seen = new Map<string, number>();
  for (const base of bases) seen.set(base, (seen.get(base) ?? 0) + 1);
  return targets.map((target, index) => {
    const base = bases[index] as string;
    return `${(seen.get(base) ?? 0) > 1 ? `${base}-${target.apiId}` : base}.yaml`;
  });
}

function sanitizeFileName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 100);
}

/** Locale-independent, so the output is the same on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
