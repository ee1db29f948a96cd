/**
 * Reading live state for HTTP and WebSocket APIs (apigatewayv2) from the embedded emulator, through
 * the unmodified SDK clients: API resolution, paging, refusals, manifest problems.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { AccessDeniedError, UserError } from '../../src/errors.js';
import { InvalidManifestError } from '../../src/manifest/issues.js';
import { callsOf, manifest, rejection, startHarness, writes, type Harness } from './support.js';
import { jwt, stagesSeed, planOf } from './v2-support.js';

describe('reading live state', () => {
  it('follows every page of GetApis and GetAuthorizers, one listing per API, resolving by id from the listing read for by-name', async () => {
    const authorizers = (prefix: string) => [0, 1, 2, 3, 4].map((i) => jwt(`${prefix}-${i}`, [`aud-${i}`]));
    const apis = [0, 1, 2, 3, 4].map((i) => ({
      type: 'http',
      id: `httpapi00${i}`,
      name: `api-${i}`,
      ...(i === 1 ? { authorizers: authorizers('by-id') } : {}),
      ...(i === 4 ? { authorizers: authorizers('by-name'), stages: [{ name: 's1' }, { name: 's2' }, { name: 's3' }] } : {}),
    }));
    // Pages of at most 2, whatever the client asks: gatewarden asks for 500, so this makes it page.
    const h = await startHarness(stringify({ apis }), { maxPageSize: 2 });
    // s3 is on the second page of GetStages: a stage check that read one page only would refuse it.
    const byName = await h.file('by-name.yaml', manifest({ type: 'http', name: 'api-4' }, authorizers('by-name'), { resetCache: ['s3'] }));
    const byId = await h.file('by-id.yaml', manifest({ type: 'http', id: 'httpapi001' }, authorizers('by-id')));

    const plan = await planOf(h, [byName, byId]);

    expect(plan.apis.map((api) => api.target.apiId).sort()).toEqual(['httpapi001', 'httpapi004']);
    for (const api of plan.apis) {
      expect(api.actions).toHaveLength(5);
      expect(api.actions.every((action) => action.kind === 'no-op')).toBe(true);
      expect(api.unmanaged).toEqual([]);
    }
    // GetApis: 5 APIs in pages of 2 is one listing of 3 pages, shared by every document of the region.
    const getApis = callsOf(h.store, 'GetApis');
    expect(getApis).toHaveLength(3);
    expect(getApis.filter((call) => call.params.nextToken === undefined)).toHaveLength(1);
    // Every listing asks for the largest page (the v2 model types maxResults as a string).
    for (const operation of ['GetApis', 'GetAuthorizers', 'GetStages']) {
      expect(new Set(callsOf(h.store, operation).map((call) => call.params.maxResults)), operation).toEqual(new Set(['500']));
    }
    // The listing is read anyway for the API selected by name, so the one selected by id is found in it.
    expect(callsOf(h.store, 'GetApi')).toEqual([]);
    for (const apiId of ['httpapi001', 'httpapi004']) {
      const pages = callsOf(h.store, 'GetAuthorizers', apiId);
      expect(pages).toHaveLength(3);
      expect(pages.filter((call) => call.params.nextToken === undefined)).toHaveLength(1);
    }
    expect(callsOf(h.store, 'GetAuthorizers')).toHaveLength(6);
    expect(callsOf(h.store, 'GetStages', 'httpapi004')).toHaveLength(2);
    const reads = h.output.events.filter((event) => event.code === 'live.read');
    expect(reads.map((event) => (event.code === 'live.read' ? event.authorizers : -1))).toEqual([5, 5]);
    expect(writes(h.store)).toEqual([]);
  });

  const namesSeed = `
apis:
  - { type: http, id: orders0001, name: orders }
  - { type: http, id: twin000001, name: twin }
  - { type: http, id: twin000002, name: twin }
  - { type: websocket, id: chat000001, name: chat }
`;

  interface Refusal {
    readonly title: string;
    readonly seed?: string;
    readonly api: Parameters<typeof manifest>[0];
    readonly afterChange?: Parameters<typeof manifest>[2];
    readonly code: string;
    readonly mentions: readonly string[];
    /** `line:col` of the manifest where the message points: the value the refusal is about. */
    readonly at?: string;
    /** What else the refusal must (not) have called. */
    readonly calls?: (h: Harness) => void;
  }
  const refusals: readonly Refusal[] = [
    { title: 'an unknown API name with API_NOT_FOUND', api: { type: 'http', name: 'nope' }, code: 'API_NOT_FOUND', mentions: ['"nope"'], at: '7:11' },
    {
      title: 'an unknown API id with API_NOT_FOUND',
      api: { type: 'http', id: 'missing001' },
      code: 'API_NOT_FOUND',
      mentions: ['missing001'],
      at: '7:9',
      calls: (h) => {
        expect(callsOf(h.store, 'GetApi').map((call) => [call.params.apiId, call.error])).toEqual([['missing001', 'NotFoundException']]);
        expect(callsOf(h.store, 'GetApis')).toEqual([]);
      },
    },
    {
      title: 'a name two APIs share with API_AMBIGUOUS naming both ids',
      api: { type: 'http', name: 'twin' },
      code: 'API_AMBIGUOUS',
      mentions: ['twin000001', 'twin000002'],
      calls: (h) => expect(callsOf(h.store, 'GetAuthorizers')).toEqual([]),
    },
    {
      title: 'an http manifest for a WebSocket API with API_TYPE_MISMATCH, by name',
      api: { type: 'http', name: 'chat' },
      code: 'API_TYPE_MISMATCH',
      mentions: ['chat000001', 'WebSocket API'],
    },
    { title: 'an http manifest for a WebSocket API with API_TYPE_MISMATCH, by id', api: { type: 'http', id: 'chat000001' }, code: 'API_TYPE_MISMATCH', mentions: [] },
    {
      title: 'a resetCache stage that does not exist at plan time with STAGE_INVALID',
      seed: stagesSeed,
      api: { type: 'http', name: 'orders' },
      afterChange: { resetCache: ['staging'] },
      code: 'STAGE_INVALID',
      mentions: ['"staging"'],
      at: '10:9',
    },
  ];

  for (const { title, seed, api, afterChange, code, mentions, at, calls } of refusals) {
    it(`refuses ${title}, writing nothing`, async () => {
      const h = await startHarness(seed ?? namesSeed);
      const path = await h.file('m.yaml', manifest(api, [jwt('main', ['new'])], afterChange));
      const error = (await rejection(planOf(h, [path]))) as UserError;
      expect(error).toBeInstanceOf(UserError);
      expect(error.code).toBe(code);
      expect(error.exitCode).toBe(1);
      for (const text of mentions) expect(error.message).toContain(text);
      if (at) expect(error.message.startsWith(`${path}:${at}: `), error.message).toBe(true);
      calls?.(h);
      expect(writes(h.store)).toEqual([]);
    });
  }

  it('turns AccessDeniedException on GetAuthorizers into AccessDeniedError naming apigateway:GET', async () => {
    const h = await startHarness(namesSeed);
    h.store.injectFailure({ operation: 'GetAuthorizers', apiId: 'orders0001', error: 'AccessDeniedException' });
    const path = await h.file('m.yaml', manifest({ type: 'http', name: 'orders' }, [jwt('a')]));
    const error = (await rejection(planOf(h, [path]))) as AccessDeniedError;
    expect(error).toBeInstanceOf(AccessDeniedError);
    expect(error.exitCode).toBe(5);
    expect(error.code).toBe('AWS_ACCESS_DENIED');
    expect(error.message).toContain('GetAuthorizers');
    expect(error.message).toContain('apigateway:GET');
    expect(error.hint).toContain('apigateway:GET');
    expect(error.hint).toContain('arn:aws:apigateway:eu-west-1::/apis/orders0001/authorizers');
    expect(callsOf(h.store, 'GetAuthorizers').map((call) => call.error)).toEqual(['AccessDeniedException']);
    expect(writes(h.store)).toEqual([]);
  });

  it('refuses invalid manifests with every issue and makes no AWS call at all', async () => {
    const h = await startHarness(namesSeed);
    const valid = await h.file('1-valid.yaml', manifest({ type: 'http', name: 'orders' }, [jwt('a')]));
    const unknownField = await h.file('2-unknown.yaml', manifest({ type: 'http', name: 'orders' }, [{ ...jwt('a'), colour: 'blue' }]));
    const broken = await h.file('3-broken.yaml', 'apiVersion: gatewarden/v1\nkind: [AuthorizerSet\n');
    const missing = await h.file(
      '4-missing.yaml',
      manifest({ type: 'http', name: 'twin' }, [{ name: 'j', authorizerType: 'JWT', identitySource: ['$request.header.A'] }]),
    );

    const error = (await rejection(planOf(h, [valid, unknownField, broken, missing]))) as InvalidManifestError;

    expect(error).toBeInstanceOf(InvalidManifestError);
    expect(error.exitCode).toBe(3);
    const byFile = (file: string) => error.issues.filter((issue) => issue.file === file).map((issue) => issue.code);
    expect(byFile(valid)).toEqual([]);
    expect(byFile(unknownField)).toContain('schema.unknown-field');
    expect(byFile(broken)).toContain('yaml.syntax');
    expect(byFile(missing)).toContain('schema.required');
    expect(h.output.events.map((event) => event.code)).toEqual(['manifest.invalid']);
    expect(h.store.calls).toEqual([]);
  });
});
