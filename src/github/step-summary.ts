/**
 * Job summaries ($GITHUB_STEP_SUMMARY) are limited to 1 MiB per step; a larger one is not shown at
 * all ("upload aborted"). Pure: the CLI appends the result to the file.
 */
import { truncateMarkdown } from '../render/markdown-truncate.js';

/** GitHub's documented per-step limit, in bytes. */
export const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024;
/** Headroom for the newline the CLI appends and for anything another step of the same job adds. */
const SAFETY_MARGIN_BYTES = 8 * 1024;

const NOTICE = [
  '> [!WARNING]',
  "> This summary was cut to fit GitHub's 1 MiB job summary limit. Run the command locally, or use its",
  '> `--json` output or the uploaded plan artifact, for the complete report.',
].join('\n');

/** The summary unchanged when it fits, else cut at a line boundary with its markup closed and a notice appended. */
export function boundSummary(markdown: string, limitBytes = STEP_SUMMARY_LIMIT_BYTES - SAFETY_MARGIN_BYTES): string {
  return truncateMarkdown(markdown, limitBytes, NOTICE, utf8Length);
}

/** The limit is in bytes, and non-ASCII characters (emoji in our status lines) take up to four. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
