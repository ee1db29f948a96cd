/**
 * The saved-plan file format without a process: the schema against the registry, the mapping in both
 * directions, and the refusals (code, exit code, location) of files gatewarden will not apply.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import savedPlanSchema from '../../schemas/saved-plan.schema.json' with { type: 'json' };
import { SAVED_PLAN_FORMAT_VERSION, toSavedPlanFile } from '../../src/core/saved-plan-format.js';
import { planDigest } from '../../src/core/saved-plan.js';
import type { Plan } from '../../src/core/model.js';
import { RefusedPlanError, UserError } from '../../src/errors.js';
import { API_TYPE_IDS } from '../../src/families/registry.js';
import { decodeSavedPlan, parsePlanJson } from '../../src/services/saved-plan-file.js';

const RELEASED = path.join('test', 'fixtures', 'saved-plans', 'gatewarden-0.1.0.json');

/** Decodes `text` as the file `plan.json`, returning what it threw. */
function refusal(text: string): RefusedPlanError | UserError {
  try {
    decodeSavedPlan('plan.json', text, parsePlanJson('plan.json', text));
  } catch (error) {
    if (error instanceof RefusedPlanError || error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected the plan file to be refused');
}

/** The smallest valid plan file, with `extra` members added or replaced (the digest stays the empty plan's). */
function emptyPlanFile(extra: Record<string, unknown> = {}): string {
  const file = {
    kind: 'gatewarden-plan',
    formatVersion: SAVED_PLAN_FORMAT_VERSION,
    toolVersion: '0.0.0-test',
    createdAt: '2024-01-01T00:00:00.000Z',
    plan: { apis: [] },
    fingerprints: [],
    digest: planDigest({ apis: [] }, []),
    ...extra,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

describe('the saved-plan schema', () => {
  it('names exactly the API types of the registry', () => {
    expect([...savedPlanSchema.definitions.apiType.enum].sort()).toEqual([...API_TYPE_IDS].sort());
  });

  it('accepts the smallest plan file', () => {
    const text = emptyPlanFile();
    expect(decodeSavedPlan('plan.json', text, JSON.parse(text))).toEqual({
      toolVersion: '0.0.0-test',
      createdAt: '2024-01-01T00:00:00.000Z',
      plan: { apis: [] },
      fingerprints: [],
      digest: planDigest({ apis: [] }, []),
    });
  });
});

describe('the mapping between file and model', () => {
  it('reads the file gatewarden 0.1.0 wrote and maps it back to the same members', () => {
    const text = readFileSync(RELEASED, 'utf8');
    const saved = decodeSavedPlan(RELEASED, text, JSON.parse(text));
    expect(toSavedPlanFile(saved)).toEqual(JSON.parse(text));
    // Absent values (a field change from or to nothing) are absent members, never null.
    const replaced = saved.plan.apis.flatMap((api) => api.actions).find((action) => action.kind === 'replace');
    expect(replaced?.kind === 'replace' && replaced.fields.find((change) => change.path === 'authorizerUri')?.before).toBeUndefined();
    expect(text).not.toContain('null');
  });
});

describe('refused plan files', () => {
  it('a member the format does not have, at its key, with exit 4', () => {
    const error = refusal(emptyPlanFile({ approvedBy: 'me' }));
    expect(error).toBeInstanceOf(RefusedPlanError);
    expect(error).toMatchObject({ code: 'PLAN_INVALID', exitCode: 4 });
    expect(error.message.split('\n').slice(1)).toEqual(['  plan.json:11:3: approvedBy: not a member of a saved plan']);
  });

  it('a value of the wrong form, at the value', () => {
    const error = refusal(emptyPlanFile({ createdAt: 'yesterday', fingerprints: {} }));
    expect(error.message.split('\n').slice(1)).toEqual([
      '  plan.json:5:16: createdAt: must match format "date-time"',
      '  plan.json:9:19: fingerprints: expected array, found an object',
    ]);
  });

  it('another format version, before any other check', () => {
    const error = refusal(emptyPlanFile({ formatVersion: 0, plan: null }));
    expect(error).toMatchObject({ code: 'PLAN_UNSUPPORTED', exitCode: 4 });
    expect(error.message).toBe(
      'plan.json is a saved plan of format version 0 (written by gatewarden 0.0.0-test); this gatewarden reads format versions 1 and 2. Nothing was written.',
    );
  });

  it('a plan that does not match its digest', () => {
    const error = refusal(emptyPlanFile({ digest: `sha256:${'0'.repeat(64)}` }));
    expect(error).toMatchObject({ code: 'PLAN_TAMPERED', exitCode: 4 });
  });

  it('text that is not JSON, at the syntax error, with exit 1 like an unreadable file', () => {
    const error = refusal('{\n  "kind": "gatewarden-plan",\n  "plan": [1,,2]\n}\n');
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ code: 'PLAN_UNREADABLE', exitCode: 1 });
    expect(error.message).toMatch(/^plan\.json:3:14: plan\.json is not valid JSON: /);
  });
});

describe('the members of format 2', () => {
  const target = { apiType: 'rest', apiId: 'restapi001', apiName: 'legacy', region: 'eu-west-1' } as const;
  const token = (name: string, ttl: number) => ({ name, type: 'TOKEN', authorizerUri: 'arn:x', identitySource: 'method.request.header.A', authorizerResultTtlInSeconds: ttl });
  const plan: Plan = {
    apis: [
      {
        target,
        actions: [
          {
            kind: 'replace',
            name: 'main',
            authorizerId: 'main01',
            fields: [{ path: 'type', before: 'TOKEN', after: 'REQUEST' }],
            replacePaths: ['type'],
            before: token('main', 300),
            after: { ...token('main', 300), type: 'REQUEST' },
            stagesLeftBehind: ['prod'],
          },
        ],
        unmanaged: [
          { name: 'partner', authorizerId: 'part01', pruneKeeps: { reason: 'in-use' } },
          { name: 'legacy-x', authorizerId: 'lega01', pruneKeeps: { reason: 'keep-glob', glob: 'legacy-*' } },
          { name: 'plain', authorizerId: 'plai01' },
        ],
        postActions: [
          { kind: 'redeploy', stage: 'prod', lagging: [{ name: 'main', fields: [{ path: 'authorizerResultTtlInSeconds', before: 300, after: 60 }] }] },
          { kind: 'reset-cache', stage: 'prod' },
        ],
        usage: [{ authorizerId: 'main01', name: 'main', count: 12, first: ['GET /pets', 'POST /pets'] }],
      },
    ],
  };

  it('round-trip what uses an authorizer, why one is kept, why a stage is redeployed and which stages a replacement leaves behind', () => {
    const saved = { toolVersion: '0.0.0-test', createdAt: '2024-01-01T00:00:00.000Z', plan, fingerprints: [], digest: planDigest(plan, []) };
    const text = `${JSON.stringify(toSavedPlanFile(saved), null, 2)}\n`;
    const read = decodeSavedPlan('plan.json', text, JSON.parse(text));
    expect(read.plan).toEqual(plan);
    expect(JSON.parse(text)).toMatchObject({ formatVersion: 2, plan: { apis: [{ usage: plan.apis[0]?.usage, unmanaged: [{ kept: { reason: 'in-use' } }, {}, { name: 'plain' }] }] } });
  });

  it('are absent where the plan has nothing to say, as in a format 1 file', () => {
    const quiet: Plan = { apis: [{ target, actions: [], unmanaged: [{ name: 'plain', authorizerId: 'plai01' }], postActions: [{ kind: 'redeploy', stage: 'prod' }], usage: [] }] };
    const file = toSavedPlanFile({ toolVersion: '0', createdAt: '2024-01-01T00:00:00.000Z', plan: quiet, fingerprints: [], digest: planDigest(quiet, []) });
    expect(file.plan.apis[0]).toEqual({ target, actions: [], unmanaged: [{ name: 'plain', authorizerId: 'plai01' }], postActions: [{ kind: 'redeploy', stage: 'prod' }] });
  });
});
