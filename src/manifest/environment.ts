/**
 * Environment files (`kind: Environment`): found by name or path, checked against their own JSON
 * Schema (schemas/environment.schema.json), every problem a located issue as for manifests.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
// The same relative path from src/manifest/ and dist/manifest/, as for the manifest schema.
import environmentSchema from '../../schemas/environment.schema.json' with { type: 'json' };
import type { Environment } from '../core/environment.js';
import { isPlainObject } from '../core/is-plain-object.js';
import type { ManifestIssue } from './issues.js';
import { locateKey, parseManifestSource, type ManifestSource, type ParsedDocument } from './parse.js';
import { validateDocument } from './schema.js';

export const ENVIRONMENTS_DIRECTORY = 'environments';

export interface CheckedEnvironment {
  readonly environment?: Environment;
  readonly issues: ManifestIssue[];
}

/** A document of this kind is an environment, never a manifest: manifest loading leaves it out. */
export function isEnvironmentDocument(parsed: Pick<ParsedDocument, 'value'>): boolean {
  return isPlainObject(parsed.value) && parsed.value.kind === 'Environment';
}

interface ValidEnvironment {
  readonly metadata: { readonly name: string };
  readonly spec: { readonly account: string; readonly region?: string; readonly roleArn?: string; readonly vars?: Record<string, string> };
}

/** Checks one environment file's text: exactly one document, valid against the environment schema. */
export function checkEnvironmentSource(source: ManifestSource): CheckedEnvironment {
  const { documents, issues } = parseManifestSource(source);
  if (issues.length > 0) return { issues };
  const [document, ...others] = documents;
  if (document === undefined) return { issues };
  if (others.length > 0) {
    return { issues: [{ ...others[0]!.start, code: 'environment.invalid', message: 'expected one Environment document per file, found more' }] };
  }
  const schemaIssues = validateDocument(document, environmentSchema);
  if (schemaIssues.length > 0) return { issues: schemaIssues };
  const { metadata, spec } = document.value as ValidEnvironment;
  return {
    environment: {
      name: metadata.name,
      account: spec.account,
      ...(spec.region !== undefined && { region: spec.region }),
      ...(spec.roleArn !== undefined && { roleArn: spec.roleArn }),
      vars: spec.vars ?? {},
      varSources: Object.fromEntries(Object.keys(spec.vars ?? {}).map((name) => [name, locateKey(document, ['spec', 'vars', name])])),
      file: source.file,
    },
    issues: [],
  };
}

/** A value with a path separator or a YAML extension is a file; anything else is a name. */
export function isEnvironmentFile(reference: string): boolean {
  return /[\\/]/.test(reference) || /\.ya?ml$/i.test(reference);
}

/**
 * Where environments live for these manifest paths, in lookup order: for each path (a directory, or a
 * file's directory) its own `environments/` folder, then the `environments/` folder beside it.
 */
export async function environmentDirectories(manifestPaths: readonly string[]): Promise<string[]> {
  const directories: string[] = [];
  for (const given of manifestPaths) {
    const base = path.normalize(given);
    const directory = (await isDirectory(base)) ? base : path.dirname(base);
    for (const candidate of [path.join(directory, ENVIRONMENTS_DIRECTORY), path.join(path.dirname(directory), ENVIRONMENTS_DIRECTORY)]) {
      if (!directories.includes(candidate)) directories.push(candidate);
    }
  }
  return directories;
}

/** Reads `--env NAME|FILE`; a name is looked up as `<directory>/NAME.yaml` (or `.yml`) in `environmentDirectories`. */
export async function loadEnvironment(reference: string, manifestPaths: readonly string[]): Promise<CheckedEnvironment> {
  const file = isEnvironmentFile(reference) ? path.normalize(reference) : await findEnvironmentFile(reference, manifestPaths);
  if (typeof file !== 'string') return { issues: [file] };
  return readEnvironment(file);
}

export async function readEnvironment(file: string): Promise<CheckedEnvironment> {
  try {
    return checkEnvironmentSource({ file, text: await readFile(file, 'utf8') });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such environment file' : `cannot be read: ${(error as Error).message}`;
    return { issues: [{ file, line: 1, col: 1, code: 'environment.not-found', message: reason }] };
  }
}

async function findEnvironmentFile(name: string, manifestPaths: readonly string[]): Promise<string | ManifestIssue> {
  const tried: string[] = [];
  for (const directory of await environmentDirectories(manifestPaths)) {
    for (const extension of ['.yaml', '.yml']) {
      const candidate = path.join(directory, `${name}${extension}`);
      tried.push(candidate);
      if (await isFile(candidate)) return candidate;
    }
  }
  const found = await listEnvironmentFiles(manifestPaths);
  const names = found.map((file) => path.basename(file).replace(/\.ya?ml$/i, ''));
  return {
    // Located where the file was first looked for: the name alone would read as a file name.
    file: tried[0] ?? name,
    line: 1,
    col: 1,
    code: 'environment.not-found',
    message: `no environment named "${name}": looked for ${tried.join(', ')}; ${names.length === 0 ? 'found no environment files' : `found ${names.join(', ')}`}`,
  };
}

/** Every environment file in the environment directories of these paths, sorted, each once. */
export async function listEnvironmentFiles(manifestPaths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const directory of await environmentDirectories(manifestPaths)) {
    let entries: string[];
    try {
      entries = await readdir(directory);
    } catch {
      continue;
    }
    for (const entry of entries.filter((name) => /\.ya?ml$/i.test(name)).sort()) files.push(path.join(directory, entry));
  }
  return files;
}

async function isDirectory(name: string): Promise<boolean> {
  return stat(name).then((info) => info.isDirectory(), () => false);
}

async function isFile(name: string): Promise<boolean> {
  return stat(name).then((info) => info.isFile(), () => false);
}
