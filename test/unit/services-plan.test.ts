/** planDesired over the in-memory port: API resolution, shared listings, located errors, error kinds. */
import { describe, expect, it } from 'vitest';
import { AccessDeniedError, AwsError, UserError } from '../../src/errors.js';
import { planDesired } from '../../src/services/plan.js';
import { desiredApi, lambdaUri } from './helpers.js';
import { API_ID, callsOf, kinds, memoryHarness, rejection, REGION } from './services-support.js';

const jwt = (name: string, audience: string[]) => ({
  name,
  authorizerType: 'JWT',
  identitySource: ['$request.header.Authorization'],
  jwtConfiguration: { issuer: 'https://issuer.example.com', audience },
});
const token = { name: 'token', type: 'TOKEN', authorizerUri: lambdaUri, identitySource: 'method.request.header.Authorization' };

describe('planDesired over the in-memory port', () => {
  it('plans create, update, no-op and lists unmanaged authorizers', async () => {
    const h = memoryHarness([
      { type: 'http', id: API_ID, name: 'orders', authorizers: [jwt('same', ['a']), jwt('changed', ['a']), jwt('stray', ['a'])] },
    ]);
    const { plan } = await planDesired([desiredApi('http', [jwt('same', ['a']), jwt('changed', ['b']), jwt('new', ['a'])])], h.options);
    expect(kinds(plan)).toEqual({ same: 'no-op', changed: 'update', new: 'create' });
    expect(plan.apis[0]?.unmanaged.map((authorizer) => authorizer.name)).toEqual(['stray']);
    expect(h.output.events).toContainEqual({
      code: 'live.read',
      target: { apiType: 'http', apiId: API_ID, apiName: 'orders', region: REGION },
      authorizers: 3,
    });
  });

  it('lists the APIs of a family and region once for every document that selects its API by name', async () => {
    const h = memoryHarness([
      { type: 'rest', name: 'one' },
      { type: 'rest', name: 'two' },
    ]);
    const byName = (apiName: string) => ({ ...desiredApi('rest', [token]), api: { type: 'rest' as const, name: apiName } });
    const { plan } = await planDesired([byName('one'), byName('two')], h.options);
    expect(plan.apis.map((api) => api.target.apiName)).toEqual(['one', 'two']);
    expect(callsOf(h.store, 'GetRestApis')).toHaveLength(1);
  });

  it("uses the access's default region for a document without spec.region", async () => {
    const h = memoryHarness([{ type: 'http', id: API_ID, name: 'orders' }]);
    const { region: _region, ...withoutRegion } = desiredApi('http', []);
    const { plan } = await planDesired([withoutRegion], h.options);
    expect(plan.apis[0]?.target.region).toBe(REGION);
  });

  it('names the manifest location of an API that does not exist', async () => {
    const h = memoryHarness([]);
    const error = (await rejection(planDesired([desiredApi('http', [])], h.options))) as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.code).toBe('API_NOT_FOUND');
    expect(error.message).toBe(`test.yaml:1:1: no HTTP API with id ${API_ID} in ${REGION}.`);
  });

  it('raises the same error kinds as the SDK adapters: a refusal is AccessDeniedError, an outage AwsError', async () => {
    const denied = memoryHarness([{ type: 'http', id: API_ID, name: 'orders' }]);
    denied.store.injectFailure({ operation: 'GetAuthorizers', error: 'AccessDeniedException' });
    const refusal = (await rejection(planDesired([desiredApi('http', [])], denied.options))) as AccessDeniedError;
    expect(refusal).toBeInstanceOf(AccessDeniedError);
    expect(refusal.hint).toBe(`Check the credentials, and that they allow apigateway:GET on arn:aws:apigateway:${REGION}::/apis/${API_ID}/authorizers.`);

    const down = memoryHarness([{ type: 'http', id: API_ID, name: 'orders' }]);
    down.store.injectFailure({ operation: 'GetAuthorizers', error: 'ServiceUnavailableException' });
    const outage = (await rejection(planDesired([desiredApi('http', [])], down.options))) as AwsError;
    expect(outage).toBeInstanceOf(AwsError);
    expect(outage.code).toBe('AWS_ServiceUnavailableException');
  });
});
