/**
 * Manifest problems as GitHub Actions workflow commands, so that they show up on the PR's
 * "Files changed" tab next to the offending line. Pure: the CLI decides when to print them.
 */
import type { ManifestIssue } from '../manifest/issues.js';

/** GitHub shows at most 10 error annotations per step; more are dropped without a word. */
export const DEFAULT_ANNOTATION_CAP = 10;

/**
 * `::error file=…,line=…,col=…,title=gatewarden CODE::message` for the first `cap` issues, then one
 * notice that counts the rest, because GitHub would otherwise drop them silently.
 */
export function formatAnnotations(issues: readonly ManifestIssue[], cap = DEFAULT_ANNOTATION_CAP): string[] {
  const limit = Math.max(0, Math.floor(cap));
  const lines = issues.slice(0, limit).map(formatAnnotation);
  const rest = issues.length - lines.length;
  if (rest > 0) lines.push(`::notice::${escapeData(`${rest} more ${rest === 1 ? 'problem' : 'problems'}; see the job log`)}`);
  return lines;
}

export function formatAnnotation(issue: ManifestIssue): string {
  const properties = [
    `file=${escapeProperty(issue.file)}`,
    `line=${issue.line}`,
    `col=${issue.col}`,
    `title=${escapeProperty(`gatewarden ${issue.code}`)}`,
  ];
  return `::error ${properties.join(',')}::${escapeData(issue.message)}`;
}

/** The message part, escaped as @actions/core's command.ts does: `%` first, so that nothing is escaped twice. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values additionally must not contain the `:` and `,` that delimit them. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
