/**
 * GitHub's REST answers as gatewarden reads them: the issue and comment shapes, the error raised for
 * a refusal (with the usual reason behind each status), and pagination links. Kept apart from the
 * client (github-api.ts) so that each file holds one subject.
 */
import { ExitCode, GatewardenError } from '../errors.js';

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

export async function refusal(method: string, url: string, response: Response): Promise<GitHubApiError> {
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

export async function readJson(response: Response): Promise<unknown> {
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

export function isPullRequest(item: unknown): boolean {
  return typeof item === 'object' && item !== null && 'pull_request' in item;
}

export function toComment(value: unknown): GitHubComment {
  if (typeof value !== 'object' || value === null) throw new GitHubApiError('GitHub answered with a comment that is not an object.', undefined);
  const item = value as Record<string, unknown>;
  if (typeof item.id !== 'number') throw new GitHubApiError('GitHub answered with a comment without an id.', undefined);
  return {
    id: item.id,
    body: typeof item.body === 'string' ? item.body : '',
    htmlUrl: typeof item.html_url === 'string' ? item.html_url : '',
  };
}

export function toIssue(value: unknown): GitHubIssue {
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

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
