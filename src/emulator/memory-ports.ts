/**
 * The services' AWS seam over the store, in memory: the fake behind the services' unit tests (the
 * aws-cdk toolkit-lib fake-CloudFormation pattern). One small adapter per service speaks to the
 * store's typed clients as the SDK adapters (families/*\/live.ts) speak to AWS, and failures go
 * through the same classification (aws/errors.ts), so both raise the same GatewardenError kinds.
 * The wire itself (the SDK against `http.ts`) is covered by the integration tests.
 */
import { authorizerInUse, awsCallsIn, callAws, isAwsNotFound, type AwsCall } from '../aws/errors.js';
import { compactAttachment, methodPatch, methodRef } from '../aws/attachments.js';
import { LARGEST_PAGE, type ApiSummary, type AuthorizerPort } from '../aws/ports.js';
import type { ApiType, LiveAuthorizer } from '../core/model.js';
import { parseExportBody } from '../core/stage-export.js';
import { BugError } from '../errors.js';
import type { RestApi, V2Api } from './model.js';
import type { RestClient, V2Client } from './store.js';

const V2_API_TYPES: Readonly<Record<V2Api['protocolType'], ApiType>> = { HTTP: 'http', WEBSOCKET: 'websocket' };

/** The page sizes the SDK adapters ask for, so that both page alike. */
const maxResults = String(LARGEST_PAGE);

export function memoryV2Port(client: V2Client, region: string): AuthorizerPort {
  const { read, write } = awsCallsIn(region);
  const summarize = (api: V2Api): ApiSummary => ({ id: api.apiId, name: api.name, type: V2_API_TYPES[api.protocolType] });
  return {
    getApi: (apiId) => getOrUndefined(read('GetApi', `/apis/${apiId}`), () => summarize(client.getApi({ apiId }))),
    listApis: async () =>
      (await collect(read('GetApis', '/apis'), (nextToken) => page(client.getApis({ nextToken, maxResults }), 'nextToken'))).map(summarize),
    listStages: async (apiId) =>
      (await collect(read('GetStages', `/apis/${apiId}/stages`), (nextToken) => page(client.getStages({ apiId, nextToken, maxResults }), 'nextToken'))).map(
        (stage) => ({ name: stage.stageName, autoDeploy: stage.autoDeploy }),
      ),
    listAuthorizers: async (apiId) =>
      (
        await collect(read('GetAuthorizers', `/apis/${apiId}/authorizers`), (nextToken) =>
          page(client.getAuthorizers({ apiId, nextToken, maxResults }), 'nextToken'),
        )
      ).map(({ authorizerId, ...fields }) => live(authorizerId, fields)),
    listAttachments: async (apiId) =>
      (await collect(read('GetRoutes', `/apis/${apiId}/routes`), (nextToken) => page(client.getRoutes({ apiId, nextToken, maxResults }), 'nextToken'))).map((route) =>
        compactAttachment({
          key: route.routeKey,
          ref: route.routeId,
          authorizationType: route.authorizationType,
          authorizerId: route.authorizerId,
          authorizationScopes: route.authorizationScopes,
        }),
      ),
    updateAttachment: (apiId, attachment, change) =>
      callAws(write('UpdateRoute', 'PATCH', `/apis/${apiId}/routes/${attachment.ref}`), async () => {
        client.updateRoute({ apiId, routeId: attachment.ref, ...change, authorizationType: change.authorizationType as never, authorizationScopes: [...change.authorizationScopes] });
      }),
    createAuthorizer: (apiId, members) =>
      callAws(write('CreateAuthorizer', 'POST', `/apis/${apiId}/authorizers`), async () => client.createAuthorizer({ ...members, apiId }).authorizerId),
    updateAuthorizer: (apiId, authorizerId, request) =>
      callAws(write('UpdateAuthorizer', 'PATCH', `/apis/${apiId}/authorizers/${authorizerId}`), async () => {
        if (request.kind !== 'merge') throw new BugError(`apigatewayv2 updates are merges, got ${request.kind}`);
        client.updateAuthorizer({ ...request.members, apiId, authorizerId });
      }),
    deleteAuthorizer: (apiId, authorizerId) =>
      callAws(write('DeleteAuthorizer', 'DELETE', `/apis/${apiId}/authorizers/${authorizerId}`), async () =>
        client.deleteAuthorizer({ apiId, authorizerId }),
      ).catch((error: unknown) => {
        throw authorizerInUse(error, authorizerId, 'Routes');
      }),
    resetAuthorizerCache: (apiId, stageName) =>
      callAws(write('ResetAuthorizersCache', 'DELETE', `/apis/${apiId}/stages/${stageName}/cache/authorizers`), async () =>
        client.resetAuthorizersCache({ apiId, stageName }),
      ),
    exportStage: (apiId, stageName) => {
      const path = `/apis/${apiId}/exports/OAS30`;
      return callAws(read('ExportApi', path), async () =>
        parseExportBody(client.exportApi({ apiId, specification: 'OAS30', outputType: 'JSON', stageName, includeExtensions: true }).body, `ExportApi ${path} (stage ${stageName})`),
      );
    },
    redeploy: (apiId, stageName) =>
      callAws(write('CreateDeployment', 'POST', `/apis/${apiId}/deployments`), async () => {
        client.createDeployment({ apiId, stageName, description: DEPLOYMENT_DESCRIPTION });
      }),
  };
}

export function memoryRestPort(client: RestClient, region: string): AuthorizerPort {
  const { read, write } = awsCallsIn(region);
  const summarize = (api: RestApi): ApiSummary => ({ id: api.id, name: api.name, type: 'rest' });
  return {
    getApi: (apiId) => getOrUndefined(read('GetRestApi', `/restapis/${apiId}`), () => summarize(client.getRestApi({ restApiId: apiId }))),
    listApis: async () =>
      (await collect(read('GetRestApis', '/restapis'), (position) => page(client.getRestApis({ position, limit: LARGEST_PAGE }), 'position'))).map(
        summarize,
      ),
    listStages: (apiId) =>
      callAws(read('GetStages', `/restapis/${apiId}/stages`), async () =>
        // REST stages serve a deployment snapshot: they never deploy by themselves.
        client.getStages({ restApiId: apiId }).items.map((stage) => ({ name: stage.stageName, autoDeploy: false })),
      ),
    listAuthorizers: async (apiId) =>
      (
        await collect(read('GetAuthorizers', `/restapis/${apiId}/authorizers`), (position) =>
          page(client.getAuthorizers({ restApiId: apiId, position, limit: LARGEST_PAGE }), 'position'),
        )
      ).map(({ id, ...fields }) => live(id, fields)),
    listAttachments: async (apiId) =>
      (
        await collect(read('GetResources', `/restapis/${apiId}/resources`), (position) =>
          page(client.getResources({ restApiId: apiId, position, limit: LARGEST_PAGE, embed: 'methods' }), 'position'),
        )
      ).flatMap((resource) =>
        Object.values(resource.resourceMethods ?? {}).map((method) =>
          compactAttachment({
            key: `${method.httpMethod} ${resource.path}`,
            ref: `${resource.id} ${method.httpMethod}`,
            authorizationType: method.authorizationType,
            authorizerId: method.authorizerId,
            authorizationScopes: method.authorizationScopes,
          }),
        ),
      ),
    updateAttachment: (apiId, attachment, change) => {
      const { resourceId, httpMethod } = methodRef(attachment.ref);
      return callAws(write('UpdateMethod', 'PATCH', `/restapis/${apiId}/resources/${resourceId}/methods/${httpMethod}`), async () => {
        client.updateMethod({ restApiId: apiId, resourceId, httpMethod, patchOperations: methodPatch(attachment, change) });
      });
    },
    createAuthorizer: (apiId, members) =>
      callAws(write('CreateAuthorizer', 'POST', `/restapis/${apiId}/authorizers`), async () => client.createAuthorizer({ ...members, restApiId: apiId }).id),
    updateAuthorizer: (apiId, authorizerId, request) =>
      callAws(write('UpdateAuthorizer', 'PATCH', `/restapis/${apiId}/authorizers/${authorizerId}`), async () => {
        if (request.kind !== 'json-patch') throw new BugError(`REST updates are JSON-Patch, got ${request.kind}`);
        client.updateAuthorizer({ restApiId: apiId, authorizerId, patchOperations: request.operations });
      }),
    deleteAuthorizer: (apiId, authorizerId) =>
      callAws(write('DeleteAuthorizer', 'DELETE', `/restapis/${apiId}/authorizers/${authorizerId}`), async () =>
        client.deleteAuthorizer({ restApiId: apiId, authorizerId }),
      ).catch((error: unknown) => {
        throw authorizerInUse(error, authorizerId, 'Methods');
      }),
    resetAuthorizerCache: (apiId, stageName) =>
      callAws(write('FlushStageAuthorizersCache', 'DELETE', `/restapis/${apiId}/stages/${stageName}/cache/authorizers`), async () =>
        client.flushStageAuthorizersCache({ restApiId: apiId, stageName }),
      ),
    exportStage: (apiId, stageName) => {
      const path = `/restapis/${apiId}/stages/${stageName}/exports/oas30`;
      return callAws(read('GetExport', path), async () =>
        parseExportBody(
          client.getExport({ restApiId: apiId, stageName, exportType: 'oas30', parameters: { extensions: 'authorizers' }, accepts: 'application/json' }).body,
          `GetExport ${path}`,
        ),
      );
    },
    redeploy: (apiId, stageName) =>
      callAws(write('CreateDeployment', 'POST', `/restapis/${apiId}/deployments`), async () => {
        client.createDeployment({ restApiId: apiId, stageName, description: DEPLOYMENT_DESCRIPTION });
      }),
  };
}

/** What the SDK adapters send, so that both leave the same deployments behind. */
const DEPLOYMENT_DESCRIPTION = 'gatewarden: authorizers changed';

async function getOrUndefined(call: AwsCall, get: () => ApiSummary): Promise<ApiSummary | undefined> {
  try {
    return await callAws(call, async () => get());
  } catch (error) {
    if (isAwsNotFound(error)) return undefined;
    throw error;
  }
}

/** Both services' list shapes, as one `{ items, next }`: v2 pages by `nextToken`, v1 by `position`. */
function page<T>(result: { readonly items: T[]; readonly nextToken?: string; readonly position?: string }, token: 'nextToken' | 'position') {
  return { items: result.items, next: result[token] };
}

/** Follows every page, as the SDK adapters do. */
function collect<T>(call: AwsCall, fetchPage: (token: string | undefined) => { items: T[]; next?: string | undefined }): Promise<T[]> {
  return callAws(call, async () => {
    const items: T[] = [];
    let token: string | undefined;
    do {
      const next = fetchPage(token);
      items.push(...next.items);
      token = next.next;
    } while (token);
    return items;
  });
}

/** Members as the SDK adapters read them: absent members are left out. */
function live(id: string, members: Readonly<Record<string, unknown>>): LiveAuthorizer {
  const fields = Object.fromEntries(Object.entries(members).filter(([, value]) => value !== undefined));
  return { id, name: String(fields.name ?? ''), fields };
}

