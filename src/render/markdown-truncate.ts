/**
 * Cutting Markdown to GitHub's size limits: at a line boundary, closing every code fence and
 * `<details>` the cut left open, so that a long plan or drift report still renders.
 */

interface MarkupState {
  /** The fence that opened the current code block, or undefined outside code blocks. */
  readonly fence: { readonly marker: string; readonly line: number } | undefined;
  /** `<details>` elements opened and not yet closed. */
  readonly openDetails: number;
}

/**
 * Cuts `markdown` to at most `limit` units (as counted by `measure`) at a line boundary, then closes
 * whatever the cut left open (code fences, `<details>`), drops a dangling heading or table header,
 * and appends `notice`. Markdown that fits is returned unchanged.
 */
export function truncateMarkdown(
  markdown: string,
  limit: number,
  notice: string,
  measure: (text: string) => number = (text) => text.length,
): string {
  if (measure(markdown) <= limit) return markdown;
  const tail = `\n${notice}\n`;
  const lines = markdown.split('\n');
  const kept: string[] = [];
  let used = 0;
  let state: MarkupState = { fence: undefined, openDetails: 0 };
  for (const line of lines) {
    const next = advance(state, line, kept.length);
    const cost = measure(line) + 1;
    if (used + cost + measure(closers(next)) + measure(tail) > limit) break;
    kept.push(line);
    used += cost;
    state = next;
  }
  dropDanglingLines(kept);
  const body = kept.join('\n');
  const closing = closers(scanMarkup(kept));
  const result = `${body}${body ? '\n' : ''}${closing}${tail}`;
  // A limit too small for even the notice: say so rather than exceed it.
  return measure(result) <= limit ? result : notice.slice(0, Math.max(0, limit));
}

function scanMarkup(lines: readonly string[]): MarkupState {
  return lines.reduce<MarkupState>((state, line, index) => advance(state, line, index), { fence: undefined, openDetails: 0 });
}

/** CommonMark fences: up to three spaces, then 3+ backticks or tildes; closed by the same character, at least as many. */
function advance(state: MarkupState, line: string, index: number): MarkupState {
  if (state.fence) {
    const closing = new RegExp(`^ {0,3}${state.fence.marker[0] === '`' ? '`' : '~'}{${state.fence.marker.length},}\\s*$`);
    return closing.test(line) ? { ...state, fence: undefined } : state;
  }
  const opening = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/.exec(line);
  if (opening?.[1]) return { ...state, fence: { marker: opening[1], line: index } };
  const html = withoutCodeSpans(line);
  const opened = (html.match(/<details[\s>]/gi) ?? []).length;
  const closed = (html.match(/<\/details\s*>/gi) ?? []).length;
  return { ...state, openDetails: Math.max(0, state.openDetails + opened - closed) };
}

function withoutCodeSpans(line: string): string {
  return line.replace(/(`+)[\s\S]*?\1/g, '');
}

/** What closes the open structures: the fence first (after a line saying the code goes on), then each `<details>`. */
function closers(state: MarkupState): string {
  const parts: string[] = [];
  if (state.fence) parts.push(`…\n${state.fence.marker}\n`);
  for (let index = 0; index < state.openDetails; index += 1) parts.push('\n</details>\n');
  return parts.join('');
}

/** A cut can leave a heading, a table header or an empty `<details>`/fence opening with nothing under it. */
function dropDanglingLines(kept: string[]): void {
  for (;;) {
    const state = scanMarkup(kept);
    const last = kept.length - 1;
    const line = kept[last];
    if (line === undefined) return;
    if (state.fence) {
      if (state.fence.line !== last) return;
      kept.pop();
      continue;
    }
    if (line.trim() === '' || /^ {0,3}#{1,6}(\s|$)/.test(line) || /^<details[\s>].*<summary>.*<\/summary>\s*$/i.test(line)) {
      kept.pop();
      continue;
    }
    if (/^\|( *:?-+:? *\|)+$/.test(line)) {
      kept.splice(last - 1, 2);
      continue;
    }
    return;
  }
}
