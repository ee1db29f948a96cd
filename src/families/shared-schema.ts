/**
 * Definitions the families' schema fragments share by `$ref`: the Lambda authorizer members that v1
 * and v2 name and limit alike, and the caching rule both apply. `src/manifest/schema-source.ts` puts
 * them beside the envelope's definitions.
 */
import type { JsonSchema } from './family.js';

export const SHARED_AUTHORIZER_DEFINITIONS: Readonly<Record<string, JsonSchema>> = {
  lambdaInvocationUri: {
    title: 'Lambda invocation URI',
    description: 'arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations',
    type: 'string',
    pattern: '^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path/2015-03-31/functions/arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[^/\\s]+/invocations$',
    patternErrorMessage: 'Expected a Lambda invocation URI: arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/arn:aws:lambda:REGION:ACCOUNT:function:NAME/invocations.',
  },
  iamRoleArn: {
    title: 'IAM role ARN',
    description: 'The role API Gateway assumes to invoke the authorizer function.',
    type: 'string',
    pattern: '^arn:aws[a-z-]*:iam::[0-9]{12}:role/\\S+$',
    patternErrorMessage: 'Expected an IAM role ARN: arn:aws:iam::ACCOUNT:role/NAME.',
  },
  ttlSeconds: {
    title: 'Authorizer result cache TTL (seconds)',
    description: '0 disables caching; at most 3600. Caching (TTL > 0) needs at least one identity source.',
    type: 'integer',
    minimum: 0,
    maximum: 3600,
  },
  cachingEnabled: {
    required: ['authorizerResultTtlInSeconds'],
    properties: { authorizerResultTtlInSeconds: { type: 'number', exclusiveMinimum: 0 } },
  },
  needsIdentitySourceForCaching: {
    required: ['identitySource'],
    errorMessage: 'identity source must be set if authorizer caching is enabled (authorizerResultTtlInSeconds greater than 0); add an identity source or set authorizerResultTtlInSeconds: 0',
    properties: {
      identitySource: {
        minItems: 1,
        errorMessage: 'identity source must be set if authorizer caching is enabled (authorizerResultTtlInSeconds greater than 0); add an identity source or set authorizerResultTtlInSeconds: 0',
      },
    },
  },
};
