/** Reads and writes HTTP and WebSocket API authorizers through the apigatewayv2 SDK client. */
import {
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  DeleteAuthorizerCommand,
  ExportApiCommand,
  GetApiCommand,
  GetApisCommand,
  GetAuthorizersCommand,
  GetRoutesCommand,
  GetStagesCommand,
  ResetAuthorizersCacheCommand,
  ApiGatewayV2Client,
  UpdateAuthorizerCommand,
  UpdateRouteCommand,
  type Api,
  type Authorizer,
  type Route,
  type Stage,
} from '@aws-sdk/client-apigatewayv2';
import { authorizerInUse, awsCallsIn, callAws, isAwsNotFound } from '../../aws/errors.js';
import { toCamelMembers, toPascalMembers } from '../../aws/members.js';
import { LARGEST_PAGE, type ApiSummary, type AuthorizerPort } from '../../aws/ports.js';
import type { ApiType, LiveAttachment, LiveAuthorizer, LiveStage } from '../../core/model.js';
import { parseExportBody } from '../../core/stage-export.js';
import { compactAttachment } from '../../aws/attachments.js';
import { BugError } from '../../errors.js';
import { commandOperations, type SdkClientConfig } from '../../aws/sdk-service.js';

const API_TYPES: Readonly<Record<string, ApiType>> = { HTTP: 'http', WEBSOCKET: 'websocket' };
/** v2 models MaxResults as a string (docs/aws-behaviour.md#pagination). */
const MaxResults = String(LARGEST_PAGE);

export function createApigatewayv2Client(config: SdkClientConfig): ApiGatewayV2Client {
  return new ApiGatewayV2Client(config);
}

/** What the port needs of a client: `send`. The SDK's client, or the emulator's store in memory (memory.ts). */
export type ApiGatewayV2Sender = Pick<ApiGatewayV2Client, 'send'>;

/** The operation of each command the port sends, for a `send` that is not the SDK's client. */
export const operationOf = commandOperations('apigatewayv2', {
  CreateAuthorizer: CreateAuthorizerCommand,
  CreateDeployment: CreateDeploymentCommand,
  DeleteAuthorizer: DeleteAuthorizerCommand,
  ExportApi: ExportApiCommand,
  GetApi: GetApiCommand,
  GetApis: GetApisCommand,
  GetAuthorizers: GetAuthorizersCommand,
  GetRoutes: GetRoutesCommand,
  GetStages: GetStagesCommand,
  ResetAuthorizersCache: ResetAuthorizersCacheCommand,
  UpdateAuthorizer: UpdateAuthorizerCommand,
  UpdateRoute: UpdateRouteCommand,
});

export function connectApigatewayv2(client: ApiGatewayV2Sender, region: string): AuthorizerPort {
  const { read, write } = awsCallsIn(region);

  return {
    async getApi(apiId) {
      try {
        const api = await callAws(read('GetApi', `/apis/${apiId}`), () => client.send(new GetApiCommand({ ApiId: apiId })));
        return apiSummaryFromSdk(api);
      } catch (error) {
        if (isAwsNotFound(error)) return undefined;
        throw error;
      }
    },
    async listApis() {
      const items = await collectPages((NextToken) =>
        callAws(read('GetApis', '/apis'), () => client.send(new GetApisCommand({ MaxResults, NextToken }))),
      );
      return items.map(apiSummaryFromSdk);
    },
    async listStages(apiId) {
      const items = await collectPages((NextToken) =>
        callAws(read('GetStages', `/apis/${apiId}/stages`), () =>
          client.send(new GetStagesCommand({ ApiId: apiId, MaxResults, NextToken })),
        ),
      );
      return items.map(liveStageFromSdk);
    },
    async listAuthorizers(apiId) {
      const items = await collectPages((NextToken) =>
        callAws(read('GetAuthorizers', `/apis/${apiId}/authorizers`), () =>
          client.send(new GetAuthorizersCommand({ ApiId: apiId, MaxResults, NextToken })),
        ),
      );
      return items.map(liveAuthorizerFromSdk);
    },
    async listAttachments(apiId) {
      const routes = await collectPages((NextToken) =>
        callAws(read('GetRoutes', `/apis/${apiId}/routes`), () => client.send(new GetRoutesCommand({ ApiId: apiId, MaxResults, NextToken }))),
      );
      return routes.map(attachmentFromSdk);
    },
    async updateAttachment(apiId, attachment, change) {
      await callAws(write('UpdateRoute', 'PATCH', `/apis/${apiId}/routes/${attachment.ref}`), () =>
        client.send(
          new UpdateRouteCommand({
            ApiId: apiId,
            RouteId: attachment.ref,
            AuthorizerId: change.authorizerId,
            AuthorizationType: change.authorizationType as never,
            AuthorizationScopes: [...change.authorizationScopes],
          }),
        ),
      );
    },
    async createAuthorizer(apiId, members) {
      const created = await callAws(write('CreateAuthorizer', 'POST', `/apis/${apiId}/authorizers`), () =>
        client.send(new CreateAuthorizerCommand({ ...(toPascalMembers(members) as object), ApiId: apiId } as never)),
      );
      return requireId(created.AuthorizerId, 'CreateAuthorizer');
    },
    async updateAuthorizer(apiId, authorizerId, request) {
      if (request.kind !== 'merge') throw new BugError(`apigatewayv2 updates are merges, got ${request.kind}`);
      await callAws(write('UpdateAuthorizer', 'PATCH', `/apis/${apiId}/authorizers/${authorizerId}`), () =>
        client.send(
          new UpdateAuthorizerCommand({
            ...(toPascalMembers(request.members) as object),
            ApiId: apiId,
            AuthorizerId: authorizerId,
          }),
        ),
      );
    },
    async deleteAuthorizer(apiId, authorizerId) {
      await callAws(write('DeleteAuthorizer', 'DELETE', `/apis/${apiId}/authorizers/${authorizerId}`), () =>
        client.send(new DeleteAuthorizerCommand({ ApiId: apiId, AuthorizerId: authorizerId })),
      ).catch((error: unknown) => {
        throw authorizerInUse(error, authorizerId, 'Routes');
      });
    },
    async resetAuthorizerCache(apiId, stage) {
      await callAws(write('ResetAuthorizersCache', 'DELETE', `/apis/${apiId}/stages/${stage}/cache/authorizers`), () =>
        client.send(new ResetAuthorizersCacheCommand({ ApiId: apiId, StageName: stage })),
      );
    },
    async exportStage(apiId, stage) {
      const path = `/apis/${apiId}/exports/OAS30`;
      const exported = await callAws(read('ExportApi', path), () =>
        client.send(
          new ExportApiCommand({ ApiId: apiId, Specification: 'OAS30', OutputType: 'JSON', StageName: stage, IncludeExtensions: true }),
        ),
      );
      return parseExportBody(new TextDecoder().decode(exported.body ?? new Uint8Array()), `ExportApi ${path} (stage ${stage})`);
    },
    async redeploy(apiId, stage) {
      await callAws(write('CreateDeployment', 'POST', `/apis/${apiId}/deployments`), () =>
        client.send(
          new CreateDeploymentCommand({ ApiId: apiId, StageName: stage, Description: 'gatewarden: authorizers changed' }),
        ),
      );
    },
  };
}

/** apigatewayv2 generates no paginators for these operations, so NextToken is followed here. */
async function collectPages<T>(
  fetchPage: (token: string | undefined) => Promise<{ Items?: T[]; NextToken?: string }>,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    items.push(...(page.Items ?? []));
    token = page.NextToken;
  } while (token);
  return items;
}

// The mappings from the SDK's output shapes are pure and exported, so that golden tests can start from wire objects.

export function apiSummaryFromSdk(api: Partial<Pick<Api, 'ApiId' | 'Name' | 'ProtocolType'>>): ApiSummary {
  const type = API_TYPES[api.ProtocolType ?? ''];
  if (!type) throw new BugError(`GetApi returned an unknown protocolType ${String(api.ProtocolType)}`);
  return { id: api.ApiId ?? '', name: api.Name ?? '', type };
}

export function liveStageFromSdk(stage: Pick<Stage, 'StageName' | 'AutoDeploy'>): LiveStage {
  return { name: stage.StageName ?? '', autoDeploy: stage.AutoDeploy ?? false };
}

export function liveAuthorizerFromSdk(authorizer: Authorizer): LiveAuthorizer {
  const { authorizerId, ...fields } = toCamelMembers(authorizer) as Record<string, unknown>;
  return { id: requireId(authorizerId, 'GetAuthorizers'), name: String(fields.name ?? ''), fields };
}

export function attachmentFromSdk(route: Pick<Route, 'RouteId' | 'RouteKey' | 'AuthorizationType' | 'AuthorizerId' | 'AuthorizationScopes'>): LiveAttachment {
  return compactAttachment({
    key: route.RouteKey ?? '',
    ref: route.RouteId ?? '',
    authorizationType: route.AuthorizationType ?? 'NONE',
    authorizerId: route.AuthorizerId,
    authorizationScopes: route.AuthorizationScopes,
  });
}

function requireId(id: unknown, operation: string): string {
  if (typeof id !== 'string' || id === '') throw new BugError(`${operation} returned no authorizer id`);
  return id;
}
