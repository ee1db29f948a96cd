/**
 * What an API family declares. Everything family-specific lives in one `Family` value in
 * `src/families/<id>/index.ts`; the rest of the program reads these declarations through the registry
 * and never names a family or an API type.
 */
import type { AuthorizerPort } from '../aws/ports.js';
import type { SdkClientSource, SdkService } from '../aws/sdk-service.js';
import type { ExportRules } from '../core/export.js';
import type { AuthorizerRules } from '../core/rules.js';
import type { StageExport } from '../core/stage-export.js';
import type { ServiceName } from '../emulator/model.js';
import type { EmulatorStore } from '../emulator/store.js';

/** A JSON Schema (draft-07) object, as plain data. */
export type JsonSchema = { readonly [keyword: string]: unknown };

export interface ApiTypeDefinition<T extends string = string> {
  /** The manifest's `spec.api.type`. */
  readonly id: T;
  /** How messages name an API of this type: `HTTP API`. */
  readonly label: string;
  /** The label without "API", before an authorizer type: `HTTP REQUEST authorizer "x"`. */
  readonly shortLabel: string;
  /** The values of the family's type field (`rules.typeField`) this API type accepts. */
  readonly authorizerTypes: readonly string[];
  /**
   * The member that lists an authorizer's identity sources, and their syntax: the prefix before a
   * header name (header names compare case-insensitively).
   */
  readonly identity: { readonly member: string; readonly headerPrefix: string };
  /**
   * The AWS call that resets a stage's authorizer cache, the AWS CLI command that does it by hand
   * (`{apiId}`, `{stage}` and `{region}` are filled in) and the member that says how long cached
   * results live; or why this API type has none.
   */
  readonly cacheReset: { readonly operation: string; readonly cliCommand: string; readonly ttlMember: string } | { readonly unsupported: string };
  /** The definition in the family's schema fragment that this API type's authorizers follow. */
  readonly authorizerSchema: string;
  /**
   * How the export of a stage (the configuration its deployment runs) maps to authorizer members, or
   * why this API type has none; `plan` reads it for each `afterChange.redeploy` stage.
   */
  readonly stageExport: StageExport;
  /** What uses an authorizer on this API type, singular and plural: `route`/`routes`, `method`/`methods`. */
  readonly attachmentNoun: readonly [one: string, many: string];
}

/** The family's part of `schemas/gatewarden.schema.json`; `src/manifest/schema-source.ts` assembles them. */
export interface SchemaFragment {
  /** One clause for the `api.type` description: `rest is a v1 REST API (apigateway)`. */
  readonly apiTypesDescription: string;
  /** Definitions the family adds; names must not collide with the envelope's or another family's. */
  readonly definitions: Readonly<Record<string, JsonSchema>>;
}

/** The emulator's implementation of the family's AWS service. */
export interface EmulatorService {
  /** The emulator's service (src/emulator/store.ts `SERVICE_HANDLERS`) that implements the family's AWS API. */
  readonly service: ServiceName;
  /** The family's port over the store, in memory (memory.ts): the SDK adapter with the store as its `send`. */
  connect(store: EmulatorStore, region: string): Promise<AuthorizerPort>;
}

export interface Family<T extends string = string> {
  /** The AWS service the family talks to (`apigatewayv2`, `apigateway`). */
  readonly id: string;
  readonly apiTypes: readonly ApiTypeDefinition<T>[];
  readonly rules: AuthorizerRules;
  /** How export and adopt write its authorizers into manifests. */
  readonly exportRules: ExportRules;
  /** API types whose stages have an authorizer cache that can be reset (derived from `cacheReset`). */
  readonly cacheResetApiTypes: readonly T[];
  readonly schema: SchemaFragment;
  readonly sdk: SdkService;
  readonly emulator: EmulatorService;
  /**
   * Builds the port for one region over the SDK client `clients` (`AwsClients`) builds; the SDK is
   * loaded on first use only.
   */
  connect(clients: SdkClientSource, region: string): Promise<AuthorizerPort>;
}

/** Keeps the API type ids as literals (the registry derives `ApiType` from them) and derives what can be. */
export function defineFamily<const T extends string>(family: Omit<Family<T>, 'cacheResetApiTypes'>): Family<T> {
  return {
    ...family,
    cacheResetApiTypes: family.apiTypes.filter((apiType) => 'operation' in apiType.cacheReset).map((apiType) => apiType.id),
  };
}
