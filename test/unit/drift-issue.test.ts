/** The drift issue's pure decision and markers, and the drift report file it reads. */
import { describe, expect, it } from 'vitest';
import type { ApiDrift, DriftReport } from '../../src/core/drift.js';
import { decideDriftIssue, driftIssueDigest, type DriftIssueInput, type IssueSnapshot } from '../../src/github/drift-issue/decide.js';
import { readMarkers } from '../../src/github/drift-issue/marker.js';
import { driftReportFromJson, driftToJson, parseDriftJson } from '../../src/render/drift-json.js';

const target = { apiType: 'http' as const, apiId: 'a1b2c3', apiName: 'orders', region: 'eu-west-1' };

function apiDrift(overrides: Partial<ApiDrift> = {}): ApiDrift {
  return { target, drifted: [], missing: [], unmanaged: [], prunable: [], lagging: [], ...overrides };
}

const ttlDrift = apiDrift({
  drifted: [{ name: 'jwt-main', authorizerId: 'au1', fields: [{ path: 'authorizerResultTtlInSeconds', expected: 300, actual: 60 }] }],
});
const ttlAndMissing = apiDrift({ ...ttlDrift, missing: ['partners'] });
const inSync = apiDrift();

function json(api: ApiDrift, includeUnmanaged = false) {
  const report: DriftReport = { apis: [api] };
  return driftToJson(report, includeUnmanaged);
}

const NOW = new Date('2026-03-01T12:00:00Z');

function input(overrides: Partial<DriftIssueInput> & Pick<DriftIssueInput, 'report'>): DriftIssueInput {
  return { environment: 'prod', issues: [], now: NOW, labels: ['drift'], runUrl: 'https://github.com/acme/gw/actions/runs/1', ...overrides };
}

/** An issue exactly as an earlier decision would have written it. */
function issueFor(number: number, api: ApiDrift, overrides: Partial<IssueSnapshot> = {}): IssueSnapshot {
  const decision = decideDriftIssue(input({ report: json(api) }));
  if (decision.action.kind !== 'create') throw new Error('expected a create');
  return { number, title: decision.action.title, body: decision.action.body, state: 'open', createdAt: '2026-02-01T00:00:00Z', closedAt: null, ...overrides };
}

describe('decideDriftIssue', () => {
  it('creates an issue when there is drift and none is open', () => {
    const { action, duplicates } = decideDriftIssue(input({ report: json(ttlAndMissing) }));
    expect(duplicates).toEqual([]);
    expect(action.kind).toBe('create');
    if (action.kind !== 'create') return;
    expect(action.title).toBe('Drift: prod — 2 authorizers differ from git');
    expect(action.labels).toEqual(['drift']);
    expect(action.body.startsWith('<!-- gatewarden:drift env=prod -->\n<!-- gatewarden:drift-digest sha256:')).toBe(true);
    expect(action.body).toContain('| `jwt-main` | `authorizerResultTtlInSeconds` | `300` | `60` |');
    expect(action.body.length).toBeLessThan(65_536);
    expect(readMarkers(action.body)).toMatchObject({ environment: 'prod', digest: driftIssueDigest(json(ttlAndMissing)) });
  });

  it('does nothing while the drift is unchanged', () => {
    const open = issueFor(7, ttlDrift);
    const { action } = decideDriftIssue(input({ report: json(ttlDrift), issues: [open] }));
    expect(action).toMatchObject({ kind: 'none', issue: 7 });
  });

  it('updates the open issue and comments the delta when the drift changes', () => {
    const open = issueFor(7, ttlDrift);
    const { action } = decideDriftIssue(input({ report: json(ttlAndMissing), issues: [open] }));
    expect(action).toMatchObject({ kind: 'update', issue: 7, reopen: false, title: 'Drift: prod — 2 authorizers differ from git' });
    if (action.kind !== 'update') return;
    expect(action.comment).toContain('**New**\n- `orders (a1b2c3, eu-west-1) › partners › missing from AWS`');
    expect(action.comment).toContain('1 still drifted');
    expect(readMarkers(action.body).digest).toBe(driftIssueDigest(json(ttlAndMissing)));
  });

  it('closes the open issue with a comment when AWS matches git again', () => {
    const open = issueFor(7, ttlDrift);
    const { action } = decideDriftIssue(input({ report: json(inSync), issues: [open] }));
    expect(action).toMatchObject({ kind: 'close', issue: 7 });
    if (action.kind !== 'close') return;
    expect(action.comment).toContain('AWS matches git again');
    expect(action.body).toContain('**Resolved**');
    expect(action.body).toContain('`authorizerResultTtlInSeconds`'); // the last drift stays readable
    expect(readMarkers(action.body).digest).toBe(driftIssueDigest(json(inSync)));
  });

  it('does nothing when in sync and nothing is open', () => {
    expect(decideDriftIssue(input({ report: json(inSync) })).action.kind).toBe('none');
  });

  it('keeps the oldest open issue and closes the others as duplicates', () => {
    const issues = [issueFor(12, ttlDrift), issueFor(5, ttlDrift), issueFor(9, ttlDrift)];
    const { action, duplicates } = decideDriftIssue(input({ report: json(ttlDrift), issues }));
    expect(action).toMatchObject({ kind: 'none', issue: 5 });
    expect(duplicates.map((duplicate) => duplicate.issue)).toEqual([9, 12]);
    expect(duplicates[0]?.comment).toContain('duplicate of #5');
    expect(readMarkers(duplicates[0]?.body ?? '')).toEqual({});
  });

  it('ignores issues of other environments and issues without the marker', () => {
    const staging = { ...issueFor(3, ttlDrift), body: issueFor(3, ttlDrift).body.replace('env=prod', 'env=staging') };
    const foreign: IssueSnapshot = { ...issueFor(4, ttlDrift), body: 'A person wrote this.\n<!-- gatewarden:drift env=prod -->' };
    const { action, duplicates } = decideDriftIssue(input({ report: json(ttlDrift), issues: [staging, foreign] }));
    expect(action.kind).toBe('create');
    expect(duplicates).toEqual([]);
  });

  it('reopens a recently closed issue when the drift comes back', () => {
    const resolved = decideDriftIssue(input({ report: json(inSync), issues: [issueFor(7, ttlDrift)] })).action;
    if (resolved.kind !== 'close') throw new Error('expected a close');
    const closed: IssueSnapshot = { ...issueFor(7, ttlDrift), body: resolved.body, state: 'closed', closedAt: '2026-02-25T00:00:00Z' };
    const { action } = decideDriftIssue(input({ report: json(ttlDrift), issues: [closed] }));
    expect(action).toMatchObject({ kind: 'update', issue: 7, reopen: true });
  });

  it('opens a new issue when the last one was closed long ago', () => {
    const closed: IssueSnapshot = { ...issueFor(7, ttlAndMissing), state: 'closed', closedAt: '2025-01-01T00:00:00Z' };
    expect(decideDriftIssue(input({ report: json(ttlDrift), issues: [closed] })).action.kind).toBe('create');
  });

  it('does not fight a person who closed the issue while the same drift persisted', () => {
    const closed: IssueSnapshot = { ...issueFor(7, ttlDrift), state: 'closed', closedAt: '2026-02-28T00:00:00Z' };
    const { action } = decideDriftIssue(input({ report: json(ttlDrift), issues: [closed] }));
    expect(action).toMatchObject({ kind: 'none', issue: 7 });
    expect(decideDriftIssue(input({ report: json(ttlAndMissing), issues: [closed] })).action).toMatchObject({ kind: 'update', reopen: true });
  });

  it('leaves unmanaged authorizers out of the digest unless they count as drift', () => {
    const withUnmanaged = apiDrift({ ...ttlDrift, unmanaged: [{ name: 'hand-made', authorizerId: 'au9' }] });
    expect(driftIssueDigest(json(withUnmanaged))).toBe(driftIssueDigest(json(ttlDrift)));
    expect(driftIssueDigest(json(withUnmanaged, true))).not.toBe(driftIssueDigest(json(ttlDrift, true)));
    expect(driftIssueDigest(json(withUnmanaged, true))).toBe(json(withUnmanaged, true).digest);
  });

  it('rejects environment names that could break markers', () => {
    expect(() => decideDriftIssue(input({ report: json(ttlDrift), environment: 'prod -->' }))).toThrow(/not a valid environment/);
  });

  it('reads markers only from the first lines of the body', () => {
    expect(readMarkers('text\n<!-- gatewarden:drift env=prod -->')).toEqual({});
    expect(readMarkers('<!-- gatewarden:drift env=prod -->\r\n<!-- gatewarden:drift-digest sha256:ab -->\r\nrest')).toEqual({
      environment: 'prod',
      digest: 'sha256:ab',
    });
  });
});

describe('parseDriftJson', () => {
  it('accepts what driftToJson writes and round-trips it into a report', () => {
    const written = JSON.parse(JSON.stringify(json(ttlAndMissing))) as unknown;
    const parsed = parseDriftJson(written);
    expect(driftReportFromJson(parsed)).toEqual({ apis: [ttlAndMissing] });
  });

  it('names what is wrong with anything else', () => {
    expect(() => parseDriftJson([])).toThrow(/not a JSON object/);
    expect(() => parseDriftJson({ ...json(ttlDrift), formatVersion: 2 })).toThrow(/formatVersion/);
    expect(() => parseDriftJson({ ...json(ttlDrift), apis: [{ ...json(ttlDrift).apis[0], apiType: 'grpc' }] })).toThrow(/apiType/);
  });
});
