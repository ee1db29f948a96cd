/**
 * The data the planning core works on. Everything here is plain data: manifests become
 * `DesiredApi`s, AWS reads become `LiveApi`s, and `planChanges` turns the pair into a `Plan`.
 */
import type { EnvironmentRef } from './environment.js';


/**
 * A manifest's `spec.api.type`, the id of one of the families' API types. The core takes it as a
 * string and reads what it needs from the declarations it is handed; the registry
 * (src/families/registry.ts) holds the ids themselves and derives the literal union `ApiTypeId`.
 */
export type ApiType = string;

/** Authorizer members exactly as the family's AWS API names them on the wire (camelCase). */
export type AuthorizerFields = Readonly<Record<string, unknown>>;

export type { SourceLocation } from './location.js';
import type { SourceLocation } from './location.js';

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
  /** `spec.quotas.authorizersPerApi`, declared when the account's quota was raised; absent means AWS's default. */
  readonly authorizerQuota?: number;
  /**
   * `spec.prune`: the document is the complete set of the API's authorizers, and undeclared ones are
   * deleted, except those a `keep` glob matches (and those routes or methods use). Absent: left alone.
   */
  readonly prune?: PruneSettings;
  readonly source: SourceLocation;
  /** Where `spec.api`'s id or name is written: errors about the API it selects point there. */
  readonly apiSource?: SourceLocation;
  /** Where each stage of `afterChange` is written, in the lists' order: errors about a stage point there. */
  readonly afterChangeSources?: { readonly [List in keyof AfterChange]: readonly SourceLocation[] };
}

export interface PruneSettings {
  /** Name globs (`*`, `?`) of undeclared authorizers that prune leaves alone. */
  readonly keep: readonly string[];
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
  /**
   * The authorizers the stage's deployment runs, read from its export; present only for
   * `afterChange.redeploy` stages of API types that can export a stage.
   */
  readonly deployed?: DeployedConfiguration;
}

export interface DeployedConfiguration {
  readonly authorizers: readonly DeployedAuthorizer[];
}

/** An authorizer as a stage's deployment runs it: only the members its export carries, the only ones compared. */
export interface DeployedAuthorizer {
  readonly name: string;
  readonly fields: AuthorizerFields;
}

/** A route (HTTP, WebSocket) or method (REST) and the authorizer it uses (docs/aws-behaviour.md#routes-and-methods). */
export interface LiveAttachment {
  /** How users name it: the route key (`GET /orders`, `$connect`), or the REST method and its path (`GET /pets`). */
  readonly key: string;
  /** Opaque outside the family's adapters: what they need to update it (a route id; a resource id and verb). */
  readonly ref: string;
  /** AWS's value: NONE, AWS_IAM, CUSTOM, JWT (v2) or COGNITO_USER_POOLS (REST). */
  readonly authorizationType: string;
  readonly authorizerId?: string;
  readonly authorizationScopes?: readonly string[];
}

/** The API a document resolved to, with everything read from it. */
export interface LiveApi {
  readonly type: ApiType;
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly stages: readonly LiveStage[];
  readonly authorizers: readonly LiveAuthorizer[];
  /**
   * Read only when they matter (a replacement is planned, or usage was asked for): GetResources is
   * slow and tightly throttled. Absent means not read, never "nothing uses any authorizer".
   */
  readonly attachments?: readonly LiveAttachment[];
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

/**
 * A change that cannot be made in place, or that routes' or methods' authorization type depends on:
 * a new authorizer takes over every route or method, then the old one is deleted. Needs explicit consent.
 */
export interface ReplaceAction {
  readonly kind: 'replace';
  readonly name: string;
  readonly authorizerId: string;
  readonly fields: readonly FieldChange[];
  /** Paths of the fields that force the replacement. */
  readonly replacePaths: readonly string[];
  readonly before: AuthorizerFields;
  readonly after: AuthorizerFields;
  /**
   * Stages that do not deploy by themselves and are not in `afterChange.redeploy`, found when the
   * authorizer is in use: they would keep serving the deleted authorizer, so apply refuses the
   * replacement. Known only when planning; a saved plan leaves it to apply to check again.
   */
  readonly stagesLeftBehind?: readonly string[];
}

/** An undeclared authorizer of a `spec.prune` document that nothing uses: DeleteAuthorizer. Needs explicit consent. */
export interface DeleteAction {
  readonly kind: 'delete';
  readonly name: string;
  readonly authorizerId: string;
  /** The live authorizer, normalised over every member: what is deleted. */
  readonly before: AuthorizerFields;
}

export interface NoOpAction {
  readonly kind: 'no-op';
  readonly name: string;
  readonly authorizerId: string;
}

export type AuthorizerAction = DeleteAction | CreateAction | UpdateAction | ReplaceAction | NoOpAction;
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
  /**
   * Why a redeploy is planned although no authorizer changes: the stage runs an older configuration
   * (a deployment that failed or never ran after an earlier change).
   */
  readonly lagging?: readonly LaggingAuthorizer[];
}

/** An authorizer whose deployed members differ from the live ones: `before` is deployed, `after` live. */
export interface LaggingAuthorizer {
  readonly name: string;
  readonly fields: readonly FieldChange[];
}

export type PostAction = RedeployAction | ResetCacheAction;

export interface UnmanagedAuthorizer {
  readonly name: string;
  readonly authorizerId: string;
  /** Why it is kept: on a `spec.prune` document, why prune leaves it; on any, a replacement's temporary authorizer. */
  readonly pruneKeeps?: PruneKeep;
}

/** Why prune leaves an undeclared authorizer: a `keep` glob protects it, routes or methods use it (see `usage`), or a replacement needs it. */
export type PruneKeep =
  | { readonly reason: 'keep-glob'; readonly glob: string }
  | { readonly reason: 'in-use' }
  /** The new authorizer of a replacement that has not finished: a re-run needs it. */
  | { readonly reason: 'replacement' };

/** What uses one authorizer: how many routes or methods, and the first of them by key. */
export interface AuthorizerUsage {
  readonly authorizerId: string;
  readonly name: string;
  readonly count: number;
  /** At most `USAGE_SHOWN` keys, sorted. */
  readonly first: readonly string[];
}

/** Everything planned for one API. Actions are sorted by severity, then by name. */
export interface ApiPlan {
  readonly target: ApiTarget;
  readonly actions: readonly AuthorizerAction[];
  readonly unmanaged: readonly UnmanagedAuthorizer[];
  readonly postActions: readonly PostAction[];
  /**
   * For replaced and deleted authorizers and those prune keeps because they are in use, or every live
   * one when usage was asked for; empty when attachments were not read.
   */
  readonly usage: readonly AuthorizerUsage[];
}

export interface Plan {
  readonly apis: readonly ApiPlan[];
  /** The `--target` patterns the run was limited to; absent when every declared API was planned. */
  readonly targets?: readonly string[];
  /** The environment the plan was made in (`--env`), whose account it may be applied in only. */
  readonly environment?: EnvironmentRef;
}
