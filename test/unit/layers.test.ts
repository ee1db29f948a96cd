/**
 * The layers of `src/`, read off the imports (type-only and dynamic ones included): a module imports
 * only from its own folder or from a layer below its own, and no chain of imports comes back to where
 * it started. docs/architecture.md states the same order; a failure names the offending import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** Lowest first. Folders on one line are peers: neither imports the other. */
const LAYERS: readonly (readonly string[])[] = [
  ['error-codes.ts'],
  ['errors.ts'],
  ['core'],
  ['aws'],
  ['emulator'],
  ['families'],
  ['manifest', 'render'],
  ['github'],
  ['services'],
  ['cli', 'hooks'],
  ['commands'],
];

interface Import {
  readonly from: string;
  readonly to: string;
  /** `core/model.ts:4`, where the import is written. */
  readonly at: string;
}

const root = resolve(import.meta.dirname, '../../src');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(root, path).replaceAll('\\', '/')] : [];
  });
}

/** Every relative import of `file`: `import`, `import type`, `export … from` and `import()`. */
function importsOf(file: string): Import[] {
  const text = readFileSync(join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.filter(({ fileName }) => fileName.startsWith('.'))
    .map(({ fileName, pos }) => ({
      from: file,
      to: relative(root, resolve(root, dirname(file), fileName)).replaceAll('\\', '/').replace(/\.js$/, '.ts'),
      at: `${file}:${source.getLineAndCharacterOfPosition(pos).line + 1}`,
    }))
    // The JSON Schemas under schemas/ are data, outside the layers.
    .filter(({ to }) => !to.startsWith('../'));
}

export function folderOf(file: string): string {
  return file.includes('/') ? file.slice(0, file.indexOf('/')) : file;
}

function layerOf(file: string): number {
  const layer = LAYERS.findIndex((folders) => folders.includes(folderOf(file)));
  if (layer < 0) throw new Error(`${file} is in no layer: add its folder to LAYERS and to docs/architecture.md`);
  return layer;
}

/** The imports that go sideways or up: from a folder to a peer's or to a higher layer's. */
export function layerViolations(imports: readonly Import[]): string[] {
  return imports
    .filter(({ from, to }) => folderOf(from) !== folderOf(to) && layerOf(to) >= layerOf(from))
    .map(({ at, from, to }) => `${at} imports ${to}: ${folderOf(from)} may not import ${folderOf(to)}`);
}

/** The imports that close a cycle, one per cycle found by a depth-first walk. */
export function cycles(imports: readonly Import[]): string[] {
  const out = new Map<string, Import[]>();
  for (const entry of imports) out.set(entry.from, [...(out.get(entry.from) ?? []), entry]);
  const state = new Map<string, 'open' | 'done'>();
  const path: Import[] = [];
  const found: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    for (const entry of out.get(file) ?? []) {
      if (state.get(entry.to) === 'open') {
        const start = path.findIndex((step) => step.from === entry.to);
        found.push([...path.slice(start < 0 ? path.length : start), entry].map((step) => step.at).join(' → ') + ` → ${entry.to}`);
      } else if (!state.has(entry.to)) {
        path.push(entry);
        visit(entry.to);
        path.pop();
      }
    }
    state.set(file, 'done');
  };
  for (const file of [...out.keys()].sort()) if (!state.has(file)) visit(file);
  return found;
}

describe('the layers of src/', () => {
  const imports = sourceFiles(root).flatMap(importsOf);

  it('every file is in a layer, and every import resolves to a file', () => {
    const files = new Set(sourceFiles(root));
    for (const file of files) layerOf(file);
    expect(imports.filter(({ to }) => !files.has(to)).map(({ at, to }) => `${at} imports ${to}, which is not a source file`)).toEqual([]);
  });

  it('each import goes down the layers, or stays in its folder', () => {
    expect(layerViolations(imports)).toEqual([]);
  });

  it('no import cycle, counting type-only imports', () => {
    expect(cycles(imports)).toEqual([]);
  });

  it('the checks name the import at fault', () => {
    const up = { from: 'core/model.ts', to: 'families/registry.ts', at: 'core/model.ts:3' };
    const back = { from: 'families/registry.ts', to: 'core/model.ts', at: 'families/registry.ts:9' };
    expect(layerViolations([up, back])).toEqual(['core/model.ts:3 imports families/registry.ts: core may not import families']);
    expect(cycles([up, back])).toEqual(['core/model.ts:3 → families/registry.ts:9 → core/model.ts']);
    expect(layerViolations([{ from: 'manifest/a.ts', to: 'render/b.ts', at: 'manifest/a.ts:1' }])).toHaveLength(1);
  });
});
