/**
 * The repository explains itself: nothing in the code, the tests or the docs leans on a file outside
 * it, and every citation of docs/aws-behaviour.md names a section that exists.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorsOf } from './markdown-links.js';

const SCANNED = ['src', 'test', 'docs', 'README.md'];
const BEHAVIOUR_DOC = 'docs/aws-behaviour.md';
const TEXT_FILE = /\.(ts|js|mjs|cjs|json|md|ya?ml|txt)$/;

// Built from parts so that this file does not match itself.
const OUTSIDE_REFERENCES = [['aws', 'wire'].join('-'), ['..', 'shared'].join('/')];

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => filesUnder(join(path, entry)));
}

const files = SCANNED.flatMap(filesUnder).filter((file) => TEXT_FILE.test(file));

function outsideReferences(text: string): string[] {
  return OUTSIDE_REFERENCES.filter((needle) => text.includes(needle));
}

describe('the repository stands alone', () => {
  it('the scan recognises a reference to a file outside the repository', () => {
    expect(outsideReferences(`see ${OUTSIDE_REFERENCES[0]}.md §2`)).toHaveLength(1);
    expect(outsideReferences(`see ${OUTSIDE_REFERENCES[1]}/x`)).toHaveLength(1);
    expect(outsideReferences('see docs/aws-behaviour.md#pagination')).toEqual([]);
  });

  it('scans the code, the tests and the docs', () => {
    expect(files).toContain(BEHAVIOUR_DOC);
    expect(files).toContain('src/emulator/README.md');
    expect(files.some((file) => file.startsWith('test/'))).toBe(true);
  });

  it('no file cites a document outside the repository', () => {
    const offenders = files.filter((file) => outsideReferences(readFileSync(file, 'utf8')).length > 0);
    expect(offenders).toEqual([]);
  });

  it('every citation of docs/aws-behaviour.md names one of its sections', () => {
    const anchors = anchorsOf(readFileSync(BEHAVIOUR_DOC, 'utf8'));
    const broken = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      const cited = [...text.matchAll(/aws-behaviour\.md#([\w-]+)/g)].map((match) => match[1] as string);
      // Links within the document itself.
      if (file === BEHAVIOUR_DOC) cited.push(...[...text.matchAll(/\]\(#([\w-]+)\)/g)].map((match) => match[1] as string));
      return cited.filter((anchor) => !anchors.has(anchor)).map((anchor) => `${file}: #${anchor}`);
    });
    expect(broken).toEqual([]);
  });

  it('the README links the behaviour reference and the architecture', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain('](docs/aws-behaviour.md)');
    expect(readme).toContain('](docs/architecture.md)');
  });
});
