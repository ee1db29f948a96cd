/**
 * The store's mutable state: plain Maps and records, so `structuredClone` copies it for atomic seeding.
 * Records keep what was set; defaults AWS reports (v1 TTL 300, `authType`) are filled on the way out.
 */
import type { LambdaFunctionState } from './lambda-state.js';
import type { RestApi, RestAuthorizerMembers, RestDeployment, RestMethod, RestStage, V2Api, V2AuthorizerMembers, V2Deployment, V2Route, V2Stage } from './model.js';

export interface V2AuthorizerRecord {
  readonly authorizerId: string;
  readonly members: V2AuthorizerMembers;
}

export interface V2ApiState {
  readonly api: V2Api;
  readonly stages: Map<string, V2Stage>;
  readonly authorizers: Map<string, V2AuthorizerRecord>;
  /** By route id, in creation order (GetRoutes lists them so). */
  readonly routes: Map<string, V2Route>;
  readonly deployments: V2Deployment[];
  /** The authorizers each deployment froze, by deployment id: what a stage pointing at it runs. */
  readonly snapshots: Map<string, readonly V2AuthorizerRecord[]>;
}

export interface RestAuthorizerRecord {
  readonly id: string;
  readonly members: RestAuthorizerMembers;
}

/** A resource and its methods by HTTP verb; the tree is kept flat, each resource knowing its full path. */
export interface RestResourceRecord {
  readonly id: string;
  readonly path: string;
  readonly parentId?: string;
  readonly pathPart?: string;
  readonly methods: Map<string, RestMethod>;
}

export interface RestApiState {
  readonly api: RestApi;
  readonly stages: Map<string, RestStage>;
  readonly authorizers: Map<string, RestAuthorizerRecord>;
  /** By resource id, the root (`/`) first. */
  readonly resources: Map<string, RestResourceRecord>;
  readonly deployments: RestDeployment[];
  /** The authorizers each deployment froze, by deployment id: what a stage pointing at it runs. */
  readonly snapshots: Map<string, readonly RestAuthorizerRecord[]>;
}

export interface RegionState {
  readonly v2Apis: Map<string, V2ApiState>;
  readonly restApis: Map<string, RestApiState>;
  /** Lambda functions by name. */
  readonly functions: Map<string, LambdaFunctionState>;
}

export interface World {
  readonly regions: Map<string, RegionState>;
  /** Every id handed out, across regions and kinds, so generated ids never collide. */
  readonly usedIds: Set<string>;
}

export function emptyWorld(): World {
  return { regions: new Map(), usedIds: new Set() };
}

export function regionOf(world: World, region: string): RegionState {
  let state = world.regions.get(region);
  if (state === undefined) {
    state = { v2Apis: new Map(), restApis: new Map(), functions: new Map() };
    world.regions.set(region, state);
  }
  return state;
}
