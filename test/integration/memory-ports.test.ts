/**
 * The services' fake (`memoryAccess`) runs each family's own SDK adapter with the store as its `send`
 * (src/families/<id>/memory.ts). It is a fake only while the store's answers, reshaped as the SDK's
 * output, read as the SDK's own over HTTP do: the same store, once over HTTP, once in memory, must
 * give equal answers and equal error kinds.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { AuthorizerPort } from '../../src/aws/ports.js';
import { memoryAccess } from '../../src/services/access.js';
import { FAMILIES, familyFor } from '../../src/families/registry.js';
import { LAMBDA, POOL, rejection, startHarness } from './support.js';

const SEED = stringify({
  apis: [
    {
      type: 'http',
      id: 'httpapi001',
      name: 'orders',
      stages: [{ name: '$default', autoDeploy: true }, { name: 'prod' }],
      authorizers: [
        { name: 'jwt', authorizerType: 'JWT', identitySource: ['$request.header.Authorization'], jwtConfiguration: { issuer: 'https://issuer.example.com', audience: ['a', 'b'] } },
        { name: 'lambda', authorizerType: 'REQUEST', authorizerUri: LAMBDA, authorizerPayloadFormatVersion: '2.0', enableSimpleResponses: true, identitySource: ['$request.header.X'] },
      ],
      routes: [{ key: 'GET /orders', authorizer: 'jwt', authorizationScopes: ['read'] }, { key: 'POST /orders', authorizer: 'lambda' }, { key: 'GET /health' }],
    },
    {
      type: 'websocket',
      id: 'wsapi00001',
      name: 'chat',
      stages: [{ name: 'live' }],
      authorizers: [{ name: 'connect', authorizerType: 'REQUEST', authorizerUri: LAMBDA, identitySource: ['route.request.header.Auth'] }],
      routes: [{ key: '$connect', authorizer: 'connect' }],
    },
    {
      type: 'rest',
      id: 'restapi001',
      name: 'legacy',
      stages: [{ name: 'prod' }],
      authorizers: [
        { name: 'token', type: 'TOKEN', authorizerUri: LAMBDA, identitySource: 'method.request.header.Authorization' },
        { name: 'pool', type: 'COGNITO_USER_POOLS', providerARNs: [POOL('abc')], identitySource: 'method.request.header.Authorization' },
      ],
      methods: [{ key: 'GET /pets', authorizer: 'token' }, { key: 'GET /pets/{id}', authorizer: 'pool', authorizationScopes: ['pets/read'] }, { key: 'GET /' }],
    },
  ],
});

async function readAll(port: AuthorizerPort) {
  const apis = await port.listApis();
  return Promise.all(
    apis.map(async (api) => ({
      api: await port.getApi(api.id),
      stages: await port.listStages(api.id),
      authorizers: await port.listAuthorizers(api.id),
      attachments: await port.listAttachments(api.id),
    })),
  );
}

describe('the adapters read in memory what they read over HTTP', () => {
  for (const family of FAMILIES) {
    it(`${family.id}: APIs, stages and authorizers, all pages followed`, async () => {
      const h = await startHarness(SEED, { maxPageSize: 1 });
      const region = await h.options.aws.defaultRegion();
      const [sdk, memory] = await Promise.all([h.options.aws.port(family, region), memoryAccess(h.store).port(family, region)]);
      const read = await readAll(sdk);
      expect(read.length).toBeGreaterThan(0);
      expect(read.flatMap((api) => api.attachments.filter((attachment) => attachment.authorizerId !== undefined))).not.toEqual([]);
      expect(await readAll(memory)).toEqual(read);
      expect(await memory.getApi('missing001')).toBeUndefined();
      expect(await sdk.getApi('missing001')).toBeUndefined();
    });
  }

  it('raise the same error kinds with the same codes and hints', async () => {
    const h = await startHarness(SEED);
    const family = familyFor('http');
    const ports = [await h.options.aws.port(family, 'eu-west-1'), await memoryAccess(h.store).port(family, 'eu-west-1')];
    const failures = [];
    for (const port of ports) {
      h.store.injectFailure({ operation: 'DeleteAuthorizer', error: 'AccessDeniedException' });
      failures.push(await rejection(port.deleteAuthorizer('httpapi001', 'abc123')));
    }
    const [viaSdk, inMemory] = failures as [Error & { code: string; hint?: string }, Error & { code: string; hint?: string }];
    expect(inMemory.constructor).toBe(viaSdk.constructor);
    expect({ code: inMemory.code, hint: inMemory.hint }).toEqual({ code: viaSdk.code, hint: viaSdk.hint });
  });

  it('export the same stage configuration: GetExport and ExportApi over the wire, blobs parsed', async () => {
    const h = await startHarness(SEED);
    // The seeded HTTP stage was never deployed: it runs nothing yet.
    h.store.v2.createDeployment({ apiId: 'httpapi001', stageName: 'prod' });
    for (const [apiType, apiId] of [['rest', 'restapi001'], ['http', 'httpapi001']] as const) {
      const family = familyFor(apiType);
      const [sdk, memory] = [await h.options.aws.port(family, 'eu-west-1'), await memoryAccess(h.store).port(family, 'eu-west-1')];
      const viaSdk = (await sdk.exportStage(apiId, 'prod')) as { openapi: string; components: { securitySchemes: Record<string, unknown> } };
      expect(viaSdk.openapi).toBe('3.0.1');
      expect(Object.keys(viaSdk.components.securitySchemes).sort()).toEqual(apiType === 'rest' ? ['pool', 'token'] : ['jwt', 'lambda']);
      expect(await memory.exportStage(apiId, 'prod')).toEqual(viaSdk);
    }
    const calls = h.store.calls.filter((call) => call.operation === 'GetExport' || call.operation === 'ExportApi');
    // The SDK sends the export's parameters as query members and `accepts` as the Accept header.
    expect(calls[0]?.params).toMatchObject({ exportType: 'oas30', parameters: { extensions: 'authorizers' }, accepts: 'application/json' });
    expect(calls[2]?.params).toMatchObject({ specification: 'OAS30', outputType: 'JSON', stageName: 'prod', includeExtensions: 'true' });
  });

  it('refuse a WebSocket export alike', async () => {
    const h = await startHarness(SEED);
    const family = familyFor('websocket');
    const ports = [await h.options.aws.port(family, 'eu-west-1'), await memoryAccess(h.store).port(family, 'eu-west-1')];
    const [viaSdk, inMemory] = (await Promise.all(ports.map((port) => rejection(port.exportStage('wsapi00001', 'live'))))) as [Error & { code: string }, Error & { code: string }];
    expect(viaSdk.code).toBe('AWS_BadRequestException');
    expect(inMemory.code).toBe(viaSdk.code);
  });
});
