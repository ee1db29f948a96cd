/** Progress of long reads: the service's `live.progress` events, and how the CLI's output port shows them. */
import { describe, expect, it } from 'vitest';
import { TerminalOutput, describeProgress } from '../../src/cli/terminal-output.js';
import type { DesiredApi } from '../../src/core/model.js';
import type { OutputEvent, ReadProgressEvent } from '../../src/services/output.js';
import { planDesired } from '../../src/services/plan.js';
import { ASSUMED_REQUESTS_PER_SECOND, LONG_READ_APIS } from '../../src/services/read-progress.js';
import { desiredApi } from './helpers.js';
import { memoryHarness, REGION } from './services-support.js';

const apiId = (index: number) => `api${String(index).padStart(7, '0')}`;

/** `count` HTTP APIs, the odd ones selected by name and with a stage to reset (one call more each). */
function fleet(count: number): { seed: object[]; documents: DesiredApi[] } {
  const seed = Array.from({ length: count }, (_, index) => ({ type: 'http', id: apiId(index), name: `api-${index}`, stages: [{ name: 'prod' }] }));
  const documents = Array.from({ length: count }, (_, index): DesiredApi => {
    const document = desiredApi('http', [], index % 2 ? { resetCache: ['prod'] } : {});
    return { ...document, api: index % 2 ? { type: 'http', name: `api-${index}` } : { type: 'http', id: apiId(index) } };
  });
  return { seed, documents };
}

const progressOf = (events: readonly OutputEvent[]) =>
  events.filter((event): event is ReadProgressEvent => event.code === 'live.progress');

describe('read progress', () => {
  it('counts every API of a long read and estimates the calls left from what each document reads', async () => {
    const { seed, documents } = fleet(LONG_READ_APIS);
    const h = memoryHarness(seed);
    h.store.clearCalls();
    await planDesired(documents, h.options);
    const progress = progressOf(h.output.events);
    expect(progress.map((event) => event.done)).toEqual(Array.from({ length: LONG_READ_APIS }, (_, index) => index + 1));
    expect(progress.every((event) => event.total === LONG_READ_APIS && event.requestsPerSecond === ASSUMED_REQUESTS_PER_SECOND)).toBe(true);
    // By id: GetAuthorizers (the API is found in the region's listing, which by-name documents read
    // anyway); by name with a stage: GetAuthorizers + GetStages. The shared listing is not counted.
    const estimated = (LONG_READ_APIS / 2) * 1 + (LONG_READ_APIS / 2) * 2;
    expect([estimated - 1, estimated - 2]).toContain(progress[0]?.remainingCalls);
    expect(progress.at(-1)?.remainingCalls).toBe(0);
    expect(h.store.calls.length).toBe(estimated + 1);
    expect(new Set(progress.map((event) => event.apiName))).toEqual(new Set(seed.map((api) => (api as { name: string }).name)));
    // Each API's progress comes before its "read" line, so a terminal can hold that line back.
    expect(h.output.events.findIndex((event) => event.code === 'live.progress')).toBeLessThan(
      h.output.events.findIndex((event) => event.code === 'live.read'),
    );
  });

  it('stays quiet for a read that ends in a few seconds', async () => {
    const { seed, documents } = fleet(LONG_READ_APIS - 1);
    const h = memoryHarness(seed);
    await planDesired(documents, h.options);
    expect(progressOf(h.output.events)).toEqual([]);
    expect(h.output.events.filter((event) => event.code === 'live.read')).toHaveLength(LONG_READ_APIS - 1);
  });

  it('counts an API that cannot be read, so the line reaches the end', async () => {
    const { seed, documents } = fleet(LONG_READ_APIS);
    const h = memoryHarness(seed.slice(1));
    await expect(planDesired(documents, h.options)).rejects.toThrow(/no HTTP API with id api0000000/);
    expect(progressOf(h.output.events).at(-1)).toMatchObject({ done: LONG_READ_APIS, remainingCalls: 0 });
  });
});

const target = { apiType: 'http' as const, apiId: 'a1', apiName: 'orders', region: REGION };
const step = (done: number, total = 20): ReadProgressEvent => ({
  code: 'live.progress',
  done,
  total,
  apiName: `api-${done}`,
  remainingCalls: (total - done) * 2,
  requestsPerSecond: 10,
});

describe('progress line', () => {
  it('says done/total, the API and the time left at the rate', () => {
    expect(describeProgress({ ...step(120, 300), apiName: 'orders' })).toBe('reading 120/300 APIs · orders · about 36 s left at 10 requests/s');
    expect(describeProgress(step(300, 300))).toBe('reading 300/300 APIs · api-300');
  });

  it('on a terminal is one line redrawn in place, erased before any other line and when the read ends', () => {
    const stderr: string[] = [];
    const stdout: string[] = [];
    const output = new TerminalOutput({
      progress: (line) => stderr.push(`${line}\n`),
      status: (text) => stderr.push(text),
      result: (text) => stdout.push(text),
      annotations: false,
    });
    const read = (done: number) => output.emit({ code: 'live.read', target: { ...target, apiName: `api-${done}` }, authorizers: 3 });
    output.emit(step(1));
    read(1);
    // An API that could not be read has no read line; the next one's is still held back.
    output.emit(step(2));
    output.emit({ code: 'warning', message: 'careful' });
    output.emit(step(3));
    read(3);
    output.emit(step(20));
    read(20);
    // A read outside a long run is shown as always.
    output.emit({ code: 'live.read', target, authorizers: 3 });
    expect(stderr).toEqual([
      '\r\x1b[2Kreading 1/20 APIs · api-1 · about 4 s left at 10 requests/s',
      '\r\x1b[2Kreading 2/20 APIs · api-2 · about 4 s left at 10 requests/s',
      '\r\x1b[2K',
      'Warning: careful\n',
      '\r\x1b[2Kreading 3/20 APIs · api-3 · about 4 s left at 10 requests/s',
      '\r\x1b[2K',
      'Read HTTP API "orders" (a1) in eu-west-1: 3 authorizers\n',
    ]);
    expect(stdout).toEqual([]);
  });

  it('in a log is a plain line at every tenth of the way, beside the per-API lines', () => {
    const lines: string[] = [];
    const output = new TerminalOutput({ progress: (line) => lines.push(line), annotations: false });
    for (let done = 1; done <= 20; done++) output.emit(step(done));
    expect(lines).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18].map((done) => describeProgress(step(done))).concat(describeProgress(step(20))));
  });
});
