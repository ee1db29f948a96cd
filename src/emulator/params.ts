/**
 * Runtime readers for operation parameters. Direct store callers are typed, but the wire layer
 * hands over whatever JSON a client sent, so every handler reads its members through these.
 * JSON `null` counts as absent, as in smithy's deserialisers. A member of the wrong JSON type is a
 * constraint failure, answered the way the member's service answers those (`violation`).
 */
import { isPlainObject } from '../core/is-plain-object.js';
import { badRequest, constraintViolation, type ConstraintViolation } from './errors.js';

/** Path labels, query members and body members of one request, merged. */
export type Params = object;

function member(params: Params, key: string): unknown {
  const value = (params as Record<string, unknown>)[key];
  return value === null ? undefined : value;
}

/** A path label: the SDK never sends an empty one, so its absence is a caller bug turned into a 400. */
export function label(params: Params, key: string): string {
  const value = member(params, key);
  if (typeof value !== 'string' || value === '') throw badRequest(`Missing required path parameter '${key}'`);
  return value;
}

export function optionalString(params: Params, key: string, input: string, violation: ConstraintViolation = constraintViolation): string | undefined {
  const value = member(params, key);
  if (value === undefined || typeof value === 'string') return value;
  throw violation(value, `${input}.${key}`, 'Member must be a string');
}

export function optionalBoolean(params: Params, key: string, input: string, violation: ConstraintViolation = constraintViolation): boolean | undefined {
  const value = member(params, key);
  if (value === undefined || typeof value === 'boolean') return value;
  throw violation(value, `${input}.${key}`, 'Member must be a boolean');
}

export function optionalInteger(params: Params, key: string, input: string, violation: ConstraintViolation = constraintViolation): number | undefined {
  const value = member(params, key);
  if (value === undefined || (typeof value === 'number' && Number.isInteger(value))) return value;
  throw violation(value, `${input}.${key}`, 'Member must be an integer');
}

export function optionalStringList(params: Params, key: string, input: string, violation: ConstraintViolation = constraintViolation): string[] | undefined {
  const value = member(params, key);
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) return [...value];
  throw violation(value, `${input}.${key}`, 'Member must be a list of strings');
}

export function optionalObject(params: Params, key: string, input: string, violation: ConstraintViolation = constraintViolation): Record<string, unknown> | undefined {
  const value = member(params, key);
  if (value === undefined || isPlainObject(value)) return value;
  throw violation(value, `${input}.${key}`, 'Member must be a structure');
}

export { isPlainObject };
