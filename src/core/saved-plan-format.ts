/**
 * The saved-plan file, format version 2 (schemas/saved-plan.schema.json), and its explicit mapping to
 * and from the internal model. The file types are declared here, apart from core/model.ts, and every
 * member is copied by name: renaming a field of the model breaks the build here instead of silently
 * changing the file that the previous release wrote (plan on the pull request, upgrade, apply after
 * merge). The golden file test/golden/saved-plan/ pins the bytes.
 */
import { assertNever } from './assert-never.js';
import type { ApiPlan, ApiType, AuthorizerAction, AuthorizerFields, FieldChange, Plan, PostAction, PruneKeep } from './model.js';
import type { LiveFingerprint, SavedPlan } from './saved-plan-model.js';

export const SAVED_PLAN_KIND = 'gatewarden-plan';
export const SAVED_PLAN_FORMAT_VERSION = 2;
/**
 * Format 2 is format 1 with optional members that show what a plan knows beyond its actions (what
 * uses an authorizer, why one is kept, why a stage is redeployed, which stages a replacement would
 * leave behind): a format 1 file reads as a format 2 file without them. Older releases refuse format 2.
 */
export const READABLE_SAVED_PLAN_FORMAT_VERSIONS: readonly number[] = [1, SAVED_PLAN_FORMAT_VERSION];

/** Any JSON value; authorizer members are AWS wire data, copied as they are. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type FileAuthorizerFields = Readonly<Record<string, JsonValue>>;

export interface SavedPlanFile {
  readonly kind: typeof SAVED_PLAN_KIND;
  /** What this release writes; it also reads 1 (READABLE_SAVED_PLAN_FORMAT_VERSIONS). */
  readonly formatVersion: number;
  readonly toolVersion: string;
  readonly createdAt: string;
  readonly plan: FilePlan;
  readonly fingerprints: readonly FileFingerprint[];
  readonly digest: string;
}

export interface FilePlan {
  readonly apis: readonly FileApiPlan[];
  /** Optional member of format 1 (absent in files without an environment, as all 0.1.0 files are). */
  readonly environment?: { readonly name: string; readonly account: string };
}

export interface FileTarget {
  /** One of the registry's API types; the schema's enum lists them (a unit test keeps both equal). */
  readonly apiType: string;
  readonly apiId: string;
  readonly apiName: string;
  readonly region: string;
  readonly label?: string;
}

export interface FileApiPlan {
  readonly target: FileTarget;
  readonly actions: readonly FileAction[];
  readonly unmanaged: readonly FileUnmanaged[];
  readonly postActions: readonly FilePostAction[];
  /**
   * Member of format 2, absent when no routes or methods were read: what uses the replaced
   * and deleted authorizers, so that `show` and the pull-request comment list them as `plan` does.
   */
  readonly usage?: readonly FileUsage[];
}

export interface FileUnmanaged {
  readonly name: string;
  readonly authorizerId: string;
  /** Member of format 2: why the authorizer is kept (spec.prune, or a replacement's temporary one). */
  readonly kept?: { readonly reason: 'keep-glob'; readonly glob: string } | { readonly reason: 'in-use' } | { readonly reason: 'replacement' };
}

export interface FilePostAction {
  readonly kind: 'redeploy' | 'reset-cache';
  readonly stage: string;
  /** Member of format 2, on a redeploy: the authorizers the stage runs an older configuration of. */
  readonly lagging?: readonly { readonly name: string; readonly fields: readonly FileFieldChange[] }[];
}

export interface FileUsage {
  readonly authorizerId: string;
  readonly name: string;
  readonly count: number;
  readonly first: readonly string[];
}

/** An absent `before`/`after` is an absent member, as in the model's `undefined`. */
export interface FileFieldChange {
  readonly path: string;
  readonly before?: JsonValue;
  readonly after?: JsonValue;
}

/**
 * An action of the file format, over the types of its authorizer members and of its field changes:
 * the file instantiates it with JSON types, and `mapAction` maps one instance to another member by
 * member, so both directions of the mapping are one piece of code and the model must match the
 * format's members (by name and type) for either direction to compile.
 */
export type ActionOf<Fields, Change> =
  /** Optional kind of format 1, written only by plans that delete (spec.prune): older readers refuse such a file, as they should. */
  | { readonly kind: 'delete'; readonly name: string; readonly authorizerId: string; readonly before: Fields }
  | { readonly kind: 'create'; readonly name: string; readonly after: Fields }
  | {
      readonly kind: 'update';
      readonly name: string;
      readonly authorizerId: string;
      readonly fields: readonly Change[];
      readonly before: Fields;
      readonly after: Fields;
    }
  | {
      readonly kind: 'replace';
      readonly name: string;
      readonly authorizerId: string;
      readonly fields: readonly Change[];
      readonly replacePaths: readonly string[];
      readonly before: Fields;
      readonly after: Fields;
      /** Member of format 2: stages the replacement would leave on the deleted authorizer (apply refuses it). */
      readonly stagesLeftBehind?: readonly string[];
    }
  | { readonly kind: 'no-op'; readonly name: string; readonly authorizerId: string };

export type FileAction = ActionOf<FileAuthorizerFields, FileFieldChange>;

export interface FileFingerprint {
  readonly apiType: string;
  readonly apiId: string;
  readonly region: string;
  readonly name: string;
  readonly authorizerId?: string;
  readonly fingerprint: string;
}

/** The members the digest covers, in the file's terms, so that it means the same to every reader. */
export interface DigestedContent {
  readonly plan: FilePlan;
  readonly fingerprints: readonly FileFingerprint[];
}

// ---------------------------------------------------------------------------------------------
// Model -> file. Key order is the file's order (the golden file pins it); absent members are left out.

export function toSavedPlanFile(saved: SavedPlan): SavedPlanFile {
  return {
    kind: SAVED_PLAN_KIND,
    formatVersion: saved.formatVersion ?? SAVED_PLAN_FORMAT_VERSION,
    toolVersion: saved.toolVersion,
    createdAt: saved.createdAt,
    ...toDigestedContent(saved.plan, saved.fingerprints),
    digest: saved.digest,
  };
}

export function toDigestedContent(plan: Plan, fingerprints: readonly LiveFingerprint[]): DigestedContent {
  const environment = plan.environment && { name: plan.environment.name, account: plan.environment.account };
  return { plan: { apis: plan.apis.map(apiPlanToFile), ...optional('environment', environment) }, fingerprints: fingerprints.map(fingerprintToFile) };
}

function apiPlanToFile(api: ApiPlan): FileApiPlan {
  const { apiType, apiId, apiName, region, label } = api.target;
  return {
    target: { apiType, apiId, apiName, region, ...optional('label', label) },
    actions: api.actions.map(actionToFile),
    unmanaged: api.unmanaged.map(({ name, authorizerId, pruneKeeps }) => ({ name, authorizerId, ...optional('kept', pruneKeeps && keptOf(pruneKeeps)) })),
    postActions: api.postActions.map(postActionToFile),
    ...optional('usage', api.usage.length === 0 ? undefined : api.usage.map(copyUsage)),
  };
}

/** The same members in the model and the file, both ways. */
function copyUsage({ authorizerId, name, count, first }: FileUsage): FileUsage {
  return { authorizerId, name, count, first: [...first] };
}

function postActionToFile(post: PostAction): FilePostAction {
  const lagging = post.kind === 'redeploy' ? post.lagging : undefined;
  return { kind: post.kind, stage: post.stage, ...optional('lagging', lagging?.map(({ name, fields }) => ({ name, fields: fields.map(fieldChangeToFile) }))) };
}

/** The same members both ways: a copy that names them, so that a renamed model member breaks the build here. */
function keptOf(keep: PruneKeep | NonNullable<FileUnmanaged['kept']>): PruneKeep {
  switch (keep.reason) {
    case 'keep-glob':
      return { reason: 'keep-glob', glob: keep.glob };
    case 'in-use':
      return { reason: 'in-use' };
    case 'replacement':
      return { reason: 'replacement' };
    default:
      return assertNever(keep);
  }
}

function actionToFile(action: AuthorizerAction): FileAction {
  return mapAction<AuthorizerFields, FieldChange, FileAuthorizerFields, FileFieldChange>(action, fieldsToFile, fieldChangeToFile);
}

/** Key order is the file's order: the golden file pins it. */
function mapAction<F, C, G, D>(action: ActionOf<F, C>, fields: (value: F) => G, change: (value: C) => D): ActionOf<G, D> {
  switch (action.kind) {
    case 'delete':
      return { kind: 'delete', name: action.name, authorizerId: action.authorizerId, before: fields(action.before) };
    case 'create':
      return { kind: 'create', name: action.name, after: fields(action.after) };
    case 'update':
      return {
        kind: 'update',
        name: action.name,
        authorizerId: action.authorizerId,
        fields: action.fields.map(change),
        before: fields(action.before),
        after: fields(action.after),
      };
    case 'replace':
      return {
        kind: 'replace',
        name: action.name,
        authorizerId: action.authorizerId,
        fields: action.fields.map(change),
        replacePaths: [...action.replacePaths],
        before: fields(action.before),
        after: fields(action.after),
        ...optional('stagesLeftBehind', action.stagesLeftBehind && [...action.stagesLeftBehind]),
      };
    case 'no-op':
      return { kind: 'no-op', name: action.name, authorizerId: action.authorizerId };
    default:
      return assertNever(action);
  }
}

function fieldChangeToFile(change: FieldChange): FileFieldChange {
  return {
    path: change.path,
    ...optional('before', change.before as JsonValue | undefined),
    ...optional('after', change.after as JsonValue | undefined),
  };
}

/** Members hold JSON data already (from YAML manifests and AWS's JSON); undefined ones are absent. */
function fieldsToFile(fields: AuthorizerFields): FileAuthorizerFields {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as FileAuthorizerFields;
}

function fingerprintToFile(entry: LiveFingerprint): FileFingerprint {
  const { apiType, apiId, region, name, authorizerId, fingerprint } = entry;
  return { apiType, apiId, region, name, ...optional('authorizerId', authorizerId), fingerprint };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

// ---------------------------------------------------------------------------------------------
// File -> model, for a file that the schema has accepted.

export function fromSavedPlanFile(file: SavedPlanFile): SavedPlan {
  return {
    toolVersion: file.toolVersion,
    createdAt: file.createdAt,
    plan: {
      apis: file.plan.apis.map(apiPlanFromFile),
      ...optional('environment', file.plan.environment && { name: file.plan.environment.name, account: file.plan.environment.account }),
    },
    fingerprints: file.fingerprints.map(fingerprintFromFile),
    digest: file.digest,
    ...optional('formatVersion', file.formatVersion === SAVED_PLAN_FORMAT_VERSION ? undefined : file.formatVersion),
  };
}

function apiPlanFromFile(api: FileApiPlan): ApiPlan {
  const { apiId, apiName, region, label } = api.target;
  return {
    target: { apiType: apiTypeOf(api.target.apiType), apiId, apiName, region, ...optional('label', label) },
    actions: api.actions.map(actionFromFile),
    unmanaged: api.unmanaged.map(({ name, authorizerId, kept }) => ({ name, authorizerId, ...optional('pruneKeeps', kept && keptOf(kept)) })),
    postActions: api.postActions.map(postActionFromFile),
    // Shown by `show`; apply reads what uses the authorizers again before it deletes or replaces.
    usage: (api.usage ?? []).map(copyUsage),
  };
}

function postActionFromFile(post: FilePostAction): PostAction {
  if (post.kind === 'reset-cache') return { kind: 'reset-cache', stage: post.stage };
  return { kind: 'redeploy', stage: post.stage, ...optional('lagging', post.lagging?.map(({ name, fields }) => ({ name, fields: fields.map(fieldChangeFromFile) }))) };
}

function actionFromFile(action: FileAction): AuthorizerAction {
  return mapAction<FileAuthorizerFields, FileFieldChange, AuthorizerFields, FieldChange>(action, (fields) => ({ ...fields }), fieldChangeFromFile);
}

function fieldChangeFromFile(change: FileFieldChange): FieldChange {
  return { path: change.path, before: change.before, after: change.after };
}

function fingerprintFromFile(entry: FileFingerprint): LiveFingerprint {
  const { apiId, region, name, authorizerId, fingerprint } = entry;
  return { apiType: apiTypeOf(entry.apiType), apiId, region, name, ...optional('authorizerId', authorizerId), fingerprint };
}

/** The schema admits only the registry's API types; the file type keeps them a string so that the format does not follow the model. */
function apiTypeOf(value: string): ApiType {
  return value as ApiType;
}
