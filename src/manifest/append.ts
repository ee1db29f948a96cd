/**
 * Appends authorizers to a document's `spec.authorizers` by editing the text, so that everything else
 * in the file (comments, quoting, blank lines, key order, the other documents) stays byte for byte.
 * The `yaml` Document API locates the list; only the new items are serialised.
 */
import { formatLocation } from '../core/location.js';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, stringify, type Document } from 'yaml';
import type { AuthorizerFields, SourceLocation } from '../core/model.js';
import { BugError } from '../errors.js';

/**
 * `documentStart` is where the document's content begins, as `DesiredApi.source` records it. The
 * edited text is parsed again before it is returned: a file is never written unless it is valid YAML
 * and its document declares every appended authorizer.
 */
export function appendAuthorizers(text: string, documentStart: SourceLocation, authorizers: readonly AuthorizerFields[]): string {
  if (authorizers.length === 0) return text;
  const edited = appendToDocument(text, documentOf(text, documentStart), documentStart, authorizers);
  const declared = documentOf(edited, documentStart).toJS({ maxAliasCount: 100 }) as { spec?: { authorizers?: { name?: unknown }[] } };
  const names = new Set((declared.spec?.authorizers ?? []).map((authorizer) => authorizer.name));
  const lost = authorizers.filter((authorizer) => !names.has(authorizer.name));
  if (lost.length > 0) throw new BugError(`${formatLocation(documentStart)}: appending left out ${lost.map((authorizer) => String(authorizer.name)).join(', ')}`);
  return edited;
}

function documentOf(text: string, documentStart: SourceLocation): Document.Parsed {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter });
  if (!Array.isArray(documents)) throw new BugError(`${documentStart.file}: no YAML documents to append to`);
  const document = documents.find((candidate) => {
    const position = lineCounter.linePos(candidate.contents?.range[0] ?? -1);
    return position.line === documentStart.line && position.col === documentStart.col;
  });
  if (!document) throw new BugError(`${formatLocation(documentStart)}: no document starts there`);
  if (document.errors.length > 0) throw new BugError(`${formatLocation(documentStart)}: ${document.errors[0]?.message ?? 'invalid YAML'}`);
  return document;
}

function appendToDocument(text: string, document: Document.Parsed, documentStart: SourceLocation, authorizers: readonly AuthorizerFields[]): string {
  const list = authorizersNode(document, documentStart);
  // Inside a flow mapping (`spec: { ... }`) a block list cannot stand: the new items join the flow list.
  const spec = document.get('spec', true);
  // A flow list with items is joined too: re-serialising its items would drop the comments among them.
  if ((isMap(spec) && spec.flow) || (list.flow && list.items.length > 0)) return appendFlowItems(text, list, authorizers);
  if (isSeq(list) && !list.flow && list.items.length > 0) {
    // Block list: the new items go right after the last one, at the column of its dashes.
    const [start] = (list.items[0] as { range: [number, number, number] }).range;
    const at = list.range?.[1] ?? text.length;
    const lead = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
    return `${text.slice(0, at)}${lead}${blockItems(authorizers, dashColumn(text, start))}${text.slice(at)}`;
  }
  // An empty list (`authorizers: []`) becomes a block list, indented below its key; a comment after
  // the brackets stays on the key's line.
  const [start, to] = list.range ?? [0, 0];
  let from = start;
  while (from > 0 && text[from - 1] === ' ') from -= 1;
  const lineEnd = text.indexOf('\n', to) === -1 ? text.length : text.indexOf('\n', to);
  const rest = text.slice(to, lineEnd);
  const comment = rest.trim() === '' ? '' : rest;
  return `${text.slice(0, from)}${comment}\n${blockItems(authorizers, keyColumn(document, text) + 2).replace(/\n$/, '')}${text.slice(lineEnd)}`;
}

function authorizersNode(document: Document.Parsed, where: SourceLocation) {
  const node = document.getIn(['spec', 'authorizers'], true);
  if (!isSeq(node)) throw new BugError(`${formatLocation(where)}: spec.authorizers is not a list`);
  return node;
}

/**
 * Right after the last item (or the opening bracket), so that a trailing comma or a comment before
 * the closing bracket stays where it was, after the new items.
 */
function appendFlowItems(text: string, list: ReturnType<typeof authorizersNode>, authorizers: readonly AuthorizerFields[]): string {
  const items = authorizers.map((authorizer) => stringify(authorizer, { collectionStyle: 'flow', lineWidth: 0 }).trim()).join(', ');
  const last = list.items.at(-1) as { range?: [number, number, number] } | undefined;
  if (last?.range) return `${text.slice(0, last.range[1])}, ${items}${text.slice(last.range[1])}`;
  const open = text.indexOf('[', list.range?.[0] ?? 0);
  if (open < 0) throw new BugError('a flow list without its opening bracket');
  return `${text.slice(0, open + 1)}${items}${text.slice(open + 1)}`;
}

function blockItems(authorizers: readonly AuthorizerFields[], indent: number): string {
  const pad = ' '.repeat(indent);
  return stringify(authorizers, { lineWidth: 0 })
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

/** The column of the `-` that introduces the list item starting at `offset`. */
function dashColumn(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const dash = text.lastIndexOf('-', offset - 1);
  return dash >= lineStart ? dash - lineStart : 0;
}

/** The column of the `authorizers` key inside `spec`. */
function keyColumn(document: Document.Parsed, text: string): number {
  const spec = document.get('spec', true);
  const pair = isMap(spec) ? spec.items.find((item) => isScalar(item.key) && item.key.value === 'authorizers') : undefined;
  const offset = isScalar(pair?.key) ? (pair.key.range?.[0] ?? 0) : 0;
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}
