/**
 * The Markdown building blocks the plan and drift renderers share, and the escaping they rely on.
 *
 * Everything a user controls (API names, labels, authorizer names, field paths, values, stage names)
 * goes through `escapeText` or `code`, so that a name like `a|b` or `<details>` cannot break a table
 * or open HTML.
 */
import { adoptSentence } from './format.js';

/** GitHub refuses comment and issue bodies longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** What we aim for by default: well under the limit, leaving room for markers added around the body. */
export const DEFAULT_MARKDOWN_MAX_LENGTH = 60_000;

export function joinBlocks(blocks: readonly string[]): string {
  return `${blocks.join('\n\n')}\n`;
}

export function heading(level: number, text: string, environment?: string): string {
  const suffix = environment ? `: ${escapeText(environment)}` : '';
  return `${'#'.repeat(level)} ${escapeText(text)}${suffix}`;
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export function footer(url: string | undefined, digest?: string): string {
  const parts = [...(digest ? [`Plan digest ${code(digest)}`] : []), ...(url ? [`[Run details](${safeUrl(url)})`] : [])];
  return `<sub>${parts.join(' · ')}</sub>`;
}

export function truncationNotice(what: string, detailsUrl: string | undefined): string {
  const where = detailsUrl ? `[the job summary](${safeUrl(detailsUrl)})` : 'the job summary of this run';
  return [`> [!WARNING]`, `> This ${what} was cut to fit GitHub's size limit. The full ${what} is in ${where}.`].join('\n');
}

/**
 * Plain text that Markdown must show as typed: inline markup characters are backslash-escaped and
 * `<`, `>` and `&` become entities, so that nothing user-controlled can open HTML or a link.
 */
export function escapeText(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~#!]/g, (character) => `\\${character}`);
}

/**
 * An inline code span that survives any content: the delimiter is one backtick longer than the
 * longest run inside, and (in tables) `|` is escaped, which GFM undoes before rendering the span.
 * `<` and `>` need nothing: HTML is not interpreted inside code spans.
 */
/**
 * The closing line of an unmanaged section in a comment or an issue, which knows no manifest paths:
 * the reader puts in their own.
 */
export function adoptBlock(unmanaged: number): string[] {
  return unmanaged === 0 ? [] : [`${adoptSentence(unmanaged)} ${code('gatewarden adopt PATHS')}.`];
}

export function code(text: string, options: { inTable?: boolean } = {}): string {
  let content = text.replace(/\r?\n/g, ' ');
  if (options.inTable) content = content.replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const delimiter = '`'.repeat(longestRun + 1);
  const pad = content.startsWith('`') || content.endsWith('`') || content.startsWith(' ') || content.endsWith(' ');
  return pad ? `${delimiter} ${content} ${delimiter}` : `${delimiter}${content}${delimiter}`;
}

/** A fence that no line of the content can close early. */
export function fenceFor(content: string): string {
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longestRun + 1));
}

/** Only http(s) links; characters that would end the Markdown link destination are percent-encoded. */
export function safeUrl(url: string): string {
  if (!/^https?:\/\//i.test(url)) return '#';
  return url.replace(/[\s()<>]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
