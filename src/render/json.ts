/**
 * The documented, stable JSON form of a plan (formatVersion 1). New members may be added; existing
 * ones keep their names and types.
 */
import type { ApiTarget, ApiType, AuthorizerAction, FieldChange, Plan } from '../core/model.js';
import { assertNever } from '../core/assert-never.js';
import { summarizePlan, type PlanSummary } from '../core/plan.js';
import { countDrift, hasDrift, type ApiDrift, type DriftCounts, type DriftReport } from '../core/drift.js';
import { digest } from '../core/fingerprint.js';

export const PLAN_FORMAT_VERSION = 1;

export interface PlanJson {
  readonly formatVersion: number;
  readonly changes: readonly ChangeJson[];
  readonly unmanaged: readonly { apiType: string; apiId: string; region: string; name: string; authorizerId: string }[];
  readonly postActions: readonly { action: string; apiType: string; apiId: string; region: string; stage: string }[];
  readonly summary: PlanSummary;
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
      entry.unmanaged.map((authorizer) => ({ ...api(entry.target), name: authorizer.name, authorizerId: authorizer.authorizerId })),
    ),
    postActions: plan.apis.flatMap((entry) =>
      entry.postActions.map((post) => ({ action: post.kind, ...api(entry.target), stage: post.stage })),
    ),
    summary: summarizePlan(plan),
  };
}

function changeJson(action: AuthorizerAction, api: Pick<ChangeJson, 'apiType' | 'apiId' | 'region'>): ChangeJson {
  const base = { action: action.kind, ...api, name: action.name };
  switch (action.kind) {
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
      };
    default:
      return assertNever(action);
  }
}

/** Absent members are `null` in JSON, so that every field change has both sides. */
function fieldJson(change: FieldChange): FieldChangeJson {
  return { path: change.path, before: change.before ?? null, after: change.after ?? null };
}

export const DRIFT_FORMAT_VERSION = 1;

export interface DriftJson {
  readonly formatVersion: number;
  readonly inSync: boolean;
  readonly includeUnmanaged: boolean;
  readonly summary: DriftCounts;
  /** Changes whenever the drift changes, so that an issue is updated only then. */
  readonly digest: string;
  readonly apis: readonly {
    readonly apiType: string;
    readonly apiId: string;
    readonly apiName: string;
    readonly region: string;
    readonly label?: string;
    readonly drifted: readonly { name: string; authorizerId: string; fields: readonly FieldDriftJson[] }[];
    readonly missing: readonly string[];
    readonly unmanaged: readonly { name: string; authorizerId: string }[];
  }[];
}

export interface FieldDriftJson {
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

export function driftToJson(report: DriftReport, includeUnmanaged: boolean): DriftJson {
  const apis = report.apis.map((api) => ({
    apiType: api.target.apiType,
    apiId: api.target.apiId,
    apiName: api.target.apiName,
    region: api.target.region,
    ...(api.target.label === undefined ? {} : { label: api.target.label }),
    drifted: api.drifted.map((authorizer) => ({
      name: authorizer.name,
      authorizerId: authorizer.authorizerId,
      fields: authorizer.fields.map((field) => ({
        path: field.path,
        expected: field.expected ?? null,
        actual: field.actual ?? null,
      })),
    })),
    missing: api.missing,
    unmanaged: api.unmanaged.map((authorizer) => ({ ...authorizer })),
  }));
  return {
    formatVersion: DRIFT_FORMAT_VERSION,
    inSync: !hasDrift(report, includeUnmanaged),
    // Always a boolean: the reader (github drift-issue) rejects a report without it. oclif types an
    // absent boolean flag as boolean but passes undefined, so the writer does not trust the type.
    includeUnmanaged: includeUnmanaged === true,
    summary: countDrift(report),
    digest: digest(apis),
    apis,
  };
}

/** The inverse of driftToJson, so that a saved drift report renders as the same Markdown `drift --format markdown` prints. */
export function driftReportFromJson(json: DriftJson): DriftReport {
  return {
    apis: json.apis.map(
      (api): ApiDrift => ({
        target: {
          apiType: api.apiType as ApiType,
          apiId: api.apiId,
          apiName: api.apiName,
          region: api.region,
          ...(api.label === undefined ? {} : { label: api.label }),
        },
        drifted: api.drifted.map((authorizer) => ({
          name: authorizer.name,
          authorizerId: authorizer.authorizerId,
          // JSON writes absent members as null; the core calls them undefined.
          fields: authorizer.fields.map((field) => ({
            path: field.path,
            expected: field.expected ?? undefined,
            actual: field.actual ?? undefined,
          })),
        })),
        missing: api.missing,
        unmanaged: api.unmanaged,
      }),
    ),
  };
}
