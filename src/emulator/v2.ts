/** apigatewayv2 operations (HTTP and WebSocket APIs), as pure handlers over one region's state. */
import { checkUniqueName } from './authorizer-rules.js';
import { compact, type Handler, type OperationContext } from './context.js';
import { authorizerInUse, badRequest, conflict, EmulatorError, MAX_AUTHORIZERS_REACHED, notFound } from './errors.js';
import type { ProtocolType, V2Api, V2AuthorizationType, V2Authorizer, V2AuthorizerMembers, V2Deployment, V2Page, V2Route, V2Stage } from './model.js';
import type { V2OperationName } from './operations.js';
import { v2ExportDocument, type ExportBlob } from './exports.js';
import { insertV2Route, updateV2Route, type V2RouteSpec } from './v2-routes.js';
import { servePage, V2_PAGES } from './pagination.js';
import { label, optionalBoolean, optionalString, type Params } from './params.js';
import type { V2ApiState, V2AuthorizerRecord } from './state.js';
import { checkV2Authorizer, mergeV2Draft, readV2Draft, type V2AuthorizerDraft } from './v2-rules.js';

export interface V2PageParams {
  /** A string on the wire (docs/aws-behaviour.md#pagination); numbers are accepted too. */
  readonly maxResults?: string | number;
  readonly nextToken?: string;
}
export interface V2ApiParams {
  readonly apiId: string;
}
export interface V2StageParams extends V2ApiParams {
  readonly stageName: string;
}
export interface V2AuthorizerParams extends V2ApiParams {
  readonly authorizerId: string;
}
export type V2CreateAuthorizerParams = V2ApiParams & V2AuthorizerMembers;
export type V2UpdateAuthorizerParams = V2AuthorizerParams & V2AuthorizerMembers;
export interface V2RouteParams extends V2ApiParams {
  readonly routeId: string;
}
/** The UpdateRoute members the emulator models; present members replace the route's. */
export interface V2UpdateRouteParams extends V2RouteParams {
  readonly authorizationType?: V2AuthorizationType;
  readonly authorizerId?: string;
  readonly authorizationScopes?: readonly string[];
}
export interface V2CreateDeploymentParams extends V2ApiParams {
  readonly stageName?: string;
  readonly description?: string;
}

export interface V2ExportApiParams extends V2ApiParams {
  readonly specification: string;
  readonly outputType: string;
  readonly stageName?: string;
  readonly exportVersion?: string;
  /** A boolean; the wire layer passes the query string through. */
  readonly includeExtensions?: boolean | string;
}

export const v2Handlers = {
  GetApis: (ctx, params: V2PageParams = {}): V2Page<V2Api> =>
    page(ctx, [...ctx.state.v2Apis.values()].map((entry) => entry.api), params, 'GetApis'),
  GetApi: (ctx, params: V2ApiParams): V2Api => structuredClone(findApi(ctx, params).api),
  GetStages: (ctx, params: V2ApiParams & V2PageParams): V2Page<V2Stage> => {
    const api = findApi(ctx, params);
    return page(ctx, [...api.stages.values()], params, `GetStages ${api.api.apiId}`);
  },
  GetStage: (ctx, params: V2StageParams): V2Stage => structuredClone(findStage(findApi(ctx, params), params)),
  CreateAuthorizer: (ctx, params: V2CreateAuthorizerParams): V2Authorizer =>
    createV2Authorizer(ctx, findApi(ctx, params), readV2Draft(params, 'createAuthorizerInput')),
  GetAuthorizers: (ctx, params: V2ApiParams & V2PageParams): V2Page<V2Authorizer> => {
    const api = findApi(ctx, params);
    return page(ctx, [...api.authorizers.values()].map(present), params, `GetAuthorizers ${api.api.apiId}`);
  },
  GetAuthorizer: (ctx, params: V2AuthorizerParams): V2Authorizer => present(findAuthorizer(findApi(ctx, params), params)),
  UpdateAuthorizer: (ctx, params: V2UpdateAuthorizerParams): V2Authorizer => {
    const api = findApi(ctx, params);
    const current = findAuthorizer(api, params);
    const merged = mergeV2Draft(current.members, readV2Draft(params, 'updateAuthorizerInput'));
    const members = checkV2Authorizer(api.api.protocolType, merged, 'updateAuthorizerInput');
    checkUniqueName(namesOf(api), members.name, current.authorizerId);
    const updated = { ...current, members };
    api.authorizers.set(current.authorizerId, updated);
    autoDeploy(ctx, api);
    return present(updated);
  },
  DeleteAuthorizer: (ctx, params: V2AuthorizerParams): void => {
    const api = findApi(ctx, params);
    const authorizer = findAuthorizer(api, params);
    const route = [...api.routes.values()].find((candidate) => candidate.authorizerId === authorizer.authorizerId);
    if (route !== undefined) throw authorizerInUse(authorizer.members.name ?? '', { route: route.routeKey });
    api.authorizers.delete(authorizer.authorizerId);
    autoDeploy(ctx, api);
  },
  GetRoutes: (ctx, params: V2ApiParams & V2PageParams): V2Page<V2Route> => {
    const api = findApi(ctx, params);
    return page(ctx, [...api.routes.values()], params, `GetRoutes ${api.api.apiId}`);
  },
  UpdateRoute: (ctx, params: V2UpdateRouteParams): V2Route => {
    const api = findApi(ctx, params);
    const current = api.routes.get(label(params, 'routeId'));
    if (current === undefined) throw notFound('Invalid Route identifier specified', 'Route');
    const updated = updateV2Route(api, current, params, 'updateRouteInput');
    autoDeploy(ctx, api);
    return structuredClone(updated);
  },
  ResetAuthorizersCache: (ctx, params: V2StageParams): void => {
    const api = findApi(ctx, params);
    findStage(api, params);
    // "Supported only for HTTP APIs" [M]; the 400 for WebSocket is [I].
    if (api.api.protocolType !== 'HTTP') throw badRequest('ResetAuthorizersCache is supported only for HTTP APIs.');
  },
  ExportApi: (ctx, params: V2ExportApiParams): ExportBlob => {
    const api = findApi(ctx, params);
    const input = 'exportApiInput';
    // Exports are documented for HTTP APIs only (docs/aws-behaviour.md#stage-exports); the 400 is [I].
    if (api.api.protocolType !== 'HTTP') throw badRequest('Export is supported only for HTTP APIs.');
    if (label(params, 'specification') !== 'OAS30') throw badRequest('OAS30 is the only supported specification');
    // The emulator writes JSON only; AWS also writes YAML.
    if (optionalString(params, 'outputType', input) !== 'JSON') throw badRequest('The emulator exports outputType JSON only');
    // Extensions are included by default; on the wire the flag arrives as the string `true` or `false`.
    const flag = params.includeExtensions;
    const include = typeof flag === 'string' ? flag !== 'false' : optionalBoolean(params, 'includeExtensions', input) ?? true;
    const stageName = optionalString(params, 'stageName', input);
    // Without a stage, the latest configuration is exported, deployed or not.
    const deploymentId = stageName === undefined ? undefined : findStage(api, { stageName }).deploymentId;
    const records = stageName === undefined ? [...api.authorizers.values()] : api.snapshots.get(deploymentId ?? '') ?? [];
    return v2ExportDocument(api.api.name, records.map(present), include);
  },
  CreateDeployment: (ctx, params: V2CreateDeploymentParams): V2Deployment => {
    const api = findApi(ctx, params);
    const stageName = optionalString(params, 'stageName', 'createDeploymentInput');
    const description = optionalString(params, 'description', 'createDeploymentInput');
    const stage = stageName === undefined ? undefined : findStage(api, { stageName });
    return deploy(ctx, api, { autoDeployed: false, description, stage });
  },
} satisfies Record<V2OperationName, Handler<never, unknown>>;

// ---------- shared with seeding ----------

export interface V2ApiSpec {
  readonly id?: string;
  readonly name: string;
  readonly protocolType: ProtocolType;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export function insertV2Api(ctx: OperationContext, spec: V2ApiSpec): V2ApiState {
  const apiId = spec.id ?? ctx.newId(10);
  const scheme = spec.protocolType === 'HTTP' ? 'https' : 'wss';
  const api: V2Api = compact({
    apiId,
    name: spec.name,
    protocolType: spec.protocolType,
    // AWS's defaults for each protocol.
    routeSelectionExpression: spec.protocolType === 'HTTP' ? '${request.method} ${request.path}' : '$request.body.action',
    apiKeySelectionExpression: '$request.header.x-api-key',
    apiEndpoint: `${scheme}://${apiId}.execute-api.${ctx.region}.amazonaws.com`,
    createdDate: ctx.now(),
    disableExecuteApiEndpoint: false,
    ipAddressType: 'ipv4' as const,
    description: spec.description,
    tags: spec.tags,
  });
  const state: V2ApiState = { api, stages: new Map(), authorizers: new Map(), routes: new Map(), deployments: [], snapshots: new Map() };
  ctx.state.v2Apis.set(apiId, state);
  return state;
}

export interface V2StageSpec {
  readonly stageName: string;
  readonly autoDeploy?: boolean;
  readonly deploymentId?: string;
  readonly description?: string;
  readonly stageVariables?: Readonly<Record<string, string>>;
}

export function insertV2Stage(ctx: OperationContext, api: V2ApiState, spec: V2StageSpec): void {
  if (api.stages.has(spec.stageName)) throw conflict(`Stage already exists: ${spec.stageName}`);
  const now = ctx.now();
  api.stages.set(
    spec.stageName,
    compact({
      stageName: spec.stageName,
      createdDate: now,
      lastUpdatedDate: now,
      autoDeploy: spec.autoDeploy ?? false,
      // AWS's full stage shape (docs/aws-behaviour.md#stages), so clients are tested against members they must ignore.
      defaultRouteSettings: { detailedMetricsEnabled: false },
      routeSettings: {},
      stageVariables: spec.stageVariables ?? {},
      tags: {},
      deploymentId: spec.deploymentId,
      description: spec.description,
    }),
  );
  // An auto-deploying stage has been deployed as soon as it exists.
  const stage = api.stages.get(spec.stageName);
  if (spec.deploymentId === undefined && stage?.autoDeploy === true) deploy(ctx, api, { autoDeployed: true, description: undefined, stage });
}

/** Points a stage at a new deployment of the API's current configuration; returns its id. */
export function deployV2Stage(ctx: OperationContext, api: V2ApiState, stageName: string): string {
  return deploy(ctx, api, { autoDeployed: false, description: undefined, stage: findStage(api, { stageName }) }).deploymentId;
}

export { insertV2Route, type V2RouteSpec };

export interface SeedOnly {
  readonly authorizerId?: string;
}

export function createV2Authorizer(ctx: OperationContext, api: V2ApiState, draft: V2AuthorizerDraft, seedOnly: SeedOnly = {}): V2Authorizer {
  const members = checkV2Authorizer(api.api.protocolType, draft, 'createAuthorizerInput');
  checkUniqueName(namesOf(api), members.name, undefined);
  if (api.authorizers.size >= ctx.limits.maxAuthorizersPerApi) {
    // Real AWS answers this one with HTTP 429 but code ConflictException (docs/aws-behaviour.md#error-texts).
    throw new EmulatorError({ code: 'ConflictException', status: 429, message: MAX_AUTHORIZERS_REACHED });
  }
  const record: V2AuthorizerRecord = {
    authorizerId: seedOnly.authorizerId ?? ctx.newId(6),
    members,
  };
  api.authorizers.set(record.authorizerId, record);
  autoDeploy(ctx, api);
  return present(record);
}

// ---------- helpers ----------

function page<T>(ctx: OperationContext, all: readonly T[], params: V2PageParams, listing: string): V2Page<T> {
  return servePage(ctx, all, { ...params }, V2_PAGES, listing);
}

function findApi(ctx: OperationContext, params: Params): V2ApiState {
  const apiId = label(params, 'apiId');
  const api = ctx.state.v2Apis.get(apiId);
  if (api === undefined) throw notFound(`Invalid API identifier specified ${ctx.accountId}:${apiId}`, 'Api');
  return api;
}

function findStage(api: V2ApiState, params: Params): V2Stage {
  const stage = api.stages.get(label(params, 'stageName'));
  if (stage === undefined) throw notFound('Invalid stage identifier specified', 'Stage');
  return stage;
}

function findAuthorizer(api: V2ApiState, params: Params): V2AuthorizerRecord {
  const authorizer = api.authorizers.get(label(params, 'authorizerId'));
  if (authorizer === undefined) throw notFound('Invalid Authorizer identifier specified', 'Authorizer');
  return authorizer;
}

function namesOf(api: V2ApiState): Iterable<{ id: string; name: string | undefined }> {
  return [...api.authorizers.values()].map((record) => ({ id: record.authorizerId, name: record.members.name }));
}

function present(record: V2AuthorizerRecord): V2Authorizer {
  return { authorizerId: record.authorizerId, ...structuredClone(record.members) } as V2Authorizer;
}

/** AWS redeploys a stage with `autoDeploy` whenever the API changes. */
function autoDeploy(ctx: OperationContext, api: V2ApiState): void {
  for (const stage of api.stages.values()) {
    if (stage.autoDeploy) deploy(ctx, api, { autoDeployed: true, description: undefined, stage });
  }
}

interface DeployRequest {
  readonly autoDeployed: boolean;
  readonly description: string | undefined;
  readonly stage: V2Stage | undefined;
}

function deploy(ctx: OperationContext, api: V2ApiState, request: DeployRequest): V2Deployment {
  const deployment: V2Deployment = compact({
    deploymentId: ctx.newId(6),
    deploymentStatus: 'DEPLOYED' as const,
    createdDate: ctx.now(),
    autoDeployed: request.autoDeployed,
    description: request.description,
  });
  api.deployments.push(deployment);
  // A deployment freezes the API's configuration; the stages pointing at it serve this copy.
  api.snapshots.set(deployment.deploymentId, [...api.authorizers.values()]);
  if (request.stage !== undefined) {
    api.stages.set(request.stage.stageName, {
      ...request.stage,
      deploymentId: deployment.deploymentId,
      lastUpdatedDate: deployment.createdDate,
    });
  }
  return structuredClone(deployment);
}
