/**
 * IAM's string and ARN matching, for evaluating resource policies without AWS
 * (docs/aws-behaviour.md#lambda-resource-policies). `*` matches any run of characters (none included),
 * `?` exactly one. ARN operators compare the six colon-separated components one by one, so a `*`
 * never reaches across a colon; `StringLike` compares the whole string.
 *
 * A target may end in an id not known yet (an authorizer still to be created): `tail: 'any-id'`.
 * Matching then answers for every id AWS could assign: `yes` when the pattern matches them all, `maybe`
 * when it matches some (a pattern naming one id), `no` when none.
 */
import { matchesGlob } from '../glob.js';

export type Tri = 'yes' | 'no' | 'maybe';

export interface MatchTarget {
  /** The known part of the value. */
  readonly literal: string;
  /** `any-id`: the value goes on with a non-empty id not known yet. */
  readonly tail?: 'any-id';
}

/** `StringLike`: case-sensitive glob over the whole string. */
export function globMatches(pattern: string, target: MatchTarget): Tri {
  if (target.tail === undefined) return matchesGlob(pattern, target.literal) ? 'yes' : 'no';
  return openMatch(pattern, target.literal);
}

/** `StringEquals`: exact; an id not known yet equals a fixed string for at most one id. */
export function exactMatches(value: string, target: MatchTarget): Tri {
  if (target.tail === undefined) return value === target.literal ? 'yes' : 'no';
  return value.startsWith(target.literal) && value.length > target.literal.length ? 'maybe' : 'no';
}

/**
 * `ArnLike`/`ArnEquals` (the same operator in IAM): each of the six components is a glob. A pattern
 * with fewer than six components is compared as one glob, a choice of ours (IAM does not say).
 */
export function arnMatches(pattern: string, target: MatchTarget): Tri {
  const patternParts = splitArn(pattern);
  const targetParts = splitArn(target.literal);
  if (patternParts === undefined || targetParts === undefined) return globMatches(pattern, target);
  let result: Tri = 'yes';
  for (let index = 0; index < 6; index += 1) {
    const last = index === 5;
    const part = globMatches(patternParts[index] ?? '', last ? { ...target, literal: targetParts[5] ?? '' } : { literal: targetParts[index] ?? '' });
    result = and(result, part);
    if (result === 'no') return 'no';
  }
  return result;
}

/** `arn:partition:service:region:account:resource`, the resource keeping its own colons. */
export function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

export function and(left: Tri, right: Tri): Tri {
  if (left === 'no' || right === 'no') return 'no';
  return left === 'yes' && right === 'yes' ? 'yes' : 'maybe';
}

export function or(left: Tri, right: Tri): Tri {
  if (left === 'yes' || right === 'yes') return 'yes';
  return left === 'no' && right === 'no' ? 'no' : 'maybe';
}

export function not(value: Tri): Tri {
  return value === 'yes' ? 'no' : value === 'no' ? 'yes' : 'maybe';
}

/**
 * A glob against `literal` followed by an unknown non-empty id. Walks every way the pattern can consume
 * the literal; where it is consumed, what is left of the pattern decides: only wildcards with a `*` (and
 * at most one `?`, ids having at least one character) match every id; anything non-empty matches some.
 */
function openMatch(pattern: string, literal: string): Tri {
  let best: Tri = 'no';
  const seen = new Set<string>();
  const stack: [number, number][] = [[0, 0]];
  while (stack.length > 0) {
    const [p, l] = stack.pop() as [number, number];
    const key = `${p},${l}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (l === literal.length) {
      best = or(best, restMatchesIds(pattern.slice(p)));
      if (best === 'yes') return 'yes';
    }
    const char = pattern[p];
    if (char === undefined) continue;
    if (char === '*') {
      stack.push([p + 1, l]);
      if (l < literal.length) stack.push([p, l + 1]);
    } else if (l < literal.length && (char === '?' || char === literal[l])) {
      stack.push([p + 1, l + 1]);
    }
  }
  return best;
}

function restMatchesIds(rest: string): Tri {
  if (rest === '') return 'no';
  const wildcardsOnly = /^[*?]+$/.test(rest) && rest.includes('*') && rest.split('?').length - 1 <= 1;
  return wildcardsOnly ? 'yes' : 'maybe';
}
