/**
 * The --json outputs are mapped from the internal model member by member (src/render/json.ts), so a
 * member added to an internal type does not reach an output unnoticed; and the text export and adopt
 * print comes from pure renderers (src/render/export-text.ts).
 */
import { describe, expect, it } from 'vitest';
import type { ApplyReport } from '../../src/core/apply-report.js';
import type { ExportTarget, UnsupportedAuthorizer } from '../../src/core/export.js';
import type { Plan } from '../../src/core/model.js';
import { adoptedLines, renderExportedFiles } from '../../src/render/export-text.js';
import { adoptToJson, applyToJson, driftIssueToJson, environmentsToJson, exportToJson, planCommentToJson } from '../../src/render/json.js';

const EMPTY_PLAN: Plan = { apis: [] };
// An internal member the contracts do not name, as a later change might add one.
const TARGET = { apiType: 'http', apiId: 'api0000001', apiName: 'orders', region: 'eu-west-1', internal: 'not for JSON' } as ExportTarget;
const UNSUPPORTED = { target: TARGET, name: 'old', authorizerId: 'abc123', reason: 'why', internal: 1 } as UnsupportedAuthorizer;

describe('the --json mappings', () => {
  it('apply: targets and steps carry only their documented members', () => {
    const step = { action: 'create', subject: 'jwt', authorizerId: 'abc123', status: 'done', internal: true } as const;
    const report: ApplyReport = { apis: [{ target: { ...TARGET, label: 'orders-prod' }, steps: [step] }], failed: false, interrupted: false };
    expect(applyToJson(EMPTY_PLAN, report, []).applied).toEqual([
      {
        target: { apiType: 'http', apiId: 'api0000001', apiName: 'orders', region: 'eu-west-1', label: 'orders-prod' },
        steps: [{ action: 'create', subject: 'jwt', authorizerId: 'abc123', status: 'done' }],
      },
    ]);
  });

  it('export and adopt: unsupported authorizers and adopted APIs carry only their documented members', () => {
    const target = { apiType: 'http', apiId: 'api0000001', apiName: 'orders', region: 'eu-west-1' };
    expect(exportToJson([], [UNSUPPORTED]).unsupported).toEqual([{ target, name: 'old', authorizerId: 'abc123', reason: 'why' }]);
    const adopted = adoptToJson({ files: [{ file: 'a.yaml', apis: [{ target: TARGET, names: ['x'] }], after: 'text' }], unsupported: [] }, false);
    expect(adopted).toEqual({ dryRun: false, files: [{ file: 'a.yaml', apis: [{ target, names: ['x'] }] }], unsupported: [] });
  });

  it('environments: a region only when the environment sets one', () => {
    const rows = [{ name: 'dev', account: '123456789012', file: 'environments/dev.yaml', internal: 'x' }];
    expect(JSON.stringify(environmentsToJson(rows))).toBe('{"include":[{"name":"dev","account":"123456789012","file":"environments/dev.yaml"}]}');
  });
});

describe('the --json outputs of the GitHub helpers', () => {
  it('drift-issue: the issue and its URL only when there is one, in the documented order', () => {
    const outcome = { action: 'none', reopened: false, duplicatesClosed: [], dryRun: true, message: 'm', internal: 1 };
    expect(JSON.stringify(driftIssueToJson(outcome))).toBe('{"action":"none","reopened":false,"duplicatesClosed":[],"dryRun":true,"message":"m"}');
    expect(JSON.stringify(driftIssueToJson({ ...outcome, issue: 3, url: 'https://x/3' }))).toBe(
      '{"action":"none","issue":3,"url":"https://x/3","reopened":false,"duplicatesClosed":[],"dryRun":true,"message":"m"}',
    );
  });

  it('plan-comment: the comment and what was done to it', () => {
    const outcome = { action: 'created', pullRequest: 7, commentId: 9, url: 'https://x/9', message: 'm', internal: 1 };
    expect(planCommentToJson(outcome)).toEqual({ action: 'created', pullRequest: 7, commentId: 9, url: 'https://x/9', message: 'm' });
  });
});

describe('the text of export and adopt', () => {
  it('export --out: each file, then how to check them', () => {
    const written = [
      { file: 'out/orders.yaml', authorizers: 1 },
      { file: 'out/legacy.yaml', authorizers: 2 },
    ];
    expect(renderExportedFiles(written, 'out', undefined)).toBe(
      'Wrote out/orders.yaml (1 authorizer)\nWrote out/legacy.yaml (2 authorizers)\nExported 2 APIs. Check with: gatewarden plan out\n',
    );
    expect(renderExportedFiles([], 'out', undefined)).toBe('Exported 0 APIs.\n');
  });

  it('adopt: a line per API, or that there is nothing to adopt', () => {
    expect(adoptedLines([{ file: 'a.yaml', apis: [{ target: TARGET, names: ['x', 'y'] }] }], true)).toEqual([
      'a.yaml: would add "x", "y" to API "orders" (api0000001)',
    ]);
    expect(adoptedLines([], false)).toEqual(['No unmanaged authorizers: nothing to adopt.']);
  });
});
