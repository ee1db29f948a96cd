/** Drift detection over the in-memory port: in sync, changed out of band, missing, unmanaged. Reads only. */
import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { hasDrift } from '../../src/core/drift.js';
import { detectDriftFromManifests } from '../../src/services/drift.js';
import { planFromManifests, reviewFromManifests } from '../../src/services/plan.js';
import { API_ID, manifest, manifestFiles, memoryHarness, rejection, writes } from './services-support.js';

const jwt = (name: string, audience = ['a']) => ({
  name,
  authorizerType: 'JWT',
  identitySource: ['$request.header.Authorization'],
  jwtConfiguration: { issuer: 'https://issuer.example.com', audience },
});

describe('detectDriftFromManifests over the in-memory port', () => {
  it('finds no drift when AWS matches the manifests', async () => {
    const h = memoryHarness([{ type: 'http', id: API_ID, name: 'orders', authorizers: [jwt('a')] }]);
    const report = await detectDriftFromManifests(await manifestFiles(manifest('http', API_ID, [jwt('a')])), undefined, h.options);
    expect(hasDrift(report, true)).toBe(false);
  });

  it('reports fields changed out of band, missing and unmanaged authorizers, and writes nothing', async () => {
    const h = memoryHarness([{ type: 'http', id: API_ID, name: 'orders', authorizers: [jwt('a', ['other']), jwt('stray')] }]);
    const paths = await manifestFiles(manifest('http', API_ID, [jwt('a'), jwt('gone')]));
    const report = await detectDriftFromManifests(paths, undefined, h.options);
    const [api] = report.apis;
    expect(api?.drifted.map((entry) => [entry.name, entry.fields.map((field) => [field.path, field.expected, field.actual])])).toEqual([
      ['a', [['jwtConfiguration.audience', ['a'], ['other']]]],
    ]);
    expect(api?.missing).toEqual(['gone']);
    expect(api?.unmanaged.map((entry) => entry.name)).toEqual(['stray']);
    expect(writes(h.store)).toEqual([]);
  });

  it('reports the drift of an API at its authorizer quota, which plan refuses to apply (issue 19)', async () => {
    // 10 declared; in the console one was deleted and another created: 10 live, of which 1 unmanaged.
    const declared = Array.from({ length: 10 }, (_, index) => jwt(`auth-${index}`));
    const h = memoryHarness([{ type: 'http', id: API_ID, name: 'orders', authorizers: [...declared.slice(1), jwt('console')] }]);
    const paths = await manifestFiles(manifest('http', API_ID, declared));

    const report = await detectDriftFromManifests(paths, undefined, h.options);
    const [api] = report.apis;
    expect(api?.missing).toEqual(['auth-0']);
    expect(api?.unmanaged.map((entry) => entry.name)).toEqual(['console']);
    expect(api?.drifted).toEqual([]);
    expect(hasDrift(report, false)).toBe(true);

    // Applying it would pass the quota (10 declared + 1 unmanaged): plan shows it with the refusal, apply refuses it.
    const review = await reviewFromManifests(paths, h.options);
    expect(review.plan.apis[0]?.actions.filter((action) => action.kind === 'create').map((action) => action.name)).toEqual(['auth-0']);
    expect(review.refusal).toMatchObject({ code: 'AUTHORIZER_QUOTA_EXCEEDED', exitCode: 1 });
    expect(review.refusal?.message).toContain('would have 11 authorizers (10 declared, 1 unmanaged), but may have at most 10');
    expect(await rejection(planFromManifests(paths, h.options))).toMatchObject({ code: 'AUTHORIZER_QUOTA_EXCEEDED' });
    expect(writes(h.store)).toEqual([]);
  });

  it('leaves out what the ignore file names', async () => {
    const h = memoryHarness([{ type: 'http', id: API_ID, name: 'orders', authorizers: [jwt('a', ['other'])] }]);
    const [path] = await manifestFiles(manifest('http', API_ID, [jwt('a')]));
    const ignoreFile = `${path}.ignore`;
    await writeFile(ignoreFile, 'orders/a/jwtConfiguration.audience\n');
    const report = await detectDriftFromManifests([path as string], ignoreFile, h.options);
    expect(hasDrift(report, false)).toBe(false);
  });
});
