/**
 * The data the planning core works on. Everything here is plain data: manifests become
 * `DesiredApi`s, AWS reads become `LiveApi`s, and `planChanges` turns the pair into a `Plan`.
 */
import type { EnvironmentRef } from './environment.js';

/** The kinds of API Gateway API whose authorizers we manage: derived from the family registry. */
export type { ApiType } from '../families/registry.js';
import type { ApiType } from '../families/registry.js';

/** Authorizer members exactly as the family's AWS API names them on the wire (camelCase). */
export type AuthorizerFields = Readonly<Record<string, unknown>>;

/** Where a piece of a manifest came from, for `file:line:col` messages. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** How a manifest names its API: exactly one of `id` or `name` is set. */
export interface ApiSelector {
  readonly type: ApiType;
  readonly id?: string;
  readonly name?: string;
}

export interface AfterChange {
  /** Stages whose authorizer cache is reset (v2) or flushed (REST) after the API's authorizers change. */
  readonly resetCache: readonly string[];
  /** Stages that get a new deployment after the API's authorizers change. */
  readonly redeploy: readonly string[];
}

export interface DesiredAuthorizer {
  readonly name: string;
  /** Every declared member, `name` included, in the family's wire names. */
  readonly fields: AuthorizerFields;
  readonly source: SourceLocation;
}

/** One manifest document: the complete desired authorizers of one API. */
export interface DesiredApi {
  readonly label?: string;
  /** Region from the manifest; services fill in the default region when it is absent. */
  readonly region?: string;
  readonly api: ApiSelector;
  readonly afterChange: AfterChange;
  readonly authorizers: readonly DesiredAuthorizer[];
  readonly source: SourceLocation;
}

export interface LiveAuthorizer {
  readonly id: string;
  readonly name: string;
  /** Members as AWS returned them, `name` included, id excluded. */
  readonly fields: AuthorizerFields;
}

export interface LiveStage {
  readonly name: string;
  /** v2 stages may deploy automatically; REST stages never do. */
  readonly autoDeploy: boolean;
}

/** The API a document resolved to, with everything read from it. */
export interface LiveApi {
  readonly type: ApiType;
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly stages: readonly LiveStage[];
  readonly authorizers: readonly LiveAuthorizer[];
}

/** Identifies the API an action targets, in every report. */
export interface ApiTarget {
  readonly apiType: ApiType;
  readonly apiId: string;
  readonly apiName: string;
  readonly region: string;
  readonly label?: string;
}

/** One changed member, compared after normalisation; `undefined` means absent (the AWS default). */
export interface FieldChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface CreateAction {
  readonly kind: 'create';
  readonly name: string;
  /** Normalised desired members: what the create request will carry. */
  readonly after: AuthorizerFields;
}

export interface UpdateAction {
  readonly kind: 'update';
  readonly name: string;
  readonly authorizerId: string;
  readonly fields: readonly FieldChange[];
  readonly before: AuthorizerFields;
  readonly after: AuthorizerFields;
}

/** A change AWS cannot make in place: delete, then create. Needs explicit consent to apply. */
export interface ReplaceAction {
  readonly kind: 'replace';
  readonly name: string;
  readonly authorizerId: string;
  readonly fields: readonly FieldChange[];
  /** Paths of the fields that force the replacement. */
  readonly replacePaths: readonly string[];
  readonly before: AuthorizerFields;
  readonly after: AuthorizerFields;
}

export interface NoOpAction {
  readonly kind: 'no-op';
  readonly name: string;
  readonly authorizerId: string;
}

export type AuthorizerAction = CreateAction | UpdateAction | ReplaceAction | NoOpAction;
export type ActionKind = AuthorizerAction['kind'];

/** Runs after an API's authorizers change: ResetAuthorizersCache (HTTP) or FlushStageAuthorizersCache (REST). */
export interface ResetCacheAction {
  readonly kind: 'reset-cache';
  readonly stage: string;
}

/** A new deployment of the stage, without which REST (and non-auto-deploying v2) stages keep the old authorizers. */
export interface RedeployAction {
  readonly kind: 'redeploy';
  readonly stage: string;
}

export type PostAction = RedeployAction | ResetCacheAction;

export interface UnmanagedAuthorizer {
  readonly name: string;
  readonly authorizerId: string;
}

/** Everything planned for one API. Actions are sorted by severity, then by name. */
export interface ApiPlan {
  readonly target: ApiTarget;
  readonly actions: readonly AuthorizerAction[];
  readonly unmanaged: readonly UnmanagedAuthorizer[];
  readonly postActions: readonly PostAction[];
}

export interface Plan {
  readonly apis: readonly ApiPlan[];
  /** The environment the plan was made in (`--env`), whose account it may be applied in only. */
  readonly environment?: EnvironmentRef;
}
