/** How HTTP and WebSocket API authorizers (apigatewayv2) are compared and updated. */
import type { AuthorizerRules } from '../../core/rules.js';

export const apigatewayv2Rules: AuthorizerRules = {
  typeField: 'authorizerType',
  update: { kind: 'merge' },
  // AWS changes authorizerType in place (Terraform's authorizer_type is not ForceNew).
  // JWT routes need a JWT authorizer, CUSTOM ones a REQUEST authorizer; scopes go with JWT only.
  attachments: { authorizationTypes: { JWT: 'JWT', REQUEST: 'CUSTOM' }, scopesWith: 'JWT' },
  replacement: [
    {
      field: 'authorizerType',
      groups: [['JWT'], ['REQUEST']],
      // AWS would change it in place, but each route's authorization type (JWT or CUSTOM) must follow
      // the authorizer's kind, so the routes move to a new authorizer (docs/aws-behaviour.md#routes-and-methods).
      why: 'routes authorize with JWT or CUSTOM according to the authorizer kind; an in-place change would leave them on the wrong type',
    },
  ],
  fields: [
    { path: 'name', kind: 'scalar', why: 'the authorizer name is its identity in manifests, but AWS can rename in place' },
    { path: 'authorizerType', kind: 'scalar', why: 'REQUEST (Lambda) or JWT' },
    {
      path: 'authorizerUri',
      kind: 'scalar',
      authorizerTypes: ['REQUEST'],
      clearWith: '',
      why: 'only Lambda authorizers invoke a function',
    },
    {
      path: 'authorizerCredentialsArn',
      kind: 'scalar',
      authorizerTypes: ['REQUEST'],
      clearWith: '',
      why: 'only Lambda authorizers assume a role; AWS clears it when sent ""',
    },
    {
      path: 'authorizerPayloadFormatVersion',
      kind: 'scalar',
      authorizerTypes: ['REQUEST'],
      apiTypes: ['http'],
      why: 'HTTP Lambda authorizers only; WebSocket APIs read it back empty',
    },
    {
      path: 'authorizerResultTtlInSeconds',
      kind: 'scalar',
      authorizerTypes: ['REQUEST'],
      apiTypes: ['http'],
      awsDefault: 0,
      clearWith: 0,
      why: 'AWS caches nothing when the TTL is omitted on HTTP APIs; WebSocket APIs refuse a TTL',
    },
    {
      path: 'enableSimpleResponses',
      kind: 'scalar',
      authorizerTypes: ['REQUEST'],
      apiTypes: ['http'],
      awsDefault: false,
      clearWith: false,
      why: 'HTTP Lambda authorizers only; absent reads back as false',
    },
    {
      path: 'identitySource',
      kind: 'set',
      clearWith: [],
      why: 'AWS treats identity sources as a set; an empty list and no list are the same',
    },
    {
      path: 'jwtConfiguration.issuer',
      kind: 'scalar',
      authorizerTypes: ['JWT'],
      why: 'JWT authorizers only',
    },
    {
      path: 'jwtConfiguration.audience',
      kind: 'set',
      authorizerTypes: ['JWT'],
      why: 'audiences are a set; AWS keeps them in the order sent, which means nothing',
    },
  ],
};
