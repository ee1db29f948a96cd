/**
 * The CLI's GitHub Actions edges: a Markdown report appended to the job summary when
 * GITHUB_STEP_SUMMARY is set, and manifest problems as workflow annotations when GITHUB_ACTIONS=true.
 */
import { appendFile } from 'node:fs/promises';
import { formatAnnotations } from '../github/annotations.js';
import { boundSummary } from '../github/step-summary.js';
import type { ManifestIssue } from '../manifest/issues.js';

export async function appendStepSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  await appendFile(file, `${boundSummary(markdown)}\n`);
}

export function annotationLines(issues: readonly ManifestIssue[], env: NodeJS.ProcessEnv = process.env): string[] {
  return env.GITHUB_ACTIONS === 'true' ? formatAnnotations(issues) : [];
}
