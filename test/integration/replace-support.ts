/** The replacements the replacement tests share (replace-attached.test.ts, replace-resume.test.ts), and readers of the store. */
import type { EmulatorStore, OperationName } from '../../src/emulator/index.js';
import { LAMBDA, POOL } from './support.js';

export const HTTP_ID = 'orders0001';
export const REST_ID = 'legacy0001';
const ISSUER = 'https://issuer.example.com';

const httpLambda = { name: 'main', authorizerType: 'REQUEST', authorizerUri: LAMBDA, authorizerPayloadFormatVersion: '2.0', identitySource: ['$request.header.Authorization'] };
const httpJwt = { name: 'main', authorizerType: 'JWT', identitySource: ['$request.header.Authorization'], jwtConfiguration: { issuer: ISSUER, audience: ['a'] } };
const restToken = { name: 'main', type: 'TOKEN', authorizerUri: LAMBDA, identitySource: 'method.request.header.Authorization' };
const restCognito = { name: 'main', type: 'COGNITO_USER_POOLS', providerARNs: [POOL('abc')], identitySource: 'method.request.header.Authorization' };

export interface Case {
  readonly family: string;
  readonly seed: object;
  readonly desired: object;
  readonly api: { type: 'http' | 'rest'; id: string };
  readonly redeploy?: string[];
  /** Every write the replacement makes, in order: each is a failure point. */
  readonly writes: readonly OperationName[];
  /** The authorization type every protected route or method ends with. */
  readonly finalType: string;
  /** The call that points a route or method at the new authorizer. */
  readonly move: OperationName;
}

export const CASES: readonly Case[] = [
  {
    family: 'HTTP, JWT -> REQUEST',
    seed: {
      type: 'http',
      id: HTTP_ID,
      name: 'orders',
      authorizers: [{ ...httpJwt, id: 'old001' }],
      routes: [
        { key: 'GET /orders', authorizer: 'main', authorizationScopes: ['orders/read'] },
        { key: 'POST /orders', authorizer: 'main' },
        { key: 'GET /health' },
      ],
    },
    desired: httpLambda,
    api: { type: 'http', id: HTTP_ID },
    writes: ['CreateAuthorizer', 'UpdateRoute', 'DeleteAuthorizer', 'UpdateAuthorizer'],
    finalType: 'CUSTOM',
    move: 'UpdateRoute',
  },
  {
    family: 'REST, TOKEN -> COGNITO_USER_POOLS',
    seed: {
      type: 'rest',
      id: REST_ID,
      name: 'legacy',
      stages: [{ name: 'prod' }],
      authorizers: [{ ...restToken, id: 'old001' }],
      methods: [{ key: 'GET /pets', authorizer: 'main' }, { key: 'POST /pets/{id}', authorizer: 'main' }, { key: 'GET /' }],
    },
    desired: restCognito,
    api: { type: 'rest', id: REST_ID },
    redeploy: ['prod'],
    writes: ['CreateAuthorizer', 'UpdateMethod', 'CreateDeployment', 'DeleteAuthorizer', 'UpdateAuthorizer'],
    finalType: 'COGNITO_USER_POOLS',
    move: 'UpdateMethod',
  },
];

export interface Protection {
  readonly key: string;
  readonly authorizationType: string;
  readonly authorizerId?: string;
}

/** The routes or methods of the seeded API, read straight from the store. */
export function protections(store: EmulatorStore, type: 'http' | 'rest'): Protection[] {
  if (type === 'http') {
    return store.v2.getRoutes({ apiId: HTTP_ID, maxResults: '100' }).items.map((route) => ({ key: route.routeKey, ...route }));
  }
  return store.rest
    .getResources({ restApiId: REST_ID, limit: 500, embed: 'methods' })
    .items.flatMap((resource) => Object.values(resource.resourceMethods ?? {}).map((method) => ({ key: `${method.httpMethod} ${resource.path}`, ...method })));
}

export function authorizersOf(store: EmulatorStore, type: 'http' | 'rest'): { readonly id: string; readonly name: string }[] {
  return type === 'http'
    ? store.v2.getAuthorizers({ apiId: HTTP_ID, maxResults: '100' }).items.map((authorizer) => ({ id: authorizer.authorizerId, name: authorizer.name }))
    : store.rest.getAuthorizers({ restApiId: REST_ID, limit: 500 }).items.map((authorizer) => ({ id: authorizer.id, name: authorizer.name }));
}

export function authorizerIds(store: EmulatorStore, type: 'http' | 'rest'): Set<string> {
  return new Set(authorizersOf(store, type).map((authorizer) => authorizer.id));
}
