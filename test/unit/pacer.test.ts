/** The pacer and the conflict retry against an injected clock: schedules as data, no real time. */
import { describe, expect, it } from 'vitest';
import { Pacer, type PacerClock } from '../../src/aws/pacer.js';
import {
  AwsPacing,
  isConcurrentModification,
  requestRate,
  retryConcurrentModification,
  type PacingWait,
} from '../../src/aws/resilience.js';

/** Time moves only when someone sleeps; every sleep is recorded. */
function manualClock(): PacerClock & { sleeps: number[]; advance(ms: number): void } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance: (ms) => (now += ms),
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

function awsError(name: string, message: string, status: number): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

const CONCURRENT = 'Unable to complete operation due to concurrent modification. Please try again later.';

describe("AWS's per-operation quotas", () => {
  it('pace GetResources at 5 every 2 seconds per run, one burst token kept in reserve', () => {
    const clock = manualClock();
    const pacing = new AwsPacing({ clock });
    expect(Array.from({ length: 7 }, () => pacing.getResources.reserve())).toEqual([0, 0, 0, 0, 400, 800, 1200]);
  });
});

describe('Pacer', () => {
  it('lets the burst go at once, then spaces calls at the rate, in arrival order', () => {
    const clock = manualClock();
    const pacer = new Pacer({ ratePerSecond: 10, burst: 3 }, clock);
    const waits = Array.from({ length: 6 }, () => pacer.reserve());
    expect(waits).toEqual([0, 0, 0, 100, 200, 300]);
  });

  it('refills while idle, never above the burst', () => {
    const clock = manualClock();
    const pacer = new Pacer({ ratePerSecond: 10, burst: 2 }, clock);
    pacer.reserve();
    pacer.reserve();
    clock.advance(60_000);
    expect([pacer.reserve(), pacer.reserve(), pacer.reserve()]).toEqual([0, 0, 100]);
  });

  it('sends N calls no faster than the quota allows: (N - burst) / rate seconds', async () => {
    const clock = manualClock();
    const pacer = new Pacer(requestRate(), clock);
    const sent: number[] = [];
    for (let i = 0; i < 138; i += 1) {
      await pacer.acquire();
      sent.push(clock.now());
    }
    // 38 go at once; the other 100 at 10 per second.
    expect(sent.at(-1)).toBe(10_000);
    // AWS's bucket (10/s, burst 40) would admit every call, with a margin for jitter: the calls sent
    // between any two sends never exceed 38 plus what refills between them.
    for (const [i, from] of sent.entries()) {
      for (const [j, to] of sent.entries()) if (j >= i) expect(j - i + 1).toBeLessThanOrEqual(38 + ((to - from) / 1000) * 10 + 1e-9);
    }
  });

  it('keeps two tokens of the burst in reserve and shrinks the bucket with --max-rps', () => {
    expect(requestRate()).toEqual({ ratePerSecond: 10, burst: 38 });
    expect(requestRate(5)).toEqual({ ratePerSecond: 5, burst: 18 });
    expect(requestRate(0.5)).toEqual({ ratePerSecond: 0.5, burst: 1 });
    expect(requestRate(50)).toEqual({ ratePerSecond: 10, burst: 38 });
  });

  it('spaces CreateDeployment calls of one run by the deployment quota, whichever region', async () => {
    const clock = manualClock();
    const pacing = new AwsPacing({ clock });
    const deployments = pacing.deployments as Pacer;
    await deployments.acquire();
    await deployments.acquire();
    await deployments.acquire();
    expect(clock.sleeps).toEqual([5_250, 5_250]);
    expect(new AwsPacing({ clock, deploymentIntervalMs: 0 }).deployments).toBeUndefined();
    expect(pacing.forRegion('eu-west-1')).toBe(pacing.forRegion('eu-west-1'));
    expect(pacing.forRegion('eu-west-1')).not.toBe(pacing.forRegion('us-east-1'));
  });
});

describe('concurrent modification', () => {
  it('is told apart from every other ConflictException by status and AWS text', () => {
    expect(isConcurrentModification(awsError('ConflictException', CONCURRENT, 409))).toBe(true);
    expect(isConcurrentModification(awsError('ConflictException', 'Cannot delete authorizer, is referenced in method: POST//x', 409))).toBe(false);
    expect(isConcurrentModification(awsError('ConflictException', 'Stage already exists', 409))).toBe(false);
    expect(
      isConcurrentModification(
        awsError('ConflictException', 'Maximum number of Authorizers for this API has been reached. Please contact AWS if you need additional Authorizers.', 429),
      ),
    ).toBe(false);
    expect(isConcurrentModification(awsError('BadRequestException', CONCURRENT, 400))).toBe(false);
  });

  it('is retried with doubling waits until it succeeds, each wait reported', async () => {
    const clock = manualClock();
    const waits: PacingWait[] = [];
    const pacing = { conflictRetry: { attempts: 6, baseDelayMs: 500, maxDelayMs: 8_000 }, clock, onWait: (w: PacingWait) => waits.push(w) };
    let calls = 0;
    const result = await retryConcurrentModification(
      async () => {
        calls += 1;
        if (calls < 4) throw awsError('ConflictException', CONCURRENT, 409);
        return 'ok';
      },
      pacing,
      'UpdateAuthorizer',
      'eu-west-1',
    );
    expect(result).toBe('ok');
    expect(clock.sleeps).toEqual([500, 1_000, 2_000]);
    expect(waits.map((wait) => [wait.reason, wait.operation, wait.waitMs])).toEqual([
      ['concurrent-modification', 'UpdateAuthorizer', 500],
      ['concurrent-modification', 'UpdateAuthorizer', 1_000],
      ['concurrent-modification', 'UpdateAuthorizer', 2_000],
    ]);
  });

  it('gives up after the attempt budget with AWS error, and never retries other errors', async () => {
    const clock = manualClock();
    const pacing = { conflictRetry: { attempts: 3, baseDelayMs: 500, maxDelayMs: 600 }, clock, onWait: () => undefined };
    const conflict = awsError('ConflictException', CONCURRENT, 409);
    await expect(retryConcurrentModification(() => Promise.reject(conflict), pacing, 'CreateDeployment', 'r')).rejects.toBe(conflict);
    expect(clock.sleeps).toEqual([500, 600]);

    const inUse = awsError('ConflictException', 'Cannot delete authorizer, is referenced in method: POST//x', 409);
    let calls = 0;
    const refuse = () => {
      calls += 1;
      return Promise.reject(inUse);
    };
    await expect(retryConcurrentModification(refuse, pacing, 'DeleteAuthorizer', 'r')).rejects.toBe(inUse);
    expect(calls).toBe(1);
  });
});
