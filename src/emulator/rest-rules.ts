/**
 * apigateway v1 (REST) authorizer validation (docs/aws-behaviour.md#rest-apis) and UpdateAuthorizer
 * patch operations (#patch-operations). AWS's own texts where recorded; [I] marks texts of our own wording.
 */
import { checkLambdaUri, checkName, invalidIdentitySource } from './authorizer-rules.js';
import { badRequest, restConstraintViolation } from './errors.js';
import type { PatchOperation, RestAuthorizerMembers, RestAuthorizerType } from './model.js';
import { compact } from './context.js';
import { isPlainObject, optionalInteger, optionalString, optionalStringList, type Params } from './params.js';

export interface RestAuthorizerDraft extends Omit<RestAuthorizerMembers, 'type'> {
  readonly type?: string;
}

const TYPES: readonly RestAuthorizerType[] = ['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS'];
const HEADER_SOURCE = /^method\.request\.header\.[a-zA-Z0-9._-]+$/;
const REQUEST_SOURCE = /^(method\.request\.(header|querystring)|stageVariables|context)\.\S+$/;
const USER_POOL_ARN = /^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/\S+$/;

const REST_MESSAGES = {
  cachingNeedsIdentitySource: 'Identity source must be set if authorizer caching is enabled (TTL is greater than 0)',
  tokenSource: (source: string): string =>
    `Invalid token source expression: ${source}. The source must be a method request header, matching 'method.request.header.[a-zA-Z0-9._-]+'.`,
  // [I] below.
  uriRequired: (type: string): string => `AuthorizerUri is a required parameter for ${type} authorizer`,
  identitySourceRequired: (type: string): string => `IdentitySource is a required parameter for ${type} authorizer`,
  providerArnsRequired: 'ProviderARNs is a required parameter for COGNITO_USER_POOLS authorizer',
  ttlRange: (value: string): string =>
    `Invalid value for authorizerResultTtlInSeconds: ${value}. The value must be an integer between 0 and 3600.`,
} as const;

/** Paths `replace` accepts (Terraform's production list plus `/authType`, which moto also takes). */
const REPLACEABLE_PATHS = [
  '/name',
  '/type',
  '/authType',
  '/authorizerUri',
  '/authorizerCredentials',
  '/identitySource',
  '/identityValidationExpression',
  '/authorizerResultTtlInSeconds',
] as const;
type ReplaceablePath = (typeof REPLACEABLE_PATHS)[number];

export function readRestDraft(params: Params, input: string): RestAuthorizerDraft {
  return compact({
    name: optionalString(params, 'name', input, restConstraintViolation),
    type: optionalString(params, 'type', input, restConstraintViolation),
    providerARNs: optionalStringList(params, 'providerARNs', input, restConstraintViolation),
    authType: optionalString(params, 'authType', input, restConstraintViolation),
    authorizerUri: optionalString(params, 'authorizerUri', input, restConstraintViolation),
    authorizerCredentials: optionalString(params, 'authorizerCredentials', input, restConstraintViolation),
    identitySource: optionalString(params, 'identitySource', input, restConstraintViolation),
    identityValidationExpression: optionalString(params, 'identityValidationExpression', input, restConstraintViolation),
    authorizerResultTtlInSeconds: optionalInteger(params, 'authorizerResultTtlInSeconds', input, restConstraintViolation),
  });
}

/**
 * `origin` matters for one AWS quirk: CreateAuthorizer ignores a Cognito authorizer's credentials,
 * which only a later patch can set (terraform issue #16613).
 */
export function checkRestAuthorizer(draft: RestAuthorizerDraft, input: string, origin: 'create' | 'patch'): RestAuthorizerMembers {
  const type = checkType(draft.type, `${input}.type`);
  checkName(draft.name, input, restConstraintViolation);
  const ttl = draft.authorizerResultTtlInSeconds;
  if (ttl !== undefined && (ttl < 0 || ttl > 3600)) throw badRequest(REST_MESSAGES.ttlRange(String(ttl)));
  const common = { name: draft.name, type, authType: draft.authType, authorizerResultTtlInSeconds: ttl };
  switch (type) {
    case 'TOKEN':
      return compact({
        ...common,
        authorizerUri: requireUri(draft, type),
        authorizerCredentials: draft.authorizerCredentials,
        identitySource: requireHeaderSource(draft, type),
        identityValidationExpression: draft.identityValidationExpression,
      });
    case 'REQUEST':
      // identityValidationExpression "does not apply to REQUEST" [M], so it is not kept.
      return compact({
        ...common,
        authorizerUri: requireUri(draft, type),
        authorizerCredentials: draft.authorizerCredentials,
        identitySource: checkRequestSources(draft),
      });
    case 'COGNITO_USER_POOLS':
      // authorizerUri is "not used" by Cognito authorizers [M], so it is not kept.
      return compact({
        ...common,
        providerARNs: checkProviderArns(draft.providerARNs),
        authorizerCredentials: origin === 'patch' ? draft.authorizerCredentials : undefined,
        identitySource: requireHeaderSource(draft, type),
        identityValidationExpression: draft.identityValidationExpression,
      });
  }
}

function checkType(type: string | undefined, member: string): RestAuthorizerType {
  if (type === undefined) throw restConstraintViolation(undefined, member, 'Member must not be null');
  const known = TYPES.find((candidate) => candidate === type);
  if (known === undefined) throw restConstraintViolation(type, member, `Member must satisfy enum value set: [${TYPES.join(', ')}]`);
  return known;
}

function requireUri(draft: RestAuthorizerDraft, type: RestAuthorizerType): string {
  const uri = draft.authorizerUri;
  if (uri === undefined) throw badRequest(REST_MESSAGES.uriRequired(type));
  return checkLambdaUri(uri);
}

function requireHeaderSource(draft: RestAuthorizerDraft, type: RestAuthorizerType): string {
  const source = draft.identitySource;
  if (source === undefined) throw badRequest(REST_MESSAGES.identitySourceRequired(type));
  if (!HEADER_SOURCE.test(source)) throw badRequest(REST_MESSAGES.tokenSource(source));
  return source;
}

function checkRequestSources(draft: RestAuthorizerDraft): string | undefined {
  const source = draft.identitySource;
  const entries = source === undefined ? [] : source.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    if (!REQUEST_SOURCE.test(entry)) throw invalidIdentitySource(entry);
  }
  // The TTL defaults to 300, so leaving out both fields asks for a cache without a key [I].
  if ((draft.authorizerResultTtlInSeconds ?? 300) > 0 && entries.length === 0) {
    throw badRequest(REST_MESSAGES.cachingNeedsIdentitySource);
  }
  return source;
}

function checkProviderArns(arns: readonly string[] | undefined): readonly string[] {
  if (arns === undefined || arns.length === 0) throw badRequest(REST_MESSAGES.providerArnsRequired);
  for (const arn of arns) {
    if (!USER_POOL_ARN.test(arn)) throw badRequest(`Invalid Cognito user pool ARN specified: ${arn}`); // [I]
  }
  return arns;
}

// ---------- patch operations ----------

const PATH_MEMBERS: Readonly<Record<ReplaceablePath, keyof RestAuthorizerDraft>> = {
  '/name': 'name',
  '/type': 'type',
  '/authType': 'authType',
  '/authorizerUri': 'authorizerUri',
  '/authorizerCredentials': 'authorizerCredentials',
  '/identitySource': 'identitySource',
  '/identityValidationExpression': 'identityValidationExpression',
  '/authorizerResultTtlInSeconds': 'authorizerResultTtlInSeconds',
};

type MutableDraft = { -readonly [K in keyof RestAuthorizerDraft]: RestAuthorizerDraft[K] };

/**
 * Applies the operations in order to a copy of `current`. A Cognito authorizer may not be left
 * without provider ARNs at any step (Terraform adds before it removes for this reason).
 */
export function applyPatch(current: RestAuthorizerMembers, operations: unknown): RestAuthorizerDraft {
  const draft: MutableDraft = structuredClone(current);
  for (const operation of readOperations(operations)) {
    applyOperation(draft, operation, current.type);
    if (draft.type === 'COGNITO_USER_POOLS' && (draft.providerARNs ?? []).length === 0) {
      throw badRequest(REST_MESSAGES.providerArnsRequired);
    }
  }
  return draft;
}

function readOperations(operations: unknown): PatchOperation[] {
  if (operations === undefined || operations === null) return [];
  const list = Array.isArray(operations) ? operations : [operations];
  return list.map((operation, index) => {
    const member = `updateAuthorizerInput.patchOperations.${index + 1}`;
    if (!isPlainObject(operation)) throw restConstraintViolation(operation, member, 'Member must be a structure');
    for (const key of ['op', 'path', 'value', 'from']) optionalString(operation, key, member, restConstraintViolation);
    return operation as PatchOperation;
  });
}

function applyOperation(draft: MutableDraft, operation: PatchOperation, originalType: RestAuthorizerType | undefined): void {
  const { op, path } = operation;
  if (op === 'replace') {
    const member = REPLACEABLE_PATHS.find((candidate) => candidate === path);
    if (member === undefined) {
      throw badRequest(`Invalid patch path  '${String(path)}' specified for op 'replace'. Must be one of: [${REPLACEABLE_PATHS.join(', ')}]`);
    }
    replaceMember(draft, PATH_MEMBERS[member], operation.value ?? '', originalType);
    return;
  }
  if ((op === 'add' || op === 'remove') && path === '/providerARNs') {
    draft.providerARNs = editProviderArns(draft.providerARNs ?? [], op, operation.value);
    return;
  }
  throw badRequest(`Invalid patch path  '${String(path)}' specified for op '${String(op)}'. Please choose supported operations`);
}

function replaceMember(draft: MutableDraft, member: keyof RestAuthorizerDraft, value: string, originalType: RestAuthorizerType | undefined): void {
  if (member === 'type') {
    checkTypeChange(originalType, value);
    draft.type = value;
  } else if (member === 'name') {
    draft.name = value;
  } else if (value === '') {
    // "" clears an optional member; the create rules then decide whether it was needed.
    delete draft[member];
  } else if (member === 'authorizerResultTtlInSeconds') {
    draft.authorizerResultTtlInSeconds = parseTtl(value);
  } else if (member !== 'providerARNs') {
    draft[member] = value;
  }
}

/** Lambda and Cognito authorizers differ in kind; Terraform replaces rather than patches across them [I]. */
function checkTypeChange(from: RestAuthorizerType | undefined, to: string): void {
  const cognito = (type: string | undefined): boolean => type === 'COGNITO_USER_POOLS';
  if (TYPES.some((type) => type === to) && cognito(from) !== cognito(to)) {
    throw badRequest(`Invalid patch value: the authorizer type cannot be changed from ${String(from)} to ${to}`); // [I]
  }
}

/** Patch values are always strings on the wire, numbers included (docs/aws-behaviour.md#patch-operations). */
function parseTtl(value: string): number {
  if (!/^\d{1,4}$/.test(value) || Number(value) > 3600) throw badRequest(REST_MESSAGES.ttlRange(value));
  return Number(value);
}

function editProviderArns(arns: readonly string[], op: 'add' | 'remove', value: string | undefined): string[] {
  if (op === 'add') {
    if (value === undefined || value === '') throw badRequest("Invalid patch value specified for op 'add' on path '/providerARNs'"); // [I]
    return arns.includes(value) ? [...arns] : [...arns, value];
  }
  // A remove without a value removes the whole list, as in JSON Patch.
  return value === undefined ? [] : arns.filter((arn) => arn !== value);
}
