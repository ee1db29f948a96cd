/** What uses an authorizer: read only where it matters, and shown under replaced authorizers. */
import { describe, expect, it } from 'vitest';
import { planToJson } from '../../src/render/plan-json.js';
import { renderPlanMarkdown } from '../../src/render/markdown.js';
import { renderPlanText } from '../../src/render/text.js';
import { planDesired } from '../../src/services/plan.js';
import { desiredApi, lambdaUri } from './helpers.js';
import { API_ID, callsOf, kinds, memoryHarness } from './services-support.js';

const POOL = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc123';
const token = { name: 'auth', type: 'TOKEN', authorizerUri: lambdaUri, identitySource: 'method.request.header.Authorization' };
const cognito = { name: 'auth', type: 'COGNITO_USER_POOLS', providerARNs: [POOL], identitySource: 'method.request.header.Authorization' };
const jwt = { name: 'auth', authorizerType: 'JWT', identitySource: ['$request.header.Authorization'], jwtConfiguration: { issuer: 'https://issuer.example.com', audience: ['a'] } };
const request = { name: 'auth', authorizerType: 'REQUEST', authorizerUri: lambdaUri, authorizerPayloadFormatVersion: '2.0', identitySource: ['$request.header.Authorization'] };

const manyMethods = Array.from({ length: 12 }, (_, index) => ({ key: `GET /pets/p${String(index).padStart(2, '0')}`, authorizer: 'auth' }));

describe('authorizer usage in the plan', () => {
  it('reads no routes or methods when nothing is replaced', async () => {
    const h = memoryHarness([{ type: 'rest', id: API_ID, name: 'legacy', authorizers: [{ ...token, authorizerResultTtlInSeconds: 60 }], methods: manyMethods }]);
    const { plan } = await planDesired([desiredApi('rest', [token])], h.options);
    expect(kinds(plan)).toEqual({ auth: 'update' });
    expect(callsOf(h.store, 'GetResources')).toHaveLength(0);
    expect(plan.apis[0]?.usage).toEqual([]);
    expect(planToJson(plan).usage).toBeUndefined();
  });

  it('lists the methods a replaced REST authorizer protects: a count and the first ten, in every format', async () => {
    const h = memoryHarness([{ type: 'rest', id: API_ID, name: 'legacy', authorizers: [token], methods: manyMethods }]);
    const { plan } = await planDesired([desiredApi('rest', [cognito])], h.options);
    expect(kinds(plan)).toEqual({ auth: 'replace' });
    const first = manyMethods.slice(0, 10).map((method) => method.key);
    expect(plan.apis[0]?.usage).toEqual([{ authorizerId: expect.any(String), name: 'auth', count: 12, first }]);
    expect(callsOf(h.store, 'GetResources')).toHaveLength(1);
    const line = `used by 12 methods: ${first.join(', ')}, and 2 more`;
    expect(renderPlanText(plan)).toContain(`    # ${line}`);
    expect(renderPlanMarkdown(plan)).toContain(line);
    expect(planToJson(plan).usage).toEqual([expect.objectContaining({ apiId: API_ID, name: 'auth', count: 12, first })]);
  });

  it('plans JWT to REQUEST on an HTTP API as a replacement, and shows its routes', async () => {
    const h = memoryHarness([{ type: 'http', id: API_ID, name: 'orders', authorizers: [jwt], routes: [{ key: 'GET /orders', authorizer: 'auth' }, { key: 'GET /health' }] }]);
    const { plan } = await planDesired([desiredApi('http', [request])], h.options);
    expect(kinds(plan)).toEqual({ auth: 'replace' });
    expect(renderPlanText(plan)).toContain('    # used by 1 route: GET /orders');
  });

  it('lists every authorizer with --show-usage, the unused and the unmanaged too', async () => {
    const h = memoryHarness([
      {
        type: 'http',
        id: API_ID,
        name: 'orders',
        authorizers: [jwt, { ...jwt, name: 'spare' }, { ...jwt, name: 'stray' }],
        routes: [{ key: 'GET /orders', authorizer: 'auth' }, { key: 'POST /orders', authorizer: 'stray' }],
      },
    ]);
    const { plan } = await planDesired([desiredApi('http', [jwt, { ...jwt, name: 'spare' }])], { ...h.options, showUsage: true });
    expect(plan.apis[0]?.usage.map((entry) => [entry.name, entry.count, entry.first])).toEqual([
      ['auth', 1, ['GET /orders']],
      ['spare', 0, []],
      ['stray', 1, ['POST /orders']],
    ]);
    const text = renderPlanText(plan);
    expect(text).toContain('      # used by 1 route: POST /orders');
    expect(text).toContain('is used by no routes');
    expect(callsOf(h.store, 'GetRoutes')).toHaveLength(1);
  });
});
