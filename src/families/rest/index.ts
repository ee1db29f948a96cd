/** The apigateway (v1) family: authorizers of REST APIs. */
import type { SdkService } from '../../aws/sdk-service.js';
import { defineFamily } from '../family.js';
import { restExport } from './export.js';
import { restRules } from './rules.js';
import { restStageExport } from './stage-export.js';
import { restSchema } from './schema.js';

const sdk = {
  key: 'apigateway',
  endpointVariables: ['AWS_ENDPOINT_URL_API_GATEWAY', 'AWS_ENDPOINT_URL'],
  create: async (config) => (await import('./live.js')).createRestClient(config),
} satisfies SdkService;

export const restFamily = defineFamily({
  id: 'apigateway',
  apiTypes: [
    {
      id: 'rest',
      label: 'REST API',
      shortLabel: 'REST',
      attachmentNoun: ['method', 'methods'],
      authorizerTypes: ['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS'],
      identity: { member: 'identitySource', headerPrefix: 'method.request.header.' },
      cacheReset: {
        operation: 'FlushStageAuthorizersCache',
        cliCommand: 'aws apigateway flush-stage-authorizers-cache --rest-api-id {apiId} --stage-name {stage} --region {region}',
        ttlMember: 'authorizerResultTtlInSeconds',
      },
      authorizerSchema: 'restAuthorizer',
      stageExport: restStageExport,
    },
  ],
  rules: restRules,
  exportRules: restExport,
  schema: restSchema,
  sdk,
  emulator: { service: 'apigateway', connect: async (store, region) => (await import('./memory.js')).connectRestInMemory(store, region) },
  connect: async (clients, region) => (await import('./live.js')).connectRest(await clients.client(sdk, region), region),
});
