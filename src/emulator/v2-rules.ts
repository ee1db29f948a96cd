/**
 * apigatewayv2 authorizer validation (docs/aws-behaviour.md#http-apis and #websocket-apis), applied to
 * creates and to the merged result of updates. AWS's own texts where they are recorded; [I] marks texts of our own wording.
 * Returns the members that apply to the type: AWS does not echo e.g. a JWT authorizer's TTL.
 */
import { checkLambdaUri, checkName, invalidIdentitySource } from './authorizer-rules.js';
import { badRequest, constraintViolation } from './errors.js';
import type { JwtConfiguration, ProtocolType, V2AuthorizerMembers } from './model.js';
import { compact } from './context.js';
import {
  optionalBoolean,
  optionalInteger,
  optionalObject,
  optionalString,
  optionalStringList,
  type Params,
} from './params.js';

/** Authorizer members as a client sent them: types checked, values not yet. */
export interface V2AuthorizerDraft extends Omit<V2AuthorizerMembers, 'authorizerType'> {
  readonly authorizerType?: string;
}

const V2_MESSAGES = {
  payloadVersionRequired: 'AuthorizerPayloadFormatVersion is a required parameter for REQUEST authorizer',
  simpleResponsesNeed20: 'EnableSimpleResponses can only be set for AuthorizerPayloadFormatVersion "2.0".',
  cachingNeedsIdentitySource: 'Identity source must be set if authorizer caching is enabled (TTL is greater than 0)',
  webSocketTtl: 'AuthorizerResultTtlInSeconds cannot be set for WEBSOCKET protocol Apis.',
  // [I] below: worded after the recorded texts above.
  webSocketPayloadVersion: 'AuthorizerPayloadFormatVersion cannot be set for WEBSOCKET protocol Apis.',
  webSocketSimpleResponses: 'EnableSimpleResponses cannot be set for WEBSOCKET protocol Apis.',
  webSocketJwt: 'JWT authorizers are supported only for HTTP protocol Apis.',
  uriRequired: 'AuthorizerUri is a required parameter for REQUEST authorizer',
  jwtConfigurationRequired: 'JwtConfiguration is a required parameter for JWT authorizer',
  issuerRequired: 'Issuer is a required parameter for JWT authorizer',
  jwtSingleIdentitySource: 'JWT authorizers require exactly one identity source',
  tooManyAudiences: 'JWT authorizers support at most 50 audiences',
} as const;

const REQUEST_SOURCES: Readonly<Record<ProtocolType, RegExp>> = {
  HTTP: /^\$(request\.(header|querystring)|context|stageVariables)\.\S+$/,
  WEBSOCKET: /^(route\.request\.(header|querystring)|context|stageVariables)\.\S+$/,
};
const JWT_SOURCE = /^\$request\.(header|querystring)\.\S+$/;
/** String members that `""` clears on UpdateAuthorizer (Terraform clears the credentials ARN this way). */
const CLEARABLE: ReadonlySet<string> = new Set([
  'authorizerUri',
  'authorizerCredentialsArn',
  'authorizerPayloadFormatVersion',
  'identityValidationExpression',
]);

export function readV2Draft(params: Params, input: string): V2AuthorizerDraft {
  const jwt = optionalObject(params, 'jwtConfiguration', input);
  return compact({
    authorizerType: optionalString(params, 'authorizerType', input),
    name: optionalString(params, 'name', input),
    identitySource: optionalStringList(params, 'identitySource', input),
    authorizerUri: optionalString(params, 'authorizerUri', input),
    authorizerCredentialsArn: optionalString(params, 'authorizerCredentialsArn', input),
    authorizerPayloadFormatVersion: optionalString(params, 'authorizerPayloadFormatVersion', input),
    authorizerResultTtlInSeconds: optionalInteger(params, 'authorizerResultTtlInSeconds', input),
    enableSimpleResponses: optionalBoolean(params, 'enableSimpleResponses', input),
    identityValidationExpression: optionalString(params, 'identityValidationExpression', input),
    jwtConfiguration: jwt === undefined ? undefined : readJwt(jwt, `${input}.jwtConfiguration`),
  });
}

function readJwt(jwt: Record<string, unknown>, input: string): JwtConfiguration {
  return compact({ audience: optionalStringList(jwt, 'audience', input), issuer: optionalString(jwt, 'issuer', input) });
}

/** UpdateAuthorizer is a merge: present members replace, `""` clears, `jwtConfiguration` is replaced whole [I] (docs/aws-behaviour.md#unverified-choices). */
export function mergeV2Draft(current: V2AuthorizerMembers, change: V2AuthorizerDraft): V2AuthorizerDraft {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(change)) {
    if (value === '' && CLEARABLE.has(key)) delete merged[key];
    else merged[key] = value;
  }
  return merged as V2AuthorizerDraft;
}

export function checkV2Authorizer(protocol: ProtocolType, draft: V2AuthorizerDraft, input: string): V2AuthorizerMembers {
  const type = draft.authorizerType;
  if (type === undefined) throw constraintViolation(undefined, `${input}.authorizerType`, 'Member must not be null');
  if (type !== 'REQUEST' && type !== 'JWT') {
    throw constraintViolation(type, `${input}.authorizerType`, 'Member must satisfy enum value set: [REQUEST, JWT]');
  }
  checkName(draft.name, input);
  if (protocol === 'WEBSOCKET') return checkWebSocketRequest(type, draft);
  return type === 'JWT' ? checkJwt(draft) : checkHttpRequest(draft, input);
}

function checkHttpRequest(draft: V2AuthorizerDraft, input: string): V2AuthorizerMembers {
  const authorizerUri = checkUri(draft.authorizerUri);
  const version = draft.authorizerPayloadFormatVersion;
  if (version === undefined) throw badRequest(V2_MESSAGES.payloadVersionRequired);
  if (version !== '1.0' && version !== '2.0') {
    throw badRequest(`Invalid AuthorizerPayloadFormatVersion ${version}. Valid values are 1.0 and 2.0.`); // [I]
  }
  if (draft.enableSimpleResponses === true && version !== '2.0') throw badRequest(V2_MESSAGES.simpleResponsesNeed20);
  const ttl = draft.authorizerResultTtlInSeconds;
  if (ttl !== undefined) checkTtlRange(ttl, `${input}.authorizerResultTtlInSeconds`);
  const sources = draft.identitySource;
  checkSources(sources ?? [], REQUEST_SOURCES.HTTP);
  // Caching keys on the identity sources, so AWS refuses a cache without any.
  if ((ttl ?? 0) > 0 && (sources ?? []).length === 0) throw badRequest(V2_MESSAGES.cachingNeedsIdentitySource);
  return compact({
    authorizerType: 'REQUEST',
    name: draft.name,
    authorizerUri,
    authorizerCredentialsArn: draft.authorizerCredentialsArn,
    authorizerPayloadFormatVersion: version,
    authorizerResultTtlInSeconds: ttl,
    enableSimpleResponses: draft.enableSimpleResponses,
    identitySource: sources,
    identityValidationExpression: draft.identityValidationExpression,
  });
}

/** JWT drops Lambda-only members: AWS does not echo them (docs/aws-behaviour.md#unverified-choices). */
function checkJwt(draft: V2AuthorizerDraft): V2AuthorizerMembers {
  const jwt = draft.jwtConfiguration;
  if (jwt === undefined) throw badRequest(V2_MESSAGES.jwtConfigurationRequired);
  if (jwt.issuer === undefined || jwt.issuer === '') throw badRequest(V2_MESSAGES.issuerRequired);
  if (!/^https:\/\/\S+$/.test(jwt.issuer) || jwt.issuer.length > 2048) {
    throw badRequest(`Invalid issuer ${jwt.issuer}. Issuer must have a valid https URL.`); // [I]
  }
  if ((jwt.audience ?? []).length > 50) throw badRequest(V2_MESSAGES.tooManyAudiences);
  const sources = draft.identitySource ?? [];
  if (sources.length !== 1) throw badRequest(V2_MESSAGES.jwtSingleIdentitySource);
  checkSources(sources, JWT_SOURCE);
  return compact({
    authorizerType: 'JWT',
    name: draft.name,
    identitySource: sources,
    identityValidationExpression: draft.identityValidationExpression,
    jwtConfiguration: compact({ audience: jwt.audience, issuer: jwt.issuer }),
  });
}

function checkWebSocketRequest(type: 'REQUEST' | 'JWT', draft: V2AuthorizerDraft): V2AuthorizerMembers {
  if (type === 'JWT') throw badRequest(V2_MESSAGES.webSocketJwt);
  if (draft.authorizerResultTtlInSeconds !== undefined) throw badRequest(V2_MESSAGES.webSocketTtl);
  if (draft.authorizerPayloadFormatVersion !== undefined) throw badRequest(V2_MESSAGES.webSocketPayloadVersion);
  if (draft.enableSimpleResponses === true) throw badRequest(V2_MESSAGES.webSocketSimpleResponses);
  const authorizerUri = checkUri(draft.authorizerUri);
  checkSources(draft.identitySource ?? [], REQUEST_SOURCES.WEBSOCKET);
  return compact({
    authorizerType: 'REQUEST',
    name: draft.name,
    authorizerUri,
    authorizerCredentialsArn: draft.authorizerCredentialsArn,
    identitySource: draft.identitySource,
    identityValidationExpression: draft.identityValidationExpression,
  });
}

function checkUri(uri: string | undefined): string {
  if (uri === undefined) throw badRequest(V2_MESSAGES.uriRequired);
  return checkLambdaUri(uri);
}

function checkSources(sources: readonly string[], pattern: RegExp): void {
  for (const source of sources) {
    if (!pattern.test(source)) throw invalidIdentitySource(source);
  }
}

function checkTtlRange(ttl: number, member: string): void {
  if (ttl < 0) throw constraintViolation(ttl, member, 'Member must have value greater than or equal to 0');
  if (ttl > 3600) throw constraintViolation(ttl, member, 'Member must have value less than or equal to 3600');
}
