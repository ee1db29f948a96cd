import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as AjvModule from 'ajv';
import type { Ajv, AnySchemaObject, ErrorObject, ValidateFunction } from 'ajv';
import type * as AjvFormatsModule from 'ajv-formats';
// The same relative path from src/manifest/ and from the built dist/manifest/: both resolve to the
// package's own schemas/ folder, which is published and which editors point at.
import manifestSchema from '../../schemas/gatewarden.schema.json' with { type: 'json' };
import environmentSchema from '../../schemas/environment.schema.json' with { type: 'json' };
import { loadPrecompiled } from './precompiled.js';
import type { ManifestIssue } from './issues.js';
import { describeSchemaError, isForbiddenField, type SchemaErrorContext } from './schema-messages.js';
import type { ParsedDocument, PathSegment } from './parse.js';
import { isPlainObject } from '../core/is-plain-object.js';

/**
 * Editor annotations the schema carries (see its `$comment`). Registered so ajv's strict mode accepts
 * them; they validate nothing. `schema-messages.ts` reads `errorMessage` and `patternErrorMessage`.
 */
const annotationKeywords = ['errorMessage', 'patternErrorMessage', 'doNotSuggest'] as const;

/**
 * The one ajv configuration of the manifest schema, used both to compile at run time and by
 * scripts/build-validator.js to generate the precompiled validator, so the two cannot differ.
 * `code` is what the generator adds (`{ source: true }`). ajv is required here, on first use, not
 * imported: loading its compiler costs a run that validates with the precompiled code about 40 ms
 * of CPU. Both packages are CommonJS, so a synchronous require serves.
 */
export function createManifestAjv(code?: { source: boolean }): Ajv {
  const require = createRequire(import.meta.url);
  const { Ajv } = require('ajv') as typeof AjvModule;
  const ajvFormats = require('ajv-formats') as typeof AjvFormatsModule.default;
  const ajv = new Ajv({
    // Report every problem in one run; manifests come from the user's own repository, not from strangers.
    allErrors: true,
    // Errors then carry their schema and data, which is what lets messages name valid values and the value found.
    verbose: true,
    // The conditional rule blocks (`then` schemas) apply to objects the family schema has already typed;
    // repeating `type` in each would only repeat the type error. Unknown keywords still fail (strictSchema).
    strictTypes: false,
    strictTuples: true,
    ...(code && { code }),
  });
  for (const keyword of annotationKeywords) ajv.addKeyword(keyword);
  ajvFormats.default(ajv, ['regex']);
  return ajv;
}

/** Identifies the schema a precompiled validator was generated from (see `precompiledValidator`). */
export function schemaDigest(schema: unknown): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex');
}

/** The generated modules, beside the compiled schema.js in dist/ (scripts/build-validator.js writes them). */
export const PRECOMPILED_VALIDATOR = './manifest-validator.cjs';
export const PRECOMPILED_ENVIRONMENT_VALIDATOR = './environment-validator.cjs';

/** Each schema the build precompiles, with its generated module. */
export const PRECOMPILED_SCHEMAS: readonly { readonly schema: AnySchemaObject; readonly file: string }[] = [
  { schema: manifestSchema, file: PRECOMPILED_VALIDATOR },
  { schema: environmentSchema, file: PRECOMPILED_ENVIRONMENT_VALIDATOR },
];

/** The generated module exports the validating function, with the digest as a member. */
type PrecompiledModule = ValidateFunction & { readonly schemaDigest?: string };

const compiledValidators = new Map<AnySchemaObject, ValidateFunction>();

/**
 * Prepared on first use, not on import: commands that never read a manifest should not pay for it.
 * The manifest and environment schemas come precompiled from the build when they can; any other
 * schema, and running from source (the tests), compiles with the same options.
 */
function validatorFor(schema: AnySchemaObject): ValidateFunction {
  let validator = compiledValidators.get(schema);
  if (validator === undefined) {
    validator = precompiledValidator(schema) ?? createManifestAjv().compile(schema);
    compiledValidators.set(schema, validator);
  }
  return validator;
}

/**
 * The validator `npm run build` (or the action's bundle) generated with ajv's standalone code:
 * compiling the schema costs more CPU than validating 3,000 authorizers. A module generated from
 * another schema (a rebuilt schema without a rebuilt validator) is not used.
 */
function precompiledValidator(schema: AnySchemaObject): ValidateFunction | undefined {
  const file = PRECOMPILED_SCHEMAS.find((entry) => entry.schema === schema)?.file;
  const generated = file === undefined ? undefined : (loadPrecompiled(file) as PrecompiledModule | undefined);
  return generated?.schemaDigest === schemaDigest(schema) ? generated : undefined;
}

/**
 * Validates one document against the manifest's JSON Schema (or another, e.g. the environment file's);
 * every violation becomes one located issue.
 */
export function validateDocument(parsed: ParsedDocument, schema: AnySchemaObject = manifestSchema): ManifestIssue[] {
  const validate = validatorFor(schema);
  if (validate(parsed.value)) return [];
  const errors = withoutNoise(validate.errors ?? []);
  const context: SchemaErrorContext = { parsed, schema };
  return uniqueIssues(errors.map((error) => describeSchemaError(context, error, pathOf(error, parsed.value))));
}

/**
 * ajv reports, beside each real problem, the conditions and combinators that contained it. Keep one
 * error per real problem: the leaf errors, or a combinator's own message when the schema gives one.
 */
function withoutNoise(errors: readonly ErrorObject[]): ErrorObject[] {
  const composites = errors.filter(isComposite);
  const worded = composites.filter((error) => typeof error.parentSchema?.errorMessage === 'string');
  const forbidden = errors.filter(isForbiddenField);
  const leaves = errors.filter(
    (error) =>
      error.keyword !== 'if' &&
      // ajv reports the failing key itself (a `pattern` error naming `propertyName`) as well.
      error.keyword !== 'propertyNames' &&
      !(isComposite(error) && !worded.includes(error)) &&
      !worded.some((composite) => isBranchOf(error, composite)) &&
      // A field that may not appear at all: what its value looks like does not matter.
      !forbidden.some((field) => field !== error && isAtOrBelow(error, field)),
  );
  return withOneValueErrorPerPlace(leaves);
}

function isComposite(error: ErrorObject): boolean {
  return error.keyword === 'anyOf' || error.keyword === 'oneOf';
}

/** An error raised inside one of the alternatives of `composite`. */
function isBranchOf(error: ErrorObject, composite: ErrorObject): boolean {
  return error.instancePath === composite.instancePath && error.schemaPath.startsWith(`${composite.schemaPath}/`);
}

function isAtOrBelow(error: ErrorObject, ancestor: ErrorObject): boolean {
  return error.instancePath === ancestor.instancePath || error.instancePath.startsWith(`${ancestor.instancePath}/`);
}

/**
 * Keywords that judge a single value, most telling first. A wrong type makes the enum and pattern
 * failures on the same value mere echoes of it; two patterns failing on one string are one problem.
 */
const valueKeywordRank: Readonly<Record<string, number>> = {
  type: 0,
  const: 1,
  enum: 1,
  format: 2,
  pattern: 3,
  minLength: 4,
  maxLength: 4,
  minimum: 5,
  maximum: 5,
  exclusiveMinimum: 5,
  exclusiveMaximum: 5,
};

function withOneValueErrorPerPlace(errors: readonly ErrorObject[]): ErrorObject[] {
  const best = new Map<string, ErrorObject>();
  for (const error of errors) {
    const rank = valueKeywordRank[error.keyword];
    if (rank === undefined) continue;
    const current = best.get(error.instancePath);
    if (!current || rank < (valueKeywordRank[current.keyword] ?? Infinity)) best.set(error.instancePath, error);
  }
  return errors.filter((error) => valueKeywordRank[error.keyword] === undefined || best.get(error.instancePath) === error);
}

/** Several schema branches can word the same problem identically (e.g. a type checked twice). */
function uniqueIssues(issues: readonly ManifestIssue[]): ManifestIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.line}:${issue.col}:${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Turns ajv's JSON Pointer into path segments, with list positions as numbers (as yaml expects). */
export function pathOf(error: ErrorObject, root: unknown): PathSegment[] {
  if (error.instancePath === '') return [];
  const path: PathSegment[] = [];
  let current = root;
  for (const escaped of error.instancePath.slice(1).split('/')) {
    const segment = escaped.replaceAll('~1', '/').replaceAll('~0', '~');
    const step: PathSegment = Array.isArray(current) ? Number(segment) : segment;
    path.push(step);
    current = isPlainObject(current) || Array.isArray(current) ? (current as Record<PathSegment, unknown>)[step] : undefined;
  }
  return path;
}
