/**
 * The adoption promise: for any live state AWS accepts, `plan` on the exported manifests reports no
 * creates, updates, replacements, unmanaged authorizers or post-actions. Live state is generated,
 * seeded into the emulator (through CreateAuthorizer's own rules), read back with the real SDK,
 * exported, written as YAML files and planned, as a user would.
 */
import fc from 'fast-check';
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SeedApi } from '../../src/emulator/index.js';
import { summarizePlan } from '../../src/core/plan-summary.js';
import { sdkAccess } from '../../src/services/access.js';
import { exportLive, writeExportFiles } from '../../src/services/export.js';
import { planFromManifests } from '../../src/services/plan.js';
import { LAMBDA, POOL, REGION, ROLE, startHarness, unpaced } from './support.js';

const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,7}$/);
const ttl = fc.integer({ min: 0, max: 3600 });
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
/** Case-insensitively unique: header names compare that way, and the manifest rules refuse a repeat. */
const sources = (prefixes: readonly string[], min = 0) =>
  fc.uniqueArray(fc.tuple(fc.constantFrom(...prefixes), token).map(([prefix, name]) => `${prefix}${name}`), {
    minLength: min,
    maxLength: 3,
    selector: (source) => source.toLowerCase(),
  });

const httpJwt = fc.record({
  authorizerType: fc.constant('JWT' as const),
  identitySource: fc.tuple(fc.constantFrom('$request.header.', '$request.querystring.'), token).map(([p, n]) => [`${p}${n}`]),
  jwtConfiguration: fc.record(
    { issuer: token.map((pool) => `https://cognito-idp.${REGION}.amazonaws.com/${REGION}_${pool}`), audience: fc.uniqueArray(token, { minLength: 1, maxLength: 4 }) },
    { requiredKeys: ['issuer', 'audience'] },
  ),
});
const httpRequest = fc
  .record({
    authorizerUri: fc.constant(LAMBDA),
    authorizerCredentialsArn: maybe(fc.constant(ROLE)),
    authorizerPayloadFormatVersion: fc.constantFrom('1.0', '2.0'),
    enableSimpleResponses: maybe(fc.boolean()),
    authorizerResultTtlInSeconds: maybe(ttl),
    identitySource: sources(['$request.header.', '$request.querystring.', '$context.', '$stageVariables.']),
  })
  .map((members) => ({
    authorizerType: 'REQUEST' as const,
    ...members,
    // AWS refuses simple responses on payload 1.0 and a cache without identity sources.
    enableSimpleResponses: members.authorizerPayloadFormatVersion === '2.0' ? members.enableSimpleResponses : undefined,
    authorizerResultTtlInSeconds: members.identitySource.length === 0 ? 0 : members.authorizerResultTtlInSeconds,
  }));
const websocketRequest = fc.record({
  authorizerType: fc.constant('REQUEST' as const),
  authorizerUri: fc.constant(LAMBDA),
  authorizerCredentialsArn: maybe(fc.constant(ROLE)),
  identitySource: sources(['route.request.header.', 'route.request.querystring.', 'stageVariables.', 'context.']),
});
const lambdaRest = {
  authorizerUri: fc.constant(LAMBDA),
  authorizerCredentials: maybe(fc.constant(ROLE)),
  authorizerResultTtlInSeconds: maybe(ttl),
  authType: maybe(fc.constantFrom('custom', 'oauth2')),
};
const restAuthorizer = fc.oneof(
  fc.record({
    type: fc.constant('TOKEN' as const),
    ...lambdaRest,
    identitySource: token.map((name) => `method.request.header.${name}`),
    identityValidationExpression: maybe(fc.constantFrom('^Bearer [-0-9a-zA-Z._]*$', '.+')),
  }),
  fc
    .record({ type: fc.constant('REQUEST' as const), ...lambdaRest, sources: sources(['method.request.header.', 'method.request.querystring.', 'stageVariables.', 'context.']) })
    .map(({ sources: list, ...members }) => ({
      ...members,
      identitySource: list.length > 0 ? list.join(',') : undefined,
      // Without identity sources REST must not cache, and its default TTL is 300.
      authorizerResultTtlInSeconds: list.length === 0 ? 0 : members.authorizerResultTtlInSeconds,
    })),
  fc.record({
    type: fc.constant('COGNITO_USER_POOLS' as const),
    providerARNs: fc.uniqueArray(token.map(POOL), { minLength: 1, maxLength: 3 }),
    identitySource: token.map((name) => `method.request.header.${name}`),
    identityValidationExpression: maybe(fc.constantFrom('^Bearer .+$')),
    authorizerResultTtlInSeconds: maybe(ttl),
    authType: maybe(fc.constantFrom('cognito_user_pools', 'custom-label')),
  }),
);

/** Names unique per API, as AWS requires. */
function named<T extends object>(members: fc.Arbitrary<T>) {
  return fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/), members), { maxLength: 4, selector: ([name]) => name })
    .map((entries) => entries.map(([name, fields]) => compact({ name, ...fields })));
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

const liveState = fc.record({
  http: named(fc.oneof(httpJwt, httpRequest)),
  websocket: named(websocketRequest),
  rest: named(restAuthorizer),
});

describe('export round-trip through the emulator', () => {
  it('plans no change, no unmanaged authorizer and no post-action on what it exported', async () => {
    // Paced at AWS's 10 requests a second, the reads of 25 exports and plans would be most of this test's time.
    const harness = await startHarness('apis: []', {}, unpaced());
    const aws = sdkAccess(harness.clients);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(liveState, async (state) => {
        run += 1;
        const apis = [
          { type: 'http', name: `http-${run}`, authorizers: state.http },
          { type: 'websocket', name: `ws-${run}`, authorizers: state.websocket },
          { type: 'rest', name: `rest-${run}`, authorizers: state.rest },
        ] as SeedApi[];
        harness.store.seed({ apis });
        const names = apis.map((api) => api.name);
        const exported = await exportLive({ types: [], regions: [REGION], apis: names }, { aws, output: harness.output });
        expect(exported.unsupported).toEqual([]);
        const out = await mkdtemp(path.join(harness.dir, 'run-'));
        await writeExportFiles(exported.apis, out, false);
        const { plan } = await planFromManifests([out], harness.options);
        const summary = summarizePlan(plan);
        expect(summary).toMatchObject({ create: 0, update: 0, replace: 0, unmanaged: 0, postActions: 0 });
        expect(summary.unchanged).toBe(state.http.length + state.websocket.length + state.rest.length);
      }),
      { numRuns: 25 },
    );
  });
});
