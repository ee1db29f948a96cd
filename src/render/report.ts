/** The closing report of an apply: what was done, what failed, what was not attempted. */
import { manualSteps, type AppliedStep, type ApplyReport } from '../core/apply-report.js';
import { manualPostActionCommand } from '../families/registry.js';
import { describeTarget, postCounts } from './format.js';
import { plainStyle, type Style } from './style.js';

export function renderApplyReport(report: ApplyReport, style: Style = plainStyle): string {
  const steps = report.apis.flatMap((api) => api.steps);
  const count = (status: AppliedStep['status']) => steps.filter((step) => step.status === status).length;
  const lines: string[] = [];
  if (!report.failed && !report.interrupted) {
    lines.push(style.bold(style.add(`Apply complete! ${appliedCounts(steps)}`)));
    return lines.join('\n');
  }
  const verdict = report.failed ? style.remove('Apply failed') : style.change('Apply interrupted');
  lines.push(style.bold(`${verdict}: ${count('done')} done, ${count('failed')} failed, ${count('not-attempted')} not attempted.`));
  for (const api of report.apis) {
    const notDone = api.steps.filter((step) => step.status !== 'done');
    if (notDone.length === 0) continue;
    lines.push(`  ${describeTarget(api.target)}:`);
    for (const step of api.steps) {
      const detail = step.error ? `: ${step.error}` : '';
      lines.push(`    ${step.status.padEnd(13)} ${step.action} ${step.subject}${detail}`);
    }
  }
  const unseen = manualSteps(report, manualPostActionCommand).map((step) => step.command);
  if (unseen.length === 0) {
    lines.push('Running apply again continues from the current state.');
  } else {
    lines.push('Running apply again continues from the current state, except for what no later plan can see was not done:');
    lines.push(...unseen.map((command) => `  ${command}`));
    lines.push('Run these (or apply the same saved plan again: it repeats every redeploy and cache reset).');
  }
  return lines.join('\n');
}

/** Terraform's `Resources: 1 added, 2 changed, 0 destroyed.`, in authorizers, then the post-actions done. */
function appliedCounts(steps: readonly AppliedStep[]): string {
  const done = (action: AppliedStep['action']) => steps.filter((step) => step.status === 'done' && step.action === action).length;
  const replaced = done('replace');
  const authorizers = [`${done('create')} added`, `${done('update')} changed`, `${done('delete')} destroyed`, ...(replaced > 0 ? [`${replaced} replaced`] : [])];
  const posts = postCounts({ redeploy: done('redeploy'), 'reset-cache': done('reset-cache') });
  return `Authorizers: ${authorizers.join(', ')}.${posts.length > 0 ? ` ${posts.join(', ')}.` : ''}`;
}
