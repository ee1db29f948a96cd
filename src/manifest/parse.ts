import { LineCounter, isMap, isNode, isScalar, parseAllDocuments, type Document, type YAMLError } from 'yaml';
import type { SourceLocation } from '../core/model.js';
import { BugError } from '../errors.js';
import type { ManifestIssue, ManifestIssueCode } from './issues.js';

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
  const { parsed, lineCounter } = parseYaml(source.text);
  const documents: ParsedDocument[] = [];
  const issues: ManifestIssue[] = [];
  // An EmptyStream (no documents at all) can still carry errors, e.g. a stray directive.
  const streamErrors = 'empty' in parsed ? [...parsed.errors, ...parsed.warnings] : [];
  issues.push(...streamErrors.map((error) => yamlIssue(source.file, lineCounter, error)));

  for (const [index, doc] of parsed.entries()) {
    const problems = [...doc.errors, ...doc.warnings];
    if (problems.length > 0) {
      issues.push(...problems.map((error) => yamlIssue(source.file, lineCounter, error)));
      continue;
    }
    if (isEmptyDocument(doc)) continue;
    const start = locationOf(source.file, lineCounter, doc.contents?.range[0] ?? 0);
    const converted = documentValue(doc);
    if ('error' in converted) {
      issues.push({ ...start, code: 'yaml.syntax', message: `YAML error: ${converted.error}` });
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

function parseYaml(text: string) {
  const lineCounter = new LineCounter();
  // prettyErrors off: we print positions ourselves, and yaml's excerpt would break the one-line format.
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  return { parsed, lineCounter };
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

  get lineCounter(): LineCounter {
    return this.tree().lineCounter;
  }

  release(): void {
    this.#tree = undefined;
  }

  private tree(): YamlTree {
    if (!this.#tree) {
      const { parsed, lineCounter } = parseYaml(this.source.text);
      const doc = parsed[this.index];
      if (!doc) throw new BugError(`${this.file}: document ${this.index} is gone when parsed again`);
      this.#tree = { doc, lineCounter };
    }
    return this.#tree;
  }
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

/** toJS refuses alias bombs (excessive alias counts) by throwing; that is bad input, not a bug. */
function documentValue(doc: Document.Parsed): { value: unknown } | { error: string } {
  try {
    return { value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
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
