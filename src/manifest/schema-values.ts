import type { AnySchemaObject, ErrorObject } from 'ajv';
import { isPlainObject } from './parse.js';

/**
 * How schema messages word values: what a keyword expected (valid values, ranges, counts, the form a
 * pattern describes) and what was found. The schema's `errorMessage` is the reason, appended after "; ".
 */

export function describeValueError(error: ErrorObject): string {
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
export function render(value: unknown, alwaysQuote: boolean): string {
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

export function reasonOf(error: ErrorObject): string | undefined {
  const reason: unknown = error.parentSchema?.errorMessage;
  return typeof reason === 'string' ? reason : undefined;
}

export function joinParts(parts: readonly (string | undefined)[]): string {
  return parts.filter((part): part is string => part !== undefined && part !== '').join('; ');
}

/** What a missing field should hold: its valid values, or the form its pattern describes. */
export function expectedHint(schema: AnySchemaObject): string | undefined {
  if ('const' in schema) return `expected ${expectedValues(schema)}`;
  if (Array.isArray(schema.enum)) return `valid values: ${expectedValues(schema).replace(/^one of /, '')}`;
  if (typeof schema.patternErrorMessage === 'string') return sentence(schema.patternErrorMessage);
  return undefined;
}

