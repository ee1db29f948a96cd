/**
 * Relative links in the repository's Markdown, and the heading anchors GitHub gives a page, so that a
 * test can say which links point nowhere. Pure over a `read` function, so the rules can be tested on
 * made-up pages.
 */
import { posix } from 'node:path';

/** What the checker may ask of the repository: a file's text (undefined when absent), and whether a path exists. */
export interface MarkdownTree {
  read(path: string): string | undefined;
  exists(path: string): boolean;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The page's lines outside fenced code blocks (a `#` in a YAML example is no heading). */
function proseLines(markdown: string): string[] {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = FENCE.exec(line)?.[1];
    if (fence === undefined && marker !== undefined) fence = marker;
    else if (fence !== undefined && marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
    else if (fence === undefined) lines.push(line);
  }
  return lines;
}

/** GitHub's slug of a heading: its text as rendered, lower case, punctuation dropped, each space a hyphen. */
export function slugOf(heading: string): string {
  const rendered = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .trim()
    .toLowerCase();
  return rendered.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Every anchor a page offers: its headings' slugs (a repeated one gets -1, -2, … as on GitHub) and HTML ids. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(markdown)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line)?.[1];
    if (heading !== undefined) {
      const slug = slugOf(heading);
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    for (const match of line.matchAll(/<a\s[^>]*(?:name|id)="([^"]+)"/g)) anchors.add(match[1] as string);
  }
  return anchors;
}

/** The targets of a page's links and link definitions, code spans left out. */
export function linkTargets(markdown: string): string[] {
  const targets: string[] = [];
  for (const line of proseLines(markdown)) {
    const prose = line.replace(/(`+)[^`]*?\1/g, 'code');
    for (const match of prose.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(match[1] as string);
    const definition = /^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)/.exec(prose)?.[1];
    if (definition !== undefined) targets.push(definition);
  }
  return targets;
}

/** A target that leaves the repository (a URL, an e-mail address) is not checked. */
function isExternal(target: string): boolean {
  return /^[a-z][a-z\d+.-]*:/i.test(target) || target.startsWith('//');
}

/** Each link of `file` that points nowhere, as `file: target (why)`. Paths are repository-relative, with `/`. */
export function brokenLinks(file: string, tree: MarkdownTree): string[] {
  const text = tree.read(file);
  if (text === undefined) return [`${file}: no such file`];
  const broken: string[] = [];
  for (const target of linkTargets(text)) {
    if (target === '' || isExternal(target)) continue;
    const hash = target.indexOf('#');
    const pathPart = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
    const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const resolved =
      pathPart === '' ? file : pathPart.startsWith('/') ? pathPart.slice(1) : posix.join(posix.dirname(file), pathPart);
    if (resolved.startsWith('..') || !tree.exists(resolved.replace(/\/$/, '') || '.')) {
      broken.push(`${file}: ${target} (no such file)`);
      continue;
    }
    // GitHub offers anchors on rendered Markdown only; a line anchor into a source file is not checked.
    if (anchor === undefined || !resolved.endsWith('.md')) continue;
    const page = tree.read(resolved);
    if (page === undefined || !anchorsOf(page).has(anchor)) broken.push(`${file}: ${target} (no such heading)`);
  }
  return broken;
}
