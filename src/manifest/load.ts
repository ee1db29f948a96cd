import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DesiredApi } from '../core/model.js';
import { toDesiredApi } from './desired.js';
import { compareIssues, type ManifestIssue, type ManifestIssueCode } from './issues.js';
import { parseManifestSource, releaseTree, type ManifestSource, type ParsedDocument, type ParsedSource } from './parse.js';
import { checkCrossDocumentRules, checkDocumentRules, type RuleOptions } from './rules.js';
import { validateDocument } from './schema.js';

/** `defaultRegion` is used only to tell whether two documents target one API; it is not filled in. */
export type LoadOptions = RuleOptions;

export interface LoadedManifests {
  /** The documents without any issue, in file order. Callers must not proceed while `issues` is non-empty. */
  readonly documents: DesiredApi[];
  /** Every problem in every file, sorted by file, line and column. */
  readonly issues: ManifestIssue[];
  /** The files that were read, as they are named in issues. */
  readonly files: string[];
}

/**
 * Reads manifests from files and directories (searched recursively for `*.yaml` / `*.yml`, in sorted
 * order) and checks them all. Files are named as given, relative to the working directory, so that
 * issues read `manifests/orders.yaml:12:7: …`. Problems with the paths themselves (missing, unreadable,
 * a directory without manifests) are issues at line 1, column 1 of that path. Never throws for bad input.
 */
export async function loadManifests(paths: readonly string[], options: LoadOptions = {}): Promise<LoadedManifests> {
  const listed = await listManifestFiles(paths);
  const read = await Promise.all(listed.files.map(readManifestSource));
  const sources = read.filter((result): result is ManifestSource => 'text' in result);
  const readIssues = read.filter((result): result is ManifestIssue => 'code' in result);
  const checked = checkManifests(sources, options);
  return {
    documents: checked.documents,
    issues: [...listed.issues, ...readIssues, ...checked.issues].sort(compareIssues),
    files: listed.files,
  };
}

/** Checks manifest texts already in memory: YAML, schema, then the rules within and across documents. */
export function checkManifests(sources: readonly ManifestSource[], options: LoadOptions = {}): LoadedManifests {
  const parsedSources: ParsedSource[] = [];
  const issuesByDocument = new Map<ParsedDocument, ManifestIssue[]>();
  const desired = new Map<ParsedDocument, DesiredApi>();
  // File by file, so that each file's yaml trees can go before the next file is parsed.
  for (const source of sources) {
    const parsedSource = parseManifestSource(source);
    parsedSources.push(parsedSource);
    for (const document of parsedSource.documents) {
      const issues = [...validateDocument(document), ...checkDocumentRules(document)];
      issuesByDocument.set(document, issues);
      if (issues.length === 0) desired.set(document, toDesiredApi(document));
      releaseTree(document);
    }
  }
  const parsed = parsedSources.flatMap((source) => source.documents);
  for (const { document, issue } of checkCrossDocumentRules(parsed, options)) {
    issuesByDocument.get(document)?.push(issue);
  }
  const issues = [...parsedSources.flatMap((source) => source.issues), ...[...issuesByDocument.values()].flat()];
  return {
    documents: parsed.flatMap((document) => {
      const api = desired.get(document);
      return api && issuesByDocument.get(document)?.length === 0 ? [api] : [];
    }),
    issues: issues.sort(compareIssues),
    files: sources.map((source) => source.file),
  };
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

async function readManifestSource(file: string): Promise<ManifestSource | ManifestIssue> {
  try {
    return { file, text: await readFile(file, 'utf8') };
  } catch (error) {
    return fileSystemIssue(file, error);
  }
}

function fileSystemIssue(file: string, error: unknown): ManifestIssue {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return pathIssue(file, 'load.not-found', 'no such file or directory');
  const reason = error instanceof Error ? error.message : String(error);
  return pathIssue(file, 'load.unreadable', `cannot be read: ${reason}`);
}

function pathIssue(file: string, code: ManifestIssueCode, message: string): ManifestIssue {
  return { file, line: 1, col: 1, code, message };
}
