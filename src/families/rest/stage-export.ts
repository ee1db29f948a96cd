/**
 * How GetExport (`oas30`, `extensions=authorizers`) writes a REST stage's authorizers: the
 * x-amazon-apigateway-authorizer object's members (docs/aws-behaviour.md#stage-exports).
 */
import type { StageExportRules } from '../../core/stage-export.js';

export const restStageExport: StageExportRules = {
  members: {
    type: 'type',
    authorizerUri: 'authorizerUri',
    authorizerCredentials: 'authorizerCredentials',
    identitySource: 'identitySource',
    identityValidationExpression: 'identityValidationExpression',
    authorizerResultTtlInSeconds: 'authorizerResultTtlInSeconds',
    providerARNs: 'providerARNs',
  },
  typeValues: { token: 'TOKEN', request: 'REQUEST', cognito_user_pools: 'COGNITO_USER_POOLS' },
  // A TOKEN authorizer's header is the apiKey scheme's `name`; the extension may leave identitySource out.
  headerIdentityPrefix: 'method.request.header.',
  headerIdentityTypes: ['token'],
  // REST's identitySource is one comma-separated string on the wire, as in the export.
  identitySourceIsList: false,
};
