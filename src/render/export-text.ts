/** What export and adopt, the commands that write manifests from live authorizers, say as text. Pure. */
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { ExportTarget } from '../core/export.js';
import { manifestCommand, plural } from './format.js';

/** `export --out`: each file written, then how to check them (`env`: the --env that finds the environment from --out). */
export function renderExportedFiles(written: readonly { file: string; authorizers: number }[], out: string, env: string | undefined): string {
  const files = written.map((file) => `Wrote ${file.file} (${file.authorizers} ${plural(file.authorizers, 'authorizer', 'authorizers')})\n`);
  const check = written.length === 0 ? '' : ` Check with: ${manifestCommand('plan', [out], env)}`;
  return `${files.join('')}Exported ${written.length} ${plural(written.length, 'API', 'APIs')}.${check}\n`;
}

/** One line for each API that gains authorizers in a file, or why there is none. */
export function adoptedLines(files: readonly { file: string; apis: readonly { target: ExportTarget; names: readonly string[] }[] }[], dryRun: boolean): string[] {
  const verb = dryRun ? 'would add' : 'added';
  const lines = files.flatMap((file) =>
    file.apis.map((api) => `${file.file}: ${verb} ${api.names.map((name) => `"${name}"`).join(', ')} to API "${api.target.apiName}" (${api.target.apiId})`),
  );
  return files.length === 0 ? ['No unmanaged authorizers: nothing to adopt.'] : lines;
}

/** `adopt --dry-run`: a unified diff of each file that `git apply` takes. */
export function renderAdoptDiff(files: readonly { file: string; before: string; after: string }[]): string {
  return files.map((file) => createTwoFilesPatch(diffName('a', file.file), diffName('b', file.file), file.before, file.after, '', '', { context: 3 }).replace(/^=+\n/, '')).join('');
}

/** git's a/ and b/ prefixes, for relative names only: `a//tmp/x` would name no file. */
function diffName(side: 'a' | 'b', file: string): string {
  return path.isAbsolute(file) ? file : `${side}/${file}`;
}
