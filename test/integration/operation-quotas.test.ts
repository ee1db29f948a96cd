/**
 * AWS's per-operation quotas, met through the real SDK clients and the shared pacing middleware:
 * GetResources allows 5 requests every 2 seconds per account, far below the account's 10 per second,
 * so a usage read of a fleet must pace itself or draw 429s.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { AWS_OPERATION_RATE_LIMITS } from '../../src/emulator/index.js';
import { planFromManifests } from '../../src/services/plan.js';
import { callsOf } from '../store-calls.js';
import { LAMBDA, manifest, startHarness } from './support.js';

const COUNT = 8;
const restId = (index: number) => `restapi00${index}`;
const token = { name: 'token', type: 'TOKEN', authorizerUri: LAMBDA, identitySource: 'method.request.header.Authorization' };

describe("AWS's GetResources quota", () => {
  it('paces the usage reads of a fleet of REST APIs so that AWS throttles none, at its quota', async () => {
    const apis = Array.from({ length: COUNT }, (_, index) => ({ type: 'rest', id: restId(index), name: `api-${index}`, authorizers: [token] }));
    const h = await startHarness(stringify({ apis }), { throttle: { operations: { GetResources: AWS_OPERATION_RATE_LIMITS.GetResources } } });
    const paths = await Promise.all(apis.map((api) => h.file(`${api.name}.yaml`, manifest({ type: 'rest', id: api.id }, [token]))));

    const started = Date.now();
    const { plan } = await planFromManifests(paths, { ...h.options, showUsage: true });

    expect(plan.apis.flatMap((api) => api.usage).map((usage) => usage.name)).toEqual(Array.from({ length: COUNT }, () => 'token'));
    const reads = callsOf(h.store, 'GetResources');
    expect(reads).toHaveLength(COUNT);
    expect(reads.filter((call) => call.error !== undefined)).toEqual([]);
    // 4 of the burst go at once (one kept in reserve), the other 4 at 2.5 per second: 1.6 s at least.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
  });
});
