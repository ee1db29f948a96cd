/**
 * The inverse of the manifest's `${vars.NAME}` substitution (src/manifest/vars.ts), for what export and
 * adopt write: a live string becomes the manifest text that resolves back to exactly that string.
 * Every `${` the substitution would read (`${vars.` and `${{`) is escaped as `${{`; with an
 * environment, each occurrence of one of its values is written as `${vars.NAME}`, so that an export
 * made with `--env prod` also serves the other environments.
 */
import { isPlainObject } from './is-plain-object.js';
import type { AuthorizerFields } from './model.js';

/**
 * Values shorter than this are never templated: `eu` or `prod` occur in too many unrelated strings
 * (ARNs, issuers) for a match to mean the variable.
 */
export const MIN_TEMPLATED_LENGTH = 8;

type Vars = Readonly<Record<string, string>>;

/** The manifest text for one live string. */
export function templateString(value: string, vars: Vars): string {
  // Longest first, so that a value containing another one's is written as itself.
  const candidates = Object.entries(vars)
    .filter(([, text]) => text.length >= MIN_TEMPLATED_LENGTH)
    .sort(([a, x], [b, y]) => y.length - x.length || (a < b ? -1 : 1));
  let out = '';
  let index = 0;
  while (index < value.length) {
    const match = candidates.find(([, text]) => value.startsWith(text, index));
    if (match) {
      out += `\${vars.${match[0]}}`;
      index += match[1].length;
    } else if (value.startsWith('${vars.', index) || value.startsWith('${{', index)) {
      out += '${{';
      index += 2;
    } else {
      out += value[index];
      index += 1;
    }
  }
  return out;
}

/** Every string value of the members, at any depth; `name` is only escaped, being what plans match on. */
export function templateFields(fields: AuthorizerFields, vars: Vars): AuthorizerFields {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, templateValue(value, key === 'name' ? {} : vars)]));
}

function templateValue(value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') return templateString(value, vars);
  if (Array.isArray(value)) return value.map((item) => templateValue(item, vars));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, templateValue(item, vars)]));
  return value;
}
