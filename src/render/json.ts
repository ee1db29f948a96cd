/**
 * The --json outputs that have a JSON Schema in schemas/ (plan, show, apply, validate, environments,
 * export, adopt, the error object), each built by an explicit mapping from the internal model, so that
 * an internal type can change without changing a contract; the drift report is in drift-json.ts. New
 * members may be added; existing ones keep their names and types.
 */
import type { ApplyReport, AppliedStep, ManualStep } from '../core/apply-report.js';
import { assertNever } from '../core/assert-never.js';
import type { ExportTarget, ManifestDocument, UnsupportedAuthorizer } from '../core/export.js';
import type { ApiTarget, ApiType, AuthorizerAction, FieldChange, Plan, PruneKeep } from '../core/model.js';
import { summarizePlan, type PlanSummary } from '../core/plan-summary.js';
import type { SavedPlan } from '../core/saved-plan.js';
import type { GatewardenError } from '../errors.js';
import { describeLag, pruneInUseAdvice } from './format.js';

export const PLAN_FORMAT_VERSION = 1;

export interface PlanJson {
  readonly formatVersion: number;
  readonly changes: readonly ChangeJson[];
  /** `kept` is present on spec.prune documents: why prune leaves the authorizer. */
  readonly unmanaged: readonly { apiType: string; apiId: string; region: string; name: string; authorizerId: string; kept?: KeptJson }[];
  /** `reason` is present when a stage runs an older configuration than the live authorizers. */
  readonly postActions: readonly { action: string; apiType: string; apiId: string; region: string; stage: string; reason?: string }[];
  /** What uses each replaced authorizer (every one with `--show-usage`); present only when routes or methods were read. */
  readonly usage?: readonly UsageJson[];
  readonly summary: PlanSummary;
  /** The `--target` patterns the plan was limited to; absent for a plan of every declared API. */
  readonly targets?: readonly string[];
  /** The environment the plan was made in (`--env`); absent without one. */
  readonly environment?: { readonly name: string; readonly account: string };
}

/** Why prune leaves an undeclared authorizer: `glob` names the spec.prune.keep glob that matched. */
export interface KeptJson {
  readonly reason: 'keep-glob' | 'in-use' | 'replacement';
  readonly glob?: string;
  /** What to do about it, e.g. "detach it from these routes, or declare it". */
  readonly advice?: string;
}

export interface UsageJson {
  readonly apiType: string;
  readonly apiId: string;
  readonly region: string;
  readonly name: string;
  readonly authorizerId: string;
  /** Routes (HTTP, WebSocket) or methods (REST) that use it. */
  readonly count: number;
  /** The first ten route keys or methods (`GET /orders`, `$connect`), sorted. */
  readonly first: readonly string[];
}

export interface ChangeJson {
  readonly action: AuthorizerAction['kind'];
  readonly apiType: string;
  readonly apiId: string;
  readonly region: string;
  readonly name: string;
  readonly authorizerId?: string;
  readonly fields?: readonly FieldChangeJson[];
  readonly replacePaths?: readonly string[];
  /** Replace only: stages that would keep serving the deleted authorizer; apply refuses the replacement. */
  readonly stagesLeftBehind?: readonly string[];
}

export interface FieldChangeJson {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

export function planToJson(plan: Plan): PlanJson {
  const api = (target: ApiTarget) => ({ apiType: target.apiType, apiId: target.apiId, region: target.region });
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    changes: plan.apis.flatMap((entry) => entry.actions.map((action) => changeJson(action, api(entry.target)))),
    unmanaged: plan.apis.flatMap((entry) =>
      entry.unmanaged.map((authorizer) => ({
        ...api(entry.target),
        name: authorizer.name,
        authorizerId: authorizer.authorizerId,
        ...(authorizer.pruneKeeps && { kept: keptJson(authorizer.pruneKeeps, entry.target.apiType) }),
      })),
    ),
    postActions: plan.apis.flatMap((entry) =>
      entry.postActions.map((post) => ({
        action: post.kind,
        ...api(entry.target),
        stage: post.stage,
        ...(post.kind === 'redeploy' && post.lagging ? { reason: describeLag(post.stage, post.lagging) } : {}),
      })),
    ),
    ...usageJson(plan, api),
    summary: summarizePlan(plan),
    ...(plan.targets ? { targets: plan.targets } : {}),
    ...(plan.environment && { environment: { name: plan.environment.name, account: plan.environment.account } }),
  };
}

function usageJson(plan: Plan, api: (target: ApiTarget) => Pick<UsageJson, 'apiType' | 'apiId' | 'region'>): { usage?: UsageJson[] } {
  const usage = plan.apis.flatMap((entry) => entry.usage.map((item) => ({ ...api(entry.target), name: item.name, authorizerId: item.authorizerId, count: item.count, first: [...item.first] })));
  return usage.length === 0 ? {} : { usage };
}

function keptJson(keep: PruneKeep, apiType: ApiType): KeptJson {
  switch (keep.reason) {
    case 'keep-glob':
      return { reason: keep.reason, glob: keep.glob };
    case 'in-use':
      return { reason: keep.reason, advice: pruneInUseAdvice(apiType) };
    case 'replacement':
      return { reason: keep.reason };
    default:
      return assertNever(keep);
  }
}

function changeJson(action: AuthorizerAction, api: Pick<ChangeJson, 'apiType' | 'apiId' | 'region'>): ChangeJson {
  const base = { action: action.kind, ...api, name: action.name };
  switch (action.kind) {
    case 'delete':
      return { ...base, authorizerId: action.authorizerId, fields: Object.entries(action.before).map(([path, before]) => ({ path, before, after: null })) };
    case 'create':
      return { ...base, fields: Object.entries(action.after).map(([path, after]) => ({ path, before: null, after })) };
    case 'no-op':
      return { ...base, authorizerId: action.authorizerId };
    case 'update':
      return { ...base, authorizerId: action.authorizerId, fields: action.fields.map(fieldJson) };
    case 'replace':
      return {
        ...base,
        authorizerId: action.authorizerId,
        fields: action.fields.map(fieldJson),
        replacePaths: action.replacePaths,
        ...(action.stagesLeftBehind && { stagesLeftBehind: action.stagesLeftBehind }),
      };
    default:
      return assertNever(action);
  }
}

/** Absent members are `null` in JSON, so that every field change has both sides. */
function fieldJson(change: FieldChange): FieldChangeJson {
  return { path: change.path, before: change.before ?? null, after: change.after ?? null };
}

/** `plan --json`: the plan, and with --out the digest of the file written. */
export function planResultJson(plan: Plan, savedDigest: string | undefined): PlanJson & { readonly digest?: string } {
  return { ...planToJson(plan), ...(savedDigest ? { digest: savedDigest } : {}) };
}

export interface SavedPlanJson extends PlanJson {
  readonly digest: string;
  readonly createdAt: string;
  readonly toolVersion: string;
}

/** `show --json`: a saved plan as `plan --json` prints it, with where it came from; several under `plans`. */
export function savedPlansJson(saved: readonly SavedPlan[]): SavedPlanJson | { readonly plans: readonly SavedPlanJson[] } {
  const plans = saved.map((plan) => ({ ...planToJson(plan.plan), digest: plan.digest, createdAt: plan.createdAt, toolVersion: plan.toolVersion }));
  return plans.length === 1 && plans[0] ? plans[0] : { plans };
}

export const APPLY_FORMAT_VERSION = 1;

export interface TargetJson {
  readonly apiType: string;
  readonly apiId: string;
  readonly apiName: string;
  readonly region: string;
  /** The manifest's metadata.name, when it has one. */
  readonly label?: string;
}

export interface StepJson {
  readonly action: AppliedStep['action'];
  readonly subject: string;
  readonly authorizerId?: string;
  readonly status: AppliedStep['status'];
  readonly error?: string;
  readonly errorCode?: string;
}

export interface ApplyJson {
  readonly formatVersion: number;
  readonly plan: PlanJson;
  readonly applied: readonly { readonly target: TargetJson; readonly steps: readonly StepJson[] }[];
  readonly failed: boolean;
  readonly interrupted: boolean;
  readonly manualSteps: readonly {
    readonly apiType: string;
    readonly apiId: string;
    readonly region: string;
    readonly action: ManualStep['action'];
    readonly stage: string;
    readonly command: string;
  }[];
}

/** `apply --json`: the plan applied, what became of each write, and what is left to do by hand. */
export function applyToJson(plan: Plan, report: ApplyReport, manual: readonly ManualStep[]): ApplyJson {
  return {
    formatVersion: APPLY_FORMAT_VERSION,
    plan: planToJson(plan),
    applied: report.apis.map((api) => ({ target: targetJson(api.target), steps: api.steps.map(stepJson) })),
    failed: report.failed,
    interrupted: report.interrupted,
    manualSteps: manual.map(({ target, action, stage, command }) => ({ apiType: target.apiType, apiId: target.apiId, region: target.region, action, stage, command })),
  };
}

function stepJson(step: AppliedStep): StepJson {
  return {
    action: step.action,
    subject: step.subject,
    ...(step.authorizerId === undefined ? {} : { authorizerId: step.authorizerId }),
    status: step.status,
    ...(step.error === undefined ? {} : { error: step.error }),
    ...(step.errorCode === undefined ? {} : { errorCode: step.errorCode }),
  };
}

function targetJson(target: ApiTarget | ExportTarget): TargetJson {
  const label = 'label' in target ? target.label : undefined;
  return { apiType: target.apiType, apiId: target.apiId, apiName: target.apiName, region: target.region, ...(label === undefined ? {} : { label }) };
}

export const VALIDATE_FORMAT_VERSION = 1;

/** What validate found valid; `environments` by name, empty without --env or --all-envs. */
export interface Validated {
  readonly documents: number;
  readonly authorizers: number;
  readonly environments: readonly string[];
}

/** `validate --json` when the manifests are valid; invalid ones print an error object. */
export function validateToJson(validated: Validated) {
  const { documents, authorizers, environments } = validated;
  return { formatVersion: VALIDATE_FORMAT_VERSION, valid: true as const, documents, authorizers, ...(environments.length > 0 && { environments: [...environments] }) };
}

/** `environments --json`: a GitHub Actions matrix as it is, so no formatVersion (it would become a dimension). */
export function environmentsToJson(rows: readonly { name: string; account: string; region?: string; file: string }[]) {
  return { include: rows.map(({ name, account, region, file }) => ({ name, account, ...(region !== undefined && { region }), file })) };
}

/**
 * `export --json`: the documents are the manifests as the YAML export writes them (their format is the
 * manifest schema's, already plain data in key order); `files` only with --out.
 */
export function exportToJson(documents: readonly ManifestDocument[], unsupported: readonly UnsupportedAuthorizer[], files?: readonly string[]) {
  return { documents, ...(files && { files: [...files] }), unsupported: unsupported.map(unsupportedJson) };
}

export interface Adopted {
  readonly files: readonly { readonly file: string; readonly apis: readonly { readonly target: ExportTarget; readonly names: readonly string[] }[]; readonly after: string }[];
  readonly unsupported: readonly UnsupportedAuthorizer[];
}

/** `adopt --json`: with --dry-run, each file's text as adopt would write it. */
export function adoptToJson(result: Adopted, dryRun: boolean) {
  return {
    dryRun,
    files: result.files.map((file) => ({
      file: file.file,
      apis: file.apis.map((api) => ({ target: targetJson(api.target), names: [...api.names] })),
      ...(dryRun ? { after: file.after } : {}),
    })),
    unsupported: result.unsupported.map(unsupportedJson),
  };
}

function unsupportedJson(entry: UnsupportedAuthorizer) {
  return { target: targetJson(entry.target), name: entry.name, authorizerId: entry.authorizerId, reason: entry.reason };
}

/** A located manifest problem, as the error object lists it. */
export interface IssueJson {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly code: string;
  readonly message: string;
}

/**
 * The error object every command prints on stdout with --json when it fails (error.schema.json);
 * `issues` are an invalid manifest's problems, given by the caller, as render knows no manifest.
 */
export function errorToJson(error: GatewardenError, issues?: readonly IssueJson[]) {
  return {
    error: {
      code: error.code,
      message: error.message,
      exitCode: error.exitCode,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      ...(issues && { issues: issues.map(({ file, line, col, code, message }) => ({ file, line, col, code, message })) }),
    },
  };
}
