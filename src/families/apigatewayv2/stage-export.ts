/**
 * How ExportApi (`OAS30`, `JSON`, with `StageName`) writes an HTTP API stage's authorizers: the
 * x-amazon-apigateway-authorizer object's members for HTTP APIs (docs/aws-behaviour.md#stage-exports).
 */
import type { StageExport, StageExportRules } from '../../core/stage-export.js';

const WELL_KNOWN = '/.well-known/openid-configuration';

export const httpStageExport: StageExportRules = {
  members: {
    type: 'authorizerType',
    identitySource: 'identitySource',
    authorizerUri: 'authorizerUri',
    authorizerCredentials: 'authorizerCredentialsArn',
    authorizerPayloadFormatVersion: 'authorizerPayloadFormatVersion',
    authorizerResultTtlInSeconds: 'authorizerResultTtlInSeconds',
    enableSimpleResponses: 'enableSimpleResponses',
    jwtConfiguration: 'jwtConfiguration',
  },
  typeMember: 'type',
  typeValues: { request: 'REQUEST', jwt: 'JWT' },
  // The extension joins identity sources with commas; apigatewayv2 lists them.
  listMembers: ['identitySource'],
  fromScheme: [
    {
      path: 'jwtConfiguration.issuer',
      types: ['jwt'],
      read: (scheme) =>
        scheme.type === 'openIdConnect' && typeof scheme.openIdConnectUrl === 'string' && scheme.openIdConnectUrl.endsWith(WELL_KNOWN)
          ? scheme.openIdConnectUrl.slice(0, -WELL_KNOWN.length)
          : undefined,
      why: "AWS's JWT example with an openIdConnect scheme takes the issuer from openIdConnectUrl",
    },
  ],
};

export const websocketStageExport: StageExport = {
  unsupported: 'ExportApi exports HTTP APIs only, so what a WebSocket stage runs cannot be read; gatewarden redeploys it only when authorizers change',
  redeployCommand: 'aws apigatewayv2 create-deployment --api-id {apiId} --stage-name {stage} --region {region}',
};
