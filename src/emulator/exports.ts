/**
 * Stage exports (v1 GetExport, v2 ExportApi): an OpenAPI 3.0 document of the authorizers a stage's
 * deployment froze, each under `components.securitySchemes.<name>` with its
 * `x-amazon-apigateway-authorizer` object (docs/aws-behaviour.md#stage-exports). Paths, integrations
 * and models are not emulated: gatewarden reads only the authorizers.
 */
import { compact } from './context.js';
import type { RestAuthorizer, V2Authorizer } from './model.js';

/** A blob answer: the wire layer writes `body` as it is, under `contentType`. */
export interface ExportBlob {
  readonly contentType: string;
  readonly body: string;
}

/** The extension carries the type in lower case (`token`, `request`, `cognito_user_pools`, `jwt`). */
export function restExportDocument(title: string, authorizers: readonly RestAuthorizer[], withAuthorizers: boolean): ExportBlob {
  const schemes = Object.fromEntries(
    authorizers.map((authorizer) => [
      authorizer.name,
      compact({
        type: 'apiKey',
        name: headerOf(authorizer.identitySource, 'method.request.header.') ?? 'Unused',
        in: 'header',
        'x-amazon-apigateway-authtype': authorizer.authType,
        'x-amazon-apigateway-authorizer': withAuthorizers ? compact({
          type: authorizer.type.toLowerCase(),
          authorizerUri: authorizer.authorizerUri,
          authorizerCredentials: authorizer.authorizerCredentials,
          identitySource: authorizer.identitySource,
          identityValidationExpression: authorizer.identityValidationExpression,
          authorizerResultTtlInSeconds: authorizer.authorizerResultTtlInSeconds,
          providerARNs: authorizer.providerARNs,
        }) : undefined,
      }),
    ]),
  );
  return openApi(title, schemes);
}

export function v2ExportDocument(title: string, authorizers: readonly V2Authorizer[], withExtensions: boolean): ExportBlob {
  const schemes = Object.fromEntries(
    authorizers.map((authorizer) => {
      const jwt = authorizer.authorizerType === 'JWT';
      const extension = compact({
        type: authorizer.authorizerType.toLowerCase(),
        // The extension writes identity sources as one comma-separated string.
        identitySource: authorizer.identitySource?.join(','),
        authorizerUri: authorizer.authorizerUri,
        authorizerCredentials: authorizer.authorizerCredentialsArn,
        authorizerPayloadFormatVersion: authorizer.authorizerPayloadFormatVersion,
        authorizerResultTtlInSeconds: authorizer.authorizerResultTtlInSeconds,
        enableSimpleResponses: authorizer.enableSimpleResponses,
        jwtConfiguration: authorizer.jwtConfiguration,
      });
      const scheme = jwt
        ? { type: 'oauth2', flows: {} }
        : { type: 'apiKey', name: headerOf(authorizer.identitySource?.[0], '$request.header.') ?? 'Unused', in: 'header' };
      return [authorizer.name, withExtensions ? { ...scheme, 'x-amazon-apigateway-authorizer': extension } : scheme];
    }),
  );
  return openApi(title, schemes);
}

function openApi(title: string, securitySchemes: Readonly<Record<string, unknown>>): ExportBlob {
  const document = { openapi: '3.0.1', info: { title, version: '1.0' }, paths: {}, components: { securitySchemes } };
  return { contentType: 'application/json', body: JSON.stringify(document) };
}

function headerOf(source: string | undefined, prefix: string): string | undefined {
  const first = source?.split(',')[0]?.trim();
  return first?.startsWith(prefix) ? first.slice(prefix.length) : undefined;
}
