/**
 * `${vars.NAME}` in manifest string values, resolved from an environment after the YAML is parsed and
 * before the schema sees it, so the schema and the rules judge the values AWS will get. Pure: the
 * document's scalar nodes are rewritten in place, which keeps every node's position for later messages.
 *
 * Only `${vars.` and the `${{` escape are read; everything else that starts with `$` is AWS's own
 * expression language (`$request.header.X`, `${request.path.id}`, `$context.x`, `$stageVariables.x`)
 * and passes through untouched.
 */
import { withValue } from './parse.js';
import { visit, type Scalar } from 'yaml';
import type { SourceLocation } from '../core/model.js';
import type { ManifestIssue } from './issues.js';
import type { ParsedDocument } from './parse.js';

/** What the substitution needs to know about the environment, and to name it in messages. */
export interface VariableScope {
  /** The environment file, as messages name it; absent when no environment was given. */
  readonly file?: string;
  readonly vars: Readonly<Record<string, string>>;
}

export interface Substitution {
  readonly document: ParsedDocument;
  readonly issues: ManifestIssue[];
  /** The variables the document uses, defined or not. */
  readonly used: ReadonlySet<string>;
}

const VARIABLE = /^\$\{vars\.([A-Za-z_][A-Za-z0-9_-]*)\}/;

/** Resolves every string value of one document; keys, numbers and booleans are never touched. */
export function substituteVariables(parsed: ParsedDocument, scope: VariableScope): Substitution {
  const issues: ManifestIssue[] = [];
  const used = new Set<string>();
  let changed = false;
  // Without `${` in the text, nor a backslash that could escape one into a double-quoted value, no
  // value can hold a reference: the walk over every node is spared.
  if (!parsed.text.includes('${') && !parsed.text.includes('\\')) return { document: parsed, issues, used };
  visit(parsed.doc, {
    // `key` is "key" for a mapping's key: field names are not values, and are never substituted.
    Scalar: (key, scalar) => {
      if (key !== 'key') changed = resolveScalar(parsed, scalar, scope, issues, used) || changed;
    },
  });
  // The substituted tree no longer matches the text, so it stays with the document (withValue keeps it).
  const document = changed ? withValue(parsed, parsed.doc.toJS({ maxAliasCount: 100 }) as unknown) : parsed;
  return { document, issues, used };
}

function resolveScalar(
  parsed: ParsedDocument,
  scalar: Scalar,
  scope: VariableScope,
  issues: ManifestIssue[],
  used: Set<string>,
): boolean {
  if (typeof scalar.value !== 'string' || !scalar.value.includes('${')) return false;
  const text = scalar.value;
  // Where in the scalar's source the next reported reference is searched for, so that two references
  // written alike in one value are each located at their own place.
  const cursor = { from: scalar.range?.[0] ?? 0 };
  let out = '';
  let index = 0;
  while (index < text.length) {
    const at = text.indexOf('${', index);
    if (at < 0) {
      out += text.slice(index);
      break;
    }
    out += text.slice(index, at);
    const rest = text.slice(at);
    if (rest.startsWith('${{')) {
      out += '${';
      index = at + 3;
      continue;
    }
    const match = VARIABLE.exec(rest);
    if (match) {
      const name = match[1] as string;
      used.add(name);
      const value = scope.vars[name];
      if (value === undefined) issues.push({ ...locate(parsed, scalar, match[0], cursor), code: 'vars.undefined', message: undefinedMessage(name, scope) });
      out += value ?? match[0];
      index = at + match[0].length;
      continue;
    }
    if (rest.startsWith('${vars.')) {
      const written = /^\$\{vars\.[^}\s]*\}?/.exec(rest)?.[0] ?? '${vars.';
      issues.push({
        ...locate(parsed, scalar, written, cursor),
        code: 'vars.malformed',
        message: `expected \${vars.NAME} (NAME: letters, digits, "_" and "-"), found ${JSON.stringify(written)}; write \${{ for a literal \${`,
      });
    }
    // Not ours: AWS's ${request...} and the like stay as written.
    out += '${';
    index = at + 2;
  }
  if (out === text) return false;
  scalar.value = out;
  return true;
}

function undefinedMessage(name: string, scope: VariableScope): string {
  if (scope.file === undefined) return `\${vars.${name}}: no environment was given to define it; pass --env NAME or --env FILE`;
  const defined = Object.keys(scope.vars).sort();
  const list = defined.length === 0 ? 'it defines no variables' : `it defines ${defined.join(', ')}`;
  return `\${vars.${name}}: not defined in the environment ${scope.file}; ${list}`;
}

/**
 * The position of the reference itself. The scalar's source text holds it as written, unless escapes
 * or folding changed it (a double-quoted `\x24{...}`); then the value's start is the best there is.
 */
function locate(parsed: ParsedDocument, scalar: Scalar, written: string, cursor: { from: number }): SourceLocation {
  const [start, end] = scalar.range ?? [0, 0];
  const found = parsed.text.slice(0, end).indexOf(written, cursor.from);
  if (found >= 0) cursor.from = found + written.length;
  const { line, col } = parsed.lineCounter.linePos(found >= 0 ? found : start);
  return { file: parsed.file, line, col };
}
