/**
 * Seed files: the APIs, stages and authorizers an emulator starts with (YAML or JSON).
 * `parseSeed` checks the structure and reports every problem with its file:line:col;
 * `EmulatorStore.seed` then puts each authorizer through CreateAuthorizer's own rules.
 */
import { formatLocation } from '../core/location.js';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { API_ID, SHORT_ID } from './ids.js';
import type { EndpointType, RestAuthorizationType, RestAuthorizerMembers, V2AuthorizationType, V2AuthorizerMembers } from './model.js';
import { checkLambdaFunctions, type SeedFunction } from './lambda-seed.js';
import { isPlainObject } from './params.js';
import { anything, checkKeys, checkList, flag, memberMaps, oneOf, pattern, stringList, stringMap, text, type Check, type Part, type Path, type Report } from './seed-checks.js';

/**
 * Members, by authorizer name, in which the stage's deployment differs from the live authorizers:
 * the stage runs an older configuration until it is redeployed (for a stage that does not deploy by
 * itself; a v2 stage without a deployment gets one).
 */
export type SeedDeployedAuthorizers = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export interface SeedV2Stage {
  readonly name: string;
  readonly deployedAuthorizers?: SeedDeployedAuthorizers;
  readonly autoDeploy?: boolean;
  readonly deploymentId?: string;
  readonly description?: string;
  readonly stageVariables?: Readonly<Record<string, string>>;
}

export interface SeedRestStage {
  readonly name: string;
  readonly deployedAuthorizers?: SeedDeployedAuthorizers;
  /** REST stages always point at a deployment; one is made when absent. */
  readonly deploymentId?: string;
  readonly description?: string;
  readonly variables?: Readonly<Record<string, string>>;
}

interface SeedOnlyMembers {
  /** Fixes the authorizer id (6 lowercase alphanumerics); generated otherwise. */
  readonly id?: string;
  /**
   * Shorthand for `routes`/`methods`: route keys (v2, e.g. `GET /pets`, `$connect`) or methods (REST,
   * e.g. `GET /pets`) that use it, with the authorization type its kind needs.
   */
  readonly referencedBy?: readonly string[];
}

export type SeedV2Authorizer = V2AuthorizerMembers & SeedOnlyMembers;

/** A route or method; `authorizer` names a seeded authorizer of the same API. */
interface SeedAttachment {
  readonly authorizer?: string;
  readonly authorizationScopes?: readonly string[];
}
export interface SeedV2Route extends SeedAttachment {
  readonly key: string;
  /** Default: what the authorizer's kind needs (JWT or CUSTOM), NONE without an authorizer. */
  readonly authorizationType?: V2AuthorizationType;
}
export interface SeedRestMethod extends SeedAttachment {
  /** `GET /pets`: resources along the path are made. */
  readonly key: string;
  /** Default: what the authorizer's kind needs (CUSTOM or COGNITO_USER_POOLS), NONE without an authorizer. */
  readonly authorizationType?: RestAuthorizationType;
}
export type SeedRestAuthorizer = RestAuthorizerMembers & SeedOnlyMembers;

interface SeedApiCommon {
  /** Defaults to the store's default region. */
  readonly region?: string;
  /** Fixes the API id (10 lowercase alphanumerics); generated otherwise. */
  readonly id?: string;
  readonly name: string;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface SeedV2Api extends SeedApiCommon {
  readonly type: 'http' | 'websocket';
  readonly stages?: readonly SeedV2Stage[];
  readonly authorizers?: readonly SeedV2Authorizer[];
  readonly routes?: readonly SeedV2Route[];
}

export interface SeedRestApi extends SeedApiCommon {
  readonly type: 'rest';
  readonly endpointType?: EndpointType;
  readonly stages?: readonly SeedRestStage[];
  readonly authorizers?: readonly SeedRestAuthorizer[];
  readonly methods?: readonly SeedRestMethod[];
}

export type SeedApi = SeedV2Api | SeedRestApi;

export interface EmulatorSeed {
  /** Where the seed came from, named in the store's errors. */
  readonly source?: string;
  /** The account the emulator's credentials belong to (STS GetCallerIdentity); 12 digits. */
  readonly account?: string;
  readonly apis: readonly SeedApi[];
  /** Lambda functions, with their versions, aliases and resource-based policies. */
  readonly functions?: readonly SeedFunction[];
}

export class EmulatorSeedError extends Error {
  constructor(
    readonly source: string,
    readonly issues: readonly string[],
  ) {
    super(`Invalid emulator seed ${source}:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'EmulatorSeedError';
  }
}

const V2_AUTHORIZER_MEMBERS = [
  'authorizerType', 'name', 'identitySource', 'authorizerUri', 'authorizerCredentialsArn', 'authorizerPayloadFormatVersion',
  'authorizerResultTtlInSeconds', 'enableSimpleResponses', 'identityValidationExpression', 'jwtConfiguration',
];
const REST_AUTHORIZER_MEMBERS = [
  'name', 'type', 'providerARNs', 'authType', 'authorizerUri', 'authorizerCredentials', 'identitySource',
  'identityValidationExpression', 'authorizerResultTtlInSeconds',
];

const V2_API_KEYS: Readonly<Record<string, Check>> = {
  type: anything,
  region: pattern(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'a region such as eu-west-1'),
  id: pattern(API_ID, '10 lowercase letters or digits'),
  name: text,
  description: text,
  tags: stringMap,
  stages: anything,
  authorizers: anything,
};
const API_KEYS: Readonly<Record<SeedApi['type'], Readonly<Record<string, Check>>>> = {
  http: { ...V2_API_KEYS, routes: anything },
  websocket: { ...V2_API_KEYS, routes: anything },
  rest: { ...V2_API_KEYS, methods: anything, endpointType: oneOf(['EDGE', 'REGIONAL', 'PRIVATE']) },
};

const STAGE_KEYS: Readonly<Record<'v2' | 'rest', Readonly<Record<string, Check>>>> = {
  v2: { name: text, autoDeploy: flag, deploymentId: text, description: text, stageVariables: stringMap, deployedAuthorizers: memberMaps },
  rest: { name: text, deploymentId: text, description: text, variables: stringMap, deployedAuthorizers: memberMaps },
};

const METHOD_REFERENCE = /^[A-Z]+ \/\S*$/;
const SEED_ONLY_KEYS: Readonly<Record<string, Check>> = { id: pattern(SHORT_ID, '6 lowercase letters or digits'), referencedBy: stringList };
// Authorizer member values are checked by the store with CreateAuthorizer's rules; here only their names.
const AUTHORIZER_KEYS: Readonly<Record<'v2' | 'rest', Readonly<Record<string, Check>>>> = {
  v2: { ...Object.fromEntries(V2_AUTHORIZER_MEMBERS.map((key) => [key, anything])), ...SEED_ONLY_KEYS },
  rest: {
    ...Object.fromEntries(REST_AUTHORIZER_MEMBERS.map((key) => [key, anything])),
    ...SEED_ONLY_KEYS,
    referencedBy: (value) =>
      stringList(value) ?? ((value as string[]).every((item) => METHOD_REFERENCE.test(item)) ? undefined : "expected methods such as 'GET /pets'"),
  },
};

const ROUTE_KEYS: Readonly<Record<string, Check>> = {
  key: text,
  authorizer: text,
  authorizationType: oneOf(['NONE', 'AWS_IAM', 'CUSTOM', 'JWT']),
  authorizationScopes: stringList,
};
const METHOD_KEYS: Readonly<Record<string, Check>> = {
  ...ROUTE_KEYS,
  key: pattern(METHOD_REFERENCE, "a method such as 'GET /pets'"),
  authorizationType: oneOf(['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS']),
};

export function parseSeed(source: string, fileName: string): EmulatorSeed {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false });
  const issues: string[] = [];
  const locate = (path: Path, part: Part): string => locationOf(document, lineCounter, fileName, path, part);
  for (const error of document.errors) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    issues.push(`${formatLocation({ file: fileName, line, col })}: ${error.message}`);
  }
  if (issues.length > 0) throw new EmulatorSeedError(fileName, issues);
  const value: unknown = document.toJS();
  const report: Report = (path, message, part = 'value') => {
    issues.push(`${locate(path, part)}: ${formatPath(path)}: ${message}`);
  };
  checkRoot(value, report);
  if (issues.length > 0) throw new EmulatorSeedError(fileName, issues);
  const { apis, account, functions } = value as { apis: SeedApi[]; account?: string; functions?: SeedFunction[] };
  return { source: fileName, ...(account !== undefined && { account }), apis, ...(functions !== undefined && { functions }) };
}

function checkRoot(value: unknown, report: Report): void {
  if (!isPlainObject(value)) return report([], 'expected a mapping with an `apis` list');
  checkKeys(value, { apis: anything, account: anything, functions: anything }, [], report);
  checkLambdaFunctions(value.functions, report);
  if (value.account !== undefined && (typeof value.account !== 'string' || !/^\d{12}$/.test(value.account))) {
    report(['account'], 'expected a 12-digit account id in quotes, e.g. "123456789012"');
  }
  if (!Array.isArray(value.apis)) return report(['apis'], 'expected a list of APIs');
  value.apis.forEach((api, index) => checkApi(api, ['apis', index], report));
}

function checkApi(api: unknown, path: Path, report: Report): void {
  if (!isPlainObject(api)) return report(path, 'expected a mapping');
  const type = api.type;
  if (type !== 'http' && type !== 'websocket' && type !== 'rest') {
    return report([...path, 'type'], 'expected one of http, websocket, rest');
  }
  if (api.name === undefined) report([...path], 'missing `name`');
  checkKeys(api, API_KEYS[type], path, report);
  const family = type === 'rest' ? 'rest' : 'v2';
  checkList(api.stages, [...path, 'stages'], report, (stage, at) => {
    if (stage.name === undefined) report(at, 'missing `name`');
    checkKeys(stage, STAGE_KEYS[family], at, report);
  });
  checkList(api.authorizers, [...path, 'authorizers'], report, (authorizer, at) => checkKeys(authorizer, AUTHORIZER_KEYS[family], at, report));
  const [member, keys] = family === 'rest' ? ['methods', METHOD_KEYS] : ['routes', ROUTE_KEYS];
  checkList(api[member], [...path, member], report, (item, at) => {
    if (item.key === undefined) report(at, 'missing `key`');
    checkKeys(item, keys, at, report);
  });
}

function formatPath(path: Path): string {
  if (path.length === 0) return '(root)';
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

function locationOf(document: Document, lineCounter: LineCounter, fileName: string, path: Path, part: Part): string {
  const at = (range: readonly number[] | null | undefined): string | undefined => {
    if (range === undefined || range === null || range[0] === undefined) return undefined;
    const { line, col } = lineCounter.linePos(range[0]);
    return formatLocation({ file: fileName, line, col });
  };
  if (part === 'key' && path.length > 0) {
    const parent: unknown = document.getIn(path.slice(0, -1), true);
    const key = path[path.length - 1];
    const pair = isMap(parent) ? parent.items.find((item) => isScalar(item.key) && item.key.value === key) : undefined;
    const found = isScalar(pair?.key) ? at(pair.key.range) : undefined;
    if (found !== undefined) return found;
  }
  // The node itself, or the nearest ancestor that exists (a missing key points at its mapping).
  for (let length = path.length; length >= 0; length -= 1) {
    const node: unknown = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
    const found = at((node as { range?: readonly number[] } | null | undefined)?.range);
    if (found !== undefined) return found;
  }
  return fileName;
}
