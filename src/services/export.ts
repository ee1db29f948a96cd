/**
 * `gatewarden export`: reads the chosen APIs through the AWS seam, turns their authorizers into
 * manifest documents (core/export.ts) and checks each one against the manifest schema and rules, so
 * that nothing is written that `plan` would refuse.
 */
import type { Environment } from '../core/environment.js';
import { guardAccount } from './account-guard.js';
import { existsSync } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import { stringify } from 'yaml';
import type { ApiSummary } from '../aws/ports.js';
import type { AwsAccess } from './access.js';
import {
  compareExportTargets,
  exportApi,
  exportFileNames,
  toManifestDocument,
  type ExportedApi,
  type ExportTarget,
  type ManifestDocument,
  type UnsupportedAuthorizer,
} from '../core/export.js';
import type { ApiType, LiveAuthorizer } from '../core/model.js';
import { templateFields } from '../core/template-vars.js';
import { listOf } from '../core/words.js';
import { UserError } from '../errors.js';
import { API_TYPE_IDS, apiTypeDefinition, FAMILIES, familyFor } from '../families/registry.js';
import { checkManifests } from '../manifest/index.js';
import { renderManifestYaml } from '../render/export-yaml.js';
import type { OutputPort } from './output.js';
import { makeUserDirectory, writeUserFile } from './write-file.js';

/** Bounded like plan's reads, to stay under AWS's 10 requests per second with a burst of 40. */
const READ_CONCURRENCY = 8;

/** The package's published schema, from src/services/ and from dist/services/ alike. */
const SCHEMA_FILE = fileURLToPath(new URL('../../schemas/gatewarden.schema.json', import.meta.url));
const PACKAGE_ROOT = path.dirname(path.dirname(SCHEMA_FILE));

export interface ExportRequest {
  /** API types to read; every type when empty. */
  readonly types: readonly ApiType[];
  /** Regions to read; the default region when empty. */
  readonly regions: readonly string[];
  /** API ids or names; every API of the chosen types when empty. */
  readonly apis: readonly string[];
}

export interface ExportContext {
  readonly aws: AwsAccess;
  readonly output: OutputPort;
  /** From `--env`: its account is guarded and its region is the default. */
  readonly environment?: Environment;
}

export interface ExportResult {
  /** One per API read, sorted by region, type, name and id; the unsupported authorizers left out. */
  readonly apis: readonly ExportedApi[];
  readonly unsupported: readonly UnsupportedAuthorizer[];
}

export async function exportLive(request: ExportRequest, context: ExportContext): Promise<ExportResult> {
  const { environment } = context;
  if (environment) await guardAccount(context.aws, environment);
  const regions = request.regions.length > 0 ? [...new Set(request.regions)] : [environment?.region ?? (await context.aws.defaultRegion())];
  const types = request.types.length > 0 ? request.types : API_TYPE_IDS;
  const families = FAMILIES.filter((family) => family.apiTypes.some((type) => types.includes(type.id)));
  const limit = pLimit(READ_CONCURRENCY);
  const listings = await Promise.all(
    regions.flatMap((region) =>
      families.map((family) =>
        limit(async () => {
          const apis = await (await context.aws.port(family, region)).listApis();
          return apis.filter((api) => types.includes(api.type)).map((api) => ({ api, region, family }));
        }),
      ),
    ),
  );
  const found = listings.flat();
  const chosen = request.apis.length === 0 ? found : found.filter(({ api }) => selects(request.apis, api));
  // An empty result is not an error (a new region), but it must not look like a successful export.
  if (found.length === 0) context.output.emit({ code: 'warning', message: `no ${listOf(types.map((type) => apiTypeDefinition(type).shortLabel))} APIs in ${regions.join(', ')}: nothing to export.` });
  const missing = request.apis.filter((wanted) => !found.some(({ api }) => selects([wanted], api)));
  if (missing.length > 0) {
    throw new UserError('API_NOT_FOUND', `No API of the chosen types has the id or name ${missing.map((name) => `"${name}"`).join(', ')} in ${regions.join(', ')}.`, {
      hint: 'Check the names, --type and --region; gatewarden export without --api lists every API.',
    });
  }
  const apis = await Promise.all(
    chosen.map(({ api, region, family }) =>
      limit(async () => {
        const authorizers = await (await context.aws.port(family, region)).listAuthorizers(api.id);
        const target: ExportTarget = { apiType: api.type, apiId: api.id, apiName: api.name, region };
        context.output.emit({ code: 'live.read', target, authorizers: authorizers.length });
        return exportChecked(target, authorizers, environment?.vars);
      }),
    ),
  );
  apis.sort((a, b) => compareExportTargets(a.target, b.target));
  return { apis, unsupported: apis.flatMap((api) => api.unsupported) };
}

function selects(wanted: readonly string[], api: ApiSummary): boolean {
  return wanted.includes(api.id) || wanted.includes(api.name);
}

/**
 * Exports the authorizers and checks each one as a manifest, on its own so that one bad authorizer
 * does not hide the others: whatever the schema or rules refuse is reported as unsupported, with why.
 */
export function exportChecked(target: ExportTarget, authorizers: readonly LiveAuthorizer[], vars: Readonly<Record<string, string>> = {}): ExportedApi {
  const family = familyFor(target.apiType);
  const exported = exportApi({ target, authorizers, rules: family.rules, exportRules: family.exportRules });
  const accepted: ExportedApi['authorizers'][number][] = [];
  const unsupported = [...exported.unsupported];
  for (const fields of exported.authorizers) {
    // Checked escaped but with the values themselves, as plan will see them once the variables resolve.
    const text = stringify(toManifestDocument({ target, authorizers: [templateFields(fields, {})] }));
    const { issues } = checkManifests([{ file: 'export', text }]);
    if (issues.length === 0) {
      accepted.push(templateFields(fields, vars));
      continue;
    }
    const live = authorizers.find((authorizer) => authorizer.name === fields.name);
    const reason = issues.map((issue) => issue.message.replace(/^spec\.authorizers\[0\]\.?/, '')).join('; ');
    unsupported.push({ target, name: String(fields.name), authorizerId: live?.id ?? '', reason: `a manifest cannot declare it: ${reason}` });
  }
  return { target, authorizers: accepted, unsupported };
}

/** Refuses the whole export when any authorizer cannot be represented, unless the caller accepts leaving them out. */
export function checkUnsupported(unsupported: readonly UnsupportedAuthorizer[], skip: boolean, output: OutputPort): void {
  const lines = unsupported.map(
    (entry) => `authorizer "${entry.name}" (${entry.authorizerId}) of API "${entry.target.apiName}" (${entry.target.apiId}) in ${entry.target.region}: ${entry.reason}`,
  );
  if (skip) {
    for (const line of lines) output.emit({ code: 'warning', message: `left out ${line}` });
    return;
  }
  if (lines.length === 0) return;
  throw new UserError('EXPORT_UNSUPPORTED', `${lines.length} ${lines.length === 1 ? 'authorizer' : 'authorizers'} cannot be written as manifests; nothing was written:\n${lines.map((line) => `  - ${line}`).join('\n')}`, {
    hint: 'Pass --skip-unsupported to write the others and leave these unmanaged.',
  });
}

export interface WrittenFile {
  readonly file: string;
  readonly target: ExportTarget;
  readonly authorizers: number;
}

/** One file per API in `directory`; existing files are refused, all before any is written, unless `force`. */
export async function writeExportFiles(apis: readonly ExportedApi[], directory: string, force: boolean): Promise<WrittenFile[]> {
  const names = exportFileNames(apis.map((api) => api.target));
  const files = names.map((name) => path.join(directory, name));
  await makeUserDirectory(directory);
  const schemaPath = schemaPathFrom(directory);
  const texts = apis.map((api) => renderManifestYaml(toManifestDocument(api), schemaPath === undefined ? {} : { schemaPath }));
  if (!force) {
    const existing = (await Promise.all(files.map(async (file) => ((await exists(file)) ? [file] : [])))).flat();
    if (existing.length > 0) {
      throw new UserError('EXPORT_FILE_EXISTS', `Refusing to overwrite ${existing.join(', ')}; nothing was written.`, {
        hint: 'Pass --force to overwrite, or choose another --out directory.',
      });
    }
  }
  await Promise.all(files.map((file, index) => writeUserFile(file, texts[index] as string, 'the exported manifest', force ? 'w' : 'wx')));
  return apis.map((api, index) => ({ file: files[index] as string, target: api.target, authorizers: api.authorizers.length }));
}

/**
 * The schema's path relative to the output, when the output lives where that path stays valid: inside
 * gatewarden's own checkout, or in a project that installs gatewarden in node_modules. A path into a
 * global or npx cache would break on the next machine, so none is written then.
 */
function schemaPathFrom(directory: string): string | undefined {
  const absolute = path.resolve(directory);
  let candidate: string | undefined;
  if (isInside(absolute, PACKAGE_ROOT)) candidate = SCHEMA_FILE;
  else {
    for (let dir = absolute; ; dir = path.dirname(dir)) {
      const installed = path.join(dir, 'node_modules', 'gatewarden', 'schemas', 'gatewarden.schema.json');
      if (existsSync(installed)) {
        candidate = installed;
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  return candidate === undefined ? undefined : path.relative(absolute, candidate).split(path.sep).join('/');
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

export function exportedDocuments(apis: readonly ExportedApi[]): ManifestDocument[] {
  return apis.map(toManifestDocument);
}
