/**
 * Shapes the store speaks. Members carry the family's wire names (camelCase), timestamps are `Date`s
 * (the wire layer writes ISO-8601 for v2 and epoch seconds for v1), and every list result is
 * `{ items, nextToken | position }` (the wire layer writes v1's lists under `item`).
 */

/** The API Gateway services, and Lambda's control plane for the functions authorizers invoke. */
export type ServiceName = 'apigatewayv2' | 'apigateway' | 'lambda';

// ---------- apigatewayv2 (HTTP and WebSocket APIs) ----------

export type ProtocolType = 'HTTP' | 'WEBSOCKET';
export type V2AuthorizerType = 'REQUEST' | 'JWT';

export interface V2Api {
  readonly apiId: string;
  readonly name: string;
  readonly protocolType: ProtocolType;
  readonly routeSelectionExpression: string;
  readonly apiKeySelectionExpression: string;
  readonly apiEndpoint: string;
  readonly createdDate: Date;
  readonly disableExecuteApiEndpoint: boolean;
  readonly ipAddressType: 'ipv4';
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** Route-level settings; AWS reports `detailedMetricsEnabled: false` when none were set. */
export interface V2RouteSettings {
  readonly detailedMetricsEnabled: boolean;
  readonly dataTraceEnabled?: boolean;
  readonly loggingLevel?: 'ERROR' | 'INFO' | 'OFF';
  readonly throttlingBurstLimit?: number;
  readonly throttlingRateLimit?: number;
}

/** The shape of AWS's `get-stages` example output: empty maps are sent, not omitted. */
export interface V2Stage {
  readonly stageName: string;
  readonly createdDate: Date;
  readonly lastUpdatedDate: Date;
  readonly autoDeploy: boolean;
  readonly defaultRouteSettings: V2RouteSettings;
  readonly routeSettings: Readonly<Record<string, V2RouteSettings>>;
  readonly stageVariables: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly deploymentId?: string;
  readonly description?: string;
}

export interface JwtConfiguration {
  readonly audience?: readonly string[];
  readonly issuer?: string;
}

/** The settable authorizer members of CreateAuthorizer/UpdateAuthorizer. */
export interface V2AuthorizerMembers {
  readonly authorizerType?: V2AuthorizerType;
  readonly name?: string;
  readonly identitySource?: readonly string[];
  readonly authorizerUri?: string;
  readonly authorizerCredentialsArn?: string;
  readonly authorizerPayloadFormatVersion?: string;
  readonly authorizerResultTtlInSeconds?: number;
  readonly enableSimpleResponses?: boolean;
  readonly identityValidationExpression?: string;
  readonly jwtConfiguration?: JwtConfiguration;
}

export interface V2Authorizer extends V2AuthorizerMembers {
  readonly authorizerId: string;
  readonly authorizerType: V2AuthorizerType;
  readonly name: string;
}

export interface V2Deployment {
  readonly deploymentId: string;
  readonly deploymentStatus: 'DEPLOYED';
  readonly createdDate: Date;
  readonly autoDeployed: boolean;
  readonly description?: string;
}

export interface V2Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

// ---------- apigateway v1 (REST APIs) ----------

export type RestAuthorizerType = 'TOKEN' | 'REQUEST' | 'COGNITO_USER_POOLS';
export type EndpointType = 'EDGE' | 'REGIONAL' | 'PRIVATE';

export interface RestApi {
  readonly id: string;
  readonly name: string;
  readonly createdDate: Date;
  readonly apiKeySource: 'HEADER';
  readonly endpointConfiguration: { readonly types: readonly EndpointType[]; readonly ipAddressType: 'ipv4' };
  readonly disableExecuteApiEndpoint: boolean;
  readonly rootResourceId: string;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface RestStage {
  readonly stageName: string;
  readonly deploymentId: string;
  readonly createdDate: Date;
  readonly lastUpdatedDate: Date;
  readonly cacheClusterEnabled: boolean;
  readonly cacheClusterStatus: 'NOT_AVAILABLE';
  readonly methodSettings: Readonly<Record<string, never>>;
  readonly tracingEnabled: boolean;
  readonly description?: string;
  readonly variables?: Readonly<Record<string, string>>;
}

export interface RestAuthorizerMembers {
  readonly name?: string;
  readonly type?: RestAuthorizerType;
  readonly providerARNs?: readonly string[];
  readonly authType?: string;
  readonly authorizerUri?: string;
  readonly authorizerCredentials?: string;
  readonly identitySource?: string;
  readonly identityValidationExpression?: string;
  readonly authorizerResultTtlInSeconds?: number;
}

export interface RestAuthorizer extends RestAuthorizerMembers {
  readonly id: string;
  readonly name: string;
  readonly type: RestAuthorizerType;
  readonly authType: string;
}

export interface RestDeployment {
  readonly id: string;
  readonly createdDate: Date;
  readonly description?: string;
}

export interface RestPage<T> {
  readonly items: T[];
  readonly position?: string;
}

/** v1 GetStages is not paginated; its SDK output member is `item`, the wire key too. */
export interface RestStageList {
  readonly items: RestStage[];
}

// ---------- patch operations (v1 UpdateAuthorizer) ----------

export interface PatchOperation {
  readonly op?: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  readonly path?: string;
  readonly value?: string;
  readonly from?: string;
}

// ---------- what uses an authorizer: v2 routes, v1 methods (docs/aws-behaviour.md#routes-and-methods) ----------

export type V2AuthorizationType = 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'JWT';

/** The route members gatewarden reads and writes; AWS reports `apiKeyRequired: false` when unset. */
export interface V2Route {
  readonly routeId: string;
  readonly routeKey: string;
  readonly authorizationType: V2AuthorizationType;
  readonly apiKeyRequired: boolean;
  readonly authorizerId?: string;
  readonly authorizationScopes?: readonly string[];
  readonly target?: string;
}

export type RestAuthorizationType = 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'COGNITO_USER_POOLS';

export interface RestMethod {
  readonly httpMethod: string;
  readonly authorizationType: RestAuthorizationType;
  readonly apiKeyRequired: boolean;
  readonly authorizerId?: string;
  readonly authorizationScopes?: readonly string[];
}

/** `resourceMethods` is present only when GetResources is asked to `embed=methods`. */
export interface RestResource {
  readonly id: string;
  readonly path: string;
  readonly parentId?: string;
  readonly pathPart?: string;
  readonly resourceMethods?: Readonly<Record<string, RestMethod>>;
}
