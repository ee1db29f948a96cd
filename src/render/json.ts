/**
 * What every command prints with --json, each built by an explicit mapping from the internal model, so
 * that an internal type can change without changing a contract. The outputs with a JSON Schema in
 * schemas/ (plan, show, apply, validate, environments, export, adopt, the error object) are versioned
 * contracts: new members may be added, existing ones keep their names and types. The plan itself is
 * in plan-json.ts, the drift report (also read back) in drift-json.ts.
 */
import type { ApplyReport, AppliedStep, ManualStep } from '../core/apply-report.js';
import type { ExportTarget, ManifestDocument, UnsupportedAuthorizer } from '../core/export.js';
import type { ApiTarget, Plan } from '../core/model.js';
import type { SavedPlan } from '../core/saved-plan.js';
import type { GatewardenError } from '../errors.js';
import { planToJson, type PlanJson } from './plan-json.js';

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

// The commands without a schema: the emulator and the GitHub helpers (render knows no github types,
// so their outcomes are described here by shape).

/** `emulator --json`, printed when it stops. */
export function emulatorToJson(url: string) {
  return { url };
}

/** `github drift-issue --json`: what was done to the environment's drift issue. */
export function driftIssueToJson(outcome: {
  readonly action: string;
  readonly issue?: number;
  readonly url?: string;
  readonly reopened: boolean;
  readonly duplicatesClosed: readonly number[];
  readonly dryRun: boolean;
  readonly message: string;
}) {
  const { action, issue, url, reopened, duplicatesClosed, dryRun, message } = outcome;
  return { action, ...(issue === undefined ? {} : { issue }), ...(url ? { url } : {}), reopened, duplicatesClosed: [...duplicatesClosed], dryRun, message };
}

/** `github plan-comment --json`: the sticky comment created, updated or left as it was. */
export function planCommentToJson(outcome: { readonly action: string; readonly pullRequest: number; readonly commentId: number; readonly url: string; readonly message: string }) {
  const { action, pullRequest, commentId, url, message } = outcome;
  return { action, pullRequest, commentId, url, message };
}

/** `github reviewed-digest --json`: the digest of the plan reviewed on the pull request. */
export function reviewedDigestToJson(pullRequest: number, environment: string, digest: string) {
  return { pullRequest, environment, digest };
}
