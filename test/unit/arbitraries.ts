/** fast-check generators of desired authorizers that are valid for their API type, shared by the property tests. */
import fc from 'fast-check';
import type { AuthorizerFields } from '../../src/core/model.js';
import type { ApiTypeId } from '../../src/families/registry.js';
import { lambdaUri } from './helpers.js';

const header = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,11}$/);
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
const ttl = fc.integer({ min: 0, max: 3600 });

const httpRequest = fc.record(
  {
    name,
    authorizerType: fc.constant('REQUEST'),
    authorizerUri: fc.constant(lambdaUri),
    authorizerPayloadFormatVersion: fc.constantFrom('1.0', '2.0'),
    authorizerResultTtlInSeconds: ttl,
    identitySource: fc.uniqueArray(header.map((h) => `$request.header.${h}`), { minLength: 1, maxLength: 3 }),
  },
  // AWS refuses a cached (TTL > 0) REQUEST authorizer without an identity source.
  { requiredKeys: ['name', 'authorizerType', 'authorizerUri', 'authorizerPayloadFormatVersion', 'identitySource'] },
);
const httpJwt = fc.record({
  name,
  authorizerType: fc.constant('JWT'),
  identitySource: header.map((h) => [`$request.header.${h}`]),
  jwtConfiguration: fc.record({
    issuer: fc.webUrl({ validSchemes: ['https'] }),
    audience: fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{1,8}$/), { minLength: 1, maxLength: 4 }),
  }),
});
const websocketRequest = fc.record({
  name,
  authorizerType: fc.constant('REQUEST'),
  authorizerUri: fc.constant(lambdaUri),
  identitySource: fc.uniqueArray(header.map((h) => `route.request.header.${h}`), { minLength: 1, maxLength: 3 }),
});
const restAuthorizer = fc.oneof(
  fc.record(
    {
      name,
      type: fc.constant('TOKEN'),
      authorizerUri: fc.constant(lambdaUri),
      identitySource: header.map((h) => `method.request.header.${h}`),
      authorizerResultTtlInSeconds: ttl,
    },
    { requiredKeys: ['name', 'type', 'authorizerUri', 'identitySource'] },
  ),
  fc.record({
    name,
    type: fc.constant('COGNITO_USER_POOLS'),
    providerARNs: fc.uniqueArray(fc.stringMatching(/^[a-zA-Z0-9]{1,6}$/).map((id) => `arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_${id}`), { minLength: 1, maxLength: 3 }),
    identitySource: header.map((h) => `method.request.header.${h}`),
  }),
);

/** One authorizer valid for each API type; a new API type needs its generator here, or the property tests fail. */
export const AUTHORIZER_ARBITRARIES: Readonly<Record<ApiTypeId, fc.Arbitrary<AuthorizerFields>>> = {
  http: fc.oneof(httpRequest, httpJwt),
  websocket: websocketRequest,
  rest: restAuthorizer,
};

function uniqueByName(authorizers: AuthorizerFields[]): AuthorizerFields[] {
  return [...new Map(authorizers.map((authorizer) => [authorizer.name, authorizer])).values()];
}

/** The authorizers of one API: names unique, as manifests require. */
export function authorizerSets(type: ApiTypeId, maxLength = 6): fc.Arbitrary<AuthorizerFields[]> {
  return fc.array(AUTHORIZER_ARBITRARIES[type], { maxLength }).map(uniqueByName);
}
