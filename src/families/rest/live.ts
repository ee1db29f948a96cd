/** Reads and writes REST API authorizers through the apigateway (v1) SDK client. */
import {
  APIGatewayClient,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  DeleteAuthorizerCommand,
  FlushStageAuthorizersCacheCommand,
  GetAuthorizersCommand,
  GetExportCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetResourcesCommand,
  GetStagesCommand,
  UpdateAuthorizerCommand,
  UpdateMethodCommand,
  type Authorizer,
  type CreateAuthorizerCommandInput,
  type Resource,
  type RestApi,
  type Stage,
} from '@aws-sdk/client-api-gateway';
import { authorizerInUse, awsCallsIn, callAws, isAwsNotFound } from '../../aws/errors.js';
import { LARGEST_PAGE, type ApiSummary, type AttachmentChange, type AuthorizerPort } from '../../aws/ports.js';
import type { LiveAttachment, LiveAuthorizer, LiveStage } from '../../core/model.js';
import { parseExportBody } from '../../core/stage-export.js';
import { BugError } from '../../errors.js';
import { compactAttachment } from '../../aws/attachments.js';
import { commandOperations, type SdkClientConfig } from '../../aws/sdk-service.js';

export function createRestClient(config: SdkClientConfig): APIGatewayClient {
  return new APIGatewayClient(config);
}

/** What the port needs of a client: `send`. The SDK's client, or the emulator's store in memory (memory.ts). */
export type RestSender = Pick<APIGatewayClient, 'send'>;

/** The operation of each command the port sends, for a `send` that is not the SDK's client. */
export const operationOf = commandOperations('apigateway', {
  CreateAuthorizer: CreateAuthorizerCommand,
  CreateDeployment: CreateDeploymentCommand,
  DeleteAuthorizer: DeleteAuthorizerCommand,
  FlushStageAuthorizersCache: FlushStageAuthorizersCacheCommand,
  GetAuthorizers: GetAuthorizersCommand,
  GetExport: GetExportCommand,
  GetRestApi: GetRestApiCommand,
  GetRestApis: GetRestApisCommand,
  GetResources: GetResourcesCommand,
  GetStages: GetStagesCommand,
  UpdateAuthorizer: UpdateAuthorizerCommand,
  UpdateMethod: UpdateMethodCommand,
});

export function connectRest(client: RestSender, region: string): AuthorizerPort {
  const { read, write } = awsCallsIn(region);

  return {
    async getApi(apiId) {
      try {
        const api = await callAws(read('GetRestApi', `/restapis/${apiId}`), () =>
          client.send(new GetRestApiCommand({ restApiId: apiId })),
        );
        return apiSummaryFromSdk(api);
      } catch (error) {
        if (isAwsNotFound(error)) return undefined;
        throw error;
      }
    },
    async listApis() {
      // `position` is followed here rather than by the SDK's paginator, which takes only its own client.
      const apis: ApiSummary[] = [];
      let position: string | undefined;
      do {
        const page = await callAws(read('GetRestApis', '/restapis'), () => client.send(new GetRestApisCommand({ limit: LARGEST_PAGE, position })));
        apis.push(...(page.items ?? []).map(apiSummaryFromSdk));
        position = page.position;
      } while (position);
      return apis;
    },
    async listAttachments(apiId) {
      const resources: Resource[] = [];
      let position: string | undefined;
      do {
        const page = await callAws(read('GetResources', `/restapis/${apiId}/resources`), () =>
          client.send(new GetResourcesCommand({ restApiId: apiId, embed: ['methods'], limit: LARGEST_PAGE, position })),
        );
        resources.push(...(page.items ?? []));
        position = page.position;
      } while (position);
      return resources.flatMap(attachmentsFromSdk);
    },
    async updateAttachment(apiId, attachment, change) {
      const { resourceId, httpMethod } = methodRef(attachment.ref);
      await callAws(write('UpdateMethod', 'PATCH', `/restapis/${apiId}/resources/${resourceId}/methods/${httpMethod}`), () =>
        client.send(new UpdateMethodCommand({ restApiId: apiId, resourceId, httpMethod, patchOperations: methodPatch(attachment, change) })),
      );
    },
    async listStages(apiId) {
      const stages = await callAws(read('GetStages', `/restapis/${apiId}/stages`), () =>
        client.send(new GetStagesCommand({ restApiId: apiId })),
      );
      return (stages.item ?? []).map(liveStageFromSdk);
    },
    async listAuthorizers(apiId) {
      // The SDK has no paginator for GetAuthorizers, so `position` is followed here.
      const authorizers: LiveAuthorizer[] = [];
      let position: string | undefined;
      do {
        const page = await callAws(read('GetAuthorizers', `/restapis/${apiId}/authorizers`), () =>
          client.send(new GetAuthorizersCommand({ restApiId: apiId, limit: LARGEST_PAGE, position })),
        );
        authorizers.push(...(page.items ?? []).map(liveAuthorizerFromSdk));
        position = page.position;
      } while (position);
      return authorizers;
    },
    async createAuthorizer(apiId, members) {
      const created = await callAws(write('CreateAuthorizer', 'POST', `/restapis/${apiId}/authorizers`), () =>
        client.send(new CreateAuthorizerCommand({ ...members, restApiId: apiId } as CreateAuthorizerCommandInput)),
      );
      if (!created.id) throw new BugError('CreateAuthorizer returned no authorizer id');
      return created.id;
    },
    async updateAuthorizer(apiId, authorizerId, request) {
      if (request.kind !== 'json-patch') throw new BugError(`REST updates are JSON-Patch, got ${request.kind}`);
      await callAws(write('UpdateAuthorizer', 'PATCH', `/restapis/${apiId}/authorizers/${authorizerId}`), () =>
        client.send(
          new UpdateAuthorizerCommand({
            restApiId: apiId,
            authorizerId,
            patchOperations: request.operations.map((operation) => ({ ...operation })),
          }),
        ),
      );
    },
    async deleteAuthorizer(apiId, authorizerId) {
      await callAws(write('DeleteAuthorizer', 'DELETE', `/restapis/${apiId}/authorizers/${authorizerId}`), () =>
        client.send(new DeleteAuthorizerCommand({ restApiId: apiId, authorizerId })),
      ).catch((error: unknown) => {
        throw authorizerInUse(error, authorizerId, 'Methods');
      });
    },
    async resetAuthorizerCache(apiId, stage) {
      await callAws(
        write('FlushStageAuthorizersCache', 'DELETE', `/restapis/${apiId}/stages/${stage}/cache/authorizers`),
        () => client.send(new FlushStageAuthorizersCacheCommand({ restApiId: apiId, stageName: stage })),
      );
    },
    async exportStage(apiId, stage) {
      const path = `/restapis/${apiId}/stages/${stage}/exports/oas30`;
      const exported = await callAws(read('GetExport', path), () =>
        client.send(
          new GetExportCommand({
            restApiId: apiId,
            stageName: stage,
            exportType: 'oas30',
            parameters: { extensions: 'authorizers' },
            accepts: 'application/json',
          }),
        ),
      );
      return parseExportBody(new TextDecoder().decode(exported.body ?? new Uint8Array()), `GetExport ${path}`);
    },
    async redeploy(apiId, stage) {
      await callAws(write('CreateDeployment', 'POST', `/restapis/${apiId}/deployments`), () =>
        client.send(
          new CreateDeploymentCommand({
            restApiId: apiId,
            stageName: stage,
            description: 'gatewarden: authorizers changed',
          }),
        ),
      );
    },
  };
}

// The mappings from the SDK's output shapes are pure and exported, so that golden tests can start from wire objects.

export function apiSummaryFromSdk(api: Pick<RestApi, 'id' | 'name'>): ApiSummary {
  return { id: api.id ?? '', name: api.name ?? '', type: 'rest' };
}

export function liveStageFromSdk(stage: Pick<Stage, 'stageName'>): LiveStage {
  // REST stages serve a deployment snapshot: they never deploy by themselves.
  return { name: stage.stageName ?? '', autoDeploy: false };
}

export function liveAuthorizerFromSdk(authorizer: Authorizer): LiveAuthorizer {
  const { id, ...rest } = authorizer;
  if (!id) throw new BugError('GetAuthorizers returned an authorizer without an id');
  const fields = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  return { id, name: authorizer.name ?? '', fields };
}

/** Each method of a resource read with `embed=methods`; `ref` is `resourceId httpMethod`. */
export function attachmentsFromSdk(resource: Pick<Resource, 'id' | 'path' | 'resourceMethods'>): LiveAttachment[] {
  return Object.values(resource.resourceMethods ?? {}).map((method) =>
    compactAttachment({
      key: `${method.httpMethod ?? ''} ${resource.path ?? ''}`,
      ref: `${resource.id ?? ''} ${method.httpMethod ?? ''}`,
      authorizationType: method.authorizationType ?? 'NONE',
      authorizerId: method.authorizerId,
      authorizationScopes: method.authorizationScopes,
    }),
  );
}

/** A REST attachment's `ref` is `resourceId httpMethod`. */
function methodRef(ref: string): { readonly resourceId: string; readonly httpMethod: string } {
  const [resourceId = '', httpMethod = ''] = ref.split(' ');
  return { resourceId, httpMethod };
}

/** One UpdateMethod patch: AWS checks the method after all operations, so the kind can change in one call. */
function methodPatch(attachment: LiveAttachment, change: AttachmentChange): { op: 'replace' | 'add' | 'remove'; path: string; value?: string }[] {
  const before = attachment.authorizationScopes ?? [];
  return [
    { op: 'replace', path: '/authorizerId', value: change.authorizerId },
    { op: 'replace', path: '/authorizationType', value: change.authorizationType },
    ...before.filter((scope) => !change.authorizationScopes.includes(scope)).map((value) => ({ op: 'remove' as const, path: '/authorizationScopes', value })),
    ...change.authorizationScopes.filter((scope) => !before.includes(scope)).map((value) => ({ op: 'add' as const, path: '/authorizationScopes', value })),
  ];
}
