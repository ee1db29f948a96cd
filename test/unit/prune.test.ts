/**
 * Prune in the pure planner (issue 10): a `spec.prune` document deletes exactly the undeclared,
 * unattached, unprotected authorizers and nothing else; and the replacement that would leave a stage
 * on a deleted authorizer is refused in the plan.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countDrift, detectDrift, hasDrift } from '../../src/core/drift.js';
import { matchesGlob } from '../../src/core/glob.js';
import { ignoreNothing } from '../../src/core/ignore.js';
import { driftIssueTitle, driftItems } from '../../src/github/drift-issue/body.js';
import { renderDriftMarkdown } from '../../src/render/drift-markdown.js';
import { renderDriftText } from '../../src/render/drift-text.js';
import type { AuthorizerAction, DesiredApi, LiveApi, LiveAttachment, Plan } from '../../src/core/model.js';
import { refuseUnconsentedChanges } from '../../src/services/apply.js';
import { planApi, pruneCandidates } from '../../src/core/plan.js';
import { summarizePlan } from '../../src/core/plan-summary.js';
import { replacementName } from '../../src/core/replacement.js';
import { authorizerQuotaExcesses } from '../../src/core/quota.js';
import { plainStyle } from '../../src/render/style.js';
import { renderPlanText } from '../../src/render/text.js';
import { driftReportFromJson, driftToJson } from '../../src/render/drift-json.js';
import { planToJson } from '../../src/render/plan-json.js';
import { renderPlanMarkdown } from '../../src/render/markdown.js';
import { desiredApi, lambdaUri, liveApi, planInput } from './helpers.js';

const request = (name: string) => ({
  name,
  authorizerType: 'REQUEST',
  authorizerUri: lambdaUri,
  authorizerPayloadFormatVersion: '2.0',
  identitySource: ['$request.header.Authorization'],
});

const withPrune = (desired: DesiredApi, keep: string[] = []): DesiredApi => ({ ...desired, prune: { keep } });
const attached = (live: LiveApi, uses: Record<string, string[]>): LiveApi => ({
  ...live,
  attachments: Object.entries(uses).flatMap(([authorizerId, keys]) =>
    keys.map((key, index): LiveAttachment => ({ key, ref: `${authorizerId}-${index}`, authorizationType: 'CUSTOM', authorizerId })),
  ),
});

describe('matchesGlob', () => {
  it.each([
    ['legacy-*', 'legacy-auth', true],
    ['legacy-*', 'legacy-', true],
    ['legacy-*', 'old-legacy-auth', false],
    ['*-v?', 'orders-v2', true],
    ['*-v?', 'orders-v10', false],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
    ['*x', '*ax', true],
    ['Legacy-*', 'legacy-auth', false],
    ['exact', 'exact', true],
    ['exact', 'exactly', false],
    ['*', '', true],
  ])('%s against %s is %s', (glob, name, expected) => {
    expect(matchesGlob(glob, name)).toBe(expected);
  });

  it('agrees with the equivalent regular expression', () => {
    const alphabet = fc.constantFrom('a', 'b', '-', '*', '?');
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 8 }), fc.string({ unit: fc.constantFrom('a', 'b', '-'), maxLength: 10 }), (glob, name) => {
        const regex = new RegExp(`^${glob.replace(/[-]/g, '\\-').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
        expect(matchesGlob(glob, name)).toBe(regex.test(name));
      }),
    );
  });
});

describe('prune in the plan', () => {
  const live = liveApi('http', [
    { id: 'au0001', ...request('orders') },
    { id: 'au0002', ...request('old') },
    { id: 'au0003', ...request('legacy-partner') },
    { id: 'au0004', ...request('in-use') },
  ]);

  it('without spec.prune, undeclared authorizers are left alone and routes are not needed', () => {
    const plan = planApi(planInput(desiredApi('http', [request('orders')]), live));
    expect(plan.actions.map((action) => action.kind)).toEqual(['no-op']);
    expect(plan.unmanaged.map((authorizer) => [authorizer.name, authorizer.pruneKeeps])).toEqual([
      ['in-use', undefined],
      ['legacy-partner', undefined],
      ['old', undefined],
    ]);
  });

  it('deletes the undeclared, unused, unprotected ones first, and keeps the protected and the used', () => {
    const desired = withPrune(desiredApi('http', [request('orders')], { redeploy: ['prod'] }), ['legacy-*']);
    const plan = planApi(planInput(desired, attached(live, { au0004: ['GET /orders', 'POST /orders'] })));
    expect(plan.actions.map((action) => `${action.kind}:${action.name}`)).toEqual(['delete:old', 'no-op:orders']);
    expect(plan.actions[0]).toMatchObject({ kind: 'delete', authorizerId: 'au0002', before: { name: 'old', authorizerType: 'REQUEST' } });
    expect(plan.unmanaged).toEqual([
      { name: 'in-use', authorizerId: 'au0004', pruneKeeps: { reason: 'in-use' } },
      { name: 'legacy-partner', authorizerId: 'au0003', pruneKeeps: { reason: 'keep-glob', glob: 'legacy-*' } },
    ]);
    expect(plan.usage).toEqual([
      { authorizerId: 'au0004', name: 'in-use', count: 2, first: ['GET /orders', 'POST /orders'] },
      { authorizerId: 'au0002', name: 'old', count: 0, first: [] },
    ]);
    // A deletion is a change: the API's post-actions run after it.
    expect(plan.postActions).toEqual([{ kind: 'redeploy', stage: 'prod' }]);
    expect(summarizePlan({ apis: [plan] })).toMatchObject({ delete: 1, unmanaged: 2 });
  });

  it("never deletes a replacement's new authorizer, of a declared name or not", () => {
    const temporaries = liveApi('http', [
      { id: 'au0001', ...request(replacementName('orders')) },
      { id: 'au0002', ...request(replacementName('gone')) },
    ]);
    const plan = planApi(planInput(withPrune(desiredApi('http', [request('orders')])), attached(temporaries, {})));
    expect(plan.actions.map((action) => action.kind)).toEqual(['update']);
    expect(plan.unmanaged).toEqual([{ name: replacementName('gone'), authorizerId: 'au0002', pruneKeeps: { reason: 'replacement' } }]);
  });

  it("shows a replacement's leftover temporary authorizer once the manifest no longer replaces it, and never deletes it", () => {
    // The replacement was interrupted after the temporary authorizer was made; then the manifest went back to the old kind.
    const both = liveApi('http', [
      { id: 'au0001', ...request('orders') },
      { id: 'au0002', ...request(replacementName('orders')) },
    ]);
    const leftover = { name: replacementName('orders'), authorizerId: 'au0002', pruneKeeps: { reason: 'replacement' } };
    const plain = planApi(planInput(desiredApi('http', [request('orders')]), both));
    expect(plain.actions.map((action) => action.kind)).toEqual(['no-op']);
    expect(plain.unmanaged).toEqual([leftover]);
    expect(renderPlanText({ apis: [plain] })).toContain(`? authorizer "${replacementName('orders')}" (au0002) is not in the manifests: kept (the new authorizer of an unfinished replacement)`);
    const pruned = planApi(planInput(withPrune(desiredApi('http', [request('orders')])), attached(both, {})));
    expect(pruned.actions.map((action) => action.kind)).toEqual(['no-op']);
    expect(pruned.unmanaged).toEqual([leftover]);
    // While the replacement is planned again, its re-run takes the temporary authorizer over: not undeclared.
    const jwt = { name: 'orders', authorizerType: 'JWT', identitySource: ['$request.header.Authorization'], jwtConfiguration: { issuer: 'https://issuer.example.com', audience: ['a'] } };
    const replacing = planApi(planInput(desiredApi('http', [jwt]), both));
    expect(replacing.actions.map((action) => action.kind)).toEqual(['replace']);
    expect(replacing.unmanaged).toEqual([]);
  });

  it('refuses to decide without the routes or methods: unread is never unused', () => {
    expect(() => planApi(planInput(withPrune(desiredApi('http', [request('orders')])), live))).toThrow(/without reading what uses/);
    // Nothing to decide, nothing to read: every undeclared authorizer is protected.
    expect(pruneCandidates(withPrune(desiredApi('http', []), ['*']), live)).toEqual([]);
  });

  it('does not count what prune deletes against the quota', () => {
    const desired = { ...withPrune(desiredApi('http', [request('orders'), request('new')])), authorizerQuota: 4 };
    expect(authorizerQuotaExcesses([planInput(desired, attached(live, {}))])).toEqual([]);
    const kept = { ...desired, prune: { keep: ['*'] } };
    expect(authorizerQuotaExcesses([planInput(kept, live)]).map((excess) => excess.unmanaged)).toEqual([3]);
  });

  it("counts a replacement's temporary authorizer as the declared one it becomes, not against the quota", () => {
    const unfinished = liveApi('http', [{ id: 'au0002', ...request(replacementName('orders')) }]);
    const desired = { ...desiredApi('http', [request('orders')]), authorizerQuota: 1 };
    expect(authorizerQuotaExcesses([planInput(desired, unfinished)])).toEqual([]);
  });

  it('renders the deletion, the summary and the kept authorizers in text, Markdown and JSON', () => {
    const desired = withPrune(desiredApi('http', [request('orders')]), ['legacy-*']);
    const plan = { apis: [planApi(planInput(desired, attached(live, { au0004: ['GET /orders'] })))] };
    const text = renderPlanText(plan);
    expect(text).toContain('  # authorizer "old" will be destroyed');
    expect(text).toContain('  - authorizer "old" {');
    expect(text).toContain('      - id                             = "au0002" -> null');
    expect(text).toContain('? authorizer "in-use" (au0004) is not in the manifests: kept, because it is in use');
    expect(text).toContain('# used by 1 route: GET /orders');
    expect(text).toContain('# detach it from these routes, or declare it');
    expect(text).toContain('kept (spec.prune.keep "legacy-*")');
    expect(text).toContain('Plan: 0 to add, 0 to change, 1 to destroy.');
    const red = renderPlanText(plan, { style: { ...plainStyle, remove: (part) => `<red>${part}</red>` } });
    expect(red).toContain('  # authorizer "old" will be <red>destroyed</red>');
    expect(red).toContain('  <red>-</red> authorizer "old" {');
    const markdown = renderPlanMarkdown(plan);
    expect(markdown).toContain('**🔴 1 to destroy**');
    expect(markdown).toContain('**1 authorizer will be destroyed**');
    expect(markdown).toContain('`--allow-delete`');
    expect(markdown).toContain('| 🔴 destroy | `old` |');
    const json = planToJson(plan);
    expect(json.summary.delete).toBe(1);
    expect(json.changes[0]).toMatchObject({ action: 'delete', name: 'old', authorizerId: 'au0002' });
    expect(json.unmanaged.find((entry) => entry.name === 'in-use')?.kept).toEqual({
      reason: 'in-use',
      advice: 'detach it from these routes, or declare it',
    });
  });
});

describe('prune, as a property', () => {
  // Some names are a replacement's temporary ones (`a-gatewarden-next`): never deleted, declared or not.
  const names = fc.uniqueArray(fc.stringMatching(/^[a-c]{1,3}(-[a-c]{1,2})?(-gatewarden-next)?$/), { maxLength: 8 });
  it('deletes exactly the undeclared, unattached, unprotected authorizers, and plans nothing else for them', () => {
    fc.assert(
      fc.property(
        names,
        fc.func(fc.boolean()),
        fc.func(fc.boolean()),
        fc.array(fc.stringMatching(/^[a-c*?-]{1,4}$/), { maxLength: 3 }),
        (all, isDeclared, isAttached, keep) => {
          const declared = all.filter((name) => isDeclared(name));
          const live = attached(
            liveApi('http', all.map((name, index) => ({ id: `id${index}`, ...request(name) }))),
            Object.fromEntries(all.flatMap((name, index) => (isAttached(name) ? [[`id${index}`, [`GET /${name}`]]] : []))),
          );
          const plan = planApi(planInput(withPrune(desiredApi('http', declared.map(request)), keep), live));
          const expected = all.filter(
            (name) => !declared.includes(name) && !isAttached(name) && !keep.some((glob) => matchesGlob(glob, name)) && !name.endsWith('-gatewarden-next'),
          );
          const deleted = plan.actions.flatMap((action) => (action.kind === 'delete' ? [action.name] : []));
          expect(deleted.sort()).toEqual([...expected].sort());
          // Every live authorizer is accounted for once: declared (an action), deleted, or kept.
          const kept = plan.unmanaged.map((authorizer) => authorizer.name);
          expect([...plan.actions.map((action) => action.name), ...kept].sort()).toEqual([...all].sort());
          expect(kept.every((name) => !deleted.includes(name))).toBe(true);
        },
      ),
    );
  });
});

describe('a replacement that would leave a stage on the deleted authorizer', () => {
  const jwt = {
    name: 'main',
    authorizerType: 'JWT',
    identitySource: ['$request.header.Authorization'],
    jwtConfiguration: { issuer: 'https://issuer.example', audience: ['a'] },
  };
  const live = liveApi('http', [{ id: 'au0001', ...request('main') }]);

  it('is refused in the plan when the authorizer is in use and a stage does not deploy by itself', () => {
    const plan = planApi(planInput(desiredApi('http', [jwt]), attached(live, { au0001: ['GET /orders'] })));
    expect(plan.actions[0]).toMatchObject({ kind: 'replace', stagesLeftBehind: ['prod'] });
    expect(renderPlanText({ apis: [plan] })).toContain(
      '# refused: stage "prod" does not deploy by itself and is not in spec.afterChange.redeploy, so it would keep serving the deleted authorizer',
    );
    expect(planToJson({ apis: [plan] }).changes[0]?.stagesLeftBehind).toEqual(['prod']);
    expect(renderPlanMarkdown({ apis: [plan] })).toContain('⛔ replace (refused)');
    expect(renderPlanMarkdown({ apis: [plan] })).toContain('the replacement. **refused: stage "prod"');
  });

  it('is not refused when the stage is redeployed, or when nothing uses the authorizer', () => {
    const redeployed = planApi(planInput(desiredApi('http', [jwt], { redeploy: ['prod'] }), attached(live, { au0001: ['GET /orders'] })));
    expect(redeployed.actions[0]).not.toHaveProperty('stagesLeftBehind');
    const unused = planApi(planInput(desiredApi('http', [jwt]), attached(live, {})));
    expect(unused.actions[0]).not.toHaveProperty('stagesLeftBehind');
  });
});

describe('drift of a prune document', () => {
  const live = attached(
    liveApi('http', [
      { id: 'au0001', ...request('orders') },
      { id: 'au0002', ...request('old') },
      { id: 'au0003', ...request('in-use') },
    ]),
    { au0003: ['GET /health'] },
  );
  const report = detectDrift({ apis: [planApi(planInput(withPrune(desiredApi('http', [request('orders')])), live))] }, ignoreNothing);

  it('reports what prune would delete, as drift even without --include-unmanaged', () => {
    expect(report.apis[0]?.prunable).toEqual([{ name: 'old', authorizerId: 'au0002' }]);
    expect(report.apis[0]?.unmanaged).toEqual([{ name: 'in-use', authorizerId: 'au0003' }]);
    expect(countDrift(report)).toEqual({ drifted: 0, missing: 0, unmanaged: 1, prunable: 1 });
    expect(hasDrift(report, false)).toBe(true);
  });

  it('in text, Markdown, JSON and the drift issue', () => {
    const text = renderDriftText(report, false);
    expect(text).toContain('  - authorizer "old" (au0002) is not in the manifests: prune would destroy it (spec.prune)');
    expect(text).toContain('Drift detected: 0 drifted, 0 missing, 1 unmanaged, 1 to prune.');
    const markdown = renderDriftMarkdown(report, { includeUnmanaged: false });
    expect(markdown).toContain('**🟠 Drift: 1 authorizer differs from git** · 1 to prune');
    expect(markdown).toContain('**To prune** (in AWS, not in git, unused;');
    const json = driftToJson(report, false);
    expect(json.summary.prunable).toBe(1);
    expect(json.apis[0]?.prunable).toEqual([{ name: 'old', authorizerId: 'au0002' }]);
    expect(driftReportFromJson(json).apis[0]?.prunable).toEqual([{ name: 'old', authorizerId: 'au0002' }]);
    expect(driftItems(json)).toEqual(['orders (api0000001, eu-west-1) › old › not in git, to prune']);
    expect(driftIssueTitle(json, 'prod')).toBe('Drift: prod — 1 authorizer differs from git');
  });
});

describe('consent', () => {
  const replace = { kind: 'replace' as const, name: 'main', authorizerId: 'au0001', fields: [], replacePaths: ['authorizerType'], before: {}, after: {} };
  const remove = { kind: 'delete' as const, name: 'old', authorizerId: 'au0002', before: {} };
  const target = { apiType: 'http' as const, apiId: 'api0000001', apiName: 'orders', region: 'eu-west-1' };
  const plan = (...actions: AuthorizerAction[]): Plan => ({ apis: [{ target, actions, unmanaged: [], postActions: [], usage: [] }] });

  it('refuses deletions without --allow-delete, separately from --allow-replace', () => {
    expect(() => refuseUnconsentedChanges(plan(remove), { allowReplace: true })).toThrow(expect.objectContaining({ code: 'DELETE_NOT_ALLOWED', exitCode: 64 }));
    expect(() => refuseUnconsentedChanges(plan(remove), { allowReplace: false, allowDelete: true })).not.toThrow();
    expect(() => refuseUnconsentedChanges(plan(replace), { allowReplace: false, allowDelete: true })).toThrow(expect.objectContaining({ code: 'REPLACE_NOT_ALLOWED' }));
  });

  it('names both flags when both consents are missing', () => {
    expect(() => refuseUnconsentedChanges(plan(replace, remove), { allowReplace: false })).toThrow(
      expect.objectContaining({ code: 'REPLACE_NOT_ALLOWED', hint: expect.stringContaining('--allow-delete') }),
    );
  });

  it('refuses a replacement the plan knows would leave a stage behind, whatever the consent', () => {
    expect(() => refuseUnconsentedChanges(plan({ ...replace, stagesLeftBehind: ['prod'] }), { allowReplace: true, allowDelete: true })).toThrow(
      expect.objectContaining({ code: 'REPLACE_STAGE_NOT_REDEPLOYED' }),
    );
  });
});
