/**
 * AWS's quota of authorizers per API: plan refuses an API that would pass it, unmanaged authorizers
 * included, before anything is written; a declared raised quota is honoured; and AWS's own refusal
 * (HTTP 429, which the SDK would retry as throttling) is reported after one attempt.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { GatewardenError } from '../../src/errors.js';
import { applyPlan } from '../../src/services/apply.js';
import { planFromManifests } from '../../src/services/plan.js';
import { callsOf, LAMBDA, manifest, rejection, startHarness, writes } from './support.js';

const request = (name: string) => ({ name, authorizerType: 'REQUEST', authorizerUri: LAMBDA, authorizerPayloadFormatVersion: '2.0' });
const token = (name: string) => ({ name, type: 'TOKEN', authorizerUri: LAMBDA, identitySource: 'method.request.header.Authorization' });
const names = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => `${prefix}-${index}`);

const SEED = stringify({
  apis: [
    { type: 'http', id: 'httpapi001', name: 'orders', authorizers: names(3, 'console').map(request) },
    { type: 'rest', id: 'restapi001', name: 'legacy', authorizers: names(2, 'console').map(token) },
  ],
});

function withQuota(document: object, authorizersPerApi: number): object {
  const { spec } = document as { spec: object };
  return { ...document, spec: { ...spec, quotas: { authorizersPerApi } } };
}

describe('the authorizers-per-API quota', () => {
  it('refuses, located at the document, an API whose declared and unmanaged authorizers pass the default of 10', async () => {
    const h = await startHarness(SEED);
    const file = await h.file('orders.yaml', manifest({ type: 'http', id: 'httpapi001' }, names(8, 'jwt').map(request)));

    const error = await rejection(planFromManifests([file], h.options));

    expect(error).toBeInstanceOf(GatewardenError);
    expect(error).toMatchObject({ code: 'AUTHORIZER_QUOTA_EXCEEDED', exitCode: 1 });
    expect((error as Error).message).toBe(
      `${file}:1:1: API httpapi001 ("orders") would have 11 authorizers (8 declared, 3 unmanaged), but may have at most 10 (AWS's default quota; if you raised it with AWS Support, declare the new value as spec.quotas.authorizersPerApi).`,
    );
    expect(writes(h.store)).toEqual([]);
  });

  it("counts a replacement's new authorizer, which exists beside the old one until the old is deleted", async () => {
    const h = await startHarness(SEED);
    // 3 unmanaged + 7 declared = 10, the quota; replacing one of them needs an 11th for a while.
    const jwt = (name: string) => ({ name, authorizerType: 'JWT', identitySource: ['$request.header.Authorization'], jwtConfiguration: { issuer: 'https://issuer.example.com', audience: ['orders'] } });
    const declared = names(7, 'auth');
    await h.file('first.yaml', manifest({ type: 'http', id: 'httpapi001' }, declared.map(jwt)));
    await applyPlan((await planFromManifests([path.join(h.dir, 'first.yaml')], h.options)).plan, { ...h.options, allowReplace: false });
    const file = await h.file('orders.yaml', manifest({ type: 'http', id: 'httpapi001' }, [request('auth-0'), ...declared.slice(1).map(jwt)]));
    h.store.clearCalls();

    const error = await rejection(planFromManifests([file], h.options));

    expect(error).toMatchObject({ code: 'AUTHORIZER_QUOTA_EXCEEDED', exitCode: 1 });
    expect((error as Error).message).toContain("would have 11 authorizers while a replacement runs (7 declared, 3 unmanaged, 1 the replacement's new one, created before the old one is deleted), but may have at most 10");
    expect(writes(h.store)).toEqual([]);
  });

  it('plans up to a declared raised quota, and exactly to the default', async () => {
    const h = await startHarness(SEED, { maxAuthorizersPerApi: 25 });
    const raised = await h.file('orders.yaml', withQuota(manifest({ type: 'http', id: 'httpapi001' }, names(20, 'jwt').map(request)), 25));
    const atDefault = await h.file('legacy.yaml', manifest({ type: 'rest', id: 'restapi001' }, names(8, 'tok').map(token)));

    const { plan } = await planFromManifests([raised, atDefault], h.options);

    expect(plan.apis.map((api) => api.actions.length)).toEqual([20, 8]);
  });

  it.each([
    ['HTTP (429 ConflictException)', 'http', 'httpapi001', request],
    ['REST (429 LimitExceededException)', 'rest', 'restapi001', token],
  ] as const)('does not retry AWS refusing a create over the quota: %s', async (_label, type, id, authorizer) => {
    // The manifest claims a raised quota that the account does not have: AWS is the last word.
    const h = await startHarness(SEED, { maxAuthorizersPerApi: 3 });
    const file = await h.file('m.yaml', withQuota(manifest({ type, id }, names(3, 'new').map((name) => authorizer(name) as object)), 10));
    const { plan } = await planFromManifests([file], h.options);

    const report = await applyPlan(plan, { ...h.options, allowReplace: false });

    expect(report.failed).toBe(true);
    const failed = report.apis.flatMap((api) => api.steps).filter((step) => step.status === 'failed');
    expect(failed[0]?.error).toContain('Maximum number of Authorizers for this API has been reached');
    // HTTP has 3 already, so its first create is refused; REST has 2, so its second is.
    const creates = callsOf(h.store, 'CreateAuthorizer', id);
    expect(creates.filter((call) => call.error !== undefined)).toHaveLength(1);
  });
});
