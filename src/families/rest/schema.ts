/**
 * The apigateway (v1) part of the manifest schema: REST authorizers. Assembled into
 * schemas/gatewarden.schema.json by src/manifest/schema-source.ts.
 */
import type { SchemaFragment } from '../family.js';

export const restSchema: SchemaFragment = {
  apiTypesDescription: 'rest is a v1 REST API (apigateway)',
  definitions: {
    restHeaderSource: {
      $comment: "AWS's own words for a bad TOKEN source, so users can search them.",
      pattern: '^method\\.request\\.header\\.[a-zA-Z0-9._-]+$',
      patternErrorMessage: "The source must be a method request header, matching 'method.request.header.[a-zA-Z0-9._-]+'.",
    },
    restAuthorizer: {
      title: 'REST API authorizer',
      description: 'An apigateway (v1) authorizer of a REST API: TOKEN or REQUEST (Lambda), or COGNITO_USER_POOLS.',
      type: 'object',
      required: ['name', 'type'],
      additionalProperties: false,
      properties: {
        name: { $ref: '#/definitions/authorizerName' },
        type: {
          title: 'Authorizer type',
          description: 'TOKEN: Lambda with a bearer token from one header. REQUEST: Lambda with request parameters. COGNITO_USER_POOLS: Cognito user pool tokens.',
          type: 'string',
          enum: ['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS'],
        },
        authorizerUri: { $ref: '#/definitions/lambdaInvocationUri' },
        authorizerCredentials: { $ref: '#/definitions/iamRoleArn' },
        identitySource: {
          title: 'Identity source',
          description: 'A string, or a list of strings (AWS joins the list with commas). TOKEN and COGNITO_USER_POOLS: one method.request.header.NAME. REQUEST: any of method.request.header.NAME, method.request.querystring.NAME, stageVariables.NAME, context.NAME.',
          type: ['string', 'array'],
          minLength: 1,
          pattern: '^[^,]*$',
          patternErrorMessage: 'An identity source must not contain a comma: AWS joins identity sources with commas, so write several as a list.',
          uniqueItems: true,
          items: {
            type: 'string',
            minLength: 1,
            pattern: '^[^,]*$',
            patternErrorMessage: 'An identity source must not contain a comma: AWS joins identity sources with commas, so write several as separate list entries.',
          },
        },
        identityValidationExpression: {
          title: 'Identity validation expression',
          description: 'TOKEN and COGNITO_USER_POOLS only: a regular expression the token must match before the authorizer is called.',
          type: 'string',
          minLength: 1,
          format: 'regex',
        },
        authorizerResultTtlInSeconds: {
          description: 'AWS default when omitted: 300. Set 0 to disable caching.',
          default: 300,
          $ref: '#/definitions/ttlSeconds',
        },
        providerARNs: {
          title: 'Cognito user pool ARNs',
          description: 'COGNITO_USER_POOLS only. A set.',
          type: 'array',
          uniqueItems: true,
          items: {
            type: 'string',
            pattern: '^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:[0-9]{12}:userpool/\\S+$',
            patternErrorMessage: 'Expected a Cognito user pool ARN: arn:aws:cognito-idp:REGION:ACCOUNT:userpool/POOL_ID.',
          },
        },
        authType: {
          title: 'Auth type',
          description: 'Optional free-form label, used by OpenAPI import/export; AWS reports custom for Lambda and cognito_user_pools for Cognito authorizers.',
          type: 'string',
          minLength: 1,
          examples: ['custom', 'cognito_user_pools'],
        },
        authorizerType: {
          not: {},
          doNotSuggest: true,
          errorMessage: 'authorizerType is the HTTP/WebSocket API member; REST APIs use type (TOKEN, REQUEST or COGNITO_USER_POOLS)',
        },
        authorizerCredentialsArn: {
          not: {},
          doNotSuggest: true,
          errorMessage: 'authorizerCredentialsArn is the HTTP/WebSocket API member; REST APIs use authorizerCredentials',
        },
        jwtConfiguration: {
          not: {},
          doNotSuggest: true,
          errorMessage: 'REST APIs have no JWT authorizers; use type: COGNITO_USER_POOLS with providerARNs',
        },
        authorizerPayloadFormatVersion: {
          not: {},
          doNotSuggest: true,
          errorMessage: 'supported only for HTTP API Lambda authorizers, not REST APIs',
        },
        enableSimpleResponses: {
          not: {},
          doNotSuggest: true,
          errorMessage: 'supported only for HTTP API Lambda authorizers, not REST APIs',
        },
      },
      allOf: [
        {
          if: { $ref: '#/definitions/isToken' },
          then: { $ref: '#/definitions/restTokenRules' },
        },
        {
          if: { $ref: '#/definitions/isRequestRest' },
          then: { $ref: '#/definitions/restRequestRules' },
        },
        {
          if: { $ref: '#/definitions/isCognito' },
          then: { $ref: '#/definitions/restCognitoRules' },
        },
      ],
    },
    isToken: { required: ['type'], properties: { type: { const: 'TOKEN' } } },
    isRequestRest: { required: ['type'], properties: { type: { const: 'REQUEST' } } },
    isCognito: { required: ['type'], properties: { type: { const: 'COGNITO_USER_POOLS' } } },
    cognitoOnly: {
      not: {},
      errorMessage: 'providerARNs is used only by COGNITO_USER_POOLS authorizers',
    },
    singleHeaderSource: {
      $comment: 'TOKEN and COGNITO_USER_POOLS read exactly one header, as a string or a one-entry list.',
      minItems: 1,
      maxItems: 1,
      errorMessage: 'TOKEN and COGNITO_USER_POOLS authorizers take exactly one identity source, a method request header',
      allOf: [{ $ref: '#/definitions/restHeaderSource' }],
      items: { $ref: '#/definitions/restHeaderSource' },
    },
    restTokenRules: {
      required: ['authorizerUri', 'identitySource'],
      properties: {
        identitySource: { $ref: '#/definitions/singleHeaderSource' },
        providerARNs: { $ref: '#/definitions/cognitoOnly' },
      },
    },
    restRequestRules: {
      required: ['authorizerUri'],
      properties: {
        identitySource: {
          pattern: '^(method\\.request\\.(header|querystring)|stageVariables|context)\\.\\S+$',
          patternErrorMessage: 'A REST REQUEST identity source must be method.request.header.NAME, method.request.querystring.NAME, stageVariables.NAME or context.NAME.',
          items: {
            pattern: '^(method\\.request\\.(header|querystring)|stageVariables|context)\\.\\S+$',
            patternErrorMessage: 'A REST REQUEST identity source must be method.request.header.NAME, method.request.querystring.NAME, stageVariables.NAME or context.NAME.',
          },
        },
        identityValidationExpression: {
          not: {},
          errorMessage: 'identityValidationExpression does not apply to REQUEST authorizers',
        },
        providerARNs: { $ref: '#/definitions/cognitoOnly' },
      },
      allOf: [
        {
          if: { $ref: '#/definitions/cachingEnabled' },
          then: { $ref: '#/definitions/needsIdentitySourceForCaching' },
        },
        {
          $comment: 'REST makes caching the default (TTL 300), so an authorizer with neither field would enable caching without an identity source.',
          if: { not: { required: ['authorizerResultTtlInSeconds'] } },
          then: {
            required: ['identitySource'],
            errorMessage: 'REST defaults the TTL to 300; set authorizerResultTtlInSeconds: 0 or add an identity source',
            properties: {
              identitySource: {
                minItems: 1,
                errorMessage: 'REST defaults the TTL to 300; set authorizerResultTtlInSeconds: 0 or add an identity source',
              },
            },
          },
        },
      ],
    },
    restCognitoRules: {
      required: ['providerARNs', 'identitySource'],
      properties: {
        providerARNs: { minItems: 1 },
        identitySource: { $ref: '#/definitions/singleHeaderSource' },
        authorizerUri: {
          not: {},
          errorMessage: 'authorizerUri is not used by COGNITO_USER_POOLS authorizers',
        },
        authorizerCredentials: {
          not: {},
          errorMessage: 'authorizerCredentials is not used by COGNITO_USER_POOLS authorizers (AWS ignores it: no Lambda function is invoked)',
        },
      },
    },
  },
};
