/**
 * The drift-issue flow against a fake GitHub REST server on 127.0.0.1 (./fake-github.ts): real HTTP
 * through the real client, the real decision and the real command.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import GithubDriftIssue from '../../src/commands/github/drift-issue.js';
import type { ApiDrift } from '../../src/core/drift.js';
import { syncDriftIssue } from '../../src/github/drift-issue/service.js';
import { GitHubApiError, GitHubClient } from '../../src/github/github-api.js';
import { driftToJson, type DriftJson } from '../../src/render/drift-json.js';
import { FakeGitHub, REPOSITORY, TOKEN } from './fake-github.js';

// ---------------------------------------------------------------------------------------------

const target = { apiType: 'http' as const, apiId: 'a1b2c3', apiName: 'orders', region: 'eu-west-1' };
const ttl: ApiDrift = {
  target,
  drifted: [{ name: 'jwt-main', authorizerId: 'au1', fields: [{ path: 'authorizerResultTtlInSeconds', expected: 300, actual: 60 }] }],
  missing: [],
  unmanaged: [],
  prunable: [],
  lagging: [],
};
const ttlAndMissing: ApiDrift = { ...ttl, missing: ['partners'] };
const inSync: ApiDrift = { target, drifted: [], missing: [], unmanaged: [], prunable: [], lagging: [] };

const report = (api: ApiDrift): DriftJson => driftToJson({ apis: [api] }, false);

let github: FakeGitHub;
let apiUrl: string;

beforeEach(async () => {
  github = new FakeGitHub();
  apiUrl = await github.start();
});

afterEach(async () => {
  await github.stop();
  vi.restoreAllMocks();
});

function client(token = TOKEN): GitHubClient {
  return new GitHubClient({ apiUrl, token, repository: REPOSITORY });
}

function sync(api: ApiDrift, environment = 'prod') {
  return syncDriftIssue(client(), { report: report(api), environment, label: 'drift', now: new Date() });
}

describe('syncDriftIssue against a GitHub server', () => {
  it('creates the issue once, and does not duplicate it when re-run with the same drift', async () => {
    const first = await sync(ttl);
    expect(first).toMatchObject({ action: 'create', issue: 1, url: `https://github.com/${REPOSITORY}/issues/1` });
    const second = await sync(ttl);
    expect(second).toMatchObject({ action: 'none', issue: 1 });
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]?.title).toBe('Drift: prod — 1 authorizer differs from git');
    expect(github.issues[0]?.labels).toEqual([{ name: 'drift' }]);
    expect(github.comments).toEqual([]);
    expect(github.writes).toEqual(['create']);
  });

  it('updates the issue and comments once when the drift changes', async () => {
    await sync(ttl);
    const changed = await sync(ttlAndMissing);
    expect(changed).toMatchObject({ action: 'update', issue: 1, reopened: false });
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]?.title).toBe('Drift: prod — 2 authorizers differ from git');
    expect(github.issues[0]?.body).toContain('**Missing from AWS** (declared in git): `partners`');
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]?.body).toContain('partners › missing from AWS');
    expect((await sync(ttlAndMissing)).action).toBe('none');
    expect(github.comments).toHaveLength(1);
  });

  it('closes the issue when AWS matches git, and reopens the same issue when the drift comes back', async () => {
    await sync(ttl);
    const closed = await sync(inSync);
    expect(closed).toMatchObject({ action: 'close', issue: 1 });
    expect(github.issues[0]).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(github.comments.map((comment) => comment.body).join()).toContain('AWS matches git again');
    expect(github.writes).toEqual(['create', 'comment #1', 'update #1 closed']);

    expect((await sync(inSync)).action).toBe('none');
    const back = await sync(ttl);
    expect(back).toMatchObject({ action: 'update', issue: 1, reopened: true });
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]).toMatchObject({ state: 'open', state_reason: 'reopened' });
  });

  it('keeps the oldest open issue and closes extra ones as duplicates', async () => {
    await sync(ttl);
    // Two more issues carrying the same marker, e.g. from runs that raced before concurrency was set.
    const body = github.issues[0]?.body ?? '';
    github.seed({ title: 'Drift: prod — copy', body });
    github.seed({ title: 'Drift: prod — copy 2', body });
    github.pageSize = 2; // the three open issues now span two pages
    const outcome = await sync(ttl);
    expect(outcome).toMatchObject({ action: 'none', issue: 1, duplicatesClosed: [2, 3] });
    expect(github.open().map((issue) => issue.number)).toEqual([1]);
    expect(github.issues[1]).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
    expect(github.comments.filter((comment) => comment.issue === 2)[0]?.body).toContain('duplicate of #1');
    // Closed duplicates lose the marker, so that they are never mistaken for the environment's issue.
    expect((await sync(inSync)).action).toBe('close');
    expect((await sync(ttl))).toMatchObject({ action: 'update', issue: 1, reopened: true });
  });

  it('ignores pull requests, other environments and unmarked issues carrying the label', async () => {
    await sync(ttl, 'staging');
    github.seed({ title: 'A pull request', body: github.issues[0]?.body.replace('env=staging', 'env=prod') ?? '', pull_request: { url: 'x' } });
    github.seed({ title: 'Someone reported drift by hand', body: 'The TTL looks wrong.' });
    expect(await sync(ttl)).toMatchObject({ action: 'create', issue: 4 });
    expect(github.open()).toHaveLength(3);
  });

  it('writes nothing in a dry run', async () => {
    const outcome = await syncDriftIssue(client(), { report: report(ttl), environment: 'prod', label: 'drift', now: new Date(), dryRun: true });
    expect(outcome).toMatchObject({ action: 'create', dryRun: true, message: 'Would create an issue: Drift: prod — 1 authorizer differs from git' });
    expect(github.writes).toEqual([]);
  });

  it("reports GitHub's refusal with the status and a hint", async () => {
    const refused = syncDriftIssue(client('wrong'), { report: report(ttl), environment: 'prod', label: 'drift', now: new Date() });
    await expect(refused).rejects.toBeInstanceOf(GitHubApiError);
    await expect(refused).rejects.toMatchObject({ status: 401, message: expect.stringContaining('Bad credentials') as string });
  });
});

describe('gatewarden github drift-issue', () => {
  const saved = { ...process.env };

  afterEach(() => {
    process.env = { ...saved };
  });

  function writeReport(api: ApiDrift): string {
    const file = join(mkdtempSync(join(tmpdir(), 'gatewarden-drift-')), 'drift.json');
    writeFileSync(file, `${JSON.stringify(report(api), null, 2)}\n`);
    return file;
  }

  async function runCommand(argv: string[]): Promise<unknown> {
    process.env.GITHUB_TOKEN = TOKEN;
    process.env.GITHUB_REPOSITORY = REPOSITORY;
    process.env.GITHUB_API_URL = apiUrl;
    process.env.GITHUB_SERVER_URL = 'https://github.com';
    process.env.GITHUB_RUN_ID = '4242';
    // The command prints its JSON result; keep the test output quiet.
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    return GithubDriftIssue.run([...argv, '--json'], join(import.meta.dirname, '..', '..'));
  }

  it('reads the report, decides and performs the change through the GitHub API', async () => {
    const file = writeReport(ttl);
    expect(await runCommand(['--report', file, '--environment', 'prod'])).toMatchObject({ action: 'create', issue: 1 });
    expect(github.issues[0]?.body).toContain(`https://github.com/${REPOSITORY}/actions/runs/4242`);
    expect(await runCommand(['--report', file, '--environment', 'prod'])).toMatchObject({ action: 'none', issue: 1 });
    expect(await runCommand(['--report', writeReport(inSync), '--environment', 'prod', '--label', 'drift'])).toMatchObject({
      action: 'close',
      issue: 1,
    });
    expect(github.issues).toHaveLength(1);
  });
});
