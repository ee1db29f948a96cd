/**
 * The documented, stable JSON form of a drift report (formatVersion 1), and the report read back from
 * it (by `github drift-issue`). New members may be added; existing ones keep their names and types.
 */
import { API_TYPE_IDS, findApiType } from '../families/registry.js';
import type { ApiType, LaggingAuthorizer } from '../core/model.js';
import { countDrift, hasDrift, type ApiDrift, type DriftCounts, type DriftedAuthorizer, type DriftReport } from '../core/drift.js';
import { digest } from '../core/fingerprint.js';
import { isPlainObject } from '../core/is-plain-object.js';
import { UserError } from '../errors.js';
import { describeLag } from './format.js';

export const DRIFT_FORMAT_VERSION = 1;

export interface DriftJson {
  readonly formatVersion: number;
  readonly inSync: boolean;
  readonly includeUnmanaged: boolean;
  /** `prunable` is absent in reports of releases before prune. */
  readonly summary: Omit<DriftCounts, 'prunable'> & { readonly prunable?: number };
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
    /** What prune would delete (spec.prune documents); absent when nothing is to prune. */
    readonly prunable?: readonly { name: string; authorizerId: string }[];
    /** Present when stages run an older configuration than the live authorizers. */
    readonly lagging?: readonly { stage: string; reason: string; authorizers: readonly LaggingAuthorizer[] }[];
  }[];
  /** The `--target` patterns the check was limited to; absent when every declared API was checked. */
  readonly targets?: readonly string[];
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
    drifted: withAbsentAs(api.drifted, null),
    missing: api.missing,
    unmanaged: api.unmanaged.map((authorizer) => ({ ...authorizer })),
    // Only when there is any, so that reports (and their digests) without prune stay as they were.
    ...(api.prunable.length === 0 ? {} : { prunable: api.prunable.map((authorizer) => ({ ...authorizer })) }),
    ...(api.lagging.length === 0
      ? {}
      : {
          lagging: api.lagging.map((lag) => ({
            stage: lag.stage,
            reason: describeLag(lag.stage, lag.authorizers),
            authorizers: lag.authorizers.map((authorizer) => ({
              name: authorizer.name,
              fields: authorizer.fields.map((field) => ({ path: field.path, before: field.before ?? null, after: field.after ?? null })),
            })),
          })),
        }),
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
    ...(report.targets ? { targets: report.targets } : {}),
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
        drifted: withAbsentAs(api.drifted, undefined),
        missing: api.missing,
        unmanaged: api.unmanaged,
        prunable: api.prunable ?? [],
        lagging: (api.lagging ?? []).map((lag) => ({
          stage: lag.stage,
          authorizers: lag.authorizers.map((authorizer) => ({
            name: authorizer.name,
            fields: authorizer.fields.map((field) => ({ path: field.path, before: field.before ?? undefined, after: field.after ?? undefined })),
          })),
        })),
      }),
    ),
  };
}

/** The drifted authorizers with absent values written as `absent`: JSON writes null, the core calls them undefined. */
function withAbsentAs(drifted: readonly DriftedAuthorizer[], absent: null | undefined): DriftedAuthorizer[] {
  return drifted.map((authorizer) => ({
    name: authorizer.name,
    authorizerId: authorizer.authorizerId,
    fields: authorizer.fields.map((field) => ({ path: field.path, expected: field.expected ?? absent, actual: field.actual ?? absent })),
  }));
}

// The drift report file, read back (by `github drift-issue`).

/** Checks a parsed `gatewarden drift --format json` file enough to trust its shape. */
export function parseDriftJson(value: unknown, source = 'the drift report'): DriftJson {
  const fail = (what: string): never => {
    throw new UserError('DRIFT_REPORT_INVALID', `${source} is not a gatewarden drift report: ${what}.`, {
      hint: 'Write it with: gatewarden drift <paths> --format json > drift.json',
    });
  };
  if (!isPlainObject(value)) return fail('it is not a JSON object');
  if (value.formatVersion !== DRIFT_FORMAT_VERSION) {
    return fail(`formatVersion is ${JSON.stringify(value.formatVersion)}, expected ${DRIFT_FORMAT_VERSION}`);
  }
  if (typeof value.inSync !== 'boolean') return fail('"inSync" is not a boolean');
  if (typeof value.includeUnmanaged !== 'boolean') return fail('"includeUnmanaged" is not a boolean');
  if (typeof value.digest !== 'string' || !value.digest.startsWith('sha256:')) return fail('"digest" is not a sha256 digest');
  const summary = value.summary;
  if (!isPlainObject(summary) || !['drifted', 'missing', 'unmanaged'].every((key) => typeof summary[key] === 'number')) {
    return fail('"summary" does not hold the drifted, missing and unmanaged counts');
  }
  if (!Array.isArray(value.apis)) return fail('"apis" is not a list');
  value.apis.forEach((api: unknown, index: number) => {
    if (!isPlainObject(api)) return fail(`apis[${index}] is not an object`);
    if (findApiType(api.apiType) === undefined) return fail(`apis[${index}].apiType is not one of ${API_TYPE_IDS.join(', ')}`);
    for (const key of ['apiId', 'apiName', 'region']) if (typeof api[key] !== 'string') fail(`apis[${index}].${key} is not a string`);
    for (const key of ['drifted', 'missing', 'unmanaged']) if (!Array.isArray(api[key])) fail(`apis[${index}].${key} is not a list`);
    (api.drifted as unknown[]).forEach((authorizer, at) => {
      const where = `apis[${index}].drifted[${at}]`;
      if (!isPlainObject(authorizer) || typeof authorizer.name !== 'string' || typeof authorizer.authorizerId !== 'string') {
        fail(`${where} lacks a name or authorizerId`);
      } else if (!Array.isArray(authorizer.fields) || !authorizer.fields.every((field) => isPlainObject(field) && typeof field.path === 'string')) {
        fail(`${where}.fields is not a list of field drifts`);
      }
    });
    if (!(api.missing as unknown[]).every((name) => typeof name === 'string')) fail(`apis[${index}].missing is not a list of names`);
    if (!(api.unmanaged as unknown[]).every((entry) => isPlainObject(entry) && typeof entry.name === 'string' && typeof entry.authorizerId === 'string')) {
      fail(`apis[${index}].unmanaged is not a list of authorizers`);
    }
    return undefined;
  });
  return value as unknown as DriftJson;
}
