/**
 * What a stage really runs: the authorizers of its deployment, read from the stage's OpenAPI export
 * (`components.securitySchemes.<name>.x-amazon-apigateway-authorizer`, docs/aws-behaviour.md#stage-exports)
 * and mapped to the family's wire members by the family's declared `StageExportRules`. Pure.
 *
 * The rule that keeps plans converging: a member the export does not carry is absent from the result,
 * and the planner compares only members that are present. Where AWS documents that a member lives
 * elsewhere in the document (a TOKEN authorizer's header as the scheme's `name`), the family declares it.
 */
import { AwsError } from '../errors.js';
import { isPlainObject } from './is-plain-object.js';
import type { AuthorizerFields, DeployedAuthorizer } from './model.js';
import { readPath } from './normalize.js';

type JsonObject = Readonly<Record<string, unknown>>;

/** How one API type's export names its authorizer members: family data. */
export interface StageExportRules {
  /** Extension member -> the family's wire member; members not listed are not read. */
  readonly members: Readonly<Record<string, string>>;
  /** The extension member that holds the authorizer type (in lower case), and its values -> wire values. */
  readonly typeMember: string;
  readonly typeValues: Readonly<Record<string, string>>;
  /** Extension members written as one comma-separated string whose wire member is a list. */
  readonly listMembers: readonly string[];
  /** Wire members that AWS's documented examples give in the security scheme instead of the extension. */
  readonly fromScheme: readonly SchemeMember[];
}

/** A wire member read from the security scheme when the extension does not carry it. */
export interface SchemeMember {
  /** The wire path, dotted for nested members (`jwtConfiguration.issuer`). */
  readonly path: string;
  /** The extension's type values (lower case) for which AWS documents it there. */
  readonly types: readonly string[];
  /** Its value from the scheme, or undefined when the scheme does not give it. */
  readonly read: (scheme: JsonObject) => unknown;
  /** The documented example it follows. */
  readonly why: string;
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
 * never "no authorizers": that would hide a stage that lags its API. `components` and its
 * `securitySchemes` are optional in OpenAPI 3, so a document without them lists no authorizers.
 */
export function readDeployedAuthorizers(document: unknown, rules: StageExportRules, where: string): DeployedAuthorizer[] {
  if (!isPlainObject(document)) throw unreadable(where, 'the export is not a JSON object');
  if (typeof document.openapi !== 'string' || !document.openapi.startsWith('3.')) {
    throw unreadable(where, `it is not an OpenAPI 3 document (openapi: ${JSON.stringify(document.openapi ?? null)})`);
  }
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
    return [{ name, fields: { name, ...readMembers(extension, scheme, rules, `${where}: authorizer "${name}"`) } }];
  });
}

function readMembers(extension: JsonObject, scheme: JsonObject, rules: StageExportRules, where: string): AuthorizerFields {
  const type = extension[rules.typeMember];
  if (typeof type !== 'string' || rules.typeValues[type] === undefined) throw unreadable(where, `unknown type ${JSON.stringify(type ?? null)}`);
  let fields: AuthorizerFields = {};
  for (const [from, to] of Object.entries(rules.members)) {
    const value = extension[from];
    if (value === undefined || value === null) continue;
    if (from === rules.typeMember) fields = { ...fields, [to]: rules.typeValues[type] };
    else if (rules.listMembers.includes(from)) fields = { ...fields, [to]: commaList(value, from, where) };
    else fields = { ...fields, [to]: value };
  }
  for (const member of rules.fromScheme) {
    if (!member.types.includes(type) || readPath(fields, member.path) != null) continue;
    const value = member.read(scheme);
    if (value !== undefined) fields = withPath(fields, member.path, value);
  }
  return fields;
}

function commaList(value: unknown, member: string, where: string): string[] {
  if (typeof value !== 'string') throw unreadable(where, `${member} ${JSON.stringify(value)} is not a string`);
  return value.split(',').map((entry) => entry.trim());
}

function withPath(fields: AuthorizerFields, path: string, value: unknown): AuthorizerFields {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  if (rest.length === 0) return { ...fields, [head]: value };
  const inner = fields[head];
  return { ...fields, [head]: withPath(isPlainObject(inner) ? inner : {}, rest.join('.'), value) };
}

function unreadable(where: string, problem: string): AwsError {
  return new AwsError('STAGE_EXPORT_UNREADABLE', `${where}: cannot read the stage's export: ${problem}.`, {
    hint: 'This is an answer gatewarden does not recognise; please report it with the export (aws apigateway get-export / aws apigatewayv2 export-api).',
  });
}
