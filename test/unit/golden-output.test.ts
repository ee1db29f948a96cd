/**
 * Golden files for the rendered outputs besides plans and Markdown: the drift text, the apply report,
 * the progress lines the CLI writes for the output port's events, and the drift issue's bodies and
 * comments. Each folder under test/golden/<kind>/ holds input.json and the exact expected output.
 * UPDATE_GOLDEN=1 npx vitest run test/unit/golden-output.test.ts rewrites the expected files.
 */
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { TerminalOutput } from '../../src/cli/terminal-output.js';
import type { DriftReport } from '../../src/core/drift.js';
import { renderDriftText } from '../../src/render/drift-text.js';
import type { DriftJson } from '../../src/render/drift-json.js';
import { renderApplyReport } from '../../src/render/report.js';
import type { ApplyReport } from '../../src/core/apply-report.js';
import type { OutputEvent } from '../../src/services/output.js';
import { expectGolden, goldenCases, readGoldenJson } from './golden.js';
import { decideDriftIssue, type DriftIssueDecision, type DriftIssueInput, type IssueSnapshot } from '../../src/github/drift-issue/decide.js';

/** An issue in a case: its body as text, or as the body gatewarden would have created for an earlier report. */
type GoldenIssue = Omit<IssueSnapshot, 'body'> & ({ readonly body: string } | { readonly bodyOf: DriftJson });
type DriftIssueCase = Omit<DriftIssueInput, 'now' | 'issues'> & { readonly now: string; readonly issues: readonly GoldenIssue[] };

function createdBody(report: DriftJson, input: DriftIssueCase): string {
  const { action } = decideDriftIssue({ ...input, report, now: new Date(input.now), issues: [] });
  if (action.kind !== 'create') throw new Error(`a drift issue case's earlier report must be drifted, got ${action.kind}`);
  return action.body;
}

/** Every part of a decision, in the order GitHub would show it, with a banner line before each text. */
function describeDecision({ action, duplicates }: DriftIssueDecision): string {
  const { body, comment, ...rest } = { body: undefined, comment: undefined, ...action };
  const parts = [`==== action ====\n${JSON.stringify(rest, null, 2)}`];
  if (body !== undefined) parts.push(`==== body ====\n${body}`);
  if (comment !== undefined) parts.push(`==== comment ====\n${comment}`);
  for (const duplicate of duplicates) {
    parts.push(`==== duplicate #${duplicate.issue}: comment ====\n${duplicate.comment}`);
    parts.push(`==== duplicate #${duplicate.issue}: body ====\n${duplicate.body}`);
  }
  return `${parts.join('\n')}\n`;
}

interface Renderer {
  /** The expected file in each case folder. */
  readonly expected: string;
  render(input: never): string;
}

const RENDERERS: Readonly<Record<string, Renderer>> = {
  'drift-text': {
    expected: 'expected.txt',
    render: (input: { report: DriftReport; includeUnmanaged: boolean }) => renderDriftText(input.report, input.includeUnmanaged),
  },
  'apply-report': { expected: 'expected.txt', render: (report: ApplyReport) => `${renderApplyReport(report)}\n` },
  progress: {
    expected: 'expected.txt',
    render: (input: { events: OutputEvent[]; githubActions: boolean }) => {
      const lines: string[] = [];
      const output = new TerminalOutput({
        progress: (line) => lines.push(line),
        result: (text) => lines.push(`[stdout] ${text.replace(/\n$/, '')}`),
        annotations: input.githubActions,
      });
      for (const event of input.events) output.emit(event);
      return `${lines.join('\n')}\n`;
    },
  },
  'drift-issue': {
    expected: 'expected.md',
    render: (input: DriftIssueCase) => {
      const issues = input.issues.map((issue): IssueSnapshot => {
        if ('body' in issue) return issue;
        const { bodyOf, ...rest } = issue;
        return { ...rest, body: createdBody(bodyOf, input) };
      });
      return describeDecision(decideDriftIssue({ ...input, now: new Date(input.now), issues }));
    },
  },
};

for (const [kind, renderer] of Object.entries(RENDERERS)) {
  describe(`${kind} golden files`, () => {
    for (const { name, folder } of goldenCases(kind)) {
      it(name, () => {
        const input = readGoldenJson<never>(folder, 'input.json');
        expectGolden(join(folder, renderer.expected), renderer.render(input));
      });
    }
  });
}
