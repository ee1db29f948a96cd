/**
 * Fingerprints of live authorizers, so that a saved plan can tell whether AWS changed since it was made.
 * node:crypto only hashes: it reads and writes nothing.
 */
import { createHash } from 'node:crypto';
import type { ApiType, LiveAuthorizer } from './model.js';
import { normalizeAuthorizer } from './normalize.js';
import type { AuthorizerRules } from './rules.js';

export const ABSENT = 'absent';

export function fingerprintAuthorizer(authorizer: LiveAuthorizer, rules: AuthorizerRules, apiType: ApiType): string {
  // Every member counts, declared or not: any live change makes a saved plan stale.
  const normalized = normalizeAuthorizer(authorizer.fields, { rules, apiType, declares: () => true });
  return digest({ id: authorizer.id, fields: normalized });
}

/** sha256 of canonical JSON: object keys sorted, so equal data always gives an equal digest. */
export function digest(value: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(value)).digest('hex')}`;
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
