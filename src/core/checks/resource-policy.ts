/**
 * One request against a resource-based policy, statement by statement, as IAM evaluates it
 * (docs/aws-behaviour.md#lambda-resource-policies): a statement applies when its principal, action,
 * resource and every condition match. Anything it cannot read or evaluate makes that statement `maybe`
 * with the reason, never a throw: the policy is whatever AWS (or a seed) holds.
 */
import { isPlainObject } from '../is-plain-object.js';
import { and, arnMatches, exactMatches, globMatches, not, or, type MatchTarget, type Tri } from './iam-match.js';

/** API Gateway invoking a function: the only request these checks evaluate. */
export interface InvokeRequest {
  readonly service: string;
  readonly action: string;
  /** The function ARN invoked, qualified when the URI names a qualifier. */
  readonly resource: string;
  readonly sourceArn: MatchTarget;
  readonly sourceAccount: string;
}

export interface StatementVerdict {
  /** The statement's `Sid`, else its position (`#2`). */
  readonly sid: string;
  readonly effect: 'Allow' | 'Deny';
  readonly applies: Tri;
  /** Why the statement could not be evaluated (`applies` is `maybe`). */
  readonly reason?: string;
  /** The source-ARN values that matched, or none when no condition names the source ARN. */
  readonly sourceArnPatterns: readonly string[];
  readonly anyPrincipal: boolean;
}

export type PolicyReading =
  | { readonly kind: 'statements'; readonly verdicts: readonly StatementVerdict[]; readonly unreadable: readonly string[] }
  | { readonly kind: 'unreadable'; readonly reason: string };

export function evaluatePolicy(policyText: string, request: InvokeRequest): PolicyReading {
  let document: unknown;
  try {
    document = JSON.parse(policyText);
  } catch {
    return { kind: 'unreadable', reason: 'the policy is not JSON' };
  }
  if (!isPlainObject(document)) return { kind: 'unreadable', reason: 'the policy is not a JSON object' };
  const raw = document.Statement;
  const statements = Array.isArray(raw) ? raw : isPlainObject(raw) ? [raw] : undefined;
  if (statements === undefined) return { kind: 'unreadable', reason: 'the policy has no Statement list' };
  const verdicts: StatementVerdict[] = [];
  const unreadable: string[] = [];
  statements.forEach((statement: unknown, index) => {
    const name = isPlainObject(statement) && typeof statement.Sid === 'string' ? statement.Sid : `#${index + 1}`;
    if (!isPlainObject(statement)) return void unreadable.push(`${name}: not a JSON object`);
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') return void unreadable.push(`${name}: Effect is ${JSON.stringify(statement.Effect)}, not Allow or Deny`);
    verdicts.push({ sid: name, effect: statement.Effect, ...evaluateStatement(statement, request) });
  });
  return { kind: 'statements', verdicts, unreadable };
}

type Evaluation = Omit<StatementVerdict, 'sid' | 'effect'>;
interface Part {
  readonly value: Tri;
  readonly reason?: string;
}

function evaluateStatement(statement: Record<string, unknown>, request: InvokeRequest): Evaluation {
  const principal = principalMatch(statement);
  const action = elementMatch(statement, 'Action', 'NotAction', (pattern) => globMatches(pattern.toLowerCase(), { literal: request.action.toLowerCase() }));
  const resource = elementMatch(statement, 'Resource', 'NotResource', (pattern) => globMatches(pattern, { literal: request.resource }));
  const condition = conditionMatch(statement.Condition, request);
  const parts = [principal, action, resource, condition];
  const applies = parts.reduce<Tri>((all, part) => and(all, part.value), 'yes');
  const reason = applies === 'maybe' ? parts.find((part) => part.value === 'maybe' && part.reason !== undefined)?.reason : undefined;
  return { applies, ...(reason !== undefined && { reason }), sourceArnPatterns: condition.sourceArnPatterns, anyPrincipal: principal.any };
}

function principalMatch(statement: Record<string, unknown>): Part & { readonly any: boolean } {
  if (statement.Principal !== undefined) return principalIs(statement.Principal, 'Principal');
  if (statement.NotPrincipal !== undefined) {
    const named = principalIs(statement.NotPrincipal, 'NotPrincipal');
    return { ...named, value: not(named.value), any: true };
  }
  return { value: 'maybe', reason: 'it has neither Principal nor NotPrincipal', any: false };
}

/** Whether API Gateway's service principal is among these; `*` (or `{"AWS": "*"}`) is every principal. */
function principalIs(value: unknown, element: string): Part & { readonly any: boolean } {
  if (value === '*') return { value: 'yes', any: true };
  if (!isPlainObject(value)) return { value: 'maybe', reason: `its ${element} is ${JSON.stringify(value)}`, any: false };
  const services = stringsOf(value.Service);
  const accounts = stringsOf(value.AWS);
  if (services === undefined || accounts === undefined) return { value: 'maybe', reason: `its ${element} has a value that is not a string or a list of strings`, any: false };
  if (accounts.includes('*')) return { value: 'yes', any: true };
  // Service principals are compared as written; AWS documents them in lower case.
  return { value: services.includes(API_GATEWAY) ? 'yes' : 'no', any: false };
}

const API_GATEWAY = 'apigateway.amazonaws.com';

function elementMatch(statement: Record<string, unknown>, element: string, notElement: string, matches: (pattern: string) => Tri): Part {
  const positive = statement[element] !== undefined;
  const value = positive ? statement[element] : statement[notElement];
  if (value === undefined) return { value: 'maybe', reason: `it has neither ${element} nor ${notElement}` };
  const patterns = stringsOf(value);
  if (patterns === undefined) return { value: 'maybe', reason: `its ${positive ? element : notElement} is not a string or a list of strings` };
  const any = patterns.reduce<Tri>((found, pattern) => or(found, matches(pattern)), 'no');
  return { value: positive ? any : not(any) };
}

function stringsOf(value: unknown): string[] | undefined {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) return value;
  return undefined;
}

type Operator = (pattern: string, target: MatchTarget) => Tri;
const OPERATORS: Readonly<Record<string, { readonly match: Operator; readonly negated: boolean }>> = {
  stringequals: { match: exactMatches, negated: false },
  stringnotequals: { match: exactMatches, negated: true },
  stringequalsignorecase: { match: (pattern, target) => exactMatches(pattern.toLowerCase(), lower(target)), negated: false },
  stringnotequalsignorecase: { match: (pattern, target) => exactMatches(pattern.toLowerCase(), lower(target)), negated: true },
  stringlike: { match: globMatches, negated: false },
  stringnotlike: { match: globMatches, negated: true },
  arnequals: { match: arnMatches, negated: false },
  arnlike: { match: arnMatches, negated: false },
  arnnotequals: { match: arnMatches, negated: true },
  arnnotlike: { match: arnMatches, negated: true },
};

const lower = (target: MatchTarget): MatchTarget => ({ ...target, literal: target.literal.toLowerCase() });

/** Keys an invocation by API Gateway never carries: a condition on them is one on an absent key. */
const ABSENT_KEYS = new Set(['lambda:functionurlauthtype', 'lambda:eventsourcetoken', 'aws:principalorgid', 'aws:principalorgpaths']);

interface ConditionPart extends Part {
  readonly sourceArnPatterns: readonly string[];
}

/** Every operator, and every key under it, must hold; a key's values are alternatives. */
function conditionMatch(condition: unknown, request: InvokeRequest): ConditionPart {
  if (condition === undefined) return { value: 'yes', sourceArnPatterns: [] };
  if (!isPlainObject(condition)) return { value: 'maybe', reason: 'its Condition is not a JSON object', sourceArnPatterns: [] };
  let value: Tri = 'yes';
  let reason: string | undefined;
  const sourceArnPatterns: string[] = [];
  for (const [operatorName, keys] of Object.entries(condition)) {
    const ifExists = /IfExists$/i.test(operatorName);
    const operator = OPERATORS[operatorName.replace(/IfExists$/i, '').toLowerCase()];
    if (operator === undefined || !isPlainObject(keys)) {
      value = and(value, 'maybe');
      reason ??= operator === undefined ? `its condition operator ${operatorName} is not one gatewarden evaluates` : `its ${operatorName} condition is not a JSON object`;
      continue;
    }
    for (const [key, raw] of Object.entries(keys)) {
      const values = typeof raw === 'number' || typeof raw === 'boolean' ? [String(raw)] : stringsOf(raw);
      const target = contextValue(key, request);
      if (values === undefined || target === 'unknown') {
        value = and(value, 'maybe');
        reason ??= values === undefined ? `its ${operatorName} ${key} values are not strings` : `its condition key ${key} is not one gatewarden evaluates`;
        continue;
      }
      if (target === undefined) {
        value = and(value, operator.negated || ifExists ? 'yes' : 'no');
        continue;
      }
      const matched = values.filter((pattern) => operator.match(pattern, target) !== 'no');
      const any = values.reduce<Tri>((found, pattern) => or(found, operator.match(pattern, target)), 'no');
      if (key.toLowerCase() === 'aws:sourcearn' && !operator.negated) sourceArnPatterns.push(...matched);
      value = and(value, operator.negated ? not(any) : any);
    }
  }
  return { value, ...(reason !== undefined && { reason }), sourceArnPatterns };
}

/** Condition keys are case-insensitive. `undefined`: the request does not carry the key. */
function contextValue(key: string, request: InvokeRequest): MatchTarget | undefined | 'unknown' {
  const name = key.toLowerCase();
  if (name === 'aws:sourcearn') return request.sourceArn;
  if (name === 'aws:sourceaccount') return { literal: request.sourceAccount };
  return ABSENT_KEYS.has(name) ? undefined : 'unknown';
}
