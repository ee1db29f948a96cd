/**
 * The explicit registry of API families. Adding a family is a new folder plus one entry here;
 * nothing else branches on a family's name.
 */
import type { AwsClients } from '../aws/clients.js';
import type { AuthorizerPort } from '../aws/ports.js';
import type { ApiType } from '../core/model.js';
import type { ExportRules } from '../core/export.js';
import type { AuthorizerRules } from '../core/rules.js';
import { apigatewayv2Export } from './apigatewayv2/export.js';
import { apigatewayv2Rules } from './apigatewayv2/rules.js';
import { restExport } from './rest/export.js';
import { restRules } from './rest/rules.js';

export interface Family {
  readonly id: 'apigatewayv2' | 'apigateway';
  readonly apiTypes: readonly ApiType[];
  readonly rules: AuthorizerRules;
  /** How its authorizers are written by export and adopt. */
  readonly exportRules: ExportRules;
  /** API types whose stages have an authorizer cache that can be reset. */
  readonly cacheResetApiTypes: readonly ApiType[];
  /** Builds the port for one region; the SDK is loaded on first use only. */
  connect(clients: AwsClients, region: string): Promise<AuthorizerPort>;
}

export const FAMILIES: readonly Family[] = [
  {
    id: 'apigatewayv2',
    apiTypes: ['http', 'websocket'],
    rules: apigatewayv2Rules,
    exportRules: apigatewayv2Export,
    // ResetAuthorizersCache is supported only for HTTP APIs.
    cacheResetApiTypes: ['http'],
    connect: async (clients, region) => (await import('./apigatewayv2/live.js')).connectApigatewayv2(clients, region),
  },
  {
    id: 'apigateway',
    apiTypes: ['rest'],
    rules: restRules,
    exportRules: restExport,
    cacheResetApiTypes: ['rest'],
    connect: async (clients, region) => (await import('./rest/live.js')).connectRest(clients, region),
  },
];

export function familyFor(apiType: ApiType): Family {
  const family = FAMILIES.find((candidate) => candidate.apiTypes.includes(apiType));
  if (!family) throw new Error(`no API family handles ${apiType}`);
  return family;
}
