/** How REST API authorizers (apigateway v1) are compared and updated. */
import type { AuthorizerRules } from '../../core/rules.js';

const LAMBDA_TYPES = ['TOKEN', 'REQUEST'];

export const restRules: AuthorizerRules = {
  typeField: 'type',
  update: { kind: 'json-patch' },
  // Lambda authorizers are CUSTOM on a method, Cognito ones COGNITO_USER_POOLS, which alone takes scopes.
  attachments: { authorizationTypes: { TOKEN: 'CUSTOM', REQUEST: 'CUSTOM', COGNITO_USER_POOLS: 'COGNITO_USER_POOLS' }, scopesWith: 'COGNITO_USER_POOLS' },
  replacement: [
    {
      field: 'type',
      groups: [['COGNITO_USER_POOLS'], LAMBDA_TYPES],
      why: 'AWS cannot turn a Cognito authorizer into a Lambda one in place (Terraform forces a new resource), and methods authorize with CUSTOM or COGNITO_USER_POOLS according to the kind',
    },
  ],
  fields: [
    { path: 'name', kind: 'scalar', patch: 'replace', why: 'renamed in place with replace /name' },
    { path: 'type', kind: 'scalar', patch: 'replace', why: 'TOKEN <-> REQUEST changes in place' },
    {
      path: 'authorizerUri',
      kind: 'scalar',
      authorizerTypes: LAMBDA_TYPES,
      patch: 'replace',
      why: 'only Lambda authorizers invoke a function',
    },
    {
      path: 'authorizerCredentials',
      kind: 'scalar',
      authorizerTypes: LAMBDA_TYPES,
      patch: 'replace',
      why: 'only Lambda authorizers assume a role; AWS ignores it on Cognito authorizers',
    },
    {
      path: 'identitySource',
      kind: 'comma-set',
      patch: 'replace',
      why: 'AWS stores one comma-separated string; its entries are a set, whitespace around them is noise',
    },
    {
      path: 'identityValidationExpression',
      kind: 'scalar',
      authorizerTypes: ['TOKEN', 'COGNITO_USER_POOLS'],
      patch: 'replace',
      why: 'does not apply to REQUEST authorizers',
    },
    {
      path: 'authorizerResultTtlInSeconds',
      kind: 'scalar',
      awsDefault: 300,
      patch: 'replace',
      why: 'AWS defaults the REST TTL to 300 and may omit it on read',
    },
    {
      path: 'providerARNs',
      kind: 'set',
      authorizerTypes: ['COGNITO_USER_POOLS'],
      patch: 'add-remove',
      why: 'a set of user pools; AWS refuses an empty list, so entries are added before others are removed',
    },
    {
      path: 'authType',
      kind: 'scalar',
      onlyWhenDeclared: true,
      patch: 'replace',
      why: 'AWS fills it in on read ("custom", "cognito_user_pools"), so it is compared only when declared',
    },
  ],
};
