/**
 * How ExportApi (`OAS30`, `JSON`, with `StageName`) writes an HTTP API stage's authorizers: the
 * x-amazon-apigateway-authorizer object's members for HTTP APIs (docs/aws-behaviour.md#stage-exports).
 */
import type { StageExport, StageExportRules } from '../../core/stage-export.js';

export const httpStageExport: StageExportRules = {
  // Only the members the extension documents for HTTP APIs: a member it never carries would look changed forever.
  members: {
    type: 'authorizerType',
    identitySource: 'identitySource',
    authorizerUri: 'authorizerUri',
    authorizerPayloadFormatVersion: 'authorizerPayloadFormatVersion',
    authorizerResultTtlInSeconds: 'authorizerResultTtlInSeconds',
    enableSimpleResponses: 'enableSimpleResponses',
    jwtConfiguration: 'jwtConfiguration',
  },
  typeValues: { request: 'REQUEST', jwt: 'JWT' },
  headerIdentityPrefix: '$request.header.',
  headerIdentityTypes: [],
  // The extension joins identity sources with commas; apigatewayv2 lists them.
  identitySourceIsList: true,
};

export const websocketStageExport: StageExport = {
  unsupported: 'ExportApi exports HTTP APIs only, so what a WebSocket stage runs cannot be read; gatewarden redeploys it only when authorizers change',
  redeployCommand: 'aws apigatewayv2 create-deployment --api-id {apiId} --stage-name {stage} --region {region}',
};
