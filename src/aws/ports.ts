/**
 * The narrow port through which everything outside `src/aws` and `families/*\/live.ts` reaches AWS:
 * exactly the calls gatewarden makes, in plain data. The services reach a family's port through
 * `AwsAccess` (src/services/access.ts).
 */
import type { ApiType, LiveAttachment, LiveAuthorizer, LiveStage } from '../core/model.js';
import type { UpdateRequest } from '../core/update.js';

/**
 * The page size every listing asks for: the largest AWS allows (v1 `limit`: 500; v2 `MaxResults`
 * documents no maximum and is sent as the same 500), so a fleet's listings cost one call per 500
 * items instead of one per 25 (docs/aws-behaviour.md#pagination).
 */
export const LARGEST_PAGE = 500;

export interface ApiSummary {
  readonly id: string;
  readonly name: string;
  readonly type: ApiType;
}

export interface AttachmentChange {
  readonly authorizerId: string;
  readonly authorizationType: string;
  /** The scopes to keep; empty clears them. */
  readonly authorizationScopes: readonly string[];
}

export interface AuthorizerPort {
  /** `undefined` when AWS says the API does not exist. */
  getApi(apiId: string): Promise<ApiSummary | undefined>;
  /** Every API of the family in the region, all pages followed. */
  listApis(): Promise<ApiSummary[]>;
  listStages(apiId: string): Promise<LiveStage[]>;
  /** Every authorizer of the API in one paged listing. */
  listAuthorizers(apiId: string): Promise<LiveAuthorizer[]>;
  /** Every route (v2) or method (REST) of the API with its authorization, all pages followed. */
  listAttachments(apiId: string): Promise<LiveAttachment[]>;
  /** Points one route or method (as `listAttachments` read it) at an authorizer, in one call. */
  updateAttachment(apiId: string, attachment: LiveAttachment, change: AttachmentChange): Promise<void>;
  /** Returns the new authorizer's id. */
  createAuthorizer(apiId: string, members: Readonly<Record<string, unknown>>): Promise<string>;
  updateAuthorizer(apiId: string, authorizerId: string, request: UpdateRequest): Promise<void>;
  deleteAuthorizer(apiId: string, authorizerId: string): Promise<void>;
  resetAuthorizerCache(apiId: string, stage: string): Promise<void>;
  /**
   * The stage's OpenAPI 3.0 export with the authorizer extensions, parsed: the configuration its
   * deployment runs (GetExport for REST, ExportApi with StageName for HTTP APIs).
   */
  exportStage(apiId: string, stage: string): Promise<unknown>;
  redeploy(apiId: string, stage: string): Promise<void>;
}

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
  /** Where the credentials came from, in words for messages: `profile staging (AWS_PROFILE)`, a role assumed, … */
  readonly source: string;
}
