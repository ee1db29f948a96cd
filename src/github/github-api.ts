/**
 * A thin client for the few GitHub REST calls the drift workflow needs, over global `fetch`.
 * It is given its base URL, token and repository: only commands read the environment.
 */
import { GatewardenError, ExitCode } from '../errors.js';

export interface GitHubClientOptions {
  /** `GITHUB_API_URL` in Actions; https://api.github.com for github.com. No trailing slash needed. */
  readonly apiUrl: string;
  readonly token: string;
  /** `owner/name`, as in `GITHUB_REPOSITORY`. */
  readonly repository: string;
  /** For tests and proxies; defaults to the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Stops runaway pagination; 10 pages of 100 is far more than one label should ever carry. */
  readonly maxPages?: number;
}

export type IssueState = 'open' | 'closed';
/** Why an issue was closed, as GitHub records it. */
export type StateReason = 'completed' | 'not_planned' | 'reopened';

export interface GitHubIssue {
  readonly number: number;
  readonly title: string;
  readonly body: string;
  readonly state: IssueState;
  readonly createdAt: string;
  readonly closedAt: string | null;
  readonly htmlUrl: string;
  readonly labels: readonly string[];
}

export interface GitHubComment {
  readonly id: number;
  readonly body: string;
  readonly htmlUrl: string;
}

export interface ListIssuesQuery {
  readonly label: string;
  readonly state: IssueState;
  /** Open issues oldest first (which one to keep); closed ones most recently updated first. */
  readonly sort?: 'created' | 'updated';
  readonly direction?: 'asc' | 'desc';
  /** Fetch only the first page (e.g. the most recently closed issues). */
  readonly firstPageOnly?: boolean;
  readonly perPage?: number;
}

export interface IssuePatch {
  readonly title?: string;
  readonly body?: string;
  readonly state?: IssueState;
  readonly stateReason?: StateReason;
}

/** GitHub refused or could not be reached. The hint names the usual cause for the status. */
export class GitHubApiError extends GatewardenError {
  readonly code = 'GITHUB_API';
  readonly exitCode = ExitCode.error;
  constructor(
    message: string,
    readonly status: number | undefined,
    details: { hint?: string; cause?: unknown } = {},
  ) {
    super(message, details);
  }
}

const API_VERSION = '2022-11-28';

/** The issue calls the drift workflow makes: the port `syncDriftIssue` receives (a fake server in tests). */
export type IssueTracker = Pick<GitHubClient, 'listIssues' | 'createIssue' | 'updateIssue' | 'addComment'>;

export class GitHubClient {
  private readonly apiUrl: string;
  private readonly owner: string;
  private readonly repo: string;
  private readonly fetchImpl: typeof fetch;
  private readonly maxPages: number;

  constructor(private readonly options: GitHubClientOptions) {
    const [owner, repo, ...rest] = options.repository.split('/');
    if (!owner || !repo || rest.length > 0) {
      throw new GitHubApiError(`"${options.repository}" is not a repository name of the form owner/name.`, undefined, {
        hint: 'GITHUB_REPOSITORY is set by GitHub Actions; outside Actions, set it yourself.',
      });
    }
    this.owner = owner;
    this.repo = repo;
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
    this.maxPages = options.maxPages ?? 10;
  }

  /** Issues (never pull requests, which the same endpoint also lists) carrying the label. */
  async listIssues(query: ListIssuesQuery): Promise<GitHubIssue[]> {
    const params = new URLSearchParams({
      labels: query.label,
      state: query.state,
      sort: query.sort ?? 'created',
      direction: query.direction ?? 'asc',
      per_page: String(query.perPage ?? 100),
    });
    let url: string | undefined = `${this.repoUrl()}/issues?${params.toString()}`;
    const issues: GitHubIssue[] = [];
    for (let page = 0; url && page < (query.firstPageOnly ? 1 : this.maxPages); page += 1) {
      const response = await this.request('GET', url);
      const items = (await readJson(response)) as unknown;
      if (!Array.isArray(items)) throw new GitHubApiError('GitHub answered the issue list with something that is not a list.', response.status);
      issues.push(...items.filter((item) => !isPullRequest(item)).map(toIssue));
      url = this.sameOrigin(nextPage(response.headers.get('link')));
    }
    return issues;
  }

  async createIssue(issue: { title: string; body: string; labels: readonly string[] }): Promise<GitHubIssue> {
    const response = await this.request('POST', `${this.repoUrl()}/issues`, issue);
    return toIssue(await readJson(response));
  }

  async updateIssue(number: number, patch: IssuePatch): Promise<GitHubIssue> {
    const body = {
      ...(patch.title === undefined ? {} : { title: patch.title }),
      ...(patch.body === undefined ? {} : { body: patch.body }),
      ...(patch.state === undefined ? {} : { state: patch.state }),
      ...(patch.stateReason === undefined ? {} : { state_reason: patch.stateReason }),
    };
    const response = await this.request('PATCH', `${this.repoUrl()}/issues/${number}`, body);
    return toIssue(await readJson(response));
  }

  async addComment(number: number, body: string): Promise<void> {
    await this.createComment(number, body);
  }

  async createComment(number: number, body: string): Promise<GitHubComment> {
    const response = await this.request('POST', `${this.repoUrl()}/issues/${number}/comments`, { body });
    return toComment(await readJson(response));
  }

  async updateComment(id: number, body: string): Promise<GitHubComment> {
    const response = await this.request('PATCH', `${this.repoUrl()}/issues/comments/${id}`, { body });
    return toComment(await readJson(response));
  }

  /** Pull requests whose merge brought the commit in (GitHub's "commits/{sha}/pulls"). */
  async pullRequestsForCommit(sha: string): Promise<{ number: number; mergedAt?: string }[]> {
    const response = await this.request('GET', `${this.repoUrl()}/commits/${encodeURIComponent(sha)}/pulls`);
    const items = (await readJson(response)) as unknown;
    if (!Array.isArray(items)) throw new GitHubApiError('GitHub answered the pull request list with something that is not a list.', response.status);
    return items.flatMap((item: unknown) => {
      const pull = item as { number?: unknown; merged_at?: unknown };
      if (typeof pull.number !== 'number') return [];
      return [{ number: pull.number, ...(typeof pull.merged_at === 'string' ? { mergedAt: pull.merged_at } : {}) }];
    });
  }

  /** The bodies of an issue's or pull request's comments, oldest first, all pages. */
  async listCommentBodies(number: number): Promise<string[]> {
    return (await this.listCommentItems(number)).map((item) => String((item as { body?: unknown }).body ?? ''));
  }

  /** An issue's or pull request's comments with their ids, oldest first, all pages. */
  async listComments(number: number): Promise<GitHubComment[]> {
    return (await this.listCommentItems(number)).map(toComment);
  }

  private async listCommentItems(number: number): Promise<unknown[]> {
    let url: string | undefined = `${this.repoUrl()}/issues/${number}/comments?per_page=100`;
    const comments: unknown[] = [];
    for (let page = 0; url && page < this.maxPages; page += 1) {
      const response = await this.request('GET', url);
      const items = (await readJson(response)) as unknown;
      if (!Array.isArray(items)) throw new GitHubApiError('GitHub answered the comment list with something that is not a list.', response.status);
      comments.push(...(items as unknown[]));
      url = this.sameOrigin(nextPage(response.headers.get('link')));
    }
    return comments;
  }

  async closeIssue(number: number, reason: Exclude<StateReason, 'reopened'>): Promise<GitHubIssue> {
    return this.updateIssue(number, { state: 'closed', stateReason: reason });
  }

  /** The token goes with every request: never follow a pagination link to another host. */
  private sameOrigin(url: string | undefined): string | undefined {
    if (url === undefined) return undefined;
    if (new URL(url).origin !== new URL(this.apiUrl).origin) {
      throw new GitHubApiError(`GitHub's pagination pointed to another host (${new URL(url).origin}); not following it.`, undefined);
    }
    return url;
  }

  private repoUrl(): string {
    return `${this.apiUrl}/repos/${encodeURIComponent(this.owner)}/${encodeURIComponent(this.repo)}`;
  }

  private async request(method: string, url: string, body?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${this.options.token}`,
          'user-agent': 'gatewarden',
          'x-github-api-version': API_VERSION,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (cause) {
      throw new GitHubApiError(`Could not reach GitHub at ${this.apiUrl}: ${errorMessage(cause)}`, undefined, {
        hint: 'Check GITHUB_API_URL and the network.',
        cause,
      });
    }
    if (!response.ok) throw await refusal(method, url, response);
    return response;
  }
}

async function refusal(method: string, url: string, response: Response): Promise<GitHubApiError> {
  const text = await response.text().catch(() => '');
  const message = parseMessage(text);
  const path = new URL(url).pathname;
  return new GitHubApiError(
    `GitHub refused ${method} ${path} with ${response.status}${message ? `: ${message}` : ''}`,
    response.status,
    { hint: hintFor(response.status) },
  );
}

/** The usual reason behind each status, for a token issued to a workflow. */
function hintFor(status: number): string | undefined {
  switch (status) {
    case 401:
      return 'The token is missing, expired or invalid: pass GITHUB_TOKEN: ${{ github.token }} to the step.';
    case 403:
      return 'The token lacks a permission (the job needs "issues: write"), or a rate limit was hit.';
    case 404:
      return 'The repository was not found with this token: check GITHUB_REPOSITORY and the token\'s access.';
    case 410:
      return 'Issues are disabled for this repository.';
    case 422:
      return 'GitHub rejected the request body (e.g. a body longer than 65,536 characters).';
    default:
      return status >= 500 ? 'GitHub had a problem; re-run the job.' : undefined;
  }
}

function parseMessage(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : undefined;
  } catch {
    return text.trim().slice(0, 200) || undefined;
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch (cause) {
    throw new GitHubApiError('GitHub answered with something that is not JSON.', response.status, { cause });
  }
}

/** `Link: <https://…&page=2>; rel="next", <…>; rel="last"` */
export function nextPage(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

function isPullRequest(item: unknown): boolean {
  return typeof item === 'object' && item !== null && 'pull_request' in item;
}

function toComment(value: unknown): GitHubComment {
  if (typeof value !== 'object' || value === null) throw new GitHubApiError('GitHub answered with a comment that is not an object.', undefined);
  const item = value as Record<string, unknown>;
  if (typeof item.id !== 'number') throw new GitHubApiError('GitHub answered with a comment without an id.', undefined);
  return {
    id: item.id,
    body: typeof item.body === 'string' ? item.body : '',
    htmlUrl: typeof item.html_url === 'string' ? item.html_url : '',
  };
}

function toIssue(value: unknown): GitHubIssue {
  if (typeof value !== 'object' || value === null) throw new GitHubApiError('GitHub answered with an issue that is not an object.', undefined);
  const item = value as Record<string, unknown>;
  if (typeof item.number !== 'number') throw new GitHubApiError('GitHub answered with an issue without a number.', undefined);
  return {
    number: item.number,
    title: typeof item.title === 'string' ? item.title : '',
    body: typeof item.body === 'string' ? item.body : '',
    state: item.state === 'closed' ? 'closed' : 'open',
    createdAt: typeof item.created_at === 'string' ? item.created_at : '',
    closedAt: typeof item.closed_at === 'string' ? item.closed_at : null,
    htmlUrl: typeof item.html_url === 'string' ? item.html_url : '',
    labels: Array.isArray(item.labels) ? item.labels.map(labelName).filter((name): name is string => name !== undefined) : [],
  };
}

function labelName(label: unknown): string | undefined {
  if (typeof label === 'string') return label;
  if (typeof label === 'object' && label !== null && typeof (label as { name?: unknown }).name === 'string') {
    return (label as { name: string }).name;
  }
  return undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
