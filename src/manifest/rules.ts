import { API_TYPES } from '../families/registry.js';
import { formatLocation, type ManifestIssue } from './issues.js';
import { formatPath, locateValue, type ParsedDocument, type PathSegment } from './parse.js';
import { isPlainObject } from '../core/is-plain-object.js';
import { authorizerQuotaOf } from '../core/quota.js';
import { RESERVED_GLOB_CHARACTERS } from '../core/glob.js';

/**
 * Rules JSON Schema cannot express: uniqueness by a member's value, comparisons that ignore case, and
 * anything across documents. Each reads only the parts it needs and skips shapes the schema already
 * reports, so it runs on every parsed document, valid or not, and problems are reported all at once.
 */

export interface RuleOptions {
  /** The region a document without `spec.region` is deployed to; when not given, all such documents share one. */
  readonly defaultRegion?: string;
}

/** The rules about one document on its own. */
export function checkDocumentRules(parsed: ParsedDocument): ManifestIssue[] {
  return [...checkUniqueAuthorizerNames(parsed), ...checkHeaderCase(parsed), ...checkAuthorizerQuota(parsed), ...checkKeepGlobs(parsed)];
}

/**
 * `spec.prune.keep` globs know only `*` and `?`. A character that other glob dialects read as syntax
 * (`[a-z]`, `{a,b}`, `!x`, `\*`) would silently match itself here and protect nothing: refused, with
 * what the glob may use.
 */
function checkKeepGlobs(parsed: ParsedDocument): ManifestIssue[] {
  const spec = isPlainObject(parsed.value) ? parsed.value.spec : undefined;
  const prune = isPlainObject(spec) ? spec.prune : undefined;
  const keep = isPlainObject(prune) && Array.isArray(prune.keep) ? (prune.keep as unknown[]) : [];
  return keep.flatMap((glob, index): ManifestIssue[] => {
    if (typeof glob !== 'string') return [];
    const reserved = RESERVED_GLOB_CHARACTERS.filter((character) => glob.includes(character));
    if (reserved.length === 0) return [];
    const path = ['spec', 'prune', 'keep', index];
    return [
      {
        ...locateValue(parsed, path),
        code: 'rules.prune-glob',
        message: `${formatPath(path)}: ${JSON.stringify(glob)} uses ${reserved.map((character) => JSON.stringify(character)).join(', ')}, which keep globs do not support; a glob is an authorizer name with * (any characters) and ? (one character), e.g. "legacy-*"`,
      },
    ];
  });
}

/** An issue found by comparing documents, with the document it points into. */
export interface DocumentIssue {
  readonly document: ParsedDocument;
  readonly issue: ManifestIssue;
}

/** The rules that compare documents, whichever files they came from. */
export function checkCrossDocumentRules(documents: readonly ParsedDocument[], options: RuleOptions = {}): DocumentIssue[] {
  return checkOneDocumentPerApi(documents, options.defaultRegion);
}

interface AuthorizerEntry {
  readonly index: number;
  readonly fields: Readonly<Record<string, unknown>>;
}

function authorizersOf(parsed: ParsedDocument): AuthorizerEntry[] {
  const spec = isPlainObject(parsed.value) ? parsed.value.spec : undefined;
  const list = isPlainObject(spec) && Array.isArray(spec.authorizers) ? (spec.authorizers as unknown[]) : [];
  return list.flatMap((fields, index) => (isPlainObject(fields) ? [{ index, fields }] : []));
}

/** AWS keys authorizers by name within an API, and so does planning: two with one name cannot both exist. */
function checkUniqueAuthorizerNames(parsed: ParsedDocument): ManifestIssue[] {
  const firstIndexByName = new Map<string, number>();
  const issues: ManifestIssue[] = [];
  for (const { index, fields } of authorizersOf(parsed)) {
    if (typeof fields.name !== 'string') continue;
    const first = firstIndexByName.get(fields.name);
    if (first === undefined) {
      firstIndexByName.set(fields.name, index);
      continue;
    }
    const path = ['spec', 'authorizers', index, 'name'];
    const firstPath = ['spec', 'authorizers', first];
    const firstLine = locateValue(parsed, firstPath).line;
    issues.push({
      ...locateValue(parsed, path),
      code: 'rules.duplicate-name',
      message: `${formatPath(path)}: authorizer name ${JSON.stringify(fields.name)} is already used by ${formatPath(firstPath)} (line ${firstLine}); names must be unique within an API`,
    });
  }
  return issues;
}

/**
 * A document that declares more authorizers than the API may hold can never be applied; saying so
 * offline spares a plan of thousands of creates that AWS would refuse from the eleventh on. Against
 * live state, `plan` also counts the authorizers the document does not manage.
 */
function checkAuthorizerQuota(parsed: ParsedDocument): ManifestIssue[] {
  const excess = authorizerQuotaExcess(parsed);
  if (!excess) return [];
  const path = ['spec', 'authorizers', excess.quota];
  return [
    {
      ...locateValue(parsed, path),
      code: 'rules.authorizer-quota',
      message: `${formatPath(path)}: ${excess.count} authorizers are declared, but the API may have at most ${excess.quota} (${describeQuota(excess.declared)}); this is the first one over the quota`,
    },
  ];
}

export interface DeclaredQuotaExcess {
  readonly count: number;
  readonly quota: number;
  /** The quota is the document's own `spec.quotas.authorizersPerApi`, not AWS's default. */
  readonly declared: boolean;
}

/** Whether the document lists more authorizers than its quota; read from any shape, valid or not. */
export function authorizerQuotaExcess(parsed: ParsedDocument): DeclaredQuotaExcess | undefined {
  const spec = isPlainObject(parsed.value) ? parsed.value.spec : undefined;
  if (!isPlainObject(spec) || !Array.isArray(spec.authorizers)) return undefined;
  const value = isPlainObject(spec.quotas) ? spec.quotas.authorizersPerApi : undefined;
  // An invalid declared quota is the schema's to report; the default then still applies.
  const declared = Number.isInteger(value) && (value as number) > 0 ? (value as number) : undefined;
  const quota = authorizerQuotaOf(declared === undefined ? {} : { authorizerQuota: declared });
  const count = spec.authorizers.length;
  return count > quota ? { count, quota, declared: value !== undefined } : undefined;
}

/** How the quota a message names was arrived at, with what to do when it is wrong. */
export function describeQuota(declared: boolean): string {
  return declared
    ? 'spec.quotas.authorizersPerApi'
    : "AWS's default quota; if you raised it with AWS Support, declare the new value as spec.quotas.authorizersPerApi";
}

/** Header selections in each API type's identity source syntax; the header name follows the prefix. */
const headerPrefixes = API_TYPES.map((apiType) => apiType.identity.headerPrefix);
/** The members that list identity sources, as the API types declare them. */
const identityMembers = [...new Set(API_TYPES.map((apiType) => apiType.identity.member))];

/**
 * HTTP header names are case-insensitive, so `…header.Authorization` and `…header.authorization` are
 * one source listed twice. The schema's `uniqueItems` only sees exact repeats; this sees the rest.
 */
function checkHeaderCase(parsed: ParsedDocument): ManifestIssue[] {
  const issues: ManifestIssue[] = [];
  for (const { index, fields } of authorizersOf(parsed)) {
    for (const member of identityMembers) issues.push(...repeatedHeaders(parsed, index, member, fields[member]));
  }
  return issues;
}

/** The entries of one identity source list that repeat an earlier one but for the case of a header name. */
function repeatedHeaders(parsed: ParsedDocument, index: number, member: string, listed: unknown): ManifestIssue[] {
  const issues: ManifestIssue[] = [];
  const sources = Array.isArray(listed) ? (listed as unknown[]) : [];
  const firstByKey = new Map<string, { position: number; source: string }>();
  sources.forEach((source, position) => {
    if (typeof source !== 'string') return;
    const key = headerKey(source);
    const first = firstByKey.get(key);
    if (!first) {
      firstByKey.set(key, { position, source });
      return;
    }
    if (first.source === source) return; // an exact repeat: the schema reports it
    const path: PathSegment[] = ['spec', 'authorizers', index, member, position];
    issues.push({
      ...locateValue(parsed, path),
      code: 'rules.duplicate-header',
      message: `${formatPath(path)}: ${JSON.stringify(source)} is listed twice: header names are case-insensitive, so it repeats ${JSON.stringify(first.source)} (entry ${first.position})`,
    });
  });
  return issues;
}

function headerKey(source: string): string {
  const prefix = headerPrefixes.find((candidate) => source.startsWith(candidate));
  return prefix ? prefix + source.slice(prefix.length).toLowerCase() : source;
}

/**
 * Each document is the complete authorizer set of its API; two documents for one API would each plan
 * to undo the other. Documents are compared by region (absent means the default region), API type and
 * id or name. An id and a name that happen to denote the same API can only be caught against live state.
 */
function checkOneDocumentPerApi(documents: readonly ParsedDocument[], defaultRegion: string | undefined): DocumentIssue[] {
  const firstByKey = new Map<string, ParsedDocument>();
  const issues: DocumentIssue[] = [];
  for (const parsed of [...documents].sort(compareDocuments)) {
    const target = apiTargetOf(parsed, defaultRegion);
    if (!target) continue;
    const first = firstByKey.get(target.key);
    if (!first) {
      firstByKey.set(target.key, parsed);
      continue;
    }
    const firstLocation = locateValue(first, ['spec', 'api']);
    const issue: ManifestIssue = {
      ...locateValue(parsed, ['spec', 'api']),
      code: 'rules.duplicate-api',
      message: `spec.api: ${target.description} is already managed by the document at ${formatLocation(firstLocation)}; each API must be described by exactly one document, so merge their authorizers`,
    };
    issues.push({ document: parsed, issue });
  }
  return issues;
}

function compareDocuments(a: ParsedDocument, b: ParsedDocument): number {
  return a.file.localeCompare(b.file) || a.start.line - b.start.line || a.start.col - b.start.col;
}

interface ApiTarget {
  /** Equal keys mean the same API. */
  readonly key: string;
  /** `the http API with id "a1b2c3d4e5" in eu-west-1`. */
  readonly description: string;
}

function apiTargetOf(parsed: ParsedDocument, defaultRegion: string | undefined): ApiTarget | undefined {
  const spec = isPlainObject(parsed.value) ? parsed.value.spec : undefined;
  const api = isPlainObject(spec) ? spec.api : undefined;
  if (!isPlainObject(spec) || !isPlainObject(api) || typeof api.type !== 'string') return undefined;
  const selector = typeof api.id === 'string' ? (['id', api.id] as const) : typeof api.name === 'string' ? (['name', api.name] as const) : undefined;
  if (!selector) return undefined;
  const explicitRegion = typeof spec.region === 'string' ? spec.region : undefined;
  const region = explicitRegion ?? defaultRegion ?? 'default';
  const where = explicitRegion ? `in ${region}` : defaultRegion ? `in the default region (${defaultRegion})` : 'in the default region';
  return {
    key: JSON.stringify([region, api.type, ...selector]),
    description: `the ${api.type} API with ${selector[0]} ${JSON.stringify(selector[1])} ${where}`,
  };
}
