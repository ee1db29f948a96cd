/**
 * The documentation stays true and whole: the code tables of docs/exit-and-error-codes.md are
 * generated from the code that defines the codes (UPDATE_GOLDEN=1 rewrites them), every relative
 * link and anchor in the repository's Markdown resolves, and the README stays a front door that
 * links every page of docs/.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeTable, ERROR_CODES } from '../../src/error-codes.js';
import { manifestIssueCodes } from '../../src/manifest/issues.js';
import { anchorsOf, brokenLinks, type MarkdownTree } from './markdown-links.js';

const CODES_PAGE = 'docs/exit-and-error-codes.md';
const README = 'README.md';
/** Folders that hold no documentation of ours: dependencies and build output. */
const NOT_DOCS = new Set(['node_modules', 'dist', 'dist-action', 'coverage']);

function markers(name: string): RegExp {
  return new RegExp(`(<!-- ${name}:start -->\\n)([\\s\\S]*?)(<!-- ${name}:end -->)`);
}

function section(text: string, name: string): string {
  const match = markers(name).exec(text);
  if (!match) throw new Error(`${CODES_PAGE} has no ${name} markers`);
  return match[2] as string;
}

describe('the code tables of docs/exit-and-error-codes.md', () => {
  const tables = { 'error-codes': codeTable(ERROR_CODES), 'issue-codes': codeTable(manifestIssueCodes) };
  for (const [name, table] of Object.entries(tables)) {
    it(`${name} matches the code`, () => {
      let text = readFileSync(CODES_PAGE, 'utf8');
      if (process.env.UPDATE_GOLDEN === '1') {
        text = text.replace(markers(name), (_all, start: string, _old, end: string) => `${start}${table}\n${end}`);
        writeFileSync(CODES_PAGE, text);
      }
      expect(section(text, name)).toBe(`${table}\n`);
    });
  }
});

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.') && !NOT_DOCS.has(entry.name))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = dir === '.' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) return markdownFiles(path);
      return entry.name.endsWith('.md') ? [path] : [];
    });
}

const checkout: MarkdownTree = {
  read: (path) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined),
  exists: (path) => existsSync(path),
};

function memoryTree(files: Record<string, string>, folders: string[] = []): MarkdownTree {
  return { read: (path) => files[path], exists: (path) => path in files || folders.includes(path) };
}

describe('links in the Markdown', () => {
  it('GitHub slugs: lower case, punctuation and code marks dropped, spaces to hyphens, repeats numbered', () => {
    const anchors = anchorsOf(
      '# Ignoring drift: `.gatewardenignore`\n## AWS quota and pacing\n## Notes\n## Notes\n```yaml\n# not-a-heading\n```\n',
    );
    expect([...anchors]).toEqual(['ignoring-drift-gatewardenignore', 'aws-quota-and-pacing', 'notes', 'notes-1']);
  });

  it('the check finds a missing file, a missing heading here or in another page, and accepts the rest', () => {
    const tree = memoryTree(
      {
        'README.md': [
          '# Front door',
          '[ok](docs/page.md#a-topic) [ok](#front-door) [ok](src/) [ok](https://example.com/x#y) `[code](nowhere.md)`',
          '[file](docs/gone.md) [here](#gone) [there](docs/page.md#gone)',
          '```',
          '[fenced](nowhere.md)',
          '```',
        ].join('\n'),
        'docs/page.md': '# Page\n## A topic\n[up](../README.md#front-door) [up](../README.md#gone)\n',
      },
      ['src'],
    );
    expect(brokenLinks('README.md', tree)).toEqual([
      'README.md: docs/gone.md (no such file)',
      'README.md: #gone (no such heading)',
      'README.md: docs/page.md#gone (no such heading)',
    ]);
    expect(brokenLinks('docs/page.md', tree)).toEqual(['docs/page.md: ../README.md#gone (no such heading)']);
  });

  it('every relative link and anchor in the repository resolves', () => {
    const files = markdownFiles('.');
    expect(files).toEqual(expect.arrayContaining([README, CODES_PAGE, 'src/emulator/README.md', 'examples/iam/README.md']));
    expect(files.flatMap((file) => brokenLinks(file, checkout))).toEqual([]);
  });
});

describe('the README is a front door', () => {
  const readme = readFileSync(README, 'utf8');

  it('fits in a few hundred lines', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
  });

  it('links every page of docs/', () => {
    const pages = readdirSync('docs').filter((name) => name.endsWith('.md'));
    expect(pages.filter((page) => !readme.includes(`](docs/${page})`))).toEqual([]);
  });

  it('its quick start runs the demo and the test command that CI runs', () => {
    expect(readme).toContain('npm run demo');
    expect(readme).toMatch(/^npm test\b/m);
    expect(readFileSync(join('.ci', 'run'), 'utf8')).toMatch(/^npm test$/m);
  });
});
