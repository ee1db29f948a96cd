/** A located problem in a manifest. Every problem in every file is collected before anything is reported. */
export interface ManifestIssue {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** Stable identifier of the rule that failed, e.g. `schema.required`, `rules.duplicate-api`. */
  readonly code: string;
  /** What was expected, what was found, and the valid values where there is a short list. */
  readonly message: string;
}

export function compareIssues(a: ManifestIssue, b: ManifestIssue): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.message.localeCompare(b.message);
}

export function formatIssue(issue: ManifestIssue): string {
  return `${issue.file}:${issue.line}:${issue.col}: ${issue.message}`;
}
