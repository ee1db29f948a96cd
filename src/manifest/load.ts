import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Environment } from '../core/environment.js';
import type { DesiredApi } from '../core/model.js';
import { toDesiredApi } from './desired.js';
import { isEnvironmentDocument } from './environment.js';
import { compareIssues, type ManifestIssue } from './issues.js';
import { parseManifestSource, releaseTree, withValue, type ManifestSource, type ParsedDocument, type ParsedSource } from './parse.js';
import { fileSystemIssue, pathIssue, readManifestFile } from './read-file.js';
import { authorizerQuotaExcess, checkCrossDocumentRules, checkDocumentRules, type RuleOptions } from './rules.js';
import { validateDocument } from './schema.js';
import { substituteVariables } from './vars.js';

/**
 * `defaultRegion` is used only to tell whether two documents target one API; it is not filled in.
 * `environment` supplies `${vars.NAME}` and, for documents without spec.region, the region.
 */
export interface LoadOptions extends RuleOptions {
  readonly environment?: Environment;
}

export interface LoadedManifests {
  /** The documents without any issue, in file order. Callers must not proceed while `issues` is non-empty. */
  readonly documents: DesiredApi[];
  /** Every problem in every file, sorted by file, line and column. */
  readonly issues: ManifestIssue[];
  /** The files that were read, as they are named in issues. */
  readonly files: string[];
  /** Variables of the environment that no document uses (a warning, not an issue). */
  readonly unusedVariables: string[];
}

/**
 * Reads manifests from files and directories (searched recursively for `*.yaml` / `*.yml`, in sorted
 * order) and checks them all. Files are named as given, relative to the working directory, so that
 * issues read `manifests/orders.yaml:12:7: …`. Problems with the paths themselves (missing, unreadable,
 * a directory without manifests) are issues at line 1, column 1 of that path. Never throws for bad input.
 */
export async function loadManifests(paths: readonly string[], options: LoadOptions = {}): Promise<LoadedManifests> {
  const listed = await listManifestFiles(paths);
  const read = listed.files.map(readManifestFile);
  const sources = read.filter((result): result is ManifestSource => 'text' in result);
  const readIssues = read.filter((result): result is ManifestIssue => 'code' in result);
  const checked = checkManifests(sources, options);
  return {
    ...checked,
    issues: [...listed.issues, ...readIssues, ...checked.issues].sort(compareIssues),
    files: listed.files,
  };
}

/**
 * Checks manifest texts already in memory: YAML, variables, schema, then the rules within and across
 * documents. Environment documents met on the way (a directory holding `environments/`) are left out.
 */
export function checkManifests(sources: readonly ManifestSource[], options: LoadOptions = {}): LoadedManifests {
  const { environment } = options;
  const scope = { vars: environment?.vars ?? {}, ...(environment && { file: environment.file }) };
  const parsedSources: ParsedSource[] = [];
  const parsed: ParsedDocument[] = [];
  const issuesByDocument = new Map<ParsedDocument, ManifestIssue[]>();
  const desired = new Map<ParsedDocument, DesiredApi>();
  const used = new Set<string>();
  // File by file, so that each file's yaml trees can go before the next file is parsed.
  for (const source of sources) {
    const parsedSource = parseManifestSource(source);
    parsedSources.push(parsedSource);
    for (const original of parsedSource.documents) {
      if (isEnvironmentDocument(original)) continue;
      const substituted = substituteVariables(original, scope);
      const document = substituted.document;
      for (const name of substituted.used) used.add(name);
      // A value with an undefined variable is not the value AWS would get: judge it only once resolved.
      const issues =
        substituted.issues.length > 0 ? substituted.issues : [...validateDocument(withinQuota(document)), ...checkDocumentRules(document)];
      parsed.push(document);
      issuesByDocument.set(document, issues);
      if (issues.length === 0) desired.set(document, toDesiredApi(document));
      releaseTree(document);
    }
  }
  const ruleOptions = { ...options, ...(options.defaultRegion === undefined && environment?.region !== undefined && { defaultRegion: environment.region }) };
  for (const { document, issue } of checkCrossDocumentRules(parsed, ruleOptions)) {
    issuesByDocument.get(document)?.push(issue);
  }
  const issues = [...parsedSources.flatMap((source) => source.issues), ...[...issuesByDocument.values()].flat()];
  return {
    documents: parsed.flatMap((document) => {
      const api = desired.get(document);
      if (!api || issuesByDocument.get(document)?.length !== 0) return [];
      return [api.region === undefined && environment?.region !== undefined ? { ...api, region: environment.region } : api];
    }),
    issues: issues.sort(compareIssues),
    files: sources.map((source) => source.file),
    unusedVariables: Object.keys(environment?.vars ?? {}).filter((name) => !used.has(name)).sort(),
  };
}

/**
 * A document over its authorizer quota is refused by the rules whatever its authorizers say; the schema
 * checks only those up to the quota, so that 10,000 broken entries give one issue, not 20,000 and
 * seconds of work.
 */
function withinQuota(document: ParsedDocument): ParsedDocument {
  const excess = authorizerQuotaExcess(document);
  if (!excess) return document;
  const { spec } = document.value as { spec: { authorizers: unknown[] } };
  return withValue(document, { ...(document.value as object), spec: { ...spec, authorizers: spec.authorizers.slice(0, excess.quota) } });
}

interface ListedFiles {
  readonly files: string[];
  readonly issues: ManifestIssue[];
}

/** Expands the paths into manifest files, each listed once (under the first name it was reached by). */
async function listManifestFiles(paths: readonly string[]): Promise<ListedFiles> {
  const listings = await Promise.all(paths.map(listPath));
  const seen = new Set<string>();
  const files = listings
    .flatMap((listing) => listing.files)
    .filter((file) => {
      const absolute = path.resolve(file);
      if (seen.has(absolute)) return false;
      seen.add(absolute);
      return true;
    });
  return { files, issues: listings.flatMap((listing) => listing.issues) };
}

async function listPath(given: string): Promise<ListedFiles> {
  const name = path.normalize(given);
  try {
    const info = await stat(name);
    if (!info.isDirectory()) return { files: [name], issues: [] };
    const files = await findYamlFiles(name);
    if (files.length > 0) return { files, issues: [] };
    return { files: [], issues: [pathIssue(name, 'load.no-manifests', 'expected *.yaml or *.yml manifests in this directory, found none')] };
  } catch (error) {
    return { files: [], issues: [fileSystemIssue(name, error)] };
  }
}

/**
 * Every `*.yaml` / `*.yml` below a directory, sorted so runs are deterministic. Hidden directories
 * (`.git`, `.github`) and `node_modules` are skipped: they hold YAML that is not ours.
 */
async function findYamlFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    const child = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') found.push(...(await findYamlFiles(child)));
    } else if (/\.ya?ml$/i.test(entry.name)) {
      found.push(child);
    }
  }
  return found.sort(compareCodePoints);
}

/** Locale-independent, so the order is the same on every machine. */
function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
