/**
 * Routes (v2) and methods (v1) as an unmodified SDK client sees them: listing, pointing them at an
 * authorizer, AWS's refusal to delete an authorizer in use, and the GetResources quota.
 */
import {
  APIGatewayClient,
  BadRequestException as RestBadRequestException,
  ConflictException as RestConflictException,
  DeleteAuthorizerCommand as RestDeleteAuthorizer,
  GetResourcesCommand,
  NotFoundException as RestNotFoundException,
  TooManyRequestsException,
  UpdateMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, BadRequestException, ConflictException, DeleteAuthorizerCommand, GetRoutesCommand, UpdateRouteCommand } from '@aws-sdk/client-apigatewayv2';
import { describe, expect, it } from 'vitest';
import { rejection } from '../store-calls.js';
import { AWS_OPERATION_RATE_LIMITS, createManualClock, EmulatorStore, startEmulator, type EmulatorStoreOptions, type SeedApi } from '../../src/emulator/index.js';

const LAMBDA = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations';
const POOL = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc123';
const HTTP_ID = 'httpapi001';
const WS_ID = 'wsapi00001';
const REST_ID = 'restapi001';
const jwt = { name: 'jwt', authorizerType: 'JWT', identitySource: ['$request.header.Authorization'], jwtConfiguration: { issuer: 'https://issuer.example.com', audience: ['a'] } } as const;
const lambda = { name: 'lambda', authorizerType: 'REQUEST', authorizerUri: LAMBDA, authorizerPayloadFormatVersion: '2.0', identitySource: ['$request.header.Authorization'] } as const;

const APIS: SeedApi[] = [
  {
    type: 'http',
    id: HTTP_ID,
    name: 'orders',
    authorizers: [{ ...jwt, id: 'jwt001' }, { ...lambda, id: 'lam001' }],
    routes: [
      { key: 'GET /orders', authorizer: 'jwt', authorizationScopes: ['orders:read'] },
      { key: 'POST /orders', authorizer: 'jwt' },
      { key: 'GET /health' },
    ],
  },
  {
    type: 'websocket',
    id: WS_ID,
    name: 'chat',
    authorizers: [{ id: 'wsa001', name: 'ws', authorizerType: 'REQUEST', authorizerUri: LAMBDA, identitySource: ['route.request.header.Authorization'] }],
    routes: [{ key: '$connect', authorizer: 'ws' }, { key: 'sendMessage' }],
  },
  {
    type: 'rest',
    id: REST_ID,
    name: 'legacy',
    authorizers: [
      { id: 'tok001', name: 'token', type: 'TOKEN', authorizerUri: LAMBDA, identitySource: 'method.request.header.Authorization' },
      { id: 'cog001', name: 'cognito', type: 'COGNITO_USER_POOLS', providerARNs: [POOL], identitySource: 'method.request.header.Authorization' },
    ],
    methods: [
      { key: 'GET /pets', authorizer: 'token' },
      { key: 'POST /pets', authorizer: 'token' },
      { key: 'GET /pets/{id}', authorizer: 'cognito', authorizationScopes: ['pets/read'] },
      { key: 'GET /', authorizationType: 'NONE' },
    ],
  },
];

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

async function withEmulator(
  options: EmulatorStoreOptions,
  run: (clients: { store: EmulatorStore; v2: ApiGatewayV2Client; rest: APIGatewayClient }) => Promise<void>,
): Promise<void> {
  const store = new EmulatorStore({ now: createManualClock('2024-03-01T12:00:00Z').now, pageSize: 2, restPageSize: 2, seed: { apis: APIS }, ...options });
  const running = await startEmulator({ store });
  const config = { endpoint: running.url, region: 'us-east-1', credentials, maxAttempts: 1 };
  try {
    await run({ store, v2: new ApiGatewayV2Client(config), rest: new APIGatewayClient(config) });
  } finally {
    await running.close();
  }
}

describe('v2 routes over the wire', () => {
  it('lists routes page by page with their authorization', () =>
    withEmulator({}, async ({ v2 }) => {
      const first = await v2.send(new GetRoutesCommand({ ApiId: HTTP_ID }));
      expect(first.Items?.map((route) => [route.RouteKey, route.AuthorizationType, route.AuthorizerId, route.AuthorizationScopes])).toEqual([
        ['GET /orders', 'JWT', 'jwt001', ['orders:read']],
        ['POST /orders', 'JWT', 'jwt001', undefined],
      ]);
      const second = await v2.send(new GetRoutesCommand({ ApiId: HTTP_ID, NextToken: first.NextToken }));
      expect(second.Items?.map((route) => [route.RouteKey, route.AuthorizationType, route.AuthorizerId, route.ApiKeyRequired])).toEqual([
        ['GET /health', 'NONE', undefined, false],
      ]);
      expect(second.NextToken).toBeUndefined();
    }));

  it('points a route at another kind of authorizer in one UpdateRoute', () =>
    withEmulator({}, async ({ v2 }) => {
      const routes = await v2.send(new GetRoutesCommand({ ApiId: HTTP_ID }));
      const routeId = routes.Items?.[0]?.RouteId as string;
      const updated = await v2.send(
        new UpdateRouteCommand({ ApiId: HTTP_ID, RouteId: routeId, AuthorizerId: 'lam001', AuthorizationType: 'CUSTOM', AuthorizationScopes: [] }),
      );
      expect(updated).toMatchObject({ RouteKey: 'GET /orders', AuthorizationType: 'CUSTOM', AuthorizerId: 'lam001' });
      expect(updated.AuthorizationScopes).toBeUndefined();
    }));

  it('refuses a route whose authorization type does not fit the authorizer, and changes nothing', () =>
    withEmulator({}, async ({ store, v2 }) => {
      const routeId = (await v2.send(new GetRoutesCommand({ ApiId: HTTP_ID }))).Items?.[1]?.RouteId as string;
      const error = await rejection(v2.send(new UpdateRouteCommand({ ApiId: HTTP_ID, RouteId: routeId, AuthorizerId: 'lam001' })));
      expect(error).toBeInstanceOf(BadRequestException);
      expect((error as Error).message).toBe('Invalid authorizer ID specified. Setting the authorization type to JWT requires a valid JWT authorizer.');
      const scopes = await rejection(v2.send(new UpdateRouteCommand({ ApiId: HTTP_ID, RouteId: routeId, AuthorizerId: 'lam001', AuthorizationType: 'CUSTOM', AuthorizationScopes: ['x'] })));
      expect(scopes).toBeInstanceOf(BadRequestException);
      expect(store.v2.getRoutes({ apiId: HTTP_ID }).items[1]).toMatchObject({ authorizerId: 'jwt001', authorizationType: 'JWT' });
    }));

  it('authorizes only $connect on a WebSocket API', () =>
    withEmulator({}, async ({ v2 }) => {
      const routes = (await v2.send(new GetRoutesCommand({ ApiId: WS_ID }))).Items ?? [];
      expect(routes.map((route) => [route.RouteKey, route.AuthorizationType])).toEqual([['$connect', 'CUSTOM'], ['sendMessage', 'NONE']]);
      const error = await rejection(v2.send(new UpdateRouteCommand({ ApiId: WS_ID, RouteId: routes[1]?.RouteId, AuthorizerId: 'wsa001', AuthorizationType: 'CUSTOM' })));
      expect(error).toBeInstanceOf(BadRequestException);
    }));

  it('refuses to delete an authorizer a route uses, and deletes it once detached', () =>
    withEmulator({}, async ({ v2 }) => {
      const error = await rejection(v2.send(new DeleteAuthorizerCommand({ ApiId: HTTP_ID, AuthorizerId: 'jwt001' })));
      expect(error).toBeInstanceOf(ConflictException);
      expect((error as Error).message).toBe("Cannot delete authorizer 'jwt', is referenced in route: GET /orders");
      for (const route of (await v2.send(new GetRoutesCommand({ ApiId: HTTP_ID, MaxResults: '10' }))).Items ?? []) {
        await v2.send(new UpdateRouteCommand({ ApiId: HTTP_ID, RouteId: route.RouteId, AuthorizationType: 'NONE' }));
      }
      await v2.send(new DeleteAuthorizerCommand({ ApiId: HTTP_ID, AuthorizerId: 'jwt001' }));
    }));
});

describe('v1 resources and methods over the wire', () => {
  it('lists resources with their methods only when asked to embed them', () =>
    withEmulator({}, async ({ rest }) => {
      const plain = await rest.send(new GetResourcesCommand({ restApiId: REST_ID, limit: 500 }));
      expect(plain.items?.map((resource) => [resource.path, resource.resourceMethods])).toEqual([
        ['/', undefined],
        ['/pets', undefined],
        ['/pets/{id}', undefined],
      ]);
      const first = await rest.send(new GetResourcesCommand({ restApiId: REST_ID, embed: ['methods'] }));
      const second = await rest.send(new GetResourcesCommand({ restApiId: REST_ID, embed: ['methods'], position: first.position }));
      expect(second.position).toBeUndefined();
      const methods = [...(first.items ?? []), ...(second.items ?? [])].flatMap((resource) =>
        Object.values(resource.resourceMethods ?? {}).map((method) => [`${method.httpMethod} ${resource.path}`, method.authorizationType, method.authorizerId, method.authorizationScopes]),
      );
      expect(methods).toEqual([
        ['GET /', 'NONE', undefined, undefined],
        ['GET /pets', 'CUSTOM', 'tok001', undefined],
        ['POST /pets', 'CUSTOM', 'tok001', undefined],
        ['GET /pets/{id}', 'COGNITO_USER_POOLS', 'cog001', ['pets/read']],
      ]);
      expect(second.items?.[0]).toMatchObject({ pathPart: '{id}', parentId: first.items?.[1]?.id });
    }));

  it('patches a method across kinds in one UpdateMethod, scopes included', () =>
    withEmulator({}, async ({ store, rest }) => {
      const resource = store.rest.getResources({ restApiId: REST_ID, limit: 10 }).items.find((item) => item.path === '/pets/{id}');
      const updated = await rest.send(
        new UpdateMethodCommand({
          restApiId: REST_ID,
          resourceId: resource?.id,
          httpMethod: 'GET',
          patchOperations: [
            { op: 'replace', path: '/authorizerId', value: 'tok001' },
            { op: 'replace', path: '/authorizationType', value: 'CUSTOM' },
            { op: 'remove', path: '/authorizationScopes', value: 'pets/read' },
          ],
        }),
      );
      expect(updated).toMatchObject({ httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: 'tok001' });
      expect(updated.authorizationScopes).toBeUndefined();
    }));

  it('refuses a patch that leaves a method on the wrong kind of authorizer, and unknown resources and methods', () =>
    withEmulator({}, async ({ store, rest }) => {
      const pets = store.rest.getResources({ restApiId: REST_ID, limit: 10 }).items.find((item) => item.path === '/pets');
      const patch = (resourceId: string | undefined, httpMethod: string) =>
        rest.send(new UpdateMethodCommand({ restApiId: REST_ID, resourceId, httpMethod, patchOperations: [{ op: 'replace', path: '/authorizerId', value: 'cog001' }] }));
      expect(await rejection(patch(pets?.id, 'GET'))).toBeInstanceOf(RestBadRequestException);
      expect(await rejection(patch(pets?.id, 'DELETE'))).toBeInstanceOf(RestNotFoundException);
      expect(await rejection(patch('nosuch', 'GET'))).toBeInstanceOf(RestNotFoundException);
      expect(store.rest.getResources({ restApiId: REST_ID, limit: 10, embed: 'methods' }).items[1]?.resourceMethods?.GET).toMatchObject({ authorizerId: 'tok001' });
    }));

  it("refuses to delete an authorizer a method uses, with AWS's method text", () =>
    withEmulator({}, async ({ rest }) => {
      const error = await rejection(rest.send(new RestDeleteAuthorizer({ restApiId: REST_ID, authorizerId: 'cog001' })));
      expect(error).toBeInstanceOf(RestConflictException);
      expect((error as Error).message).toBe("Cannot delete authorizer 'cognito', is referenced in method: GET//pets/{id}");
    }));

  it('throttles GetResources at 5 requests every 2 seconds when asked to', () => {
    const clock = createManualClock('2024-03-01T12:00:00Z');
    return withEmulator({ now: clock.now, throttle: { operations: { GetResources: AWS_OPERATION_RATE_LIMITS.GetResources } } }, async ({ rest }) => {
      for (let call = 0; call < 5; call += 1) await rest.send(new GetResourcesCommand({ restApiId: REST_ID }));
      expect(await rejection(rest.send(new GetResourcesCommand({ restApiId: REST_ID })))).toBeInstanceOf(TooManyRequestsException);
      clock.advance(400);
      await rest.send(new GetResourcesCommand({ restApiId: REST_ID }));
    });
  });
});
