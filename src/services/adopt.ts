/**
 * `gatewarden adopt`: finds the unmanaged authorizers of every API the manifests declare and appends
 * them, as export writes them, to the document that declares the API, editing the files in place.
 */
import { readFile } from 'node:fs/promises';
import type { ExportTarget, UnsupportedAuthorizer } from '../core/export.js';
import type { AuthorizerFields, SourceLocation } from '../core/model.js';
import { isReplacementName } from '../core/replacement.js';
import { appendAuthorizers } from '../manifest/append.js';
import { exportChecked } from './export.js';
import { planFromManifests, type PlanServiceOptions } from './plan.js';
import { writeUserFile } from './write-file.js';

export interface AdoptedApi {
  readonly target: ExportTarget;
  /** Names of the authorizers appended, in the order they were. */
  readonly names: readonly string[];
}

export interface AdoptedFile {
  readonly file: string;
  readonly apis: readonly AdoptedApi[];
  readonly before: string;
  readonly after: string;
}

export interface AdoptResult {
  /** Only the files that gain authorizers, in the order the manifests were read. */
  readonly files: readonly AdoptedFile[];
  readonly unsupported: readonly UnsupportedAuthorizer[];
}

/** Computes the edits without writing them: `writeAdopted` writes, `--dry-run` shows the diff instead. */
export async function adoptUnmanaged(paths: readonly string[], options: PlanServiceOptions): Promise<AdoptResult> {
  const { inputs } = await planFromManifests(paths, options);
  const edits = new Map<string, { source: SourceLocation; authorizers: readonly AuthorizerFields[]; api: AdoptedApi }[]>();
  const unsupported: UnsupportedAuthorizer[] = [];
  for (const { desired, live } of inputs) {
    const declared = new Set(desired.authorizers.map((authorizer) => authorizer.name));
    const undeclared = live.authorizers.filter((authorizer) => !declared.has(authorizer.name));
    // Declaring a replacement's temporary authorizer would make it permanent under its temporary name.
    for (const authorizer of undeclared.filter((candidate) => isReplacementName(candidate.name))) {
      options.output.emit({
        code: 'warning',
        message: `left out authorizer "${authorizer.name}" (${authorizer.id}) of API "${live.name}" (${live.id}): it is the new authorizer of an unfinished replacement; apply the replacement again, or move what uses it back and delete it`,
      });
    }
    const unmanaged = undeclared.filter((authorizer) => !isReplacementName(authorizer.name));
    if (unmanaged.length === 0) continue;
    const target: ExportTarget = { apiType: live.type, apiId: live.id, apiName: live.name, region: live.region };
    const exported = exportChecked(target, unmanaged, options.environment?.vars);
    unsupported.push(...exported.unsupported);
    if (exported.authorizers.length === 0) continue;
    const names = exported.authorizers.map((fields) => String(fields.name));
    const list = edits.get(desired.source.file) ?? [];
    list.push({ source: desired.source, authorizers: exported.authorizers, api: { target, names } });
    edits.set(desired.source.file, list);
  }
  const files = await Promise.all(
    [...edits].map(async ([file, list]): Promise<AdoptedFile> => {
      const before = await readFile(file, 'utf8');
      // Bottom-up, so that each edit leaves the positions of the documents above it as they were read.
      const after = [...list]
        .sort((a, b) => b.source.line - a.source.line)
        .reduce((text, edit) => appendAuthorizers(text, edit.source, edit.authorizers), before);
      return { file, apis: list.map((edit) => edit.api), before, after };
    }),
  );
  return { files, unsupported };
}

export async function writeAdopted(files: readonly AdoptedFile[]): Promise<void> {
  await Promise.all(files.map((file) => writeUserFile(file.file, file.after, 'the adopted manifest')));
}
