import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { Ajv, type AnySchemaObject, type ErrorObject, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
// The same relative path from src/manifest/ and from the built dist/manifest/: both resolve to the
// package's own schemas/ folder, which is published and which editors point at.
import manifestSchema from '../../schemas/gatewarden.schema.json' with { type: 'json' };
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
 * `code` is what the generator adds (`{ source: true }`).
 */
export function createManifestAjv(code?: { source: boolean }): Ajv {
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
  // ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
  ajvFormats.default(ajv, ['regex']);
  return ajv;
}

/** Identifies the schema a precompiled validator was generated from (see `precompiledValidator`). */
export function schemaDigest(schema: unknown): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex');
}

/** The generated module, beside the compiled schema.js in dist/ (scripts/build-validator.js writes it). */
export const PRECOMPILED_VALIDATOR = './manifest-validator.cjs';

/** The generated module exports the validating function, with the digest as a member. */
type PrecompiledModule = ValidateFunction & { readonly schemaDigest?: string };

const compiledValidators = new Map<AnySchemaObject, ValidateFunction>();

/**
 * Prepared on first use, not on import: commands that never read a manifest should not pay for it.
 * The manifest schema comes precompiled from the build when it can; others (the environment file's)
 * are compiled with the same options.
 */
function validatorFor(schema: AnySchemaObject): ValidateFunction {
  let validator = compiledValidators.get(schema);
  if (validator === undefined) {
    validator = (schema === manifestSchema ? precompiledValidator() : undefined) ?? createManifestAjv().compile(schema);
    compiledValidators.set(schema, validator);
  }
  return validator;
}

/**
 * The validator `npm run build` generated with ajv's standalone code (compiling the schema costs
 * more CPU than validating 3,000 authorizers). It exists only in the built package: running from
 * source (tests) or from the action's bundle compiles instead, with the same options. A module
 * generated from another schema (a rebuilt schema without a rebuilt validator) is not used.
 */
function precompiledValidator(): ValidateFunction | undefined {
  let generated: PrecompiledModule;
  try {
    generated = createRequire(import.meta.url)(PRECOMPILED_VALIDATOR) as PrecompiledModule;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
  return generated.schemaDigest === schemaDigest(manifestSchema) ? generated : undefined;
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
