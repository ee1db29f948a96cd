/**
 * Decoding a saved-plan file: JSON text -> version check -> schema (with `file:line:col` of each
 * offending member) -> digest -> the internal model. Reads no files; services/saved-plan.ts does.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { LineCounter, parseDocument } from 'yaml';
// The same relative path from src/services/ and from the built dist/services/ (see manifest/schema.ts).
import savedPlanSchema from '../../schemas/saved-plan.schema.json' with { type: 'json' };
import type { SourceLocation } from '../core/model.js';
import {
  fromSavedPlanFile,
  READABLE_SAVED_PLAN_FORMAT_VERSIONS,
  SAVED_PLAN_FORMAT_VERSION,
  SAVED_PLAN_KIND,
  type SavedPlanFile,
} from '../core/saved-plan-format.js';
import { contentDigest, type SavedPlan } from '../core/saved-plan.js';
import { RefusedPlanError, UserError } from '../errors.js';
import { formatLocation } from '../manifest/issues.js';
import { formatPath, isPlainObject, locateKey, locateValue, type ParsedDocument, type PathSegment } from '../manifest/parse.js';
import { pathOf } from '../manifest/schema.js';

const REPLAN_HINT = 'Create it again with: gatewarden plan PATHS --out plan.json';
/** Enough to see what kind of file it is; a file that is not a plan at all would otherwise list every member. */
const MAX_REPORTED_PROBLEMS = 20;

let compiledValidator: ValidateFunction<SavedPlanFile> | undefined;

/** Compiled on first use, not on import, as the manifest schema is. */
function savedPlanValidator(): ValidateFunction<SavedPlanFile> {
  if (!compiledValidator) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strictTuples: true });
    ajvFormats.default(ajv, ['date-time']);
    compiledValidator = ajv.compile<SavedPlanFile>(savedPlanSchema);
  }
  return compiledValidator;
}

/** True for parsed JSON that says it is a saved plan (of any format version). */
export function claimsToBeSavedPlan(value: unknown): boolean {
  return isPlainObject(value) && value.kind === SAVED_PLAN_KIND;
}

/** JSON.parse, with the place of a syntax error when yaml (which reads JSON too) can find it. */
export function parsePlanJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // yaml finds most JSON syntax errors too, and says where; JSON.parse's text spans lines of the file.
    const parsed = documentOf(file, text);
    const located = parsed.doc.errors[0];
    const message = located
      ? `${formatLocation(locationAt(parsed, located.pos[0]))}: ${file} is not valid JSON: ${located.message.split('\n')[0]}`
      : `${file} is not valid JSON: ${(error as Error).message.replace(/\s+/g, ' ')}`;
    throw new UserError('PLAN_UNREADABLE', message, {
      cause: error,
      hint: REPLAN_HINT,
    });
  }
}

/**
 * Checks a parsed plan file and maps it to the model. The version comes first, so that a plan of
 * another format is refused by name rather than reported member by member against this schema.
 */
export function decodeSavedPlan(file: string, text: string, value: unknown): SavedPlan {
  refuseOtherFormatVersions(file, value);
  const validate = savedPlanValidator();
  if (!validate(value)) {
    const parsed = documentOf(file, text, value);
    // A file that does not even say it is a plan gets one line, not one per missing member.
    const problems = claimsToBeSavedPlan(value) ? describeProblems(parsed, validate.errors ?? []) : [notAPlan(parsed)];
    const shown = problems.slice(0, MAX_REPORTED_PROBLEMS);
    const more = problems.length > shown.length ? [`  (${problems.length - shown.length} more)`] : [];
    throw new RefusedPlanError(
      'PLAN_INVALID',
      [`${file} is not a gatewarden plan of format version ${SAVED_PLAN_FORMAT_VERSION}; nothing was written:`, ...shown.map((line) => `  ${line}`), ...more].join('\n'),
      { hint: `A saved plan is written by gatewarden plan --out and described by schemas/saved-plan.schema.json. ${REPLAN_HINT}` },
    );
  }
  // The digest catches hand edits and truncated files: apply must run exactly what was reviewed.
  if (contentDigest(value, value.formatVersion) !== value.digest) {
    throw new RefusedPlanError('PLAN_TAMPERED', `${file} does not match its digest; it was edited or damaged after planning. Nothing was written.`, {
      hint: REPLAN_HINT,
    });
  }
  return fromSavedPlanFile(value);
}

function refuseOtherFormatVersions(file: string, value: unknown): void {
  if (!claimsToBeSavedPlan(value) || !isPlainObject(value)) return;
  const { formatVersion, toolVersion } = value;
  if (typeof formatVersion !== 'number' || READABLE_SAVED_PLAN_FORMAT_VERSIONS.includes(formatVersion)) return;
  const writer = typeof toolVersion === 'string' ? `gatewarden ${toolVersion}` : 'another gatewarden';
  throw new RefusedPlanError(
    'PLAN_UNSUPPORTED',
    `${file} is a saved plan of format version ${formatVersion} (written by ${writer}); this gatewarden reads format versions ${READABLE_SAVED_PLAN_FORMAT_VERSIONS.join(' and ')}. Nothing was written.`,
    { hint: `Plan again with this gatewarden and apply the new plan, or apply this file with ${writer}. ${REPLAN_HINT}` },
  );
}

// ---------------------------------------------------------------------------------------------
// Located schema problems

function describeProblems(parsed: ParsedDocument, errors: readonly ErrorObject[]): string[] {
  // An `if` error only says that a `then` failed; the `then`'s own errors say how.
  const lines = errors
    .filter((error) => error.keyword !== 'if')
    .map((error) => {
      const path = pathOf(error, parsed.value);
      const { where, what } = describeError(error, path);
      return `${formatLocation(where(parsed))}: ${what}`;
    });
  return [...new Set(lines)];
}

function notAPlan(parsed: ParsedDocument): string {
  const kind = isPlainObject(parsed.value) ? parsed.value.kind : undefined;
  const where = kind === undefined ? parsed.start : locateValue(parsed, ['kind']);
  const what = kind === undefined ? 'the file has no "kind" member' : `kind: ${found(kind)}`;
  return `${formatLocation(where)}: ${what}; a saved plan has "kind": ${JSON.stringify(SAVED_PLAN_KIND)}`;
}

interface Described {
  readonly where: (parsed: ParsedDocument) => SourceLocation;
  readonly what: string;
}

function describeError(error: ErrorObject, path: readonly PathSegment[]): Described {
  const at = (parsed: ParsedDocument) => locateValue(parsed, path);
  const name = (segments: readonly PathSegment[]) => (segments.length === 0 ? 'the top level' : formatPath(segments));
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { where: at, what: `${name(path)}: the required member "${String(params.missingProperty)}" is missing` };
    case 'additionalProperties': {
      const member = [...path, String(params.additionalProperty)];
      return { where: (parsed) => locateKey(parsed, member), what: `${name(member)}: not a member of a saved plan` };
    }
    case 'const':
      return { where: at, what: `${name(path)}: expected ${JSON.stringify(params.allowedValue)}, found ${found(error.data)}` };
    case 'enum':
      return {
        where: at,
        what: `${name(path)}: expected one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}, found ${found(error.data)}`,
      };
    case 'type':
      return { where: at, what: `${name(path)}: expected ${String(params.type)}, found ${found(error.data)}` };
    default:
      return { where: at, what: `${name(path)}: ${error.message ?? 'does not match the saved-plan schema'}` };
  }
}

function found(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

/** yaml parses JSON as well and keeps positions, which JSON.parse does not. */
function documentOf(file: string, text: string, value: unknown = undefined): ParsedDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  return { file, doc, lineCounter, text, value, start: locationAt({ file, lineCounter }, doc.contents?.range[0] ?? 0) };
}

function locationAt({ file, lineCounter }: Pick<ParsedDocument, 'file' | 'lineCounter'>, offset: number): SourceLocation {
  const { line, col } = lineCounter.linePos(offset);
  return { file, line, col };
}
