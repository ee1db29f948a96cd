/**
 * The one writer of GitHub Actions job summaries ($GITHUB_STEP_SUMMARY): what each command puts
 * there, bounded to GitHub's 1 MiB limit. No summary is written outside Actions.
 */
import { appendFile } from 'node:fs/promises';
import type { ApplyReport } from '../core/apply-report.js';
import type { DriftReport } from '../core/drift.js';
import type { Plan } from '../core/model.js';
import { planHasChanges } from '../core/plan-summary.js';
import { assertNever } from '../core/assert-never.js';
import { boundSummary } from '../github/step-summary.js';
import { renderDriftMarkdown } from '../render/drift-markdown.js';
import { renderPlanMarkdown } from '../render/markdown.js';
import { renderApplyReport } from '../render/report.js';

export type StepSummary =
  | { readonly command: 'plan'; readonly plan: Plan; readonly digest?: string }
  | { readonly command: 'apply'; readonly plan: Plan; readonly report: ApplyReport }
  | { readonly command: 'drift'; readonly report: DriftReport; readonly includeUnmanaged: boolean };

/** The summary holds up to 1 MiB (`boundSummary` cuts it), far more than a PR comment: nothing is cut short here. */
const WHOLE = { maxLength: Number.POSITIVE_INFINITY };

export function stepSummaryMarkdown(summary: StepSummary): string {
  switch (summary.command) {
    case 'plan':
      return renderPlanMarkdown(summary.plan, { ...WHOLE, ...(summary.digest ? { digest: summary.digest } : {}) });
    case 'apply': {
      const markdown = renderPlanMarkdown(summary.plan, { ...WHOLE, title: 'gatewarden apply' });
      if (!planHasChanges(summary.plan)) return markdown;
      return `${markdown}\n\n\`\`\`\n${renderApplyReport(summary.report)}\n\`\`\`\n`;
    }
    case 'drift':
      return renderDriftMarkdown(summary.report, { ...WHOLE, includeUnmanaged: summary.includeUnmanaged });
    default:
      return assertNever(summary);
  }
}

/** Appends the summary to `file`, the value of GITHUB_STEP_SUMMARY; nothing when it is unset. */
export async function writeStepSummary(summary: StepSummary, file: string | undefined): Promise<void> {
  if (!file) return;
  await appendFile(file, `${boundSummary(stepSummaryMarkdown(summary))}\n`);
}
