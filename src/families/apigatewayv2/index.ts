/** The apigatewayv2 family: authorizers of HTTP and WebSocket APIs. */
import type { SdkService } from '../../aws/sdk-service.js';
import { defineFamily } from '../family.js';
import { apigatewayv2Export } from './export.js';
import { apigatewayv2Rules } from './rules.js';
import { httpStageExport, websocketStageExport } from './stage-export.js';
import { apigatewayv2Schema } from './schema.js';

const sdk = {
  key: 'apigatewayv2',
  endpointVariables: ['AWS_ENDPOINT_URL_APIGATEWAYV2', 'AWS_ENDPOINT_URL'],
  create: async (config) => (await import('./live.js')).createApigatewayv2Client(config),
} satisfies SdkService;

export const apigatewayv2Family = defineFamily({
  id: 'apigatewayv2',
  apiTypes: [
    {
      id: 'http',
      label: 'HTTP API',
      shortLabel: 'HTTP',
      attachmentNoun: ['route', 'routes'],
      authorizerTypes: ['JWT', 'REQUEST'],
      identity: { member: 'identitySource', headerPrefix: '$request.header.' },
      cacheReset: {
        operation: 'ResetAuthorizersCache',
        cliCommand: 'aws apigatewayv2 reset-authorizers-cache --api-id {apiId} --stage-name {stage} --region {region}',
        ttlMember: 'authorizerResultTtlInSeconds',
      },
      authorizerSchema: 'httpAuthorizer',
      stageExport: httpStageExport,
    },
    {
      id: 'websocket',
      label: 'WebSocket API',
      shortLabel: 'WebSocket',
      attachmentNoun: ['route', 'routes'],
      authorizerTypes: ['REQUEST'],
      identity: { member: 'identitySource', headerPrefix: 'route.request.header.' },
      // ResetAuthorizersCache is supported only for HTTP APIs.
      cacheReset: { unsupported: 'ResetAuthorizersCache is supported only for HTTP APIs, so WebSocket APIs cannot reset an authorizer cache' },
      authorizerSchema: 'websocketAuthorizer',
      stageExport: websocketStageExport,
    },
  ],
  rules: apigatewayv2Rules,
  exportRules: apigatewayv2Export,
  schema: apigatewayv2Schema,
  sdk,
  emulator: { service: 'apigatewayv2', connect: async (store, region) => (await import('./memory.js')).connectApigatewayv2InMemory(store, region) },
  connect: async (clients, region) => (await import('./live.js')).connectApigatewayv2(await clients.client(sdk, region), region),
});
