/**
 * The apigatewayv2 part of the manifest schema: HTTP and WebSocket authorizers. Assembled into
 * schemas/gatewarden.schema.json by src/manifest/schema-source.ts; messages are AWS's own words where
 * AWS has them (docs/aws-behaviour.md).
 */
import type { SchemaFragment } from '../family.js';

export const apigatewayv2Schema: SchemaFragment = {
  apiTypesDescription: 'http and websocket are API Gateway v2 APIs (apigatewayv2)',
  definitions: {
    v2IdentitySources: {
      title: 'Identity sources',
      description: "Where the caller's identity is read from. A set: order does not matter, and each entry may appear once.",
      type: 'array',
      uniqueItems: true,
      items: { type: 'string', minLength: 1 },
    },
    jwtConfiguration: {
      title: 'JWT configuration',
      type: 'object',
      // AWS admits a token only if its aud or client_id is one of the audiences (docs/aws-behaviour.md#unverified-choices).
      required: ['issuer', 'audience'],
      additionalProperties: false,
      properties: {
        issuer: {
          title: 'Issuer',
          description: 'The token issuer, an https URL (e.g. https://cognito-idp.REGION.amazonaws.com/POOL_ID).',
          type: 'string',
          maxLength: 2048,
          pattern: '^https://\\S+$',
          patternErrorMessage: 'Expected an https URL such as https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc.',
        },
        audience: {
          title: 'Audiences',
          description: 'Accepted aud/client_id values: at least 1 (a token whose aud or client_id matches none is refused), at most 50. A set.',
          type: 'array',
          minItems: 1,
          maxItems: 50,
          uniqueItems: true,
          items: { type: 'string', minLength: 1 },
        },
      },
    },
    httpAuthorizer: {
      title: 'HTTP API authorizer',
      description: 'An apigatewayv2 authorizer of an HTTP API: JWT or REQUEST (Lambda).',
      type: 'object',
      required: ['name', 'authorizerType'],
      additionalProperties: false,
      properties: {
        name: { $ref: '#/definitions/authorizerName' },
        authorizerType: {
          title: 'Authorizer type',
          description: 'JWT validates a token against an issuer; REQUEST calls a Lambda function.',
          type: 'string',
          enum: ['JWT', 'REQUEST'],
        },
        authorizerUri: { $ref: '#/definitions/lambdaInvocationUri' },
        authorizerCredentialsArn: { $ref: '#/definitions/iamRoleArn' },
        authorizerPayloadFormatVersion: {
          title: 'Payload format version',
          description: 'Required for REQUEST authorizers. Quote it: 2.0 unquoted is the number 2.',
          type: 'string',
          enum: ['1.0', '2.0'],
        },
        authorizerResultTtlInSeconds: {
          description: 'REQUEST only. AWS default when omitted: 0 (no caching).',
          default: 0,
          $ref: '#/definitions/ttlSeconds',
        },
        enableSimpleResponses: {
          title: 'Simple responses',
          description: 'REQUEST with payload format 2.0 only: the function returns {isAuthorized: boolean}.',
          type: 'boolean',
          default: false,
        },
        identitySource: {
          description: 'JWT: exactly one of $request.header.NAME or $request.querystring.NAME. REQUEST: any of $request.header.NAME, $request.querystring.NAME, $context.NAME, $stageVariables.NAME.',
          $ref: '#/definitions/v2IdentitySources',
        },
        jwtConfiguration: { $ref: '#/definitions/jwtConfiguration' },
        identityValidationExpression: {
          not: {},
          doNotSuggest: true,
          errorMessage: 'identityValidationExpression is not used by HTTP APIs (AWS ignores it)',
        },
        type: {
          not: {},
          doNotSuggest: true,
          errorMessage: '"type" is the REST API member; HTTP APIs use authorizerType (JWT or REQUEST)',
        },
        authorizerCredentials: {
          not: {},
          doNotSuggest: true,
          errorMessage: 'authorizerCredentials is the REST API member; HTTP APIs use authorizerCredentialsArn',
        },
        providerARNs: {
          not: {},
          doNotSuggest: true,
          errorMessage: 'providerARNs is a REST API member; HTTP APIs validate Cognito tokens with a JWT authorizer (jwtConfiguration)',
        },
        authType: { not: {}, doNotSuggest: true, errorMessage: 'authType is a REST API member' },
      },
      allOf: [
        {
          if: { $ref: '#/definitions/isJwt' },
          then: { $ref: '#/definitions/httpJwtRules' },
        },
        {
          if: { $ref: '#/definitions/isRequestV2' },
          then: { $ref: '#/definitions/httpRequestRules' },
        },
      ],
    },
    isJwt: { required: ['authorizerType'], properties: { authorizerType: { const: 'JWT' } } },
    isRequestV2: {
      required: ['authorizerType'],
      properties: { authorizerType: { const: 'REQUEST' } },
    },
    lambdaOnlyOnJwt: { not: {}, errorMessage: 'supported only for REQUEST (Lambda) authorizers, not JWT' },
    httpJwtRules: {
      required: ['jwtConfiguration', 'identitySource'],
      properties: {
        identitySource: {
          minItems: 1,
          maxItems: 1,
          errorMessage: 'JWT authorizers take exactly one identity source',
          items: {
            pattern: '^\\$request\\.(header|querystring)\\.[^\\s,]+$',
            patternErrorMessage: 'A JWT identity source must be a header or query string selection: $request.header.NAME or $request.querystring.NAME.',
          },
        },
        authorizerUri: { $ref: '#/definitions/lambdaOnlyOnJwt' },
        authorizerCredentialsArn: { $ref: '#/definitions/lambdaOnlyOnJwt' },
        authorizerPayloadFormatVersion: { $ref: '#/definitions/lambdaOnlyOnJwt' },
        authorizerResultTtlInSeconds: { $ref: '#/definitions/lambdaOnlyOnJwt' },
        enableSimpleResponses: { $ref: '#/definitions/lambdaOnlyOnJwt' },
      },
    },
    httpRequestRules: {
      required: ['authorizerUri', 'authorizerPayloadFormatVersion'],
      properties: {
        jwtConfiguration: { not: {}, errorMessage: 'jwtConfiguration belongs to JWT authorizers' },
        identitySource: {
          items: {
            pattern: '^\\$(request\\.(header|querystring)|context|stageVariables)\\.[^\\s,]+$',
            patternErrorMessage: 'An HTTP REQUEST identity source must be $request.header.NAME, $request.querystring.NAME, $context.NAME or $stageVariables.NAME.',
          },
        },
      },
      allOf: [
        {
          if: {
            required: ['authorizerPayloadFormatVersion'],
            properties: { authorizerPayloadFormatVersion: { type: 'string', not: { const: '2.0' } } },
          },
          then: {
            properties: {
              enableSimpleResponses: {
                const: false,
                errorMessage: 'EnableSimpleResponses can only be set for AuthorizerPayloadFormatVersion "2.0"',
              },
            },
          },
        },
        {
          if: { $ref: '#/definitions/cachingEnabled' },
          then: { $ref: '#/definitions/needsIdentitySourceForCaching' },
        },
      ],
    },
    httpApiOnly: {
      not: {},
      doNotSuggest: true,
      errorMessage: 'supported only for HTTP API Lambda authorizers, not WebSocket APIs',
    },
    websocketAuthorizer: {
      title: 'WebSocket API authorizer',
      description: 'An apigatewayv2 authorizer of a WebSocket API: REQUEST (Lambda) only, attached to the $connect route.',
      type: 'object',
      required: ['name', 'authorizerType', 'authorizerUri'],
      additionalProperties: false,
      properties: {
        name: { $ref: '#/definitions/authorizerName' },
        authorizerType: {
          title: 'Authorizer type',
          description: 'WebSocket APIs support only REQUEST (Lambda) authorizers.',
          type: 'string',
          enum: ['REQUEST'],
          errorMessage: 'JWT authorizers are supported only for HTTP APIs; WebSocket APIs take REQUEST (Lambda) authorizers',
        },
        authorizerUri: { $ref: '#/definitions/lambdaInvocationUri' },
        authorizerCredentialsArn: { $ref: '#/definitions/iamRoleArn' },
        identitySource: {
          title: 'Identity sources',
          description: 'Any of route.request.header.NAME, route.request.querystring.NAME, stageVariables.NAME, context.NAME. A set.',
          type: 'array',
          uniqueItems: true,
          items: {
            type: 'string',
            pattern: '^(route\\.request\\.(header|querystring)|stageVariables|context)\\.[^\\s,]+$',
            patternErrorMessage: 'A WebSocket identity source must be route.request.header.NAME, route.request.querystring.NAME, stageVariables.NAME or context.NAME.',
          },
        },
        authorizerPayloadFormatVersion: { $ref: '#/definitions/httpApiOnly' },
        authorizerResultTtlInSeconds: { $ref: '#/definitions/httpApiOnly' },
        enableSimpleResponses: { $ref: '#/definitions/httpApiOnly' },
        jwtConfiguration: {
          not: {},
          doNotSuggest: true,
          errorMessage: 'JWT authorizers are supported only for HTTP APIs',
        },
        identityValidationExpression: {
          not: {},
          doNotSuggest: true,
          errorMessage: 'identityValidationExpression is not used by WebSocket APIs (AWS ignores it)',
        },
        type: {
          not: {},
          doNotSuggest: true,
          errorMessage: '"type" is the REST API member; WebSocket APIs use authorizerType: REQUEST',
        },
        authorizerCredentials: {
          not: {},
          doNotSuggest: true,
          errorMessage: 'authorizerCredentials is the REST API member; WebSocket APIs use authorizerCredentialsArn',
        },
        providerARNs: {
          not: {},
          doNotSuggest: true,
          errorMessage: 'providerARNs is a REST API member',
        },
        authType: { not: {}, doNotSuggest: true, errorMessage: 'authType is a REST API member' },
      },
    },
  },
};
