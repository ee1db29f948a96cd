/** The closing report of an apply: what was done, what failed, what was not attempted. */
import type { ApplyReport } from '../core/apply-report.js';
import { describeTarget } from './format.js';

export function renderApplyReport(report: ApplyReport): string {
  const steps = report.apis.flatMap((api) => api.steps.map((step) => ({ api, step })));
  const count = (status: string) => steps.filter(({ step }) => step.status === status).length;
  const lines: string[] = [];
  if (!report.failed && !report.interrupted) {
    lines.push(`Apply complete: ${count('done')} change(s) made.`);
    return lines.join('\n');
  }
  const verdict = report.failed ? 'Apply failed' : 'Apply interrupted';
  lines.push(`${verdict}: ${count('done')} done, ${count('failed')} failed, ${count('not-attempted')} not attempted.`);
  for (const api of report.apis) {
    const notDone = api.steps.filter((step) => step.status !== 'done');
    if (notDone.length === 0) continue;
    lines.push(`  ${describeTarget(api.target)}:`);
    for (const step of api.steps) {
      const detail = step.error ? `: ${step.error}` : '';
      lines.push(`    ${step.status.padEnd(13)} ${step.action} ${step.subject}${detail}`);
    }
  }
  lines.push('Running apply again continues from the current state.');
  return lines.join('\n');
}
