/** What an HTTP or WebSocket API authorizer looks like in an exported manifest (see core/export.ts). */
import type { ExportRules } from '../../core/export.js';

const LAMBDA_MEMBERS = ['authorizerUri', 'authorizerCredentialsArn'];

export const apigatewayv2Export: ExportRules = {
  members: {
    http: {
      JWT: ['name', 'authorizerType', 'identitySource', 'jwtConfiguration.issuer', 'jwtConfiguration.audience'],
      REQUEST: [
        'name',
        'authorizerType',
        ...LAMBDA_MEMBERS,
        'authorizerPayloadFormatVersion',
        'enableSimpleResponses',
        'authorizerResultTtlInSeconds',
        'identitySource',
      ],
    },
    // WebSocket APIs take Lambda authorizers only, with no cache and no payload version.
    websocket: { REQUEST: ['name', 'authorizerType', ...LAMBDA_MEMBERS, 'identitySource'] },
  },
};
