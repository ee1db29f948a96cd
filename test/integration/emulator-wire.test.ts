/**
 * The emulator as an unmodified AWS SDK client sees it: real ApiGatewayV2Client and APIGatewayClient
 * pointed at the emulator's port. Checks statuses, typed exceptions, timestamps and wire names.
 */
import {
  APIGatewayClient,
  APIGatewayServiceException,
  ConflictException as RestConflictException,
  CreateAuthorizerCommand as RestCreateAuthorizer,
  CreateDeploymentCommand as RestCreateDeployment,
  DeleteAuthorizerCommand as RestDeleteAuthorizer,
  FlushStageAuthorizersCacheCommand,
  GetAuthorizerCommand as RestGetAuthorizer,
  GetAuthorizersCommand as RestGetAuthorizers,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStageCommand as RestGetStage,
  GetStagesCommand as RestGetStages,
  NotFoundException as RestNotFoundException,
  TooManyRequestsException as RestTooManyRequestsException,
  UpdateAuthorizerCommand as RestUpdateAuthorizer,
  BadRequestException as RestBadRequestException,
} from '@aws-sdk/client-api-gateway';
import {
  AccessDeniedException,
  ApiGatewayV2Client,
  BadRequestException,
  ConflictException,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  DeleteAuthorizerCommand,
  GetApiCommand,
  GetApisCommand,
  GetAuthorizerCommand,
  GetAuthorizersCommand,
  GetStageCommand,
  GetStagesCommand,
  NotFoundException,
  ResetAuthorizersCacheCommand,
  UpdateAuthorizerCommand,
} from '@aws-sdk/client-apigatewayv2';
import { describe, expect, it } from 'vitest';
import { createManualClock, EmulatorStore, startEmulator, type EmulatorStoreOptions, type SeedApi } from '../../src/emulator/index.js';

const LAMBDA = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations';
const HTTP_ID = 'httpapi001';
const REST_ID = 'restapi001';
const EU_ID = 'euapi00001';

const APIS: SeedApi[] = [
  { type: 'http', id: HTTP_ID, name: 'orders', stages: [{ name: '$default', autoDeploy: true }, { name: 'prod' }, { name: 'dev' }] },
  { type: 'http', name: 'second' },
  { type: 'http', name: 'third' },
  { type: 'http', id: EU_ID, name: 'eu', region: 'eu-west-1' },
  {
    type: 'rest',
    id: REST_ID,
    name: 'legacy',
    stages: [{ name: 'prod' }],
    authorizers: [{ id: 'used01', name: 'used', type: 'TOKEN', authorizerUri: LAMBDA, identitySource: 'method.request.header.Authorization', referencedBy: ['GET /pets'] }],
  },
  { type: 'rest', name: 'rest-two' },
  { type: 'rest', name: 'rest-three' },
];

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

interface Harness {
  readonly store: EmulatorStore;
  readonly url: string;
  /** SDK clients at the emulator; one attempt unless told, so failures surface at once. */
  v2(region?: string, maxAttempts?: number): ApiGatewayV2Client;
  rest(region?: string, maxAttempts?: number): APIGatewayClient;
}

/** Each test gets its own store (manual clock, pages of 2) behind its own ephemeral port. */
async function withEmulator(options: EmulatorStoreOptions, run: (harness: Harness) => Promise<void>): Promise<void> {
  const store = new EmulatorStore({ now: createManualClock('2024-03-01T12:00:00Z').now, pageSize: 2, restPageSize: 2, seed: { apis: APIS }, ...options });
  const running = await startEmulator({ store });
  const config = (region: string, maxAttempts: number) => ({ endpoint: running.url, region, credentials, maxAttempts });
  try {
    await run({
      store,
      url: running.url,
      v2: (region = 'us-east-1', maxAttempts = 1) => new ApiGatewayV2Client(config(region, maxAttempts)),
      rest: (region = 'us-east-1', maxAttempts = 1) => new APIGatewayClient(config(region, maxAttempts)),
    });
  } finally {
    await running.close();
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('apigatewayv2 over the wire', () => {
  it('lists APIs page by page with nextToken, with ISO timestamps parsed as Dates', () =>
    withEmulator({}, async ({ v2 }) => {
      const client = v2();
      const first = await client.send(new GetApisCommand({}));
      expect(first.Items?.map((api) => api.Name)).toEqual(['orders', 'second']);
      expect(first.NextToken).toEqual(expect.any(String));
      const second = await client.send(new GetApisCommand({ NextToken: first.NextToken }));
      expect(second.Items?.map((api) => api.Name)).toEqual(['third']);
      expect(second.NextToken).toBeUndefined();
      expect(first.Items?.[0]?.CreatedDate).toEqual(new Date('2024-03-01T12:00:00Z'));
      expect((await client.send(new GetApisCommand({ MaxResults: '5' }))).Items).toHaveLength(3);
    }));

  it('answers an unknown API with a typed NotFoundException', () =>
    withEmulator({}, async ({ v2 }) => {
      const error = await rejection(v2().send(new GetApiCommand({ ApiId: 'nope' })));
      expect(error).toBeInstanceOf(NotFoundException);
      expect(error).toMatchObject({ message: 'Invalid API identifier specified 123456789012:nope', ResourceType: 'Api', $metadata: { httpStatusCode: 404 } });
    }));

  it('creates (201), reads, updates, lists and deletes (204) an authorizer', () =>
    withEmulator({}, async ({ store, v2 }) => {
      const client = v2();
      const created = await client.send(
        new CreateAuthorizerCommand({ ApiId: HTTP_ID, Name: 'lambda', AuthorizerType: 'REQUEST', AuthorizerUri: LAMBDA, AuthorizerPayloadFormatVersion: '2.0', IdentitySource: ['$request.header.Authorization'], AuthorizerResultTtlInSeconds: 300 }),
      );
      expect(created.$metadata.httpStatusCode).toBe(201);
      expect(created.AuthorizerId).toMatch(/^[a-z0-9]{6}$/);
      const authorizerId = created.AuthorizerId ?? '';
      const updated = await client.send(new UpdateAuthorizerCommand({ ApiId: HTTP_ID, AuthorizerId: authorizerId, EnableSimpleResponses: true }));
      expect(updated).toMatchObject({ EnableSimpleResponses: true, AuthorizerResultTtlInSeconds: 300, $metadata: { httpStatusCode: 200 } });
      expect((await client.send(new GetAuthorizerCommand({ ApiId: HTTP_ID, AuthorizerId: authorizerId }))).Name).toBe('lambda');
      const list = await client.send(new GetAuthorizersCommand({ ApiId: HTTP_ID }));
      expect(list.Items?.map((item) => item.AuthorizerId)).toEqual([authorizerId]);
      const deleted = await client.send(new DeleteAuthorizerCommand({ ApiId: HTTP_ID, AuthorizerId: authorizerId }));
      expect(deleted.$metadata.httpStatusCode).toBe(204);
      expect(await rejection(client.send(new GetAuthorizerCommand({ ApiId: HTTP_ID, AuthorizerId: authorizerId })))).toBeInstanceOf(NotFoundException);
      expect(store.calls.map((call) => call.operation)).toEqual(['CreateAuthorizer', 'UpdateAuthorizer', 'GetAuthorizer', 'GetAuthorizers', 'DeleteAuthorizer', 'GetAuthorizer']);
      expect(store.calls[1]?.params).toEqual({ apiId: HTTP_ID, authorizerId, enableSimpleResponses: true });
    }));

  it('omits a JWT authorizer\'s Lambda-only members', () =>
    withEmulator({}, async ({ v2 }) => {
      const created = await v2().send(
        new CreateAuthorizerCommand({ ApiId: HTTP_ID, Name: 'jwt', AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'], JwtConfiguration: { Issuer: 'https://issuer.example.com', Audience: ['a'] } }),
      );
      expect(created).not.toHaveProperty('AuthorizerResultTtlInSeconds');
      expect(created).not.toHaveProperty('AuthorizerPayloadFormatVersion');
      expect(created.JwtConfiguration).toEqual({ Issuer: 'https://issuer.example.com', Audience: ['a'] });
    }));

  it('reports validation failures as BadRequestException with AWS text', () =>
    withEmulator({}, async ({ v2 }) => {
      const error = await rejection(v2().send(new CreateAuthorizerCommand({ ApiId: HTTP_ID, Name: 'x', AuthorizerType: 'REQUEST', AuthorizerUri: LAMBDA, IdentitySource: [] })));
      expect(error).toBeInstanceOf(BadRequestException);
      expect(error).toMatchObject({ message: 'AuthorizerPayloadFormatVersion is a required parameter for REQUEST authorizer', $metadata: { httpStatusCode: 400 } });
    }));

  it('answers the eleventh authorizer with HTTP 429 and ConflictException', () =>
    withEmulator({ maxAuthorizersPerApi: 1 }, async ({ v2 }) => {
      const jwt = (name: string) =>
        new CreateAuthorizerCommand({ ApiId: HTTP_ID, Name: name, AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'], JwtConfiguration: { Issuer: 'https://i.example.com' } });
      await v2().send(jwt('first'));
      const error = await rejection(v2().send(jwt('second')));
      expect(error).toBeInstanceOf(ConflictException);
      expect(error).toMatchObject({ $metadata: { httpStatusCode: 429 } });
    }));

  it('percent-decodes stage names and serves stages, cache resets and deployments', () =>
    withEmulator({}, async ({ v2 }) => {
      const client = v2();
      const stage = await client.send(new GetStageCommand({ ApiId: HTTP_ID, StageName: '$default' }));
      expect(stage).toMatchObject({ StageName: '$default', AutoDeploy: true, LastUpdatedDate: new Date('2024-03-01T12:00:00Z') });
      const stages = await client.send(new GetStagesCommand({ ApiId: HTTP_ID }));
      expect(stages.Items?.map((item) => item.StageName)).toEqual(['$default', 'prod']);
      expect((await client.send(new GetStagesCommand({ ApiId: HTTP_ID, NextToken: stages.NextToken }))).Items?.map((item) => item.StageName)).toEqual(['dev']);
      expect((await client.send(new ResetAuthorizersCacheCommand({ ApiId: HTTP_ID, StageName: '$default' }))).$metadata.httpStatusCode).toBe(204);
      const deployment = await client.send(new CreateDeploymentCommand({ ApiId: HTTP_ID, StageName: 'prod' }));
      expect(deployment).toMatchObject({ DeploymentStatus: 'DEPLOYED', AutoDeployed: false, CreatedDate: new Date('2024-03-01T12:00:00Z'), $metadata: { httpStatusCode: 201 } });
      expect((await client.send(new GetStageCommand({ ApiId: HTTP_ID, StageName: 'prod' }))).DeploymentId).toBe(deployment.DeploymentId);
    }));

  it('keeps state per region, taken from the SigV4 credential scope', () =>
    withEmulator({}, async ({ store, v2 }) => {
      expect((await v2('eu-west-1').send(new GetApisCommand({}))).Items?.map((api) => api.ApiId)).toEqual([EU_ID]);
      expect(await rejection(v2('us-east-1').send(new GetApiCommand({ ApiId: EU_ID })))).toBeInstanceOf(NotFoundException);
      expect(store.calls.map((call) => call.region)).toEqual(['eu-west-1', 'us-east-1']);
    }));

  it('raises an injected IAM refusal as a typed AccessDeniedException', () =>
    withEmulator({}, async ({ store, v2 }) => {
      store.injectFailure({ operation: 'GetApis', error: 'AccessDeniedException' });
      const error = await rejection(v2().send(new GetApisCommand({})));
      expect(error).toBeInstanceOf(AccessDeniedException);
      expect(error).toMatchObject({ $metadata: { httpStatusCode: 403 } });
    }));
});

describe('apigateway v1 over the wire', () => {
  it('reads the `item` wire key into `items` and pages with position, epoch timestamps parsed as Dates', () =>
    withEmulator({}, async ({ rest }) => {
      const client = rest();
      const first = await client.send(new GetRestApisCommand({}));
      expect(first.items?.map((api) => api.name)).toEqual(['legacy', 'rest-two']);
      expect(first.items?.[0]?.createdDate).toEqual(new Date('2024-03-01T12:00:00Z'));
      const second = await client.send(new GetRestApisCommand({ position: first.position }));
      expect(second.items?.map((api) => api.name)).toEqual(['rest-three']);
      expect(second.position).toBeUndefined();
      expect((await client.send(new GetRestApisCommand({ limit: 500 }))).items).toHaveLength(3);
      expect((await client.send(new GetRestApiCommand({ restApiId: REST_ID }))).endpointConfiguration?.types).toEqual(['EDGE']);
    }));

  it('serves stages under the SDK member `item`', () =>
    withEmulator({}, async ({ rest }) => {
      const stages = await rest().send(new RestGetStages({ restApiId: REST_ID }));
      expect(stages.item?.map((stage) => stage.stageName)).toEqual(['prod']);
      expect(stages.item?.[0]?.lastUpdatedDate).toBeInstanceOf(Date);
      expect((await rest().send(new RestGetStage({ restApiId: REST_ID, stageName: 'prod' }))).deploymentId).toBe(stages.item?.[0]?.deploymentId);
    }));

  it('answers an unknown REST API with 404 on reads and 409 on CreateAuthorizer', () =>
    withEmulator({}, async ({ rest }) => {
      const read = await rejection(rest().send(new RestGetAuthorizers({ restApiId: 'nope' })));
      expect(read).toBeInstanceOf(RestNotFoundException);
      expect(read).toMatchObject({ message: 'Invalid API identifier specified 123456789012:nope', $metadata: { httpStatusCode: 404 } });
      const create = await rejection(rest().send(new RestCreateAuthorizer({ restApiId: 'nope', name: 'x', type: 'TOKEN' })));
      expect(create).toBeInstanceOf(RestConflictException);
    }));

  it('creates (201), patches, lists and deletes (202) an authorizer', () =>
    withEmulator({}, async ({ rest }) => {
      const client = rest();
      const created = await client.send(new RestCreateAuthorizer({ restApiId: REST_ID, name: 'token', type: 'TOKEN', authorizerUri: LAMBDA, identitySource: 'method.request.header.Authorization' }));
      expect(created).toMatchObject({ authType: 'custom', authorizerResultTtlInSeconds: 300, $metadata: { httpStatusCode: 201 } });
      const authorizerId = created.id ?? '';
      const patched = await client.send(
        new RestUpdateAuthorizer({ restApiId: REST_ID, authorizerId, patchOperations: [{ op: 'replace', path: '/authorizerResultTtlInSeconds', value: '0' }] }),
      );
      expect(patched.authorizerResultTtlInSeconds).toBe(0);
      const page = await client.send(new RestGetAuthorizers({ restApiId: REST_ID, limit: 1 }));
      expect(page.items?.map((item) => item.name)).toEqual(['used']);
      expect((await client.send(new RestGetAuthorizers({ restApiId: REST_ID, position: page.position }))).items?.map((item) => item.name)).toEqual(['token']);
      expect((await client.send(new RestDeleteAuthorizer({ restApiId: REST_ID, authorizerId }))).$metadata.httpStatusCode).toBe(202);
      expect(await rejection(client.send(new RestGetAuthorizer({ restApiId: REST_ID, authorizerId })))).toBeInstanceOf(RestNotFoundException);
    }));

  it('refuses an unsupported patch path with AWS text', () =>
    withEmulator({}, async ({ rest }) => {
      const error = await rejection(rest().send(new RestUpdateAuthorizer({ restApiId: REST_ID, authorizerId: 'used01', patchOperations: [{ op: 'add', path: '/name', value: 'x' }] })));
      expect(error).toBeInstanceOf(RestBadRequestException);
      expect(error).toMatchObject({ message: "Invalid patch path  '/name' specified for op 'add'. Please choose supported operations" });
    }));

  it('refuses to delete an authorizer a method uses with a typed ConflictException', () =>
    withEmulator({}, async ({ rest }) => {
      const error = await rejection(rest().send(new RestDeleteAuthorizer({ restApiId: REST_ID, authorizerId: 'used01' })));
      expect(error).toBeInstanceOf(RestConflictException);
      expect(error).toMatchObject({ message: "Cannot delete authorizer 'used', is referenced in method: GET//pets", $metadata: { httpStatusCode: 409 } });
    }));

  it('flushes a stage cache (202) and deploys to a new stage (201)', () =>
    withEmulator({}, async ({ rest }) => {
      const client = rest();
      expect((await client.send(new FlushStageAuthorizersCacheCommand({ restApiId: REST_ID, stageName: 'prod' }))).$metadata.httpStatusCode).toBe(202);
      expect(await rejection(client.send(new FlushStageAuthorizersCacheCommand({ restApiId: REST_ID, stageName: 'dev' })))).toBeInstanceOf(RestNotFoundException);
      const deployment = await client.send(new RestCreateDeployment({ restApiId: REST_ID, stageName: 'dev', description: 'auth' }));
      expect(deployment).toMatchObject({ description: 'auth', createdDate: new Date('2024-03-01T12:00:00Z'), $metadata: { httpStatusCode: 201 } });
      expect((await client.send(new RestGetStage({ restApiId: REST_ID, stageName: 'dev' }))).deploymentId).toBe(deployment.id);
    }));

  it('throttles with a typed TooManyRequestsException carrying Retry-After', () =>
    withEmulator({ throttle: { account: { ratePerSecond: 1, burst: 1 } } }, async ({ rest }) => {
      await rest().send(new GetRestApisCommand({}));
      const error = await rejection(rest().send(new GetRestApisCommand({})));
      expect(error).toBeInstanceOf(RestTooManyRequestsException);
      expect(error).toMatchObject({ message: 'Too Many Requests', retryAfterSeconds: '1', $metadata: { httpStatusCode: 429 } });
    }));

  it('lets the SDK retry an injected 429 and logs both attempts', () =>
    withEmulator({}, async ({ store, rest }) => {
      store.injectFailure({ operation: 'GetAuthorizers', error: 'TooManyRequestsException' });
      const page = await rest('us-east-1', 2).send(new RestGetAuthorizers({ restApiId: REST_ID }));
      expect(page.$metadata.attempts).toBe(2);
      expect(store.calls.map((call) => call.error ?? 'ok')).toEqual(['TooManyRequestsException', 'ok']);
    }));

  it('raises an injected IAM refusal as the generic service exception named AccessDeniedException', () =>
    withEmulator({}, async ({ store, rest }) => {
      store.injectFailure({ error: 'AccessDeniedException' });
      const error = await rejection(rest().send(new GetRestApisCommand({})));
      expect(error).toBeInstanceOf(APIGatewayServiceException);
      expect(error).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
      expect((error as Error).message).toMatch(/^User: arn:aws:iam::123456789012:user\/.+ is not authorized to perform: apigateway:GET on resource: arn:aws:apigateway:us-east-1::\/restapis because/);
    }));
});

describe('the wire protocol itself', () => {
  it('answers unknown routes with UnknownOperationException and always sends the standard headers', () =>
    withEmulator({}, async ({ url }) => {
      const response = await fetch(`${url}/v2/nothing-here`);
      expect(response.status).toBe(404);
      expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number.isNaN(Date.parse(response.headers.get('date') ?? ''))).toBe(false);
      expect(await response.json()).toEqual({ message: 'No operation matches GET /v2/nothing-here' });
    }));

  it('writes error bodies with `message` and v2 modelled members, success bodies without nulls', () =>
    withEmulator({}, async ({ url }) => {
      const missing = await fetch(`${url}/v2/apis/nope`);
      expect(await missing.json()).toEqual({ message: 'Invalid API identifier specified 123456789012:nope', resourceType: 'Api' });
      const api = (await (await fetch(`${url}/restapis/${REST_ID}`)).json()) as Record<string, unknown>;
      expect(api.createdDate).toBe(Date.parse('2024-03-01T12:00:00Z') / 1000);
      expect(Object.values(api)).not.toContain(null);
      const stage = (await (await fetch(`${url}/v2/apis/${HTTP_ID}/stages/%24default`)).json()) as Record<string, unknown>;
      expect(stage.createdDate).toBe('2024-03-01T12:00:00Z');
    }));

  it('refuses a body that is not JSON', () =>
    withEmulator({}, async ({ url }) => {
      const response = await fetch(`${url}/v2/apis/${HTTP_ID}/authorizers`, { method: 'POST', body: '{nope' });
      expect(response.status).toBe(400);
      expect(response.headers.get('x-amzn-errortype')).toBe('BadRequestException');
    }));

  it('sends empty bodies for 202 and 204', () =>
    withEmulator({}, async ({ url }) => {
      const response = await fetch(`${url}/restapis/${REST_ID}/stages/prod/cache/authorizers`, { method: 'DELETE' });
      expect(response.status).toBe(202);
      expect(await response.text()).toBe('');
    }));
});

describe('where AWS is stricter or says more than a lenient emulator would', () => {
  const NOT_AN_INVOCATION = 'arn:aws:lambda:us-east-1:123456789012:function:auth';
  const URI_REFUSAL = /^Invalid Authorizer URI specified: .*should be a valid API Gateway ARN that represents a Lambda function invocation\.$/;

  /** v1 does not model ValidationException: the SDK raises its generic exception under that name. */
  const expectRestValidationException = (error: unknown, message: string) => {
    expect(error).toBeInstanceOf(APIGatewayServiceException);
    expect(error).not.toBeInstanceOf(RestBadRequestException);
    expect(error).toMatchObject({ name: 'ValidationException', message, $metadata: { httpStatusCode: 400 } });
  };

  it('answers a REST constraint failure with ValidationException, which the SDK raises as its generic exception', () =>
    withEmulator({}, async ({ rest }) => {
      const error = await rejection(rest().send(new RestCreateAuthorizer({ restApiId: REST_ID, name: undefined, type: 'TOKEN' })));
      expectRestValidationException(error, "1 validation error detected: Value null at 'createAuthorizerInput.name' failed to satisfy constraint: Member must not be null");
      const badType = await rejection(rest().send(new RestCreateAuthorizer({ restApiId: REST_ID, name: 'x', type: 'JWT' as 'TOKEN' })));
      expect(badType).toMatchObject({ name: 'ValidationException', message: expect.stringContaining('Member must satisfy enum value set: [TOKEN, REQUEST, COGNITO_USER_POOLS]') });
    }));

  it('answers every REST constraint failure in that form with ValidationException: page sizes and JSON types too', () =>
    withEmulator({}, async ({ rest, v2, url }) => {
      const page = await rejection(rest().send(new RestGetAuthorizers({ restApiId: REST_ID, limit: 0 })));
      expectRestValidationException(page, "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
      // No SDK sends a number for a string member; a hand-made request can.
      const response = await fetch(`${url}/restapis/${REST_ID}/authorizers`, { method: 'POST', body: JSON.stringify({ name: 5, type: 'TOKEN' }) });
      expect([response.status, response.headers.get('x-amzn-errortype')]).toEqual([400, 'ValidationException']);
      expect(await response.json()).toEqual({ message: "1 validation error detected: Value '5' at 'createAuthorizerInput.name' failed to satisfy constraint: Member must be a string" });
      // v2 keeps BadRequestException for the same text (docs/aws-behaviour.md, "Unverified choices").
      await expect(v2().send(new GetAuthorizersCommand({ ApiId: HTTP_ID, MaxResults: '0' }))).rejects.toBeInstanceOf(BadRequestException);
    }));

  it('names the account in the v2 "Invalid API identifier" text', () =>
    withEmulator({ accountId: '210987654321' }, async ({ v2 }) => {
      const error = await rejection(v2().send(new GetAuthorizersCommand({ ApiId: 'nope' })));
      expect(error).toBeInstanceOf(NotFoundException);
      expect(error).toMatchObject({ message: 'Invalid API identifier specified 210987654321:nope' });
    }));

  it('refuses an authorizer URI that is not a Lambda invocation ARN, in both services', () =>
    withEmulator({}, async ({ v2, rest }) => {
      const http = await rejection(
        v2().send(new CreateAuthorizerCommand({ ApiId: HTTP_ID, Name: 'x', AuthorizerType: 'REQUEST', AuthorizerUri: NOT_AN_INVOCATION, AuthorizerPayloadFormatVersion: '2.0', IdentitySource: [] })),
      );
      expect(http).toBeInstanceOf(BadRequestException);
      expect((http as Error).message).toMatch(URI_REFUSAL);
      const legacy = await rejection(
        rest().send(new RestCreateAuthorizer({ restApiId: REST_ID, name: 'x', type: 'TOKEN', authorizerUri: NOT_AN_INVOCATION, identitySource: 'method.request.header.A' })),
      );
      expect(legacy).toBeInstanceOf(RestBadRequestException);
      expect((legacy as Error).message).toMatch(URI_REFUSAL);
      const patched = await rejection(
        rest().send(new RestUpdateAuthorizer({ restApiId: REST_ID, authorizerId: 'used01', patchOperations: [{ op: 'replace', path: '/authorizerUri', value: 'arn:aws:apigateway:us-east-1:lambda:path/x' }] })),
      );
      expect((patched as Error).message).toMatch(URI_REFUSAL);
      const partition = 'arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/arn:aws-cn:lambda:cn-north-1:123456789012:function:a:live/invocations';
      const created = await v2().send(new CreateAuthorizerCommand({ ApiId: HTTP_ID, Name: 'cn', AuthorizerType: 'REQUEST', AuthorizerUri: partition, AuthorizerPayloadFormatVersion: '2.0', IdentitySource: [] }));
      expect(created.AuthorizerUri).toBe(partition);
    }));

  it('lists stages in their full AWS shape', () =>
    withEmulator({}, async ({ v2, rest }) => {
      const stages = await v2().send(new GetStagesCommand({ ApiId: HTTP_ID, MaxResults: '5' }));
      expect(stages.Items?.find((stage) => stage.StageName === '$default')).toEqual({
        StageName: '$default',
        AutoDeploy: true,
        DeploymentId: expect.stringMatching(/^[a-z0-9]{6}$/),
        DefaultRouteSettings: { DetailedMetricsEnabled: false },
        RouteSettings: {},
        StageVariables: {},
        Tags: {},
        CreatedDate: new Date('2024-03-01T12:00:00Z'),
        LastUpdatedDate: new Date('2024-03-01T12:00:00Z'),
      });
      const restStages = await rest().send(new RestGetStages({ restApiId: REST_ID }));
      expect(restStages.item?.[0]).toMatchObject({
        stageName: 'prod',
        deploymentId: expect.stringMatching(/^[a-z0-9]{6}$/),
        cacheClusterEnabled: false,
        cacheClusterStatus: 'NOT_AVAILABLE',
        methodSettings: {},
        tracingEnabled: false,
        createdDate: new Date('2024-03-01T12:00:00Z'),
      });
    }));

  it('generates 10-character API ids and 6-character authorizer ids of lower-case alphanumerics', () =>
    withEmulator({}, async ({ v2, rest }) => {
      const apis = await v2().send(new GetApisCommand({ MaxResults: '10' }));
      const generated = apis.Items?.filter((api) => api.Name !== 'orders').map((api) => api.ApiId);
      expect(generated).toEqual([expect.stringMatching(/^[a-z0-9]{10}$/), expect.stringMatching(/^[a-z0-9]{10}$/)]);
      const restApis = await rest().send(new GetRestApisCommand({ limit: 10 }));
      for (const api of restApis.items ?? []) expect(api.id).toMatch(/^[a-z0-9]{10}$/);
      const created = await v2().send(new CreateAuthorizerCommand({ ApiId: HTTP_ID, Name: 'id', AuthorizerType: 'REQUEST', AuthorizerUri: LAMBDA, AuthorizerPayloadFormatVersion: '2.0', IdentitySource: [] }));
      expect(created.AuthorizerId).toMatch(/^[a-z0-9]{6}$/);
      const restCreated = await rest().send(new RestCreateAuthorizer({ restApiId: REST_ID, name: 'id', type: 'TOKEN', authorizerUri: LAMBDA, identitySource: 'method.request.header.A' }));
      expect(restCreated.id).toMatch(/^[a-z0-9]{6}$/);
    }));
});
