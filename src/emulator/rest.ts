/** apigateway v1 operations (REST APIs), as pure handlers over one region's state. */
import { applyMethodPatch } from './attachment-rules.js';
import { checkUniqueName } from './authorizer-rules.js';
import { compact, type Handler, type OperationContext } from './context.js';
import { authorizerInUse, badRequest, conflict, CONCURRENT_MODIFICATION, EmulatorError, notFound, REST_MAX_AUTHORIZERS_REACHED, restConstraintViolation } from './errors.js';
import type {
  EndpointType,
  PatchOperation,
  RestApi,
  RestAuthorizer,
  RestAuthorizerMembers,
  RestDeployment,
  RestMethod,
  RestPage,
  RestResource,
  RestStage,
  RestStageList,
} from './model.js';
import type { RestOperationName } from './operations.js';
import { restExportDocument, type ExportBlob } from './exports.js';
import { insertRestMethod, methodsOf, presentResource, storeMethod, type RestMethodSpec } from './rest-resources.js';
import { REST_PAGES, servePage } from './pagination.js';
import { label, optionalObject, optionalString, type Params } from './params.js';
import { applyPatch, checkRestAuthorizer, readRestDraft, type RestAuthorizerDraft } from './rest-rules.js';
import type { RestApiState, RestAuthorizerRecord, RestResourceRecord } from './state.js';

export interface RestPageParams {
  readonly position?: string;
  /** An integer on the wire; the wire layer passes the query string through. */
  readonly limit?: number | string;
}
export interface RestApiParams {
  readonly restApiId: string;
}
export interface RestStageParams extends RestApiParams {
  readonly stageName: string;
}
export interface RestAuthorizerParams extends RestApiParams {
  readonly authorizerId: string;
}
export type RestCreateAuthorizerParams = RestApiParams & RestAuthorizerMembers;
export interface RestUpdateAuthorizerParams extends RestAuthorizerParams {
  readonly patchOperations?: readonly PatchOperation[];
}
export interface RestGetResourcesParams extends RestApiParams, RestPageParams {
  /** `methods` embeds each resource's methods; the SDK sends the list as repeated query members. */
  readonly embed?: string | readonly string[];
}
export interface RestUpdateMethodParams extends RestApiParams {
  readonly resourceId: string;
  readonly httpMethod: string;
  readonly patchOperations?: readonly PatchOperation[];
}
export interface RestCreateDeploymentParams extends RestApiParams {
  readonly stageName?: string;
  readonly stageDescription?: string;
  readonly description?: string;
}

export interface RestGetExportParams extends RestStageParams {
  readonly exportType: string;
  /** Query parameters of the export; `extensions=authorizers` adds the authorizer extensions. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** The `Accept` header. */
  readonly accepts?: string;
}

export const restHandlers = {
  GetRestApis: (ctx, params: RestPageParams = {}): RestPage<RestApi> =>
    page(ctx, [...ctx.state.restApis.values()].map((entry) => entry.api), params, 'GetRestApis'),
  GetRestApi: (ctx, params: RestApiParams): RestApi => structuredClone(findApi(ctx, params).api),
  GetStages: (ctx, params: RestApiParams & { readonly deploymentId?: string }): RestStageList => {
    const api = findApi(ctx, params);
    const deploymentId = optionalString(params, 'deploymentId', 'getStagesInput', restConstraintViolation);
    const stages = [...api.stages.values()].filter((stage) => deploymentId === undefined || stage.deploymentId === deploymentId);
    return { items: structuredClone(stages) };
  },
  GetStage: (ctx, params: RestStageParams): RestStage => structuredClone(findStage(findApi(ctx, params), params)),
  CreateAuthorizer: (ctx, params: RestCreateAuthorizerParams): RestAuthorizer => {
    // Real AWS answers an unknown API here with 409, not 404 (docs/aws-behaviour.md#error-texts).
    const api = ctx.state.restApis.get(label(params, 'restApiId'));
    if (api === undefined) throw conflict(CONCURRENT_MODIFICATION);
    return createRestAuthorizer(ctx, api, readRestDraft(params, 'createAuthorizerInput'));
  },
  GetAuthorizers: (ctx, params: RestApiParams & RestPageParams): RestPage<RestAuthorizer> => {
    const api = findApi(ctx, params);
    return page(ctx, [...api.authorizers.values()].map(present), params, `GetAuthorizers ${api.api.id}`);
  },
  GetAuthorizer: (ctx, params: RestAuthorizerParams): RestAuthorizer => present(findAuthorizer(findApi(ctx, params), params)),
  UpdateAuthorizer: (ctx, params: RestUpdateAuthorizerParams): RestAuthorizer => {
    const api = findApi(ctx, params);
    const current = findAuthorizer(api, params);
    const patched = applyPatch(current.members, params.patchOperations);
    const members = checkRestAuthorizer(patched, 'updateAuthorizerInput', 'patch');
    checkUniqueName(namesOf(api), members.name, current.id);
    // Stored only once every operation and rule passed: a patch applies all or nothing.
    const updated = { ...current, members };
    api.authorizers.set(current.id, updated);
    return present(updated);
  },
  DeleteAuthorizer: (ctx, params: RestAuthorizerParams): void => {
    const api = findApi(ctx, params);
    const authorizer = findAuthorizer(api, params);
    const user = methodsOf(api).find(({ method }) => method.authorizerId === authorizer.id);
    if (user !== undefined) throw authorizerInUse(authorizer.members.name ?? '', { method: `${user.method.httpMethod}/${user.resource.path}` });
    api.authorizers.delete(authorizer.id);
  },
  GetResources: (ctx, params: RestGetResourcesParams): RestPage<RestResource> => {
    const api = findApi(ctx, params);
    const embed = params.embed === undefined ? [] : typeof params.embed === 'string' ? params.embed.split(',') : params.embed;
    const withMethods = embed.includes('methods');
    return page(ctx, [...api.resources.values()].map((record) => presentResource(record, withMethods)), params, `GetResources ${api.api.id}`);
  },
  UpdateMethod: (ctx, params: RestUpdateMethodParams): RestMethod => {
    const api = findApi(ctx, params);
    const resource = api.resources.get(label(params, 'resourceId'));
    if (resource === undefined) throw notFound('Invalid Resource identifier specified');
    const current = resource.methods.get(label(params, 'httpMethod'));
    if (current === undefined) throw notFound('Invalid Method identifier specified');
    return structuredClone(storeMethod(api, resource, applyMethodPatch(current, params.patchOperations)));
  },
  FlushStageAuthorizersCache: (ctx, params: RestStageParams): void => {
    findStage(findApi(ctx, params), params);
  },
  GetExport: (ctx, params: RestGetExportParams): ExportBlob => {
    const api = findApi(ctx, params);
    const stage = findStage(api, params);
    const input = 'getExportInput';
    // The emulator writes OpenAPI 3.0 JSON only; AWS also writes swagger and YAML.
    if (label(params, 'exportType') !== 'oas30') throw badRequest('The emulator exports exportType oas30 only');
    const accepts = optionalString(params, 'accepts', input, restConstraintViolation);
    if (accepts !== undefined && accepts !== 'application/json') throw badRequest(`The emulator exports application/json only, not ${accepts}`);
    const extensions = String(optionalObject(params, 'parameters', input, restConstraintViolation)?.extensions ?? '').split(',');
    const withAuthorizers = extensions.includes('authorizers') || extensions.includes('apigateway');
    const frozen = api.snapshots.get(stage.deploymentId) ?? [];
    return restExportDocument(api.api.name, frozen.map(present), withAuthorizers);
  },
  CreateDeployment: (ctx, params: RestCreateDeploymentParams): RestDeployment => {
    const api = findApi(ctx, params);
    const input = 'createDeploymentInput';
    const stageName = optionalString(params, 'stageName', input, restConstraintViolation);
    const deployment = recordDeployment(ctx, api, optionalString(params, 'description', input, restConstraintViolation));
    if (stageName !== undefined) {
      // AWS creates the stage when it does not exist yet.
      const stage = api.stages.get(stageName);
      if (stage === undefined) {
        const stageDescription = optionalString(params, 'stageDescription', input, restConstraintViolation);
        insertStage(ctx, api, { stageName, deploymentId: deployment.id, description: stageDescription });
      } else {
        api.stages.set(stageName, { ...stage, deploymentId: deployment.id, lastUpdatedDate: deployment.createdDate });
      }
    }
    return structuredClone(deployment);
  },
} satisfies Record<RestOperationName, Handler<never, unknown>>;

// ---------- shared with seeding ----------

export interface RestApiSpec {
  readonly id?: string;
  readonly name: string;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly endpointType?: EndpointType;
}

export function insertRestApi(ctx: OperationContext, spec: RestApiSpec): RestApiState {
  const api: RestApi = compact({
    id: spec.id ?? ctx.newId(10),
    name: spec.name,
    createdDate: ctx.now(),
    apiKeySource: 'HEADER' as const,
    // EDGE is CreateRestApi's default endpoint type.
    endpointConfiguration: { types: [spec.endpointType ?? 'EDGE'], ipAddressType: 'ipv4' as const },
    disableExecuteApiEndpoint: false,
    rootResourceId: ctx.newId(10),
    description: spec.description,
    tags: spec.tags,
  });
  const root: RestResourceRecord = { id: api.rootResourceId, path: '/', methods: new Map() };
  const state: RestApiState = { api, stages: new Map(), authorizers: new Map(), resources: new Map([[root.id, root]]), deployments: [], snapshots: new Map() };
  ctx.state.restApis.set(api.id, state);
  return state;
}

export interface RestStageSpec {
  readonly stageName: string;
  /** REST stages always point at a deployment; one is made when absent. */
  readonly deploymentId?: string;
  readonly description?: string;
  readonly variables?: Readonly<Record<string, string>>;
}

export function insertStage(ctx: OperationContext, api: RestApiState, spec: RestStageSpec): RestStage {
  if (api.stages.has(spec.stageName)) throw conflict('Stage already exists');
  const deploymentId = spec.deploymentId ?? recordDeployment(ctx, api, undefined).id;
  const now = ctx.now();
  api.stages.set(
    spec.stageName,
    compact({
      stageName: spec.stageName,
      deploymentId,
      createdDate: now,
      lastUpdatedDate: now,
      cacheClusterEnabled: false,
      cacheClusterStatus: 'NOT_AVAILABLE' as const,
      methodSettings: {},
      tracingEnabled: false,
      description: spec.description,
      variables: spec.variables,
    }),
  );
  return api.stages.get(spec.stageName) as RestStage;
}

export { insertRestMethod, methodsOf, type RestMethodSpec };

export interface RestSeedOnly {
  readonly authorizerId?: string;
}

export function createRestAuthorizer(ctx: OperationContext, api: RestApiState, draft: RestAuthorizerDraft, seedOnly: RestSeedOnly = {}): RestAuthorizer {
  const members = checkRestAuthorizer(draft, 'createAuthorizerInput', 'create');
  checkUniqueName(namesOf(api), members.name, undefined);
  if (api.authorizers.size >= ctx.limits.maxAuthorizersPerApi) {
    throw new EmulatorError({ code: 'LimitExceededException', status: 429, message: REST_MAX_AUTHORIZERS_REACHED });
  }
  const record: RestAuthorizerRecord = { id: seedOnly.authorizerId ?? ctx.newId(6), members };
  api.authorizers.set(record.id, record);
  return present(record);
}

// ---------- helpers ----------

function page<T>(ctx: OperationContext, all: readonly T[], params: RestPageParams, listing: string): RestPage<T> {
  return servePage(ctx, all, { ...params }, REST_PAGES, listing);
}

function findApi(ctx: OperationContext, params: Params): RestApiState {
  const restApiId = label(params, 'restApiId');
  const api = ctx.state.restApis.get(restApiId);
  if (api === undefined) throw notFound(`Invalid API identifier specified ${ctx.accountId}:${restApiId}`);
  return api;
}

function findStage(api: RestApiState, params: Params): RestStage {
  const stage = api.stages.get(label(params, 'stageName'));
  if (stage === undefined) throw notFound('Invalid stage identifier specified');
  return stage;
}

function findAuthorizer(api: RestApiState, params: Params): RestAuthorizerRecord {
  const authorizer = api.authorizers.get(label(params, 'authorizerId'));
  if (authorizer === undefined) throw notFound('Invalid Authorizer identifier specified');
  return authorizer;
}

function namesOf(api: RestApiState): Iterable<{ id: string; name: string | undefined }> {
  return [...api.authorizers.values()].map((record) => ({ id: record.id, name: record.members.name }));
}

/** Fills what AWS reports without being told: `authType`, and TTL 300 for Lambda authorizers. */
function present(record: RestAuthorizerRecord): RestAuthorizer {
  const members = structuredClone(record.members);
  const lambda = members.type !== 'COGNITO_USER_POOLS';
  return compact({
    id: record.id,
    ...members,
    authType: members.authType ?? (lambda ? 'custom' : 'cognito_user_pools'),
    authorizerResultTtlInSeconds: members.authorizerResultTtlInSeconds ?? (lambda ? 300 : undefined),
  }) as RestAuthorizer;
}

function recordDeployment(ctx: OperationContext, api: RestApiState, description: string | undefined): RestDeployment {
  const deployment: RestDeployment = compact({ id: ctx.newId(6), createdDate: ctx.now(), description });
  api.deployments.push(deployment);
  // A deployment freezes the API's configuration; the stages pointing at it serve this copy.
  api.snapshots.set(deployment.id, [...api.authorizers.values()]);
  return deployment;
}
