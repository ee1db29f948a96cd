/** Apply-then-plan converges for random HTTP authorizer sets, against the emulator through the SDK. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { applyPlan } from '../../src/services/apply.js';
import { LAMBDA, LAMBDA_2, manifest, ROLE, startHarness, writes } from './support.js';
import { ISSUER, planOf } from './v2-support.js';

describe('convergence property', () => {
  const names = ['auth-a', 'auth-b', 'auth-c', 'auth-d', 'auth-e', 'auth-f'];
  const sourcePrefixes = ['$request.header.', '$request.querystring.', '$context.', '$stageVariables.'];
  const sources = sourcePrefixes.flatMap((prefix) => ['Authorization', 'tenant'].map((key) => `${prefix}${key}`));

  const request = fc
    .record(
      {
        name: fc.constantFrom(...names),
        authorizerType: fc.constant('REQUEST'),
        authorizerUri: fc.constantFrom(LAMBDA, LAMBDA_2),
        authorizerPayloadFormatVersion: fc.constantFrom('1.0', '2.0'),
        authorizerCredentialsArn: fc.constant(ROLE),
        authorizerResultTtlInSeconds: fc.constantFrom(0, 60, 300),
        enableSimpleResponses: fc.boolean(),
        identitySource: fc.shuffledSubarray(sources, { maxLength: 3 }),
      },
      { requiredKeys: ['name', 'authorizerType', 'authorizerUri', 'authorizerPayloadFormatVersion'] },
    )
    .map((fields) => {
      const out: Record<string, unknown> = { ...fields };
      if (fields.authorizerPayloadFormatVersion !== '2.0' && fields.enableSimpleResponses) delete out.enableSimpleResponses;
      if ((fields.authorizerResultTtlInSeconds ?? 0) > 0 && (fields.identitySource ?? []).length === 0) {
        out.identitySource = ['$request.header.Authorization'];
      }
      return out;
    });
  const jwtArb = fc.record(
    {
      name: fc.constantFrom(...names),
      authorizerType: fc.constant('JWT'),
      identitySource: fc.constantFrom(['$request.header.Authorization'], ['$request.querystring.token']),
      jwtConfiguration: fc.record(
        {
          issuer: fc.constantFrom(ISSUER, 'https://issuer.example.com/'),
          audience: fc.shuffledSubarray(['web', 'mobile', 'cli'], { minLength: 1, maxLength: 3 }),
        },
        { requiredKeys: ['issuer', 'audience'] },
      ),
    },
    { requiredKeys: ['name', 'authorizerType', 'identitySource', 'jwtConfiguration'] },
  );
  const authorizerSet = fc.uniqueArray(fc.oneof(request, jwtArb), { selector: (fields) => fields.name, maxLength: 5 });

  it('apply then plan is all no-op, for random live and declared HTTP authorizer sets', async () => {
    await fc.assert(
      fc.asyncProperty(authorizerSet, authorizerSet, async (live, declared) => {
        const h = await startHarness(stringify({ apis: [{ type: 'http', id: 'propapi001', name: 'prop', authorizers: live }] }));
        const path = await h.file('m.yaml', manifest({ type: 'http', id: 'propapi001' }, declared));
        // A change of kind (REQUEST <-> JWT) is a replacement, so consent is given.
        const report = await applyPlan(await planOf(h, [path]), { ...h.options, allowReplace: true });
        expect(report.apis.flatMap((api) => api.steps).filter((step) => step.status !== 'done')).toEqual([]);

        const plan = await planOf(h, [path]);
        expect(plan.apis[0]?.actions.map((action) => action.kind)).toEqual(declared.map(() => 'no-op'));
        const declaredNames = new Set(declared.map((fields) => fields.name));
        expect(plan.apis[0]?.unmanaged.map((entry) => entry.name).sort()).toEqual(
          live.map((fields) => fields.name).filter((name) => !declaredNames.has(name)).sort(),
        );
        h.store.clearCalls();
        await applyPlan(plan, { ...h.options, allowReplace: false });
        expect(writes(h.store)).toEqual([]);
      }),
      { numRuns: 15 },
    );
  });
});
