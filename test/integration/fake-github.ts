/**
 * Just enough of GitHub's REST API on 127.0.0.1 for gatewarden's github commands: issues (pull
 * requests are issues too, lists are paged with a Link header), issue and pull request comments,
 * and the pull requests that merged a commit. Keeps everything in memory and checks the token.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const REPOSITORY = 'acme/gateway-config';
export const TOKEN = 'test-token';

export interface FakeIssue {
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
export class FakeGitHub {
  readonly issues: FakeIssue[] = [];
  readonly comments: { id: number; issue: number; body: string }[] = [];
  /** Commit SHA → the pull requests that merged it (GitHub's commits/{sha}/pulls). */
  readonly merged = new Map<string, number[]>();
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
    const pulls = new RegExp(`^/repos/${REPOSITORY}/commits/([0-9a-f]+)/pulls$`).exec(url.pathname);
    if (request.method === 'GET' && pulls) {
      return send(200, (this.merged.get(pulls[1] ?? '') ?? []).map((number) => ({ number, merged_at: this.timestamp() })));
    }
    const commentId = new RegExp(`^${base}/comments/(\\d+)$`).exec(url.pathname);
    if (commentId) {
      const comment = this.comments.find((candidate) => candidate.id === Number(commentId[1]));
      if (!comment || request.method !== 'PATCH') return send(404, { message: 'Not Found' });
      this.writes.push(`edit comment ${comment.id}`);
      comment.body = String(body.body);
      return send(200, this.commentView(comment));
    }
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
    if (request.method === 'GET' && numbered?.[2]) {
      return send(200, this.comments.filter((comment) => comment.issue === issue.number).map((comment) => this.commentView(comment)));
    }
    if (request.method === 'POST' && numbered?.[2]) {
      this.writes.push(`comment #${issue.number}`);
      const comment = { id: this.comments.length + 1, issue: issue.number, body: String(body.body) };
      this.comments.push(comment);
      return send(201, this.commentView(comment));
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

  private commentView(comment: { id: number; issue: number; body: string }): Record<string, unknown> {
    return { id: comment.id, body: comment.body, html_url: `https://github.com/${REPOSITORY}/issues/${comment.issue}#issuecomment-${comment.id}` };
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
