/**
 * What a stage really runs: the authorizers of its deployment, read from the stage's OpenAPI export
 * (`components.securitySchemes.<name>.x-amazon-apigateway-authorizer`, docs/aws-behaviour.md#stage-exports)
 * and mapped to the family's wire members by the family's declared `StageExportRules`. Pure.
 */
import { AwsError } from '../errors.js';
import { isPlainObject } from './is-plain-object.js';
import type { DeployedAuthorizer } from './model.js';

/** How one API type's export names its authorizer members: family data. */
export interface StageExportRules {
  /** Extension member -> the family's wire member; members not listed are not compared. */
  readonly members: Readonly<Record<string, string>>;
  /** The extension writes the type in lower case: its value -> the wire value. */
  readonly typeValues: Readonly<Record<string, string>>;
  /** Where an extension without `identitySource` names it: the scheme's `apiKey` header, with this prefix. */
  readonly headerIdentityPrefix: string;
  /** The extension types (lower case) that may carry their identity source that way only. */
  readonly headerIdentityTypes: readonly string[];
  /** The extension writes identity sources as one comma-separated string; `true` when the wire uses a list. */
  readonly identitySourceIsList: boolean;
}

/** A stage export cannot be read for this API type, and why (shown in docs and `plan --json`). */
export interface StageExportUnsupported {
  readonly unsupported: string;
  /**
   * The AWS CLI command that redeploys a stage by hand (`{apiId}`, `{stage}`, `{region}` filled in):
   * no later plan can see a redeploy that did not happen, so the apply report names it.
   */
  readonly redeployCommand: string;
}

export type StageExport = StageExportRules | StageExportUnsupported;

/** The wire members an export carries: only these are compared with the live authorizers. */
export function exportedMembers(rules: StageExportRules): string[] {
  return Object.values(rules.members);
}

/** The export's body is JSON (the export is asked for as JSON); anything else is an unreadable answer. */
export function parseExportBody(body: string, where: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw unreadable(where, `the body is not JSON (${(error as Error).message})`);
  }
}

/**
 * Reads the authorizers out of an export document. A document of an unexpected shape is an error,
 * never "no authorizers": that would hide a stage that lags its API.
 */
export function readDeployedAuthorizers(
  document: unknown,
  rules: StageExportRules,
  where: string,
): DeployedAuthorizer[] {
  if (!isPlainObject(document)) throw unreadable(where, 'the export is not a JSON object');
  const components = document.components ?? {};
  if (!isPlainObject(components)) throw unreadable(where, '`components` is not an object');
  const schemes = components.securitySchemes ?? {};
  if (!isPlainObject(schemes)) throw unreadable(where, '`components.securitySchemes` is not an object');
  return Object.entries(schemes).flatMap(([name, scheme]): DeployedAuthorizer[] => {
    if (!isPlainObject(scheme)) throw unreadable(where, `security scheme "${name}" is not an object`);
    const extension = scheme['x-amazon-apigateway-authorizer'];
    // Schemes without the extension are not API Gateway authorizers (e.g. IAM's sigv4).
    if (extension === undefined) return [];
    if (!isPlainObject(extension)) throw unreadable(where, `x-amazon-apigateway-authorizer of "${name}" is not an object`);
    return [{ name, fields: { name, ...mapMembers(extension, scheme, rules, `${where}: authorizer "${name}"`) } }];
  });
}

function mapMembers(
  extension: Readonly<Record<string, unknown>>,
  scheme: Readonly<Record<string, unknown>>,
  rules: StageExportRules,
  where: string,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [from, to] of Object.entries(rules.members)) {
    const value = extension[from];
    if (value === undefined || value === null) continue;
    if (from === 'type') {
      const type = rules.typeValues[String(value)];
      if (type === undefined) throw unreadable(where, `unknown type ${JSON.stringify(value)}`);
      fields[to] = type;
    } else if (from === 'identitySource') {
      fields[to] = identitySource(value, rules, where);
    } else {
      fields[to] = value;
    }
  }
  // REST TOKEN authorizers are exported with their header as the apiKey scheme's name only.
  const headerOnly = rules.headerIdentityTypes.includes(String(extension.type));
  if (headerOnly && fields.identitySource === undefined && scheme.type === 'apiKey' && scheme.in === 'header' && typeof scheme.name === 'string') {
    const source = `${rules.headerIdentityPrefix}${scheme.name}`;
    fields.identitySource = rules.identitySourceIsList ? [source] : source;
  }
  return fields;
}

function identitySource(value: unknown, rules: StageExportRules, where: string): unknown {
  if (typeof value !== 'string') throw unreadable(where, `identitySource ${JSON.stringify(value)} is not a string`);
  return rules.identitySourceIsList ? value.split(',').map((entry) => entry.trim()) : value;
}

function unreadable(where: string, problem: string): AwsError {
  return new AwsError('STAGE_EXPORT_UNREADABLE', `${where}: cannot read the stage's export: ${problem}.`, {
    hint: 'This is an answer gatewarden does not recognise; please report it with the export (aws apigateway get-export / aws apigatewayv2 export-api).',
  });
}
