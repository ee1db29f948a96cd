/**
 * The bounds that keep hostile YAML from exhausting the stack or memory: how deep values may nest,
 * checked cheaply on the lexer's tokens and exactly on the tree, and how far aliases may expand.
 */
import { CST, isAlias, isCollection, isPair, type Document } from 'yaml';
import type { ManifestIssueCode } from './issues.js';

/** A manifest is at most about 8 levels deep; the bound keeps converting and validating from exhausting the stack. */
export const MAX_NESTING = 64;

export const tooDeepIssue = {
  code: 'yaml.too-deep',
  message: `expected values nested at most ${MAX_NESTING} levels deep, found deeper nesting here`,
} as const;

/**
 * A cheap bound on nesting taken from the tokens, before the recursive parse: flow brackets open, block
 * indicators on one line (`- - - x`) and indentation. It over-estimates (indentation counts columns, not
 * levels), so it only refuses texts far past MAX_NESTING; `firstTooDeep` then applies the exact bound.
 */
const LEXER_MARKERS = new Set([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);

export class NestingBound {
  /** Where the first token past the bound begins, once one was seen. */
  deepAt: number | undefined;
  #offset = 0;
  #flowDepth = 0;
  #lineIndicators = 0;
  #atLineStart = true;

  exceededBy(token: string): boolean {
    const type = CST.tokenType(token);
    if (type === 'flow-seq-start' || type === 'flow-map-start') this.#flowDepth += 1;
    else if (type === 'flow-seq-end' || type === 'flow-map-end') this.#flowDepth -= 1;
    else if (type === 'seq-item-ind' || type === 'explicit-key-ind' || type === 'map-value-ind') this.#lineIndicators += 1;
    if (this.#flowDepth > MAX_NESTING || this.#lineIndicators > MAX_NESTING) this.deepAt = this.#offset;
    // Where the too deeply indented content begins.
    else if (this.#atLineStart && type === 'space' && token.length > 4 * MAX_NESTING) this.deepAt = this.#offset + token.length;
    if (this.deepAt !== undefined) return true;
    this.#atLineStart = type === 'newline';
    if (this.#atLineStart) this.#lineIndicators = 0;
    // The lexer also yields one-character markers that are not in the text.
    if (!LEXER_MARKERS.has(token)) this.#offset += token.length;
    return false;
  }
}

/** The offset of the first collection nested deeper than MAX_NESTING, walked without recursion. */
export function firstTooDeep(doc: Document.Parsed): number | undefined {
  const pending: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  while (pending.length > 0) {
    const { node, depth } = pending.pop() as { node: unknown; depth: number };
    if (!isCollection(node)) continue;
    if (depth >= MAX_NESTING) return node.range?.[0] ?? 0;
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        pending.push({ node: item.key, depth: depth + 1 }, { node: item.value, depth: depth + 1 });
      } else if (!isAlias(item)) {
        pending.push({ node: item, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/** Bounds what aliases may expand to: a few kilobytes of "billion laughs" would otherwise fill memory. */
export const MAX_ALIAS_COUNT = 100;

/** toJS refuses alias bombs by throwing a ReferenceError; that is bad input, not a bug. */
export function documentValue(doc: Document.Parsed): { value: unknown } | { error: string; code: ManifestIssueCode } {
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    const code: ManifestIssueCode = error instanceof ReferenceError ? 'yaml.alias-limit' : 'yaml.syntax';
    return { error: error instanceof Error ? error.message : String(error), code };
  }
}
