import { Composer, Lexer, LineCounter, Parser, isMap, isNode, isScalar, type Document, type YAMLError } from 'yaml';
import type { SourceLocation } from '../core/model.js';
import { BugError } from '../errors.js';
import type { ManifestIssue, ManifestIssueCode } from './issues.js';
import { documentValue, firstTooDeep, NestingBound, tooDeepIssue } from './yaml-bounds.js';

/** The text of one manifest file, under the name it is reported by. */
export interface ManifestSource {
  readonly file: string;
  readonly text: string;
}

/** One well-formed YAML document of a manifest file, with what is needed to point back into its text. */
export interface ParsedDocument {
  readonly file: string;
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** The whole file's text, to find where within a value something is written. */
  readonly text: string;
  /** The document as plain JS data, as the schema and the rules see it. */
  readonly value: unknown;
  /** Where the document's content begins (its first key), for messages about the whole document. */
  readonly start: SourceLocation;
}

/** A step into a mapping (key) or a list (index). */
export type PathSegment = string | number;

export interface ParsedSource {
  readonly documents: ParsedDocument[];
  readonly issues: ManifestIssue[];
}

/**
 * Splits a file into its YAML documents. A document with a YAML error or warning is reported and left
 * out; the file's other documents are still returned, so their problems are reported in the same run.
 * Empty documents (a trailing `---`, a comment-only section) are skipped; a file with none at all is an issue.
 */
export function parseManifestSource(source: ManifestSource): ParsedSource {
  const parsed = parseYaml(source.text);
  const { lineCounter } = parsed;
  if ('deepAt' in parsed) return { documents: [], issues: [{ ...locationOf(source.file, lineCounter, parsed.deepAt), ...tooDeepIssue }] };
  const { docs, streamErrors } = parsed;
  const documents: ParsedDocument[] = [];
  const issues: ManifestIssue[] = [];
  issues.push(...streamErrors.map((error) => yamlIssue(source.file, lineCounter, error)));

  for (const [index, doc] of docs.entries()) {
    const problems = [...doc.errors, ...doc.warnings];
    if (problems.length > 0) {
      issues.push(...problems.map((error) => yamlIssue(source.file, lineCounter, error)));
      continue;
    }
    if (isEmptyDocument(doc)) continue;
    const start = locationOf(source.file, lineCounter, doc.contents?.range[0] ?? 0);
    const deepAt = firstTooDeep(doc);
    if (deepAt !== undefined) {
      issues.push({ ...locationOf(source.file, lineCounter, deepAt), ...tooDeepIssue });
      continue;
    }
    const converted = documentValue(doc);
    if ('error' in converted) {
      issues.push({ ...start, code: converted.code, message: `YAML error: ${converted.error}` });
      continue;
    }
    documents.push(new ReleasableDocument(source, index, { doc, lineCounter }, converted.value, start));
  }

  // Every non-empty document was either kept or reported, so this means "only empty documents".
  if (documents.length === 0 && issues.length === 0) {
    issues.push({
      file: source.file,
      line: 1,
      col: 1,
      code: 'load.empty-file',
      message: 'expected at least one manifest document, found an empty file',
    });
  }
  return { documents, issues };
}

type ParsedYaml =
  | { readonly lineCounter: LineCounter; readonly docs: Document.Parsed[]; readonly streamErrors: YAMLError[] }
  | { readonly lineCounter: LineCounter; readonly deepAt: number };

/**
 * What `parseAllDocuments` does (lexer, parser, composer), with the nesting bound checked on the
 * lexer's tokens as they pass: the text is lexed once, not once for the bound and again to parse.
 * Composer without prettyErrors: we print positions ourselves, and yaml's excerpt would break the
 * one-line format.
 */
function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const parser = new Parser(lineCounter.addNewLine);
  const composer = new Composer({ uniqueKeys: true });
  const nesting = new NestingBound();
  function* tokens() {
    lineCounter.addNewLine(0);
    for (const lexeme of new Lexer().lex(text)) {
      // Stops before the parser sees the token: composing the documents so far recurses no deeper.
      if (nesting.exceededBy(lexeme)) return;
      yield* parser.next(lexeme);
    }
    yield* parser.end();
  }
  const docs = Array.from(composer.compose(tokens()));
  if (nesting.deepAt !== undefined) return { lineCounter, deepAt: nesting.deepAt };
  // A stream without documents can still carry errors, e.g. a stray directive.
  const { errors, warnings } = docs.length === 0 ? composer.streamInfo() : { errors: [], warnings: [] };
  return { lineCounter, docs, streamErrors: [...errors, ...warnings] };
}

interface YamlTree {
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
}

/**
 * A document whose yaml tree can be let go once the document is checked and its desired state is
 * built (`releaseTree`): for a fleet, the trees are most of the memory and garbage collection of a
 * run, and a tree is needed again only for a problem found later, across documents. It is then
 * parsed again from the text, which gives the same tree at the same positions.
 */
class ReleasableDocument implements ParsedDocument {
  readonly file: string;
  #tree: YamlTree | undefined;

  constructor(
    private readonly source: ManifestSource,
    /** Its position in the file's stream of documents, empty and erroneous ones included. */
    private readonly index: number,
    tree: YamlTree,
    readonly value: unknown,
    readonly start: SourceLocation,
  ) {
    this.file = source.file;
    this.#tree = tree;
  }

  get doc(): Document.Parsed {
    return this.tree().doc;
  }

  get text(): string {
    return this.source.text;
  }

  get lineCounter(): LineCounter {
    return this.tree().lineCounter;
  }

  release(): void {
    this.#tree = undefined;
  }

  private tree(): YamlTree {
    if (!this.#tree) {
      const parsed = parseYaml(this.source.text);
      const doc = 'docs' in parsed ? parsed.docs[this.index] : undefined;
      if (!doc) throw new BugError(`${this.file}: document ${this.index} is gone when parsed again`);
      this.#tree = { doc, lineCounter: parsed.lineCounter };
    }
    return this.#tree;
  }
}

/**
 * The same document with another value (variables resolved, or authorizers cut to the quota), as a
 * plain object holding its tree: such a copy is not released, its tree being needed to locate issues.
 */
export function withValue(parsed: ParsedDocument, value: unknown): ParsedDocument {
  return { file: parsed.file, doc: parsed.doc, lineCounter: parsed.lineCounter, text: parsed.text, start: parsed.start, value };
}

/** Lets go of a parsed document's yaml tree; reading its positions later parses it again. */
export function releaseTree(parsed: ParsedDocument): void {
  if (parsed instanceof ReleasableDocument) parsed.release();
}

/**
 * Nothing but markers and comments, as after a trailing `---`. yaml gives such a document a null
 * scalar of zero length; an explicit `null` or `~` has a length and is reported as not a mapping.
 */
function isEmptyDocument(doc: Document.Parsed): boolean {
  const { contents } = doc;
  return contents === null || (isScalar(contents) && contents.value === null && contents.range[0] === contents.range[1]);
}

function yamlIssue(file: string, lineCounter: LineCounter, error: YAMLError): ManifestIssue {
  const code: ManifestIssueCode = error.code === 'DUPLICATE_KEY' ? 'yaml.duplicate-key' : 'yaml.syntax';
  const prefix = error.name === 'YAMLWarning' ? 'YAML warning' : 'YAML error';
  return { ...locationOf(file, lineCounter, error.pos[0]), code, message: `${prefix}: ${error.message}` };
}

function locationOf(file: string, lineCounter: LineCounter, offset: number): SourceLocation {
  const { line, col } = lineCounter.linePos(offset);
  return { file, line, col };
}

/**
 * Where the value at `path` starts. When the node cannot be found (a value reached through an alias,
 * or a path the data does not have), the nearest enclosing node that can be found is used instead.
 * All lookups by path go through here and `locateKey`, because yaml v3 drops `Document.getIn`.
 */
export function locateValue(parsed: ParsedDocument, path: readonly PathSegment[]): SourceLocation {
  for (let depth = path.length; depth >= 0; depth--) {
    const node: unknown = parsed.doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return locationOf(parsed.file, parsed.lineCounter, node.range[0]);
  }
  return parsed.start;
}

/** Where the key of the last segment of `path` is written, e.g. the `authorizerUrl:` of an unknown field. */
export function locateKey(parsed: ParsedDocument, path: readonly PathSegment[]): SourceLocation {
  const key = path.at(-1);
  const parent: unknown = parsed.doc.getIn(path.slice(0, -1), true);
  if (key !== undefined && isMap(parent)) {
    const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
    if (pair && isNode(pair.key) && pair.key.range) {
      return locationOf(parsed.file, parsed.lineCounter, pair.key.range[0]);
    }
  }
  return locateValue(parsed, path);
}

/** `spec.authorizers[1].identitySource[0]`: the way messages name a place in a document. */
export function formatPath(path: readonly PathSegment[]): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (!/^[A-Za-z_$][\w$-]*$/.test(segment)) return `[${JSON.stringify(segment)}]`;
      return index === 0 ? segment : `.${segment}`;
    })
    .join('');
}

// schema-messages.ts takes it from here; `toJS` gives plain objects, never class instances.
export { isPlainObject } from '../core/is-plain-object.js';
