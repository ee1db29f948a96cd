/**
 * What may point at an authorizer: the rules UpdateRoute (v2) and UpdateMethod (v1) check on the
 * merged route or method, so one call that changes both the authorizer and the authorization type
 * succeeds or fails as a whole (docs/aws-behaviour.md#routes-and-methods).
 */
import { badRequest, constraintViolation, restConstraintViolation } from './errors.js';
import type { PatchOperation, ProtocolType, RestAuthorizationType, RestAuthorizerType, RestMethod, V2AuthorizationType, V2AuthorizerType, V2Route } from './model.js';

const V2_AUTHORIZATION_TYPES: readonly V2AuthorizationType[] = ['NONE', 'AWS_IAM', 'CUSTOM', 'JWT'];
const REST_AUTHORIZATION_TYPES: readonly RestAuthorizationType[] = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'];

/** The authorizer type each authorization type needs; NONE and AWS_IAM need none. */
const V2_NEEDS: Readonly<Partial<Record<V2AuthorizationType, V2AuthorizerType>>> = { JWT: 'JWT', CUSTOM: 'REQUEST' };
const REST_NEEDS: Readonly<Partial<Record<RestAuthorizationType, readonly RestAuthorizerType[]>>> = {
  CUSTOM: ['TOKEN', 'REQUEST'],
  COGNITO_USER_POOLS: ['COGNITO_USER_POOLS'],
};

export function readV2AuthorizationType(value: unknown, input: string): V2AuthorizationType {
  if (typeof value === 'string' && (V2_AUTHORIZATION_TYPES as readonly string[]).includes(value)) return value as V2AuthorizationType;
  throw constraintViolation(value, `${input}.authorizationType`, `Member must satisfy enum value set: [${V2_AUTHORIZATION_TYPES.join(', ')}]`);
}

/**
 * A route after the update. JWT needs a JWT authorizer (AWS's text, sst/ion#1104); CUSTOM a REQUEST
 * one (text [I]). Scopes go with JWT only [D: HTTP API JWT authorizers]; refusing them elsewhere is [I].
 * WebSocket APIs authorize only `$connect` [D: WebSocket Lambda authorizers]; the refusal's text is [I].
 */
export function checkV2Route(route: V2Route, protocol: ProtocolType, authorizerType: (id: string) => V2AuthorizerType | undefined): V2Route {
  const needs = V2_NEEDS[route.authorizationType];
  if (needs === undefined) {
    // NONE and AWS_IAM carry no authorizer [I: the id is dropped rather than refused].
    const { authorizerId: _dropped, authorizationScopes: _scopes, ...rest } = route;
    return rest;
  }
  if (route.authorizerId === undefined || authorizerType(route.authorizerId) !== needs) {
    throw badRequest(
      needs === 'JWT'
        ? 'Invalid authorizer ID specified. Setting the authorization type to JWT requires a valid JWT authorizer.'
        : 'Invalid authorizer ID specified. Setting the authorization type to CUSTOM requires a valid REQUEST authorizer.',
    );
  }
  if (protocol === 'WEBSOCKET' && route.routeKey !== '$connect') {
    throw badRequest('Currently, authorization is restricted to the $connect route only');
  }
  if (route.authorizationType !== 'JWT' && (route.authorizationScopes?.length ?? 0) > 0) {
    throw badRequest('AuthorizationScopes are supported only for JWT authorizers.');
  }
  return route;
}

/** REST method patches: the paths gatewarden uses (docs/aws-behaviour.md#routes-and-methods). */
export function applyMethodPatch(method: RestMethod, operations: readonly PatchOperation[] | undefined): RestMethod {
  let next: RestMethod = { ...method };
  for (const operation of operations ?? []) {
    const { op, path, value } = operation;
    if (op === 'replace' && path === '/authorizationType') {
      next = { ...next, authorizationType: readRestAuthorizationType(value) };
    } else if (op === 'replace' && path === '/authorizerId') {
      next = value === undefined || value === '' ? omit(next, 'authorizerId') : { ...next, authorizerId: value };
    } else if (op === 'add' && path === '/authorizationScopes' && value !== undefined) {
      const scopes = next.authorizationScopes ?? [];
      next = { ...next, authorizationScopes: scopes.includes(value) ? scopes : [...scopes, value] };
    } else if (op === 'remove' && path === '/authorizationScopes') {
      // Without a value every scope goes [I].
      const scopes = value === undefined ? [] : (next.authorizationScopes ?? []).filter((scope) => scope !== value);
      next = scopes.length === 0 ? omit(next, 'authorizationScopes') : { ...next, authorizationScopes: scopes };
    } else {
      throw badRequest(`Invalid patch path  '${String(path)}' specified for op '${String(op)}'. Must be one of: [/authorizationType, /authorizerId, /authorizationScopes]`);
    }
  }
  return next;
}

function readRestAuthorizationType(value: unknown): RestAuthorizationType {
  if (typeof value === 'string' && (REST_AUTHORIZATION_TYPES as readonly string[]).includes(value)) return value as RestAuthorizationType;
  throw restConstraintViolation(value, 'updateMethodInput.authorizationType', `Member must satisfy enum value set: [${REST_AUTHORIZATION_TYPES.join(', ')}]`);
}

/**
 * A method after the patch. CUSTOM needs a TOKEN or REQUEST authorizer, COGNITO_USER_POOLS a Cognito
 * one (texts [I]); scopes go with Cognito only [M: Method.authorizationScopes]; refusing them elsewhere is [I].
 */
export function checkRestMethod(method: RestMethod, authorizerType: (id: string) => RestAuthorizerType | undefined): RestMethod {
  const needs = REST_NEEDS[method.authorizationType];
  if (needs === undefined) {
    const { authorizerId: _dropped, authorizationScopes: _scopes, ...rest } = method;
    return rest;
  }
  const actual = method.authorizerId === undefined ? undefined : authorizerType(method.authorizerId);
  if (actual === undefined || !needs.includes(actual)) {
    throw badRequest(`Invalid authorizer ID specified. Setting the authorization type to ${method.authorizationType} requires a valid ${needs.join(' or ')} authorizer.`);
  }
  if (method.authorizationType !== 'COGNITO_USER_POOLS' && (method.authorizationScopes?.length ?? 0) > 0) {
    throw badRequest('Authorization scopes are supported only for COGNITO_USER_POOLS authorizers.');
  }
  return method;
}

function omit<T extends object, K extends keyof T>(value: T, key: K): T {
  const copy = { ...value };
  delete copy[key];
  return copy;
}

/** `GET /pets` → method `GET`, path `/pets`: how seeds and references name a method. */
export function splitMethodKey(key: string): { readonly httpMethod: string; readonly path: string } {
  const space = key.indexOf(' ');
  return { httpMethod: key.slice(0, space), path: key.slice(space + 1) };
}
