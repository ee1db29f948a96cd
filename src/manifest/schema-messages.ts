import type { AnySchemaObject, ErrorObject } from 'ajv';
import type { ManifestIssue, ManifestIssueCode } from './issues.js';
import { formatPath, isPlainObject, locateKey, locateValue, type ParsedDocument, type PathSegment } from './parse.js';

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

const familyNames: Readonly<Record<string, string>> = { http: 'HTTP', websocket: 'WebSocket', rest: 'REST' };

/** The authorizer types each family accepts; a label names the type only when it is one of these. */
const familyKinds: Readonly<Record<string, readonly string[]>> = {
  http: ['JWT', 'REQUEST'],
  websocket: ['REQUEST'],
  rest: ['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS'],
};

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

function describeValueError(error: ErrorObject): string {
  const schema = error.parentSchema ?? {};
  const found = describeFound(error.data);
  const reason = reasonOf(error);
  switch (error.keyword) {
    case 'type':
      return joinParts([`expected ${expectedOfType(schema)}, found ${found}`, quotingHint(schema, error.data), reason]);
    case 'enum':
    case 'const':
      return joinParts([`expected ${expectedValues(schema)}, found ${found}`, quotingHint(schema, error.data), reason]);
    case 'pattern': {
      const expected = typeof schema.patternErrorMessage === 'string' ? sentence(schema.patternErrorMessage) : `expected a value matching ${String(schema.pattern)}`;
      return joinParts([expected, `found ${found}`, reason]);
    }
    case 'format':
      return joinParts([`expected ${formatNames[String(error.params.format)] ?? `a ${String(error.params.format)}`}, found ${found}`, reason]);
    case 'minLength':
      return joinParts([error.params.limit === 1 ? 'expected a non-empty string, found ""' : `expected at least ${String(error.params.limit)} characters, found ${lengthOf(error.data)}`, reason]);
    case 'maxLength':
      return joinParts([`expected at most ${String(error.params.limit)} characters, found ${lengthOf(error.data)}`, reason]);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return joinParts([`expected ${expectedRange(schema)}, found ${found}`, reason]);
    case 'minItems':
    case 'maxItems':
      return joinParts([`expected ${expectedCount(schema)}, found ${entryCount(error.data)}`, reason]);
    default:
      return joinParts([error.message ?? 'is not valid', reason]);
  }
}

const formatNames: Readonly<Record<string, string>> = { regex: 'a valid regular expression', uri: 'a URL' };

function expectedOfType(schema: AnySchemaObject): string {
  if ('const' in schema || Array.isArray(schema.enum)) return expectedValues(schema);
  const types: unknown[] = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.map((type) => typeNames[String(type)] ?? String(type)).join(' or ');
}

const typeNames: Readonly<Record<string, string>> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'nothing',
};

function expectedValues(schema: AnySchemaObject): string {
  const values: unknown[] = 'const' in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : [];
  const rendered = values.map((value) => render(value, false));
  return rendered.length === 1 ? (rendered[0] ?? '') : `one of ${rendered.join(', ')}`;
}

/** `authorizerPayloadFormatVersion: 2.0` is the number 2 in YAML; say how to get the string. */
function quotingHint(schema: AnySchemaObject, data: unknown): string | undefined {
  const wantsString = schema.type === 'string' || (Array.isArray(schema.enum) && schema.enum.every((value) => typeof value === 'string'));
  const scalar = typeof data === 'number' || typeof data === 'boolean';
  return wantsString && scalar ? 'put the value in quotes so YAML reads it as a string' : undefined;
}

function expectedRange(schema: AnySchemaObject): string {
  const noun = schema.type === 'integer' ? 'a whole number' : 'a number';
  if (typeof schema.minimum === 'number' && typeof schema.maximum === 'number') {
    return `${noun} from ${schema.minimum} to ${schema.maximum}`;
  }
  if (typeof schema.exclusiveMinimum === 'number') return `${noun} greater than ${schema.exclusiveMinimum}`;
  if (typeof schema.minimum === 'number') return `${noun} of at least ${schema.minimum}`;
  return `${noun} of at most ${String(schema.maximum)}`;
}

function expectedCount(schema: AnySchemaObject): string {
  const min = typeof schema.minItems === 'number' ? schema.minItems : undefined;
  const max = typeof schema.maxItems === 'number' ? schema.maxItems : undefined;
  if (min !== undefined && min === max) return `exactly ${entries(min)}`;
  if (min !== undefined && max !== undefined) return `${min} to ${max} entries`;
  if (min !== undefined) return `at least ${entries(min)}`;
  return `at most ${entries(max ?? 0)}`;
}

function entries(count: number): string {
  return count === 1 ? '1 entry' : `${count} entries`;
}

function entryCount(data: unknown): string {
  if (!Array.isArray(data)) return describeFound(data);
  return data.length === 0 ? 'an empty list' : entries(data.length);
}

function lengthOf(data: unknown): string {
  return typeof data === 'string' ? `${data.length} characters` : describeFound(data);
}

/** How a found value reads in a message: strings quoted (and cut when long), structures by kind. */
function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (isPlainObject(value)) return 'a mapping';
  return render(value, true);
}

/**
 * Values in messages: strings that read unambiguously are left bare (`JWT`, `gatewarden/v1`); strings
 * YAML would read as something else (`"2.0"`) and every found value are quoted.
 */
function render(value: unknown, alwaysQuote: boolean): string {
  if (typeof value !== 'string') return JSON.stringify(value) ?? String(value);
  const shown = value.length > 120 ? `${value.slice(0, 117)}...` : value;
  const bare = !alwaysQuote && /^[A-Za-z_$][\w$/.-]*$/.test(value) && !/^(true|false|null|yes|no|on|off)$/i.test(value);
  return bare ? shown : JSON.stringify(shown);
}

/** Turns an editor-style sentence ("Expected an ARN: ….") into a message fragment ("expected an ARN: …"). */
function sentence(text: string): string {
  const trimmed = text.endsWith('.') ? text.slice(0, -1) : text;
  return trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}

function reasonOf(error: ErrorObject): string | undefined {
  const reason: unknown = error.parentSchema?.errorMessage;
  return typeof reason === 'string' ? reason : undefined;
}

function joinParts(parts: readonly (string | undefined)[]): string {
  return parts.filter((part): part is string => part !== undefined && part !== '').join('; ');
}

/** What a missing field should hold: its valid values, or the form its pattern describes. */
function expectedHint(schema: AnySchemaObject): string | undefined {
  if ('const' in schema) return `expected ${expectedValues(schema)}`;
  if (Array.isArray(schema.enum)) return `valid values: ${expectedValues(schema).replace(/^one of /, '')}`;
  if (typeof schema.patternErrorMessage === 'string') return sentence(schema.patternErrorMessage);
  return undefined;
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
  const definition = apiType && isPlainObject(definitions) ? definitions[`${apiType}Authorizer`] : undefined;
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
function closestName(name: string, candidates: readonly string[]): string | undefined {
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

function apiTypeOf(document: unknown): string | undefined {
  const spec = isPlainObject(document) ? document.spec : undefined;
  const api = isPlainObject(spec) ? spec.api : undefined;
  const type = isPlainObject(api) ? api.type : undefined;
  return typeof type === 'string' && Object.hasOwn(familyNames, type) ? type : undefined;
}

/** `HTTP REQUEST authorizer "lambda-req"`, with whatever parts the document states validly. */
function authorizerLabel(document: unknown, index: number): string {
  const apiType = apiTypeOf(document);
  const spec = isPlainObject(document) ? document.spec : undefined;
  const list = isPlainObject(spec) && Array.isArray(spec.authorizers) ? spec.authorizers : [];
  const authorizer: unknown = list[index];
  const fields = isPlainObject(authorizer) ? authorizer : {};
  const kind = apiType === 'rest' ? fields.type : fields.authorizerType;
  const parts = [
    apiType && familyNames[apiType],
    apiType && typeof kind === 'string' && familyKinds[apiType]?.includes(kind) ? kind : undefined,
    'authorizer',
    typeof fields.name === 'string' ? JSON.stringify(fields.name) : undefined,
  ];
  return parts.filter((part) => part !== undefined).join(' ');
}
