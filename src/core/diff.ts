/** Field-level differences between two normalised authorizers. */
import deepDiff from 'deep-diff';
import type { FieldChange } from './model.js';
import type { NormalizedFields } from './normalize.js';

/**
 * Normalised objects are flat, so the first path segment of every difference deep-diff finds is the
 * member that changed; a set that gained one entry is reported whole, before -> after, as users read it.
 */
export function diffFields(before: NormalizedFields, after: NormalizedFields): FieldChange[] {
  const differences = deepDiff.diff(before, after) ?? [];
  const paths = new Set(differences.map((difference) => String(difference.path?.[0])));
  return [...paths].sort().map((path) => ({ path, before: before[path], after: after[path] }));
}
