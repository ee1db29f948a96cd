/**
 * How GetExport (`oas30`, `extensions=authorizers`) writes a REST stage's authorizers: the
 * x-amazon-apigateway-authorizer object's members (docs/aws-behaviour.md#stage-exports).
 */
import type { StageExportRules } from '../../core/stage-export.js';

const HEADER = 'method.request.header.';

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
  typeMember: 'type',
  typeValues: { token: 'TOKEN', request: 'REQUEST', cognito_user_pools: 'COGNITO_USER_POOLS' },
  // REST's identitySource is one comma-separated string on the wire, as in the export.
  listMembers: [],
  fromScheme: [
    {
      path: 'identitySource',
      types: ['token', 'cognito_user_pools'],
      read: (scheme) => (scheme.type === 'apiKey' && scheme.in === 'header' && typeof scheme.name === 'string' ? `${HEADER}${scheme.name}` : undefined),
      why: "AWS's TOKEN and Cognito user pool examples give the header only as the apiKey scheme's name",
    },
  ],
};
