/**
 * Lambda functions in seed files: what authorizers invoke, with versions, aliases and resource-based
 * policies. A policy may be anything (a mapping is stored as its JSON, a string as it is), so tests can
 * give clients the odd policies AWS users write, and some AWS would never answer.
 */
import type { OperationContext } from './context.js';
import { newRevisionId } from './lambda.js';
import { LATEST, type LambdaFunctionState } from './lambda-state.js';
import { isPlainObject } from './params.js';
import { anything, checkKeys, checkList, pattern, text, type Check, type Report } from './seed-checks.js';

export interface SeedFunction {
  readonly name: string;
  /** Default: the store's default region. */
  readonly region?: string;
  readonly runtime?: string;
  readonly handler?: string;
  /** The execution role; default `arn:aws:iam::{account}:role/{name}-role`. */
  readonly role?: string;
  /** Published versions besides `$LATEST`, e.g. `[1, 2]`. */
  readonly versions?: readonly (string | number)[];
  /** Alias name → the version it points at (`$LATEST` or a published one). */
  readonly aliases?: Readonly<Record<string, string | number>>;
  /** The function's own (unqualified) resource-based policy. */
  readonly policy?: unknown;
  /** Policies of versions and aliases, by qualifier. */
  readonly policies?: Readonly<Record<string, unknown>>;
}

const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const ALIAS_NAME = /^(?!\d+$)[a-zA-Z0-9_-]{1,128}$/;
const versionOf = (value: unknown): string | undefined =>
  (typeof value === 'number' && Number.isInteger(value) && value > 0) || (typeof value === 'string' && /^[1-9]\d*$/.test(value)) ? String(value) : undefined;

const versionList: Check = (value) =>
  Array.isArray(value) && value.every((item) => versionOf(item) !== undefined) ? undefined : 'expected a list of version numbers, e.g. [1, 2]';
const aliasMap: Check = (value) => {
  if (!isPlainObject(value)) return 'expected a mapping from alias names to versions, e.g. { live: 2 }';
  const bad = Object.keys(value).find((alias) => !ALIAS_NAME.test(alias));
  if (bad !== undefined) return `alias '${bad}' is not a valid alias name (letters, digits, - and _, not only digits)`;
  return Object.values(value).every((version) => version === LATEST || versionOf(version) !== undefined) ? undefined : 'expected each alias to point at $LATEST or a version number';
};

const FUNCTION_KEYS: Readonly<Record<string, Check>> = {
  name: pattern(FUNCTION_NAME, 'a function name of letters, digits, - and _ (at most 64)'),
  region: pattern(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'a region such as eu-west-1'),
  runtime: text,
  handler: text,
  role: pattern(/^arn:aws[a-z-]*:iam::\d{12}:role\/\S+$/, 'an IAM role ARN'),
  versions: versionList,
  aliases: aliasMap,
  policy: anything,
  policies: (value) => (isPlainObject(value) ? undefined : 'expected a mapping from versions or aliases to policies'),
};

export function checkLambdaFunctions(value: unknown, report: Report): void {
  checkList(value, ['functions'], report, (fn, at) => {
    if (fn.name === undefined) report(at, 'missing `name`');
    checkKeys(fn, FUNCTION_KEYS, at, report);
    const versions = new Set([LATEST, ...(Array.isArray(fn.versions) ? fn.versions.map((version) => versionOf(version) ?? '') : [])]);
    for (const [alias, version] of Object.entries(isPlainObject(fn.aliases) ? fn.aliases : {})) {
      const known = version === LATEST ? LATEST : versionOf(version);
      if (known !== undefined && !versions.has(known)) report([...at, 'aliases', alias], `points at version ${known}, which \`versions\` does not list`);
    }
    const aliases = new Set(Object.keys(isPlainObject(fn.aliases) ? fn.aliases : {}));
    for (const qualifier of Object.keys(isPlainObject(fn.policies) ? fn.policies : {})) {
      if (!versions.has(qualifier) && !aliases.has(qualifier)) report([...at, 'policies', qualifier], 'names neither a listed version nor an alias');
    }
  });
}

/** Adds the seed's functions; a name used twice in a region is an error the caller reports with the seed's name. */
export function insertSeedFunction(ctx: OperationContext, seed: SeedFunction, lastModified: string): void {
  if (ctx.state.functions.has(seed.name)) throw new Error(`function '${seed.name}' is seeded twice in ${ctx.region}`);
  const version = (name: string) => [name, { version: name, revisionId: newRevisionId(ctx), lastModified }] as const;
  const policyText = (policy: unknown): string => (typeof policy === 'string' ? policy : JSON.stringify(policy));
  const fn: LambdaFunctionState = {
    name: seed.name,
    runtime: seed.runtime ?? 'nodejs22.x',
    handler: seed.handler ?? 'index.handler',
    role: seed.role ?? `arn:aws:iam::${ctx.accountId}:role/${seed.name}-role`,
    versions: new Map([version(LATEST), ...(seed.versions ?? []).map((item) => version(String(item)))]),
    aliases: new Map(Object.entries(seed.aliases ?? {}).map(([name, target]) => [name, { name, functionVersion: String(target), revisionId: newRevisionId(ctx) }])),
    policies: new Map([
      ...(seed.policy === undefined ? [] : [[LATEST, policyText(seed.policy)] as const]),
      ...Object.entries(seed.policies ?? {}).map(([qualifier, policy]) => [qualifier, policyText(policy)] as const),
    ]),
  };
  ctx.state.functions.set(seed.name, fn);
}

/** Lambda's `LastModified` format: `2024-03-01T12:00:00.000+0000`. */
export function lambdaTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}
