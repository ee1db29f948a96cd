/**
 * The planner: desired and live state in, a Plan out. Pure: it reads nothing, writes nothing and
 * mutates nothing it is given.
 */
import { BugError } from '../errors.js';
import { diffFields } from './diff.js';
import { matchesGlob } from './glob.js';
import type {
  ActionKind,
  ApiPlan,
  ApiTarget,
  AuthorizerAction,
  AuthorizerUsage,
  DeleteAction,
  DesiredApi,
  DesiredAuthorizer,
  FieldChange,
  LaggingAuthorizer,
  LiveApi,
  LiveAuthorizer,
  LiveStage,
  Plan,
  PostAction,
  PruneKeep,
  UnmanagedAuthorizer,
} from './model.js';
import { declaredPaths, normalizeAuthorizer, readPath, type NormalizeContext, type NormalizedFields } from './normalize.js';
import { isReplacementName, replacementName } from './replacement.js';
import type { AuthorizerRules, ReplacementRule } from './rules.js';

export interface PlanInput {
  readonly desired: DesiredApi;
  readonly live: LiveApi;
  readonly rules: AuthorizerRules;
  /** `plan --show-usage`: list what uses every live authorizer, not only the replaced ones. */
  readonly showUsage?: boolean;
}

/** How many routes or methods the plan names under an authorizer; the count says how many more. */
export const USAGE_SHOWN = 10;

/** Most consequential first, so that a reader meets replacements before anything else. */
export const ACTION_SEVERITY: Readonly<Record<ActionKind, number>> = {
  // Deletions also run first: they free the quota that creates and replacements need.
  delete: 0,
  replace: 1,
  update: 2,
  create: 3,
  'no-op': 4,
};

export function planChanges(inputs: readonly PlanInput[]): Plan {
  const apis = inputs.map(planApi).sort((a, b) => compareTargets(a.target, b.target));
  return { apis };
}

export function planApi({ desired, live, rules, showUsage = false }: PlanInput): ApiPlan {
  const liveByName = new Map(live.authorizers.map((authorizer) => [authorizer.name, authorizer]));
  // A replacement interrupted after the old authorizer was deleted left only the new one, under its
  // temporary name: it is that authorizer, to be renamed (and updated), not a reason to create another.
  const matching = (name: string) => liveByName.get(name) ?? liveByName.get(replacementName(name));
  const declared = desired.authorizers.map((authorizer) => planAuthorizer(authorizer, matching(authorizer.name), rules, live));
  const prune = pruneDecisions(desired, live, rules, unfinishedReplacements(declared, liveByName));
  const actions = [...prune.deletions, ...declared.map((action) => withStagesLeftBehind(action, desired, live))].sort(
    (a, b) => ACTION_SEVERITY[a.kind] - ACTION_SEVERITY[b.kind] || a.name.localeCompare(b.name),
  );
  const changes = actions.some((action) => action.kind !== 'no-op');
  const shown = new Set([
    ...actions.flatMap((action) => (action.kind === 'replace' || action.kind === 'delete' ? [action.authorizerId] : [])),
    ...prune.unmanaged.flatMap((authorizer) => (authorizer.pruneKeeps?.reason === 'in-use' ? [authorizer.authorizerId] : [])),
  ]);
  return {
    target: targetOf(desired, live),
    actions,
    unmanaged: prune.unmanaged,
    postActions: postActionsFor(desired, changes, laggingStages(desired, live, rules)),
    usage: usageOf(live, showUsage ? undefined : shown),
  };
}

/**
 * The declared names whose temporary authorizer is part of the plan: a replacement planned again (its
 * re-run takes the temporary one over) or one whose old authorizer is already gone (it is renamed).
 * Any other temporary authorizer is a leftover, shown as undeclared: say, of a replacement that was
 * interrupted before the manifest went back to the old kind.
 */
function unfinishedReplacements(declared: readonly AuthorizerAction[], liveByName: ReadonlyMap<string, LiveAuthorizer>): ReadonlySet<string> {
  return new Set(declared.filter((action) => action.kind === 'replace' || !liveByName.has(action.name)).map((action) => action.name));
}

/** Live authorizers the document does not declare; the temporary one of an unfinished replacement belongs to its declared name. */
function undeclaredAuthorizers(desired: DesiredApi, live: LiveApi, unfinished?: ReadonlySet<string>): LiveAuthorizer[] {
  const owned = desired.authorizers.filter((authorizer) => unfinished === undefined || unfinished.has(authorizer.name));
  const declaredNames = new Set([...desired.authorizers.map((authorizer) => authorizer.name), ...owned.map((authorizer) => replacementName(authorizer.name))]);
  return live.authorizers.filter((authorizer) => !declaredNames.has(authorizer.name));
}

/**
 * What prune keeps without looking at routes or methods: a `keep` glob's match, or the new authorizer
 * of a replacement (even of an authorizer no longer declared: a re-run of that replacement needs it).
 */
function keptByName(desired: DesiredApi, name: string): PruneKeep | undefined {
  const glob = desired.prune?.keep.find((candidate) => matchesGlob(candidate, name));
  if (glob !== undefined) return { reason: 'keep-glob', glob };
  return isReplacementName(name) ? { reason: 'replacement' } : undefined;
}

/**
 * The undeclared authorizers prune would delete if nothing used them: on a `spec.prune` document,
 * those no `keep` glob matches and that are no replacement's new authorizer. Whether they are in use
 * needs the routes or methods, which are read only for documents where this is not empty.
 */
export function pruneCandidates(desired: DesiredApi, live: LiveApi): LiveAuthorizer[] {
  if (!desired.prune) return [];
  return undeclaredAuthorizers(desired, live).filter((authorizer) => keptByName(desired, authorizer.name) === undefined);
}

interface PruneDecisions {
  readonly deletions: DeleteAction[];
  readonly unmanaged: UnmanagedAuthorizer[];
}

/** An undeclared authorizer that routes or methods use is never deleted: it is kept, and the plan says what uses it. */
function pruneDecisions(desired: DesiredApi, live: LiveApi, rules: AuthorizerRules, unfinished: ReadonlySet<string>): PruneDecisions {
  const deletions: DeleteAction[] = [];
  const unmanaged: UnmanagedAuthorizer[] = [];
  const inUse = new Set((live.attachments ?? []).flatMap((attachment) => (attachment.authorizerId === undefined ? [] : [attachment.authorizerId])));
  for (const authorizer of undeclaredAuthorizers(desired, live, unfinished)) {
    const entry = { name: authorizer.name, authorizerId: authorizer.id };
    if (!desired.prune) {
      // A leftover temporary authorizer is named as such, prune or not: routes may still use it.
      unmanaged.push(isReplacementName(authorizer.name) ? { ...entry, pruneKeeps: { reason: 'replacement' } } : entry);
      continue;
    }
    const kept = keptByName(desired, authorizer.name);
    if (kept !== undefined) {
      unmanaged.push({ ...entry, pruneKeeps: kept });
      continue;
    }
    // Never treat unread routes as unused: that would delete what protects them.
    if (live.attachments === undefined) throw new BugError(`prune of API ${live.id} was planned without reading what uses its authorizers`);
    if (inUse.has(authorizer.id)) {
      unmanaged.push({ ...entry, pruneKeeps: { reason: 'in-use' } });
      continue;
    }
    const before = normalizeAuthorizer(authorizer.fields, { rules, apiType: live.type, declares: () => true });
    deletions.push({ kind: 'delete', name: authorizer.name, authorizerId: authorizer.id, before });
  }
  unmanaged.sort((a, b) => a.name.localeCompare(b.name));
  return { deletions, unmanaged };
}

/**
 * A stage that does not deploy by itself keeps serving its last deployment, which uses the replaced
 * authorizer (docs/aws-behaviour.md#routes-and-methods): unless it is redeployed, the replacement would
 * leave it on a deleted authorizer. Known when the routes or methods were read, as for every replacement.
 */
function withStagesLeftBehind(action: AuthorizerAction, desired: DesiredApi, live: LiveApi): AuthorizerAction {
  if (action.kind !== 'replace') return action;
  const used = (live.attachments ?? []).some((attachment) => attachment.authorizerId === action.authorizerId);
  if (!used) return action;
  const left = stagesLeftBehind(live.stages, desired.afterChange.redeploy);
  return left.length === 0 ? action : { ...action, stagesLeftBehind: left };
}

/** The stages that neither deploy by themselves nor are redeployed: shared with apply's own check. */
export function stagesLeftBehind(stages: readonly LiveStage[], redeploy: readonly string[]): string[] {
  return stages.filter((stage) => !stage.autoDeploy && !redeploy.includes(stage.name)).map((stage) => stage.name);
}

/**
 * Redeploy stages whose deployment runs other members than the live authorizers: a redeploy that
 * failed, or an apply stopped before it. Only declared authorizers that the export lists are
 * compared, through the planner's normalisation, and only the members that export carries for each:
 * a member it leaves out cannot be shown to lag, and comparing its absence would never converge.
 * An authorizer the export leaves out is not a lag either: no method may use it yet, and a redeploy
 * would not change that.
 */
function laggingStages(desired: DesiredApi, live: LiveApi, rules: AuthorizerRules): ReadonlyMap<string, LaggingAuthorizer[]> {
  const lagging = new Map<string, LaggingAuthorizer[]>();
  const liveByName = new Map(live.authorizers.map((authorizer) => [authorizer.name, authorizer]));
  for (const stage of live.stages) {
    if (!stage.deployed || !desired.afterChange.redeploy.includes(stage.name)) continue;
    const deployedByName = new Map(stage.deployed.authorizers.map((authorizer) => [authorizer.name, authorizer]));
    const differences = desired.authorizers.flatMap((authorizer): LaggingAuthorizer[] => {
      const now = liveByName.get(authorizer.name);
      const deployed = deployedByName.get(authorizer.name);
      if (!now || !deployed) return [];
      const declared = declaredPaths(authorizer.fields);
      const context: NormalizeContext = { rules, apiType: live.type, declares: (path) => declared.has(path) };
      const carried = (fields: NormalizedFields) =>
        Object.fromEntries(Object.entries(fields).filter(([path]) => readPath(deployed.fields, path) != null));
      const fields = diffFields(carried(normalizeAuthorizer(deployed.fields, context)), carried(normalizeAuthorizer(now.fields, context)));
      return fields.length === 0 ? [] : [{ name: authorizer.name, fields }];
    });
    if (differences.length > 0) lagging.set(stage.name, differences);
  }
  return lagging;
}

/** Usage of the live authorizers in `only` (every one when absent), or none when attachments were not read. */
export function usageOf(live: LiveApi, only?: ReadonlySet<string>): AuthorizerUsage[] {
  if (live.attachments === undefined) return [];
  const attachments = live.attachments;
  return live.authorizers
    .filter((authorizer) => only === undefined || only.has(authorizer.id))
    .map((authorizer) => {
      const keys = attachments
        .filter((attachment) => attachment.authorizerId === authorizer.id)
        .map((attachment) => attachment.key)
        .sort((a, b) => a.localeCompare(b));
      return { authorizerId: authorizer.id, name: authorizer.name, count: keys.length, first: keys.slice(0, USAGE_SHOWN) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function planAuthorizer(
  desired: DesiredAuthorizer,
  live: LiveAuthorizer | undefined,
  rules: AuthorizerRules,
  api: LiveApi,
): AuthorizerAction {
  const declared = declaredPaths(desired.fields);
  const context: NormalizeContext = { rules, apiType: api.type, declares: (path) => declared.has(path) };
  const after = normalizeAuthorizer(desired.fields, context);
  if (!live) return { kind: 'create', name: desired.name, after };

  const before = normalizeAuthorizer(live.fields, context);
  const fields = diffFields(before, after);
  if (fields.length === 0) return { kind: 'no-op', name: desired.name, authorizerId: live.id };

  const replacePaths = pathsForcingReplacement(rules.replacement, fields);
  if (replacePaths.length > 0) {
    return { kind: 'replace', name: desired.name, authorizerId: live.id, fields, replacePaths, before, after };
  }
  return { kind: 'update', name: desired.name, authorizerId: live.id, fields, before, after };
}

/** The changed fields that an in-place update cannot make (an authorizer's kind, say). */
export function pathsForcingReplacement(rules: readonly ReplacementRule[], changes: readonly FieldChange[]): string[] {
  return rules
    .filter((rule) =>
      changes.some(
        (change) => change.path === rule.field && groupOf(rule, change.before) !== groupOf(rule, change.after),
      ),
    )
    .map((rule) => rule.field);
}

function groupOf(rule: ReplacementRule, value: unknown): number {
  return rule.groups.findIndex((group) => group.includes(String(value)));
}

/**
 * Deployments go first: a cache flushed before the new deployment would refill from the old one.
 * Without an authorizer change, only lagging stages are redeployed, and only their caches reset.
 */
function postActionsFor(desired: DesiredApi, changes: boolean, lagging: ReadonlyMap<string, LaggingAuthorizer[]>): PostAction[] {
  const planned = (stage: string) => changes || lagging.has(stage);
  const reason = (stage: string) => {
    const authorizers = lagging.get(stage);
    return authorizers ? { lagging: authorizers } : {};
  };
  return [
    ...desired.afterChange.redeploy.filter(planned).map((stage) => ({ kind: 'redeploy' as const, stage, ...reason(stage) })),
    ...desired.afterChange.resetCache.filter(planned).map((stage) => ({ kind: 'reset-cache' as const, stage })),
  ];
}

function targetOf(desired: DesiredApi, live: LiveApi): ApiTarget {
  return {
    apiType: live.type,
    apiId: live.id,
    apiName: live.name,
    region: live.region,
    ...(desired.label === undefined ? {} : { label: desired.label }),
  };
}

export function compareTargets(a: ApiTarget, b: ApiTarget): number {
  return (
    a.region.localeCompare(b.region) ||
    a.apiType.localeCompare(b.apiType) ||
    a.apiName.localeCompare(b.apiName) ||
    a.apiId.localeCompare(b.apiId)
  );
}
