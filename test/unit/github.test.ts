/** The GitHub Actions helpers: annotations, the step summary's size bound, pagination links. */
import { describe, expect, it } from 'vitest';
import { formatAnnotations } from '../../src/github/annotations.js';
import { nextPage } from '../../src/github/github-api.js';
import { boundSummary, STEP_SUMMARY_LIMIT_BYTES, utf8Length } from '../../src/github/step-summary.js';
import type { ManifestIssue } from '../../src/manifest/issues.js';

describe('formatAnnotations', () => {
  const issue = (overrides: Partial<ManifestIssue> = {}): ManifestIssue => ({
    file: 'manifests/prod/orders.yaml',
    line: 12,
    col: 5,
    code: 'schema.required',
    message: 'authorizerType is required',
    ...overrides,
  });

  it('writes one ::error command per issue, titled with the code', () => {
    expect(formatAnnotations([issue()])).toEqual([
      '::error file=manifests/prod/orders.yaml,line=12,col=5,title=gatewarden schema.required::authorizerType is required',
    ]);
  });

  it("escapes data and properties the way @actions/core does", () => {
    const [line] = formatAnnotations([
      issue({ file: 'dir,with:odd%name.yaml', code: 'rules.duplicate-name', message: '100% wrong:\r\nsee, here' }),
    ]);
    expect(line).toBe('::error file=dir%2Cwith%3Aodd%25name.yaml,line=12,col=5,title=gatewarden rules.duplicate-name::100%25 wrong:%0D%0Asee, here');
  });

  it('caps the annotations and counts the rest in a notice', () => {
    const issues = Array.from({ length: 13 }, (_, index) => issue({ line: index + 1 }));
    const lines = formatAnnotations(issues);
    expect(lines).toHaveLength(11);
    expect(lines.slice(0, 10).every((line) => line.startsWith('::error '))).toBe(true);
    expect(lines[10]).toBe('::notice::3 more problems; see the job log');
    expect(formatAnnotations(issues.slice(0, 11), 10).at(-1)).toBe('::notice::1 more problem; see the job log');
    expect(formatAnnotations(issues, 2)).toHaveLength(3);
    expect(formatAnnotations([])).toEqual([]);
  });
});

describe('boundSummary', () => {
  it('leaves a summary that fits alone', () => {
    expect(boundSummary('### ok\n')).toBe('### ok\n');
  });

  it('keeps a huge summary under 1 MiB, with its code fence closed and a notice', () => {
    const huge = ['### plan', '', '<details><summary>Full plan</summary>', '', '```diff', ...Array.from({ length: 40_000 }, (_, i) => `+ 🟡 line ${i} ${'x'.repeat(20)}`), '```', '', '</details>', ''].join('\n');
    expect(utf8Length(huge)).toBeGreaterThan(STEP_SUMMARY_LIMIT_BYTES);
    const bounded = boundSummary(huge);
    expect(utf8Length(bounded)).toBeLessThanOrEqual(STEP_SUMMARY_LIMIT_BYTES);
    expect(bounded).toContain('+ 🟡 line 0 ');
    expect(bounded).toMatch(/…\n```\n\n<\/details>\n\n> \[!WARNING\]\n> This summary was cut/);
  });
});

describe('nextPage', () => {
  it('follows rel="next" only', () => {
    expect(nextPage('<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"')).toBe(
      'https://api.github.com/x?page=2',
    );
    expect(nextPage('<https://api.github.com/x?page=1>; rel="prev"')).toBeUndefined();
    expect(nextPage(null)).toBeUndefined();
  });
});
