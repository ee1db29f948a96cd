/**
 * Golden files for the Markdown renderer: test/golden/markdown/<case>/input.json holds a Plan or a
 * DriftReport (`kind` says which) with the options; expected.md is the exact output.
 * UPDATE_GOLDEN=1 npx vitest run test/unit/markdown.test.ts rewrites the expected files.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DriftReport } from '../../src/core/drift.js';
import type { Plan } from '../../src/core/model.js';
import { renderDriftMarkdown, type DriftMarkdownOptions } from '../../src/render/drift-markdown.js';
import { code, DEFAULT_MARKDOWN_MAX_LENGTH, escapeText } from '../../src/render/markdown-blocks.js';
import { truncateMarkdown } from '../../src/render/markdown-truncate.js';
import { renderPlanMarkdown, toDiffLine, type PlanMarkdownOptions } from '../../src/render/markdown.js';

const GOLDEN = join(import.meta.dirname, '..', 'golden', 'markdown');

type GoldenInput =
  | { readonly kind: 'plan'; readonly options: PlanMarkdownOptions; readonly plan: Plan }
  | { readonly kind: 'drift'; readonly options: DriftMarkdownOptions; readonly report: DriftReport };

function render(input: GoldenInput): string {
  return input.kind === 'plan' ? renderPlanMarkdown(input.plan, input.options) : renderDriftMarkdown(input.report, input.options);
}

/** Structural checks every rendering must pass, whatever its content. */
function expectWellFormed(markdown: string): void {
  const lines = markdown.split('\n');
  let fence: string | undefined;
  let details = 0;
  for (const line of lines) {
    const marker = /^(`{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      continue;
    }
    if (marker) {
      fence = marker;
      continue;
    }
    const html = line.replace(/(`+)[\s\S]*?\1/g, '');
    details += (html.match(/<details[\s>]/g) ?? []).length - (html.match(/<\/details>/g) ?? []).length;
    expect(details).toBeGreaterThanOrEqual(0);
    if (line.startsWith('|')) {
      // Every row of a table has the same number of unescaped cell separators as its header.
      expect(line.endsWith('|')).toBe(true);
    }
  }
  expect(fence).toBeUndefined();
  expect(details).toBe(0);
}

function cellCount(row: string): number {
  return row.replace(/\\\|/g, '').split('|').length - 2;
}

const cases = readdirSync(GOLDEN, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('Markdown golden files', () => {
  it('has the cases the renderer promises', () => {
    expect(cases).toEqual(expect.arrayContaining(['no-changes', 'create-update-post-actions', 'replace-banner', 'drift', 'truncation']));
  });

  for (const name of cases) {
    it(name, () => {
      const input = JSON.parse(readFileSync(join(GOLDEN, name, 'input.json'), 'utf8')) as GoldenInput;
      const actual = render(input);
      const expectedFile = join(GOLDEN, name, 'expected.md');
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(expectedFile, actual);
      expect(existsSync(expectedFile), `${expectedFile} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
      expect(actual).toBe(readFileSync(expectedFile, 'utf8'));
      expect(actual.length).toBeLessThanOrEqual(input.options.maxLength ?? DEFAULT_MARKDOWN_MAX_LENGTH);
      expectWellFormed(actual);
      // Tables keep their shape: every row has as many cells as the header above it.
      const tables = actual.split('\n\n').filter((block) => block.startsWith('| '));
      for (const table of tables) {
        const rows = table.split('\n');
        for (const row of rows) expect(cellCount(row)).toBe(cellCount(rows[0] ?? ''));
      }
    });
  }
});

describe('the status line and banner', () => {
  const plan = (kinds: readonly ('create' | 'update' | 'replace' | 'no-op')[]): Plan => ({
    apis: [
      {
        target: { apiType: 'http', apiId: 'a1', apiName: 'orders', region: 'eu-west-1' },
        actions: kinds.map((kind, index) => {
          const name = `auth-${index}`;
          switch (kind) {
            case 'create':
              return { kind, name, after: { name } };
            case 'no-op':
              return { kind, name, authorizerId: `id${index}` };
            case 'update':
              return { kind, name, authorizerId: `id${index}`, fields: [{ path: 'x', before: 1, after: 2 }], before: {}, after: {} };
            case 'replace':
              return {
                kind,
                name,
                authorizerId: `id${index}`,
                fields: [{ path: 'x', before: 1, after: 2 }],
                replacePaths: ['x'],
                before: {},
                after: {},
              };
          }
        }),
        unmanaged: [],
        postActions: [],
        usage: [],
      },
    ],
  });

  it('counts in severity order with the matching icon', () => {
    expect(renderPlanMarkdown(plan(['no-op']))).toContain('**✅ No changes** · 1 unchanged');
    expect(renderPlanMarkdown(plan(['update', 'update', 'create']))).toContain('**🟡 2 to change, 1 to add**');
    expect(renderPlanMarkdown(plan(['create', 'replace']))).toContain('**🔴 1 to replace, 1 to add**');
  });

  it('warns about replacements only when there are some', () => {
    expect(renderPlanMarkdown(plan(['replace']))).toContain('> [!CAUTION]');
    expect(renderPlanMarkdown(plan(['update', 'create']))).not.toContain('[!CAUTION]');
  });
});

describe('escaping user-controlled strings', () => {
  it('keeps pipes, backticks and angle brackets from breaking markup', () => {
    expect(escapeText('a|b <x> `c` *d*')).toBe('a\\|b &lt;x&gt; \\`c\\` \\*d\\*');
    expect(code('a|b', { inTable: true })).toBe('`a\\|b`');
    expect(code('a|b')).toBe('`a|b`');
    expect(code('x `y` z')).toBe('``x `y` z``');
    expect(code('`edge')).toBe('`` `edge ``');
    expect(code('line\nbreak')).toBe('`line break`');
  });
});

describe('diff lines', () => {
  it('moves change markers to column 0 and turns ~ into !', () => {
    expect(toDiffLine('  + authorizer "a" {')).toBe('+   authorizer "a" {');
    expect(toDiffLine('      ~ ttl = 300 -> 60')).toBe('!       ttl = 300 -> 60');
    expect(toDiffLine('-/+ authorizer "a" {')).toBe('-/+ authorizer "a" {');
    expect(toDiffLine('  # authorizer "a" will be updated in-place')).toBe('  # authorizer "a" will be updated in-place');
  });
});

describe('truncateMarkdown', () => {
  const notice = '> cut';

  it('returns markdown that fits unchanged', () => {
    expect(truncateMarkdown('short\n', 100, notice)).toBe('short\n');
  });

  it('closes a code fence and <details> it cut through, then appends the notice', () => {
    const long = ['# Plan', '', '<details><summary>Full</summary>', '', '```diff', ...Array.from({ length: 50 }, (_, i) => `+ line ${i}`), '```', '', '</details>', ''].join('\n');
    const cut = truncateMarkdown(long, 200, notice);
    expect(cut.length).toBeLessThanOrEqual(200);
    expect(cut.endsWith('> cut\n')).toBe(true);
    expectWellFormed(cut);
    expect(cut).toContain('+ line 0');
  });

  it('drops a table header left without rows and a dangling heading', () => {
    const markdown = ['intro', '', '#### API', '', '| A | B |', '| --- | --- |', `| ${'x'.repeat(300)} | y |`, ''].join('\n');
    const cut = truncateMarkdown(markdown, 60, notice);
    expect(cut).toBe('intro\n\n> cut\n');
  });

  it('measures with the given function, e.g. UTF-8 bytes', () => {
    const markdown = `${'🟡'.repeat(30)}\n${'🟡'.repeat(30)}\n`;
    const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
    const cut = truncateMarkdown(markdown, 140, notice, bytes);
    expect(bytes(cut)).toBeLessThanOrEqual(140);
    expect(cut).toBe(`${'🟡'.repeat(30)}\n\n> cut\n`);
  });

  it('is never longer than the limit, for any cut point', () => {
    const input = JSON.parse(readFileSync(join(GOLDEN, 'create-update-post-actions', 'input.json'), 'utf8')) as GoldenInput;
    const full = render({ ...input, options: { ...input.options, maxLength: 1_000_000 } } as GoldenInput);
    for (let limit = 120; limit < full.length; limit += 37) {
      const cut = truncateMarkdown(full, limit, notice);
      expect(cut.length).toBeLessThanOrEqual(limit);
      expectWellFormed(cut);
    }
  });
});
