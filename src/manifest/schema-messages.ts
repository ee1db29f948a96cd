import type { AnySchemaObject, ErrorObject } from 'ajv';
import type { ApiType } from '../core/model.js';
import { familyFor, findApiType, type ApiTypeDefinition } from '../families/registry.js';
import type { ManifestIssue, ManifestIssueCode } from './issues.js';
import { formatPath, isPlainObject, locateKey, locateValue, type ParsedDocument, type PathSegment } from './parse.js';
import { describeValueError, expectedHint, joinParts, reasonOf, render } from './schema-values.js';

/**
 * Wording for ajv errors. Every message names the place (`spec.authorizers[1].authorizerType`), what
 * was expected, what was found, and the valid values when they are a short list. The schema's
 * `errorMessage` annotation is the *reason* and is appended after "; "; its `patternErrorMessage`
 * describes the expected form and replaces the unreadable regex.
 */

export interface SchemaErrorContext {
  readonly parsed: ParsedDocument;
  /** The whole manifest schema, to resolve `$ref`s and look up a family's fields. */
  readonly schema: AnySchemaObject;
}

export function describeSchemaError(
  context: SchemaErrorContext,
  error: ErrorObject,
  path: readonly PathSegment[],
): ManifestIssue {
  const { parsed } = context;
  switch (error.keyword) {
    case 'required':
      return issueAtValue(parsed, path, 'schema.required', describeMissingField(context, error, path));
    case 'additionalProperties': {
      const field = String(error.params.additionalProperty);
      return issueAtKey(parsed, [...path, field], 'schema.unknown-field', describeUnknownField(context, error, path, field));
    }
    case 'not':
      return isForbiddenField(error) && path.length > 0
        ? issueAtKey(parsed, path, 'schema.forbidden-field', describeForbiddenField(context, error, path))
        : issueAtValue(parsed, path, 'schema.combination', atPath(path, reasonOf(error) ?? 'matches a form that is not allowed'));
    case 'anyOf':
    case 'oneOf':
      return issueAtValue(parsed, path, 'schema.combination', atPath(path, reasonOf(error) ?? 'matches none of the allowed forms'));
    case 'uniqueItems': {
      // ajv names the pair i, j in an order that depends on its algorithm; point at the later one.
      const [earlier, later] = [Number(error.params.i), Number(error.params.j)].sort((a, b) => a - b) as [number, number];
      const itemPath = [...path, later];
      const item = Array.isArray(error.data) ? error.data[later] : undefined;
      const message = `${render(item, true)} is listed twice (entries ${earlier} and ${later}); each entry may appear only once`;
      return issueAtValue(parsed, itemPath, 'schema.duplicate-entry', atPath(itemPath, message));
    }
    default:
      return issueAtValue(parsed, path, codeOf(error.keyword), atPath(path, describeValueError(error)));
  }
}

/** `{ not: {} }` marks a known field that may not appear here; its `errorMessage` says why. */
export function isForbiddenField(error: ErrorObject): boolean {
  return error.keyword === 'not' && isEmptySchema(error.schema);
}

function codeOf(keyword: string): ManifestIssueCode {
  switch (keyword) {
    case 'type':
      return 'schema.type';
    case 'enum':
    case 'const':
      return 'schema.value';
    case 'pattern':
    case 'format':
      return 'schema.format';
    case 'minLength':
    case 'maxLength':
      return 'schema.length';
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return 'schema.range';
    case 'minItems':
    case 'maxItems':
      return 'schema.count';
    default:
      return 'schema.invalid';
  }
}

function issueAtValue(parsed: ParsedDocument, path: readonly PathSegment[], code: ManifestIssueCode, message: string): ManifestIssue {
  return { ...locateValue(parsed, path), code, message };
}

function issueAtKey(parsed: ParsedDocument, path: readonly PathSegment[], code: ManifestIssueCode, message: string): ManifestIssue {
  return { ...locateKey(parsed, path), code, message };
}

function atPath(path: readonly PathSegment[], message: string): string {
  return path.length === 0 ? message : `${formatPath(path)}: ${message}`;
}

function describeMissingField(context: SchemaErrorContext, error: ErrorObject, path: readonly PathSegment[]): string {
  const field = String(error.params.missingProperty);
  const fieldSchema = findFieldSchema(context, error, path, field);
  const parts = [`missing required field "${field}"${whereIn(context, path)}`, fieldSchema && expectedHint(fieldSchema), reasonOf(error)];
  return atPath(path, joinParts(parts));
}

function describeUnknownField(
  context: SchemaErrorContext,
  error: ErrorObject,
  path: readonly PathSegment[],
  field: string,
): string {
  const valid = allowedFields(context, error.parentSchema);
  const suggestion = closestName(field, valid);
  const parts = [
    `unknown field "${field}"${whereIn(context, path)}`,
    `valid fields: ${valid.join(', ')}`,
    suggestion && `did you mean "${suggestion}"?`,
  ];
  return atPath(path, joinParts(parts));
}

function describeForbiddenField(context: SchemaErrorContext, error: ErrorObject, path: readonly PathSegment[]): string {
  const mappingPath = path.slice(0, -1);
  const message = `field "${String(path.at(-1))}" is not allowed${whereIn(context, mappingPath)}`;
  return atPath(mappingPath, joinParts([message, reasonOf(error)]));
}

/**
 * The schema of a field, looked up where the `required` keyword sits and then in the family's
 * authorizer definition: conditional rule blocks require fields they do not describe themselves.
 */
function findFieldSchema(
  context: SchemaErrorContext,
  error: ErrorObject,
  path: readonly PathSegment[],
  field: string,
): AnySchemaObject | undefined {
  const candidates = [error.parentSchema, authorizerDefinition(context, path)];
  for (const candidate of candidates) {
    const properties: unknown = candidate?.properties;
    const fieldSchema = isPlainObject(properties) && Object.hasOwn(properties, field) ? properties[field] : undefined;
    if (isPlainObject(fieldSchema)) return resolveRef(context.schema, fieldSchema);
  }
  return undefined;
}

function authorizerDefinition(context: SchemaErrorContext, path: readonly PathSegment[]): AnySchemaObject | undefined {
  if (authorizerIndex(path) === undefined) return undefined;
  const apiType = apiTypeOf(context.parsed.value);
  const definitions: unknown = context.schema.definitions;
  const definition = apiType && isPlainObject(definitions) ? definitions[apiType.authorizerSchema] : undefined;
  return isPlainObject(definition) ? definition : undefined;
}

/** Follows local `#/definitions/…` references, which is all this schema uses. */
function resolveRef(root: AnySchemaObject, schema: AnySchemaObject): AnySchemaObject {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 10; hops++) {
    const name = current.$ref.replace('#/definitions/', '');
    const definitions: unknown = root.definitions;
    const target = isPlainObject(definitions) ? definitions[name] : undefined;
    if (!isPlainObject(target)) break;
    current = target;
  }
  return current;
}

/** The fields a mapping may have, for "valid fields: …": fields marked `not: {}` are known but refused. */
function allowedFields(context: SchemaErrorContext, schema: AnySchemaObject | undefined): string[] {
  const properties: unknown = schema?.properties;
  if (!isPlainObject(properties)) return [];
  return Object.entries(properties)
    .filter(([, fieldSchema]) => isPlainObject(fieldSchema) && !isEmptySchema(resolveRef(context.schema, fieldSchema).not))
    .map(([name]) => name);
}

function isEmptySchema(schema: unknown): boolean {
  return isPlainObject(schema) && Object.keys(schema).length === 0;
}

/** A near-miss spelling: same letters in another case, or at most two edits away. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = candidate.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, candidate);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * " in HTTP REQUEST authorizer "lambda-req"" for a place inside an authorizer, so presence problems
 * name the authorizer the user thinks in; nothing elsewhere, where the path prefix says it all.
 */
function whereIn(context: SchemaErrorContext, mappingPath: readonly PathSegment[]): string {
  const index = authorizerIndex(mappingPath);
  if (index === undefined) return '';
  const label = authorizerLabel(context.parsed.value, index);
  return mappingPath.length === 3 ? ` in ${label}` : ` in ${String(mappingPath.at(-1))} of ${label}`;
}

function authorizerIndex(path: readonly PathSegment[]): number | undefined {
  const [spec, authorizers, index] = path;
  return spec === 'spec' && authorizers === 'authorizers' && typeof index === 'number' ? index : undefined;
}

function apiTypeOf(document: unknown): ApiTypeDefinition<ApiType> | undefined {
  const spec = isPlainObject(document) ? document.spec : undefined;
  const api = isPlainObject(spec) ? spec.api : undefined;
  return findApiType(isPlainObject(api) ? api.type : undefined);
}

/** `HTTP REQUEST authorizer "lambda-req"`, with whatever parts the document states validly. */
function authorizerLabel(document: unknown, index: number): string {
  const apiType = apiTypeOf(document);
  const spec = isPlainObject(document) ? document.spec : undefined;
  const list = isPlainObject(spec) && Array.isArray(spec.authorizers) ? spec.authorizers : [];
  const authorizer: unknown = list[index];
  const fields = isPlainObject(authorizer) ? authorizer : {};
  const kind = apiType && fields[familyFor(apiType.id).rules.typeField];
  const parts = [
    apiType?.shortLabel,
    // The type is named only when it is one the API type accepts; the schema reports any other.
    apiType && typeof kind === 'string' && apiType.authorizerTypes.includes(kind) ? kind : undefined,
    'authorizer',
    typeof fields.name === 'string' ? JSON.stringify(fields.name) : undefined,
  ];
  return parts.filter((part) => part !== undefined).join(' ');
}
