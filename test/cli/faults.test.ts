/**
 * Faults through the built CLI: a call that is never answered ends the command within a bound, with
 * a clear message and no stack trace, and once the fault is gone a re-run converges.
 */
import { describe, expect, it } from 'vitest';
import { assertBuilt, describeRun, freshFake, hasStackTrace, IDS, legacyManifest, ORDERS_MANIFEST, runCli } from './support.js';

assertBuilt();

/** 300 ms per attempt and two attempts: a hang costs the suite about a second. */
const FAST = { GATEWARDEN_AWS_TIMEOUT_MS: '300', AWS_MAX_ATTEMPTS: '2' };

describe('a call that is never answered', () => {
  const { fake, dir } = freshFake({
    'manifests/orders.yaml': ORDERS_MANIFEST,
    'manifests/legacy.yaml': legacyManifest({ extra: true }),
  });

  const cli = (...args: string[]) => runCli([...args, '--endpoint-url', fake.url], { cwd: dir.path, env: FAST });

  it('ends plan with exit 1 naming the manifest, the API and the call', async () => {
    fake.store.injectFailure({ operation: 'GetAuthorizers', apiId: IDS.restApi, hang: true, times: Infinity });
    const start = performance.now();
    const result = await cli('plan', 'manifests');
    expect(performance.now() - start).toBeLessThan(10_000);
    expect(result.code, describeRun(result)).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`legacy\\.yaml:\\d+:\\d+: reading REST API ${IDS.restApi} \\("legacy-api"\\) in eu-west-1: GetAuthorizers got no answer in time after 2 attempt\\(s\\)`));
    expect(result.stderr).toContain('--aws-timeout-ms');
    expect(hasStackTrace(result.stdout + result.stderr)).toBe(false);
  });

  it('ends apply with exit 1 when a write hangs, reports it failed, and a re-run converges', async () => {
    fake.store.injectFailure({ operation: 'UpdateAuthorizer', apiId: IDS.ordersApi, hang: true, times: Infinity });
    const failed = await cli('apply', 'manifests/orders.yaml', '--auto-approve');
    expect(failed.code, describeRun(failed)).toBe(1);
    expect(failed.stdout).toMatch(/failed +update jwt-main: UpdateAuthorizer got no answer in time after 2 attempt\(s\)/);
    expect(hasStackTrace(failed.stdout + failed.stderr)).toBe(false);
    expect(fake.writes().filter((call) => call.operation !== 'UpdateAuthorizer')).toEqual([]);

    fake.store.clearFailures();
    const again = await cli('apply', 'manifests/orders.yaml', '--auto-approve');
    expect(again.code, describeRun(again)).toBe(0);
    const plan = await cli('plan', 'manifests/orders.yaml', '--detailed-exitcode');
    expect(plan.code, describeRun(plan)).toBe(0);
  });

  it('refuses a --max-rps above the quota as a usage error', async () => {
    const result = await cli('plan', 'manifests', '--max-rps', '50');
    expect(result.code, describeRun(result)).toBe(64);
    expect(result.stderr).toContain('at most 10');
  });
});
