import { describe, expect, it } from 'vitest';
import { createPacer, GET_RESOURCES_QUOTA } from '../../src/aws/resources-pacer.js';

describe('the GetResources pacer', () => {
  it("lets AWS's burst of 5 through at once, then spaces calls at 2.5 per second", async () => {
    let now = 0;
    const slept: number[] = [];
    const pacer = createPacer({
      ...GET_RESOURCES_QUOTA,
      now: () => now,
      sleep: async (milliseconds) => {
        slept.push(milliseconds);
        now += milliseconds;
      },
    });
    const startedAt: number[] = [];
    await Promise.all(Array.from({ length: 7 }, () => pacer.wait().then(() => startedAt.push(now))));
    expect(startedAt).toEqual([0, 0, 0, 0, 0, 400, 800]);
    expect(slept).toEqual([400, 400]);
  });
});
