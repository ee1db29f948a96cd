/**
 * Every emulated operation as data: its service, HTTP binding and success status
 * (docs/aws-behaviour.md#operations). The wire layer routes with it; the store phrases IAM refusals with it.
 */
import type { ServiceName } from './model.js';

export type V2OperationName =
  | 'GetApis'
  | 'GetApi'
  | 'GetStages'
  | 'GetStage'
  | 'CreateAuthorizer'
  | 'GetAuthorizer'
  | 'GetAuthorizers'
  | 'UpdateAuthorizer'
  | 'DeleteAuthorizer'
  | 'GetRoutes'
  | 'UpdateRoute'
  | 'ResetAuthorizersCache'
  | 'CreateDeployment'
  | 'ExportApi';

export type RestOperationName =
  | 'GetRestApis'
  | 'GetRestApi'
  | 'GetStages'
  | 'GetStage'
  | 'CreateAuthorizer'
  | 'GetAuthorizer'
  | 'GetAuthorizers'
  | 'UpdateAuthorizer'
  | 'DeleteAuthorizer'
  | 'GetResources'
  | 'UpdateMethod'
  | 'FlushStageAuthorizersCache'
  | 'CreateDeployment'
  | 'GetExport';

export type LambdaOperationName = 'GetFunction' | 'GetPolicy' | 'AddPermission' | 'RemovePermission';

export type OperationName = V2OperationName | RestOperationName | LambdaOperationName;

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface OperationSpec {
  readonly service: ServiceName;
  readonly operation: OperationName;
  readonly method: HttpMethod;
  /** Path template; `{label}` segments become parameters of that name. */
  readonly path: string;
  readonly status: 200 | 201 | 202 | 204;
  /** Query members the operation models. */
  readonly query: readonly string[];
  readonly binding?: OperationBinding;
}

/** The few bindings beyond labels, named query members and a JSON body. */
export interface OperationBinding {
  /** Headers bound to members, by lower-case header name (`accept` -> `accepts`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** A member that takes every query parameter not named in `query`, as a string map. */
  readonly queryMap?: string;
  /** The answer is a blob (`ExportBlob`): written as it is, not as JSON members. */
  readonly blob?: boolean;
}

const v2 = (operation: V2OperationName, method: HttpMethod, path: string, status: OperationSpec['status'], query: readonly string[] = [], binding?: OperationBinding): OperationSpec =>
  ({ service: 'apigatewayv2', operation, method, path, status, query, ...(binding ? { binding } : {}) });
const rest = (operation: RestOperationName, method: HttpMethod, path: string, status: OperationSpec['status'], query: readonly string[] = [], binding?: OperationBinding): OperationSpec =>
  ({ service: 'apigateway', operation, method, path, status, query, ...(binding ? { binding } : {}) });

const lambda = (operation: LambdaOperationName, method: HttpMethod, path: string, status: OperationSpec['status'], query: readonly string[] = []): OperationSpec =>
  ({ service: 'lambda', operation, method, path, status, query });

const V2_PAGE = ['maxResults', 'nextToken'];
const REST_PAGE = ['position', 'limit'];

export const OPERATIONS: readonly OperationSpec[] = [
  v2('GetApis', 'GET', '/v2/apis', 200, V2_PAGE),
  v2('GetApi', 'GET', '/v2/apis/{apiId}', 200),
  v2('GetStages', 'GET', '/v2/apis/{apiId}/stages', 200, V2_PAGE),
  v2('GetStage', 'GET', '/v2/apis/{apiId}/stages/{stageName}', 200),
  v2('CreateAuthorizer', 'POST', '/v2/apis/{apiId}/authorizers', 201),
  v2('GetAuthorizers', 'GET', '/v2/apis/{apiId}/authorizers', 200, V2_PAGE),
  v2('GetAuthorizer', 'GET', '/v2/apis/{apiId}/authorizers/{authorizerId}', 200),
  v2('UpdateAuthorizer', 'PATCH', '/v2/apis/{apiId}/authorizers/{authorizerId}', 200),
  v2('DeleteAuthorizer', 'DELETE', '/v2/apis/{apiId}/authorizers/{authorizerId}', 204),
  v2('GetRoutes', 'GET', '/v2/apis/{apiId}/routes', 200, V2_PAGE),
  v2('UpdateRoute', 'PATCH', '/v2/apis/{apiId}/routes/{routeId}', 200),
  v2('ResetAuthorizersCache', 'DELETE', '/v2/apis/{apiId}/stages/{stageName}/cache/authorizers', 204),
  v2('CreateDeployment', 'POST', '/v2/apis/{apiId}/deployments', 201),
  v2('ExportApi', 'GET', '/v2/apis/{apiId}/exports/{specification}', 200, ['outputType', 'stageName', 'exportVersion', 'includeExtensions'], { blob: true }),
  rest('GetRestApis', 'GET', '/restapis', 200, REST_PAGE),
  rest('GetRestApi', 'GET', '/restapis/{restApiId}', 200),
  rest('GetStages', 'GET', '/restapis/{restApiId}/stages', 200, ['deploymentId']),
  rest('GetStage', 'GET', '/restapis/{restApiId}/stages/{stageName}', 200),
  rest('CreateAuthorizer', 'POST', '/restapis/{restApiId}/authorizers', 201),
  rest('GetAuthorizers', 'GET', '/restapis/{restApiId}/authorizers', 200, REST_PAGE),
  rest('GetAuthorizer', 'GET', '/restapis/{restApiId}/authorizers/{authorizerId}', 200),
  rest('UpdateAuthorizer', 'PATCH', '/restapis/{restApiId}/authorizers/{authorizerId}', 200),
  rest('DeleteAuthorizer', 'DELETE', '/restapis/{restApiId}/authorizers/{authorizerId}', 202),
  rest('GetResources', 'GET', '/restapis/{restApiId}/resources', 200, [...REST_PAGE, 'embed']),
  rest('UpdateMethod', 'PATCH', '/restapis/{restApiId}/resources/{resourceId}/methods/{httpMethod}', 200),
  rest('FlushStageAuthorizersCache', 'DELETE', '/restapis/{restApiId}/stages/{stageName}/cache/authorizers', 202),
  rest('CreateDeployment', 'POST', '/restapis/{restApiId}/deployments', 201),
  rest('GetExport', 'GET', '/restapis/{restApiId}/stages/{stageName}/exports/{exportType}', 200, [], {
    headers: { accept: 'accepts' },
    queryMap: 'parameters',
    blob: true,
  }),
  // Lambda's restJson1 members are PascalCase on the wire, and so are these parameters.
  lambda('GetFunction', 'GET', '/2015-03-31/functions/{FunctionName}', 200, ['Qualifier']),
  lambda('GetPolicy', 'GET', '/2015-03-31/functions/{FunctionName}/policy', 200, ['Qualifier']),
  lambda('AddPermission', 'POST', '/2015-03-31/functions/{FunctionName}/policy', 201, ['Qualifier']),
  lambda('RemovePermission', 'DELETE', '/2015-03-31/functions/{FunctionName}/policy/{StatementId}', 204, ['Qualifier', 'RevisionId']),
];

export function findOperation(service: ServiceName, operation: string): OperationSpec | undefined {
  return OPERATIONS.find((spec) => spec.service === service && spec.operation === operation);
}

/** The concrete request path of an operation, for messages such as IAM refusals. */
export function concretePath(spec: OperationSpec, params: object): string {
  return spec.path.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = (params as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : whole;
  });
}
