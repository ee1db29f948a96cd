/**
 * The README's code tables are generated from the code that defines the codes; this test keeps
 * them equal. UPDATE_GOLDEN=1 rewrites the README sections.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codeTable, ERROR_CODES } from '../../src/error-codes.js';
import { manifestIssueCodes } from '../../src/manifest/issues.js';

const README = 'README.md';

function markers(name: string): RegExp {
  return new RegExp(`(<!-- ${name}:start -->\\n)([\\s\\S]*?)(<!-- ${name}:end -->)`);
}

function section(text: string, name: string): string {
  const match = markers(name).exec(text);
  if (!match) throw new Error(`README.md has no ${name} markers`);
  return match[2] as string;
}

describe('README code tables', () => {
  const tables = { 'error-codes': codeTable(ERROR_CODES), 'issue-codes': codeTable(manifestIssueCodes) };
  for (const [name, table] of Object.entries(tables)) {
    it(`${name} matches the code`, () => {
      let text = readFileSync(README, 'utf8');
      if (process.env.UPDATE_GOLDEN === '1') {
        text = text.replace(markers(name), (_all, start: string, _old, end: string) => `${start}${table}\n${end}`);
        writeFileSync(README, text);
      }
      expect(section(text, name)).toBe(`${table}\n`);
    });
  }
});
