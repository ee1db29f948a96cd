/**
 * A thin client for the few GitHub REST calls the drift workflow needs, over global `fetch`.
 * It is given its base URL, token and repository: only commands read the environment.
 */
import {
  errorMessage,
  GitHubApiError,
  isPullRequest,
  nextPage,
  readJson,
  refusal,
  toComment,
  toIssue,
  type GitHubComment,
  type GitHubIssue,
  type IssueState,
  type StateReason,
} from './github-wire.js';

export { GitHubApiError, nextPage, type GitHubComment, type GitHubIssue, type IssueState, type StateReason } from './github-wire.js';

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
