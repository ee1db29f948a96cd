/**
 * The drift-issue flow against a fake GitHub REST server on 127.0.0.1: real HTTP through the real
 * client, the real decision and the real command. The fake keeps issues and comments in memory,
 * pages its lists (with a Link header) and checks the token.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import GithubDriftIssue from '../../src/commands/github/drift-issue.js';
import type { ApiDrift } from '../../src/core/drift.js';
import { syncDriftIssue } from '../../src/github/drift-issue/service.js';
import { GitHubApiError, GitHubClient } from '../../src/github/github-api.js';
import { driftToJson, type DriftJson } from '../../src/render/json.js';

const REPOSITORY = 'acme/gateway-config';
const TOKEN = 'test-token';

interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason: string | null;
  labels: { name: string }[];
  created_at: string;
  closed_at: string | null;
  pull_request?: { url: string };
}

/** Just enough of GitHub's issues API, with its quirks: pull requests are issues too, lists are paged. */
class FakeGitHub {
  readonly issues: FakeIssue[] = [];
  readonly comments: { issue: number; body: string }[] = [];
  readonly writes: string[] = [];
  pageSize = 100;
  private server: Server | undefined;
  private tick = 0;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      void this.handle(request, response);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.server?.close((error) => (error ? reject(error) : resolve())));
  }

  /** Timestamps one second apart, ending now, so that "recently closed" means what it says. */
  private timestamp(): string {
    this.tick += 1;
    return new Date(Date.now() - 3_600_000 + this.tick * 1000).toISOString();
  }

  seed(issue: Partial<FakeIssue> & Pick<FakeIssue, 'title' | 'body'>): FakeIssue {
    const created: FakeIssue = {
      number: this.issues.length + 1,
      state: 'open',
      state_reason: null,
      labels: [{ name: 'drift' }],
      created_at: this.timestamp(),
      closed_at: null,
      ...issue,
    };
    this.issues.push(created);
    return created;
  }

  open(): FakeIssue[] {
    return this.issues.filter((issue) => issue.state === 'open' && !issue.pull_request);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { message: 'Bad credentials' });
    if (request.headers['x-github-api-version'] !== '2022-11-28') return send(400, { message: 'missing API version' });
    const base = `/repos/${REPOSITORY}/issues`;
    const body = await readBody(request);
    const numbered = new RegExp(`^${base}/(\\d+)(/comments)?$`).exec(url.pathname);

    if (request.method === 'GET' && url.pathname === base) return this.list(url, send);
    if (request.method === 'POST' && url.pathname === base) {
      this.writes.push('create');
      const issue = this.seed({
        title: String(body.title),
        body: String(body.body),
        labels: (body.labels as string[]).map((name) => ({ name })),
      });
      return send(201, this.view(issue));
    }
    const issue = numbered ? this.issues.find((candidate) => candidate.number === Number(numbered[1])) : undefined;
    if (!issue) return send(404, { message: 'Not Found' });
    if (request.method === 'POST' && numbered?.[2]) {
      this.writes.push(`comment #${issue.number}`);
      this.comments.push({ issue: issue.number, body: String(body.body) });
      return send(201, { id: this.comments.length, body: body.body });
    }
    if (request.method === 'PATCH' && !numbered?.[2]) {
      this.writes.push(`update #${issue.number}${body.state ? ` ${String(body.state)}` : ''}`);
      if (typeof body.title === 'string') issue.title = body.title;
      if (typeof body.body === 'string') issue.body = body.body;
      if (body.state === 'closed' && issue.state === 'open') issue.closed_at = this.timestamp();
      if (body.state === 'open') issue.closed_at = null;
      if (body.state === 'open' || body.state === 'closed') issue.state = body.state;
      if (typeof body.state_reason === 'string') issue.state_reason = body.state_reason;
      return send(200, this.view(issue));
    }
    return send(405, { message: 'Method not allowed' });
  }

  private list(url: URL, send: (status: number, body: unknown, headers?: Record<string, string>) => void): void {
    const label = url.searchParams.get('labels');
    const state = url.searchParams.get('state');
    const sortKey = url.searchParams.get('sort') === 'updated' ? 'closed_at' : 'created_at';
    const direction = url.searchParams.get('direction') === 'desc' ? -1 : 1;
    const matching = this.issues
      .filter((issue) => issue.labels.some((candidate) => candidate.name === label) && (state === 'all' || issue.state === state))
      .sort((a, b) => direction * String(a[sortKey] ?? a.created_at).localeCompare(String(b[sortKey] ?? b.created_at)));
    const page = Number(url.searchParams.get('page') ?? '1');
    const items = matching.slice((page - 1) * this.pageSize, page * this.pageSize);
    const more = page * this.pageSize < matching.length;
    const next = new URL(url.href);
    next.searchParams.set('page', String(page + 1));
    const origin = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
    send(200, items.map((issue) => this.view(issue)), more ? { link: `<${origin}${next.pathname}${next.search}>; rel="next"` } : {});
  }

  private view(issue: FakeIssue): Record<string, unknown> {
    return { ...issue, html_url: `https://github.com/${REPOSITORY}/issues/${issue.number}` };
  }
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

// ---------------------------------------------------------------------------------------------

const target = { apiType: 'http' as const, apiId: 'a1b2c3', apiName: 'orders', region: 'eu-west-1' };
const ttl: ApiDrift = {
  target,
  drifted: [{ name: 'jwt-main', authorizerId: 'au1', fields: [{ path: 'authorizerResultTtlInSeconds', expected: 300, actual: 60 }] }],
  missing: [],
  unmanaged: [],
};
const ttlAndMissing: ApiDrift = { ...ttl, missing: ['partners'] };
const inSync: ApiDrift = { target, drifted: [], missing: [], unmanaged: [] };

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
