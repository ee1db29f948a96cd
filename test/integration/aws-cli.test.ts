/**
 * The emulator as a second, independent client sees it: the AWS CLI (botocore) parses every
 * operation gatewarden uses, in both services, with errors and pagination. The SDK for JavaScript
 * shares its parsing with gatewarden, so only an independent implementation of the protocols can
 * catch a wire mistake both would accept.
 *
 * Skipped, with a message saying so, only where no `aws` command exists; `.ci/run` installs one.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManualClock, EmulatorStore, type SeedApi } from '../../src/emulator/index.js';
import { readDeployedAuthorizers } from '../../src/core/stage-export.js';
import { restStageExport } from '../../src/families/rest/stage-export.js';
import { AWS, cliAgainstEmulator } from './aws-cli-support.js';

if (AWS === undefined) console.warn('test/integration/aws-cli.test.ts: SKIPPED, no `aws` command (install Debian\'s awscli to run it)');

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const LAMBDA = `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${ACCOUNT}:function:auth/invocations`;
const HTTP_ID = 'httpapi001';
const WS_ID = 'wsapi00001';
const REST_ID = 'restapi001';
const START = '2024-03-01T12:00:00Z';

const APIS: SeedApi[] = [
  {
    type: 'http',
    id: HTTP_ID,
    name: 'orders',
    stages: [{ name: '$default', autoDeploy: true }, { name: 'prod' }, { name: 'dev' }],
    authorizers: [
      { id: 'jwt001', name: 'jwt', authorizerType: 'JWT', identitySource: ['$request.header.Authorization'], jwtConfiguration: { issuer: 'https://issuer.example', audience: ['a'] } },
      { id: 'lam001', name: 'lambda', authorizerType: 'REQUEST', authorizerUri: LAMBDA, authorizerPayloadFormatVersion: '2.0', identitySource: [] },
      { id: 'lam002', name: 'lambda-two', authorizerType: 'REQUEST', authorizerUri: LAMBDA, authorizerPayloadFormatVersion: '1.0', identitySource: [] },
    ],
    routes: [{ key: 'GET /orders', authorizer: 'jwt', authorizationScopes: ['orders:read'] }, { key: 'POST /orders', authorizer: 'jwt' }, { key: 'GET /health' }],
  },
  { type: 'websocket', id: WS_ID, name: 'chat', stages: [{ name: 'production' }] },
  { type: 'http', name: 'third' },
  {
    type: 'rest',
    id: REST_ID,
    name: 'legacy',
    stages: [{ name: 'prod' }],
    authorizers: [
      { id: 'tok001', name: 'token', type: 'TOKEN', authorizerUri: LAMBDA, identitySource: 'method.request.header.Authorization' },
      { id: 'tok002', name: 'token-two', type: 'TOKEN', authorizerUri: LAMBDA, identitySource: 'method.request.header.X' },
      { id: 'tok003', name: 'token-three', type: 'TOKEN', authorizerUri: LAMBDA, identitySource: 'method.request.header.Y' },
    ],
    methods: [{ key: 'GET /pets', authorizer: 'token' }, { key: 'POST /pets/{id}', authorizer: 'token' }, { key: 'GET /health' }],
  },
  { type: 'rest', name: 'rest-two' },
  { type: 'rest', name: 'rest-three' },
];

describe.skipIf(AWS === undefined)('the AWS CLI against the emulator', () => {
  const session = cliAgainstEmulator(REGION, () => new EmulatorStore({ now: createManualClock(START).now, defaultRegion: REGION, pageSize: 2, restPageSize: 2, seed: { apis: APIS } }));
  const { aws, awsWith } = session;

  async function ok(...args: string[]): Promise<Record<string, unknown>> {
    const run = await aws(...args);
    expect(run.code, `aws ${args.join(' ')}\n${run.stderr}`).toBe(0);
    return run.json;
  }

  const names = (items: unknown, key: string): unknown[] => (items as Record<string, unknown>[]).map((item) => item[key]);

  describe('apigatewayv2 (HTTP and WebSocket APIs)', () => {
    it('reads APIs, one by one and in pages the CLI follows with NextToken', async () => {
      const all = await ok('apigatewayv2', 'get-apis');
      expect(names(all.Items, 'Name')).toEqual(['orders', 'chat', 'third']);
      expect(session.store.calls.filter((call) => call.operation === 'GetApis')).toHaveLength(2);
      const first = await ok('apigatewayv2', 'get-apis', '--max-results', '2', '--no-paginate');
      expect(first.NextToken).toEqual(expect.any(String));
      const api = await ok('apigatewayv2', 'get-api', '--api-id', WS_ID);
      expect(api).toMatchObject({ ApiId: WS_ID, ProtocolType: 'WEBSOCKET', ApiEndpoint: `wss://${WS_ID}.execute-api.${REGION}.amazonaws.com` });
      expect(Date.parse(String(api.CreatedDate))).toBe(Date.parse(START));
    });

    it('reads stages in their full shape, paged', async () => {
      const stages = await ok('apigatewayv2', 'get-stages', '--api-id', HTTP_ID);
      expect(names(stages.Items, 'StageName')).toEqual(['$default', 'prod', 'dev']);
      expect((stages.Items as unknown[])[0]).toMatchObject({
        AutoDeploy: true,
        DeploymentId: expect.stringMatching(/^[a-z0-9]{6}$/),
        DefaultRouteSettings: { DetailedMetricsEnabled: false },
        RouteSettings: {},
        StageVariables: {},
        Tags: {},
      });
      expect(await ok('apigatewayv2', 'get-stage', '--api-id', HTTP_ID, '--stage-name', '$default')).toMatchObject({ StageName: '$default' });
    });

    it('creates, reads, lists in pages, updates and deletes authorizers', async () => {
      const created = await ok(
        'apigatewayv2', 'create-authorizer', '--api-id', HTTP_ID, '--name', 'new', '--authorizer-type', 'REQUEST',
        '--authorizer-uri', LAMBDA, '--authorizer-payload-format-version', '2.0', '--enable-simple-responses',
        '--authorizer-result-ttl-in-seconds', '300', '--identity-source', '$request.header.Authorization',
      );
      expect(created).toMatchObject({ Name: 'new', AuthorizerResultTtlInSeconds: 300, EnableSimpleResponses: true, IdentitySource: ['$request.header.Authorization'] });
      const id = String(created.AuthorizerId);
      expect(id).toMatch(/^[a-z0-9]{6}$/);
      expect(await ok('apigatewayv2', 'get-authorizer', '--api-id', HTTP_ID, '--authorizer-id', 'jwt001')).toEqual({
        AuthorizerId: 'jwt001',
        AuthorizerType: 'JWT',
        Name: 'jwt',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: { Issuer: 'https://issuer.example', Audience: ['a'] },
      });
      session.store.clearCalls();
      const listed = await ok('apigatewayv2', 'get-authorizers', '--api-id', HTTP_ID);
      expect(names(listed.Items, 'Name')).toEqual(['jwt', 'lambda', 'lambda-two', 'new']);
      expect(session.store.calls.map((call) => call.params.nextToken === undefined)).toEqual([true, false]);
      const updated = await ok('apigatewayv2', 'update-authorizer', '--api-id', HTTP_ID, '--authorizer-id', id, '--authorizer-result-ttl-in-seconds', '0', '--identity-source', '[]');
      expect(updated).toMatchObject({ AuthorizerId: id, AuthorizerResultTtlInSeconds: 0 });
      expect(await aws('apigatewayv2', 'delete-authorizer', '--api-id', HTTP_ID, '--authorizer-id', id)).toMatchObject({ code: 0, json: {} });
      expect(session.store.inRegion(REGION).v2.getAuthorizers({ apiId: HTTP_ID }).items.map((item) => item.name)).not.toContain('new');
    });

    it('resets an HTTP stage cache and deploys a WebSocket stage', async () => {
      expect(await aws('apigatewayv2', 'reset-authorizers-cache', '--api-id', HTTP_ID, '--stage-name', '$default')).toMatchObject({ code: 0, json: {} });
      const deployment = await ok('apigatewayv2', 'create-deployment', '--api-id', WS_ID, '--stage-name', 'production');
      expect(deployment).toMatchObject({ DeploymentStatus: 'DEPLOYED', DeploymentId: expect.stringMatching(/^[a-z0-9]{6}$/) });
      expect(Date.parse(String(deployment.CreatedDate))).toBe(Date.parse(START));
    });

    it('lists routes in pages, points one at another authorizer, and refuses to delete an authorizer in use', async () => {
      const routes = await ok('apigatewayv2', 'get-routes', '--api-id', HTTP_ID);
      const items = routes.Items as Record<string, unknown>[];
      expect(items.map((route) => [route.RouteKey, route.AuthorizationType, route.AuthorizerId ?? null]).sort()).toEqual([
        ['GET /health', 'NONE', null],
        ['GET /orders', 'JWT', 'jwt001'],
        ['POST /orders', 'JWT', 'jwt001'],
      ]);
      const post = items.find((route) => route.RouteKey === 'POST /orders') as { RouteId: string };
      const moved = await ok('apigatewayv2', 'update-route', '--api-id', HTTP_ID, '--route-id', post.RouteId, '--authorizer-id', 'lam001', '--authorization-type', 'CUSTOM');
      expect(moved).toMatchObject({ RouteKey: 'POST /orders', AuthorizerId: 'lam001', AuthorizationType: 'CUSTOM' });
      const inUse = await aws('apigatewayv2', 'delete-authorizer', '--api-id', HTTP_ID, '--authorizer-id', 'lam001');
      expect(inUse.stderr).toContain('(ConflictException)');
      expect(inUse.stderr).toContain("Cannot delete authorizer 'lambda', is referenced in route: POST /orders");
    });

    it('answers the eleventh authorizer with 429 ConflictException, which botocore does not retry', async () => {
      const v2 = session.store.inRegion(REGION).v2;
      for (let i = 3; i < 10; i += 1) v2.createAuthorizer({ apiId: HTTP_ID, name: `more${i}`, authorizerType: 'REQUEST', authorizerUri: LAMBDA, authorizerPayloadFormatVersion: '2.0' });
      session.store.clearCalls();
      const refused = await awsWith(
        { AWS_MAX_ATTEMPTS: '2' },
        'apigatewayv2', 'create-authorizer', '--api-id', HTTP_ID, '--name', 'eleventh', '--authorizer-type', 'REQUEST',
        '--authorizer-uri', LAMBDA, '--authorizer-payload-format-version', '2.0', '--identity-source', '[]',
      );
      expect(refused.stderr).toContain('(ConflictException)');
      expect(refused.stderr).toContain('Maximum number of Authorizers for this API has been reached. Please contact AWS');
      expect(session.store.calls.filter((call) => call.operation === 'CreateAuthorizer')).toHaveLength(1);
    });

    it('exports the configuration a stage runs (ExportApi with StageName), blob written to a file', async () => {
      await ok('apigatewayv2', 'create-deployment', '--api-id', HTTP_ID, '--stage-name', 'prod');
      const file = path.join(session.home, 'http-export.json');
      expect((await aws('apigatewayv2', 'export-api', '--api-id', HTTP_ID, '--output-type', 'JSON', '--specification', 'OAS30', '--stage-name', 'prod', file)).code).toBe(0);
      const exported = JSON.parse(await readFile(file, 'utf8')) as { components?: { securitySchemes?: Record<string, Record<string, unknown>> } };
      expect(Object.keys(exported.components?.securitySchemes ?? {}).sort()).toEqual(['jwt', 'lambda', 'lambda-two']);
    });

    it('shows AWS error codes and texts', async () => {
      const missing = await aws('apigatewayv2', 'get-authorizers', '--api-id', 'nope');
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toContain(`(NotFoundException)`);
      expect(missing.stderr).toContain(`Invalid API identifier specified ${ACCOUNT}:nope`);
      const badUri = await aws(
        'apigatewayv2', 'create-authorizer', '--api-id', HTTP_ID, '--name', 'x', '--authorizer-type', 'REQUEST',
        '--authorizer-uri', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:auth`, '--authorizer-payload-format-version', '2.0', '--identity-source', '[]',
      );
      expect(badUri.stderr).toContain('(BadRequestException)');
      expect(badUri.stderr).toContain('should be a valid API Gateway ARN that represents a Lambda function invocation');
      const duplicate = await aws('apigatewayv2', 'create-authorizer', '--api-id', HTTP_ID, '--name', 'jwt', '--authorizer-type', 'JWT', '--identity-source', '$request.header.A', '--jwt-configuration', 'Issuer=https://a');
      expect(duplicate.stderr).toContain('Authorizer name must be unique. Authorizer jwt already exists in this RestApi.');
      session.store.injectFailure({ operation: 'GetApis', error: 'TooManyRequestsException', times: Infinity });
      const throttled = await aws('apigatewayv2', 'get-apis');
      expect(throttled.stderr).toContain('(TooManyRequestsException)');
    });
  });

  describe('sts (the account guard)', () => {
    it('answers GetCallerIdentity and AssumeRole in the awsQuery XML botocore parses, and the session is the role account\'s', async () => {
      expect(await ok('sts', 'get-caller-identity')).toEqual({ UserId: expect.any(String), Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/gatewarden-emulator` });
      const assumed = await ok('sts', 'assume-role', '--role-arn', 'arn:aws:iam::210987654321:role/gatewarden-plan', '--role-session-name', 'gatewarden-prod');
      const credentials = assumed.Credentials as Record<string, string>;
      expect(assumed.AssumedRoleUser).toMatchObject({ Arn: 'arn:aws:sts::210987654321:assumed-role/gatewarden-plan/gatewarden-prod' });
      expect(Date.parse(String(credentials.Expiration))).toBeGreaterThan(Date.parse(START));
      const session = { AWS_ACCESS_KEY_ID: credentials.AccessKeyId, AWS_SECRET_ACCESS_KEY: credentials.SecretAccessKey, AWS_SESSION_TOKEN: credentials.SessionToken };
      const asRole = await awsWith(session, 'sts', 'get-caller-identity');
      expect(asRole.json).toMatchObject({ Account: '210987654321', Arn: 'arn:aws:sts::210987654321:assumed-role/gatewarden-plan/gatewarden-prod' });
    });

    it('shows STS error codes and texts', async () => {
      const refused = await aws('sts', 'assume-role', '--role-arn', 'arn:aws:iam::210987654321:user/not-a-role', '--role-session-name', 'gatewarden-prod');
      expect(refused.code).not.toBe(0);
      // botocore adds "(reached max retries: 0)" to every error once its one attempt is spent.
      expect(refused.stderr).toMatch(/An error occurred \(ValidationError\) when calling the AssumeRole operation(?: \(reached max retries: \d+\))?: 1 validation error detected: .* at 'roleArn'/);
    });
  });

  describe('apigateway (REST APIs)', () => {
    it('reads REST APIs and their stages, with their timestamps and the `item` list key', async () => {
      const all = await ok('apigateway', 'get-rest-apis');
      expect(names(all.items, 'name')).toEqual(['legacy', 'rest-two', 'rest-three']);
      expect(session.store.calls.filter((call) => call.operation === 'GetRestApis')).toHaveLength(2);
      const api = await ok('apigateway', 'get-rest-api', '--rest-api-id', REST_ID);
      expect(api).toMatchObject({ id: REST_ID, name: 'legacy', endpointConfiguration: { types: ['EDGE'] } });
      // v1 sends epoch seconds; AWS CLI v1 prints them as they came, v2 (Debian's) as ISO 8601 text.
      expect(typeof api.createdDate === 'number' ? api.createdDate * 1000 : Date.parse(String(api.createdDate))).toBe(Date.parse(START));
      const stages = await ok('apigateway', 'get-stages', '--rest-api-id', REST_ID);
      expect(stages.item).toEqual([expect.objectContaining({ stageName: 'prod', cacheClusterEnabled: false, methodSettings: {}, deploymentId: expect.stringMatching(/^[a-z0-9]{6}$/) })]);
      expect(await ok('apigateway', 'get-stage', '--rest-api-id', REST_ID, '--stage-name', 'prod')).toMatchObject({ stageName: 'prod' });
    });

    it('creates, reads, lists in pages, patches and deletes authorizers', async () => {
      const created = await ok('apigateway', 'create-authorizer', '--rest-api-id', REST_ID, '--name', 'req', '--type', 'REQUEST', '--authorizer-uri', LAMBDA, '--identity-source', 'method.request.header.A,context.accountId');
      expect(created).toMatchObject({ name: 'req', type: 'REQUEST', authType: 'custom', authorizerResultTtlInSeconds: 300 });
      const id = String(created.id);
      expect(id).toMatch(/^[a-z0-9]{6}$/);
      expect(await ok('apigateway', 'get-authorizer', '--rest-api-id', REST_ID, '--authorizer-id', 'tok001')).toMatchObject({ id: 'tok001', type: 'TOKEN' });
      session.store.clearCalls();
      const listed = await ok('apigateway', 'get-authorizers', '--rest-api-id', REST_ID);
      expect(names(listed.items, 'name')).toEqual(['token', 'token-two', 'token-three', 'req']);
      expect(session.store.calls.map((call) => call.params.position === undefined)).toEqual([true, false]);
      const patched = await ok('apigateway', 'update-authorizer', '--rest-api-id', REST_ID, '--authorizer-id', id, '--patch-operations', 'op=replace,path=/authorizerResultTtlInSeconds,value=60');
      expect(patched).toMatchObject({ id, authorizerResultTtlInSeconds: 60 });
      expect(await aws('apigateway', 'delete-authorizer', '--rest-api-id', REST_ID, '--authorizer-id', id)).toMatchObject({ code: 0 });
      expect((await aws('apigateway', 'get-authorizer', '--rest-api-id', REST_ID, '--authorizer-id', id)).stderr).toContain('(NotFoundException)');
    });

    it('creates a Cognito authorizer and moves it to another user pool, adding before removing', async () => {
      const pool = (id: string) => `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${REGION}_${id}`;
      const created = await ok('apigateway', 'create-authorizer', '--rest-api-id', REST_ID, '--name', 'users', '--type', 'COGNITO_USER_POOLS', '--provider-arns', pool('one'), '--identity-source', 'method.request.header.Authorization');
      expect(created).toMatchObject({ type: 'COGNITO_USER_POOLS', authType: 'cognito_user_pools', providerARNs: [pool('one')] });
      const moved = await ok(
        'apigateway', 'update-authorizer', '--rest-api-id', REST_ID, '--authorizer-id', String(created.id), '--patch-operations',
        `op=add,path=/providerARNs,value=${pool('two')}`, `op=remove,path=/providerARNs,value=${pool('one')}`,
      );
      expect(moved.providerARNs).toEqual([pool('two')]);
      const emptied = await aws('apigateway', 'update-authorizer', '--rest-api-id', REST_ID, '--authorizer-id', String(created.id), '--patch-operations', `op=remove,path=/providerARNs,value=${pool('two')}`);
      expect(emptied.stderr).toContain('(BadRequestException)');
    });

    it('flushes a stage cache and deploys', async () => {
      expect(await aws('apigateway', 'flush-stage-authorizers-cache', '--rest-api-id', REST_ID, '--stage-name', 'prod')).toMatchObject({ code: 0 });
      const deployment = await ok('apigateway', 'create-deployment', '--rest-api-id', REST_ID, '--stage-name', 'prod');
      expect(deployment.id).toMatch(/^[a-z0-9]{6}$/);
      expect(session.store.inRegion(REGION).rest.getStage({ restApiId: REST_ID, stageName: 'prod' }).deploymentId).toBe(deployment.id);
    });

    it('lists resources with their methods embedded, patches a method onto another authorizer, and exports a stage', async () => {
      const resources = await ok('apigateway', 'get-resources', '--rest-api-id', REST_ID, '--embed', 'methods');
      const items = resources.items as { id: string; path: string; resourceMethods?: Record<string, { authorizationType: string; authorizerId?: string }> }[];
      const methods = items.flatMap((resource) => Object.entries(resource.resourceMethods ?? {}).map(([verb, method]) => [`${verb} ${resource.path}`, method.authorizationType, method.authorizerId ?? null]));
      expect(methods.sort()).toEqual([
        ['GET /health', 'NONE', null],
        ['GET /pets', 'CUSTOM', 'tok001'],
        ['POST /pets/{id}', 'CUSTOM', 'tok001'],
      ]);
      const pets = items.find((resource) => resource.path === '/pets') as { id: string };
      const patched = await ok('apigateway', 'update-method', '--rest-api-id', REST_ID, '--resource-id', pets.id, '--http-method', 'GET', '--patch-operations', 'op=replace,path=/authorizerId,value=tok002');
      expect(patched).toMatchObject({ httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: 'tok002' });
      expect((await aws('apigateway', 'delete-authorizer', '--rest-api-id', REST_ID, '--authorizer-id', 'tok002')).stderr).toContain('(ConflictException)');

      const pool = `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${REGION}_one`;
      await ok('apigateway', 'create-authorizer', '--rest-api-id', REST_ID, '--name', 'users', '--type', 'COGNITO_USER_POOLS', '--provider-arns', pool, '--identity-source', 'method.request.header.Authorization');
      await ok('apigateway', 'create-deployment', '--rest-api-id', REST_ID, '--stage-name', 'prod');
      const file = path.join(session.home, 'rest-export.json');
      const run = await aws('apigateway', 'get-export', '--rest-api-id', REST_ID, '--stage-name', 'prod', '--export-type', 'oas30', '--parameters', 'extensions=authorizers', file);
      expect(run.code, run.stderr).toBe(0);
      const exported = JSON.parse(await readFile(file, 'utf8')) as { components?: { securitySchemes?: Record<string, Record<string, unknown>> } };
      const schemes = exported.components?.securitySchemes ?? {};
      expect(schemes.token?.['x-amazon-apigateway-authorizer']).toMatchObject({ type: 'token', authorizerUri: LAMBDA });
      // AWS's Cognito example: the header only as the apiKey scheme's name, and gatewarden reads it from there.
      expect(schemes.users).toMatchObject({ type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'cognito_user_pools' });
      expect(schemes.users?.['x-amazon-apigateway-authorizer']).toEqual({ type: 'cognito_user_pools', providerARNs: [pool] });
      const users = readDeployedAuthorizers(exported, restStageExport, 'get-export').find((authorizer) => authorizer.name === 'users');
      expect(users?.fields.identitySource).toBe('method.request.header.Authorization');
    });

    it('shows AWS error codes and texts, ValidationException included', async () => {
      const missing = await aws('apigateway', 'get-authorizers', '--rest-api-id', 'nope');
      expect(missing.stderr).toContain('(NotFoundException)');
      expect(missing.stderr).toContain(`Invalid API identifier specified ${ACCOUNT}:nope`);
      const badType = await aws('apigateway', 'create-authorizer', '--rest-api-id', REST_ID, '--name', 'x', '--type', 'JWT');
      expect(badType.stderr).toContain('(ValidationException)');
      expect(badType.stderr).toContain("Value 'JWT' at 'createAuthorizerInput.type' failed to satisfy constraint");
      const badPatch = await aws('apigateway', 'update-authorizer', '--rest-api-id', REST_ID, '--authorizer-id', 'tok001', '--patch-operations', 'op=add,path=/name,value=x');
      expect(badPatch.stderr).toContain("Invalid patch path  '/name' specified for op 'add'");
      session.store.setAuthorizerReferences({ region: REGION, apiId: REST_ID, authorizerId: 'tok001', referencedBy: ['GET /pets'] });
      const inUse = await aws('apigateway', 'delete-authorizer', '--rest-api-id', REST_ID, '--authorizer-id', 'tok001');
      expect(inUse.stderr).toContain('(ConflictException)');
      expect(inUse.stderr).toContain("Cannot delete authorizer 'token', is referenced in method: GET//pets");
    });

    it('answers the eleventh authorizer with 429 LimitExceededException, which botocore retries as throttling', async () => {
      const rest = session.store.inRegion(REGION).rest;
      for (let i = 3; i < 10; i += 1) rest.createAuthorizer({ restApiId: REST_ID, name: `more${i}`, type: 'TOKEN', authorizerUri: LAMBDA, identitySource: 'method.request.header.Authorization' });
      session.store.clearCalls();
      const refused = await awsWith(
        { AWS_MAX_ATTEMPTS: '2' },
        'apigateway', 'create-authorizer', '--rest-api-id', REST_ID, '--name', 'eleventh', '--type', 'TOKEN',
        '--authorizer-uri', LAMBDA, '--identity-source', 'method.request.header.Authorization',
      );
      expect(refused.stderr).toContain('(LimitExceededException)');
      expect(refused.stderr).toContain('Maximum number of Authorizers for this API has been reached.  Please contact AWS');
      expect(session.store.calls.filter((call) => call.operation === 'CreateAuthorizer')).toHaveLength(2);
    });
  });
});
