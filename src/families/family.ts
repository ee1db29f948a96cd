/**
 * What an API family declares. Everything family-specific lives in one `Family` value in
 * `src/families/<id>/index.ts`; the rest of the program reads these declarations through the registry
 * and never names a family or an API type.
 */
import type { AwsClients } from '../aws/clients.js';
import type { AuthorizerPort } from '../aws/ports.js';
import type { MiddlewareHost } from '../aws/resilience.js';
import type { RetryStrategyV2 } from '../aws/retry.js';
import type { ExportRules } from '../core/export.js';
import type { AuthorizerRules } from '../core/rules.js';
import type { StageExport } from '../core/stage-export.js';
import type { Handler } from '../emulator/context.js';
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
  /** Identity source syntax: the prefix before a header name (header names compare case-insensitively). */
  readonly identitySource: { readonly headerPrefix: string };
  /**
   * The AWS call that resets a stage's authorizer cache, and the AWS CLI command that does it by hand
   * (`{apiId}`, `{stage}` and `{region}` are filled in), or why this API type has none.
   */
  readonly cacheReset: { readonly operation: string; readonly cliCommand: string } | { readonly unsupported: string };
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

/** The settings every SDK client is built with; decided in `src/aws/clients.ts`. */
export interface SdkClientConfig {
  readonly region: string;
  /** The SDK's adaptive strategy with gatewarden's attempt budgets (src/aws/retry.ts). */
  readonly retryStrategy: RetryStrategyV2;
  /** Connection and request timeouts (src/aws/resilience.ts). */
  readonly requestHandler?: { readonly connectionTimeout: number; readonly requestTimeout: number; readonly throwOnRequestTimeout: boolean };
  readonly endpoint?: string;
  readonly profile?: string;
  /** The environment's assumed role, when it names one; else the SDK's default chain. */
  readonly credentials?: CredentialProvider;
}

/** The SDK's credential provider shape, as far as gatewarden hands one to a client. */
export type CredentialProvider = () => Promise<{
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}>;

/** A built SDK client: every generated client has a middleware stack, where pacing and retries go. */
export interface SdkClient extends MiddlewareHost {
  destroy(): void;
}

/** One AWS SDK service: how `AwsClients` finds its endpoint and builds its client. */
export interface SdkService<C extends SdkClient = SdkClient> {
  /** Caches one client per service and region. */
  readonly key: string;
  /**
   * The SDK resolves AWS_ENDPOINT_URL[_SERVICE] itself, but one release ignored them
   * (@smithy/middleware-endpoint 4.1.14), so the endpoint is read from these and passed explicitly.
   */
  readonly endpointVariables: readonly string[];
  /** Builds the client; loads the SDK (through the family's live.ts) on first use only. */
  create(config: SdkClientConfig): Promise<C>;
}

/** The emulator's implementation of the family's AWS service. */
export interface EmulatorService {
  readonly service: ServiceName;
  readonly handlers: Readonly<Record<string, Handler<never, unknown>>>;
  /** The family's port over the store, in memory: the fake behind the services' unit tests. */
  memoryPort(store: EmulatorStore, region: string): AuthorizerPort;
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
  /** Builds the port for one region; the SDK is loaded on first use only. */
  connect(clients: AwsClients, region: string): Promise<AuthorizerPort>;
}

/** Keeps the API type ids as literals (the registry derives `ApiType` from them) and derives what can be. */
export function defineFamily<const T extends string>(family: Omit<Family<T>, 'cacheResetApiTypes'>): Family<T> {
  return {
    ...family,
    cacheResetApiTypes: family.apiTypes.filter((apiType) => 'operation' in apiType.cacheReset).map((apiType) => apiType.id),
  };
}
