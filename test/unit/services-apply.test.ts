/** applyPlan and runApply over the in-memory port: what was done, failed and not attempted; consent; confirmation. */
import { describe, expect, it } from 'vitest';
import { UsageError, UserError } from '../../src/errors.js';
import { applyPlan } from '../../src/services/apply.js';
import { planDesired } from '../../src/services/plan.js';
import { runApply, type ApplyDeps } from '../../src/services/run-apply.js';
import { desiredApi, lambdaUri } from './helpers.js';
import { API_ID, kinds, manifest, manifestFiles, memoryHarness, rejection, writes, type MemoryHarness } from './services-support.js';

const jwt = (name: string, audience = ['a']) => ({
  name,
  authorizerType: 'JWT',
  identitySource: ['$request.header.Authorization'],
  jwtConfiguration: { issuer: 'https://issuer.example.com', audience },
});
const token = (name: string) => ({ name, type: 'TOKEN', authorizerUri: lambdaUri, identitySource: 'method.request.header.Authorization' });
const pool = (name: string) => ({ name, type: 'COGNITO_USER_POOLS', providerARNs: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc'], identitySource: 'method.request.header.Authorization' });

async function planFor(h: MemoryHarness, ...args: Parameters<typeof desiredApi>) {
  return (await planDesired([desiredApi(...args)], h.options)).plan;
}

describe('applyPlan over the in-memory port', () => {
  it('reports each step done, in plan order, with the new ids', async () => {
    const h = memoryHarness([{ type: 'http', id: API_ID, name: 'orders', authorizers: [jwt('old')], stages: [{ name: 'prod' }] }]);
    const plan = await planFor(h, 'http', [jwt('old', ['b']), jwt('new')], { resetCache: ['prod'] });
    const report = await applyPlan(plan, { ...h.options, allowReplace: false });
    expect(report.failed).toBe(false);
    expect(report.apis[0]?.steps.map((step) => [step.action, step.subject, step.status])).toEqual([
      ['update', 'old', 'done'],
      ['create', 'new', 'done'],
      ['reset-cache', 'prod', 'done'],
    ]);
    expect(writes(h.store).map((call) => call.operation)).toEqual(['UpdateAuthorizer', 'CreateAuthorizer', 'ResetAuthorizersCache']);
  });

  it('stops an API at its first failure: the rest is not attempted, with the error and its code', async () => {
    const h = memoryHarness([{ type: 'http', id: API_ID, name: 'orders' }]);
    const plan = await planFor(h, 'http', [jwt('a'), jwt('b'), jwt('c')]);
    h.store.injectFailure({ operation: 'CreateAuthorizer', skip: 1, error: 'AccessDeniedException' });
    const report = await applyPlan(plan, { ...h.options, allowReplace: false });
    expect(report.failed).toBe(true);
    const steps = report.apis[0]?.steps ?? [];
    expect(steps.map((step) => step.status)).toEqual(['done', 'failed', 'not-attempted']);
    expect(steps[1]?.errorCode).toBe('AWS_ACCESS_DENIED');
    expect(steps[1]?.error).toContain('apigateway:POST');
    expect(h.output.events.filter((event) => event.code === 'apply.step')).toHaveLength(2);
  });

  it('writes nothing once aborted and reports the run interrupted', async () => {
    const h = memoryHarness([{ type: 'http', id: API_ID, name: 'orders' }]);
    const plan = await planFor(h, 'http', [jwt('a'), jwt('b')]);
    const controller = new AbortController();
    controller.abort();
    const report = await applyPlan(plan, { ...h.options, allowReplace: false, signal: controller.signal });
    expect(report).toMatchObject({ failed: false, interrupted: true });
    expect(report.apis[0]?.steps.map((step) => step.status)).toEqual(['not-attempted', 'not-attempted']);
    expect(writes(h.store)).toEqual([]);
  });

  it('explains a REST authorizer AWS still finds in use, as the SDK adapter does, and where the methods point', async () => {
    const h = memoryHarness([{ type: 'rest', id: API_ID, name: 'legacy', authorizers: [{ id: 'abc123', ...token('auth') }] }]);
    h.store.setAuthorizerReferences({ apiId: API_ID, authorizerId: 'abc123', referencedBy: ['GET /pets'] });
    // Something gatewarden cannot see (a method added meanwhile) still uses it.
    h.store.injectFailure({ operation: 'DeleteAuthorizer', error: 'ConflictException' });
    const plan = await planFor(h, 'rest', [pool('auth')]);
    const report = await applyPlan(plan, { ...h.options, allowReplace: true });
    const step = report.apis[0]?.steps[0];
    expect(step).toMatchObject({ action: 'replace', status: 'failed', errorCode: 'AUTHORIZER_IN_USE' });
    expect(step?.error).toMatch(/is used by 1 method \(GET \/pets\), and "auth" \(abc123\) by 0 methods/);
  });
});

describe('runApply', () => {
  const deps = (h: MemoryHarness, confirm: ApplyDeps['confirm']): ApplyDeps => ({ ...h.options, confirm });

  it('plans the manifests, shows the plan, asks, and applies', async () => {
    const h = memoryHarness([{ type: 'http', id: API_ID, name: 'orders' }]);
    const asked: string[] = [];
    const paths = await manifestFiles(manifest('http', API_ID, [jwt('a')]));
    const { plan, report } = await runApply({ paths, allowReplace: false }, deps(h, async (shown) => (asked.push(...Object.keys(kinds(shown))), true)));
    expect(asked).toEqual(['a']);
    expect(h.output.events[0]).toEqual({ code: 'live.read', target: expect.anything(), authorizers: 0 });
    expect(h.output.events[1]).toEqual({ code: 'apply.plan', plan });
    expect(report.apis[0]?.steps.map((step) => step.status)).toEqual(['done']);
  });

  it('does not ask when there is nothing to change', async () => {
    const h = memoryHarness([{ type: 'http', id: API_ID, name: 'orders', authorizers: [jwt('a')] }]);
    const paths = await manifestFiles(manifest('http', API_ID, [jwt('a')]));
    const { report } = await runApply({ paths, allowReplace: false }, deps(h, () => Promise.reject(new Error('asked'))));
    expect(report).toEqual({ apis: [], failed: false, interrupted: false });
  });

  it('cancels, writing nothing, when the answer is no', async () => {
    const h = memoryHarness([{ type: 'http', id: API_ID, name: 'orders' }]);
    const paths = await manifestFiles(manifest('http', API_ID, [jwt('a')]));
    const error = (await rejection(runApply({ paths, allowReplace: false }, deps(h, async () => false)))) as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.code).toBe('APPLY_CANCELLED');
    expect(writes(h.store)).toEqual([]);
  });

  it('refuses a replacement without consent before asking', async () => {
    const h = memoryHarness([{ type: 'rest', id: API_ID, name: 'legacy', authorizers: [token('auth')] }]);
    const paths = await manifestFiles(manifest('rest', API_ID, [pool('auth')]));
    const error = (await rejection(runApply({ paths, allowReplace: false }, deps(h, () => Promise.reject(new Error('asked')))))) as UsageError;
    expect(error).toBeInstanceOf(UsageError);
    expect(error.code).toBe('REPLACE_NOT_ALLOWED');
    expect(writes(h.store)).toEqual([]);
  });

  it('refuses --expect-digest with manifests before reading AWS', async () => {
    const h = memoryHarness([{ type: 'http', id: API_ID, name: 'orders' }]);
    const paths = await manifestFiles(manifest('http', API_ID, [jwt('a')]));
    const error = (await rejection(runApply({ paths, allowReplace: false, expectDigest: 'sha256:0' }, deps(h, async () => true)))) as UsageError;
    expect(error.code).toBe('DIGEST_NEEDS_PLAN_FILE');
    expect(h.store.calls).toEqual([]);
  });
});
