/** The root help's exit-code table names every exit code, in the order of docs/exit-and-error-codes.md. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT_CODE_MEANINGS } from '../../src/cli/exit-codes.js';
import { ExitCode } from '../../src/errors.js';

describe('EXIT_CODE_MEANINGS', () => {
  it('lists every exit code once, as the table of docs/exit-and-error-codes.md does', () => {
    const codes = EXIT_CODE_MEANINGS.map(([code]) => code);
    expect([...codes].sort((a, b) => a - b)).toEqual(Object.values(ExitCode).sort((a, b) => a - b));
    const page = readFileSync(new URL('../../docs/exit-and-error-codes.md', import.meta.url), 'utf8');
    const table = page.slice(page.indexOf('## Exit codes'), page.indexOf('## Error codes'));
    const documented = [...table.matchAll(/^\| (\d+) \|/gm)].map((match) => Number(match[1]));
    expect(documented).toEqual(codes);
  });
});
