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

/**
 * Each scheme follows AWS's examples on the x-amazon-apigateway-authorizer page member by member: an
 * `apiKey` scheme named after the single header or query parameter (`Unused`, in the header,
 * otherwise); a TOKEN or Cognito authorizer's header only as that name, a REQUEST authorizer's sources
 * as the extension's `identitySource` (docs/aws-behaviour.md#stage-exports).
 */
export function restExportDocument(title: string, authorizers: readonly RestAuthorizer[], withAuthorizers: boolean): ExportBlob {
  const schemes = Object.fromEntries(
    authorizers.map((authorizer) => [
      authorizer.name,
      compact({
        type: 'apiKey',
        ...apiKeyParameter(authorizer.identitySource?.split(','), REST_PARAMETERS),
        'x-amazon-apigateway-authtype': authorizer.authType,
        'x-amazon-apigateway-authorizer': withAuthorizers
          ? compact({
              type: authorizer.type.toLowerCase(),
              identitySource: authorizer.type === 'REQUEST' ? authorizer.identitySource : undefined,
              authorizerUri: authorizer.authorizerUri,
              authorizerCredentials: authorizer.authorizerCredentials,
              identityValidationExpression: authorizer.identityValidationExpression,
              authorizerResultTtlInSeconds: authorizer.authorizerResultTtlInSeconds,
              providerARNs: authorizer.providerARNs,
            })
          : undefined,
      }),
    ]),
  );
  return openApi(title, schemes);
}

/** AWS's HTTP API examples: a JWT authorizer as an `oauth2` scheme, a Lambda one as an `apiKey` scheme. */
export function v2ExportDocument(title: string, authorizers: readonly V2Authorizer[], withExtensions: boolean): ExportBlob {
  const schemes = Object.fromEntries(
    authorizers.map((authorizer) => {
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
      const scheme = authorizer.authorizerType === 'JWT'
        ? { type: 'oauth2' }
        : { type: 'apiKey', ...apiKeyParameter(authorizer.identitySource, V2_PARAMETERS) };
      return [authorizer.name, withExtensions ? { ...scheme, 'x-amazon-apigateway-authorizer': extension } : scheme];
    }),
  );
  return openApi(title, schemes);
}

/** Mapping-expression prefixes of the request parameters an `apiKey` scheme can name, by its `in`. */
type ParameterPrefixes = Readonly<Record<'header' | 'query', string>>;
const REST_PARAMETERS: ParameterPrefixes = { header: 'method.request.header.', query: 'method.request.querystring.' };
const V2_PARAMETERS: ParameterPrefixes = { header: '$request.header.', query: '$request.querystring.' };

/** "Must be \"Unused\" for multiple identity sources or non header or query type of request parameters." */
function apiKeyParameter(sources: readonly string[] | undefined, prefixes: ParameterPrefixes): { name: string; in: 'header' | 'query' } {
  const only = sources?.length === 1 ? sources[0]?.trim() : undefined;
  for (const place of ['header', 'query'] as const) {
    if (only?.startsWith(prefixes[place])) return { name: only.slice(prefixes[place].length), in: place };
  }
  return { name: 'Unused', in: 'header' };
}

function openApi(title: string, securitySchemes: Readonly<Record<string, unknown>>): ExportBlob {
  const document = { openapi: '3.0.1', info: { title, version: '1.0' }, paths: {}, components: { securitySchemes } };
  return { contentType: 'application/json', body: JSON.stringify(document) };
}
