/**
 * The sticky plan comment: one comment per pull request and environment, found again by a hidden
 * marker and edited in place on every push, so that the conversation shows the current plan once.
 * reviewed-plan.ts later reads the plan's digest from it.
 */
import type { GitHubComment } from './github-api.js';

/** The GitHub calls the sticky comment needs; GitHubClient provides them. */
export interface PlanCommentPort {
  listComments(pullRequest: number): Promise<GitHubComment[]>;
  createComment(pullRequest: number, body: string): Promise<GitHubComment>;
  updateComment(id: number, body: string): Promise<GitHubComment>;
}

export interface PlanCommentOutcome {
  readonly action: 'created' | 'updated' | 'unchanged';
  readonly pullRequest: number;
  readonly commentId: number;
  readonly url: string;
  readonly message: string;
}

function marker(environment: string): string {
  return `<!-- gatewarden:plan-comment env=${environment} -->`;
}

export function planCommentBody(markdown: string, environment: string): string {
  return `${marker(environment)}\n${markdown.trimEnd()}\n`;
}

/** The oldest comment carrying the environment's marker: the one reviewers already saw. */
export function findPlanComment(comments: readonly GitHubComment[], environment: string): GitHubComment | undefined {
  return comments.find((comment) => comment.body.startsWith(marker(environment)));
}

export async function syncPlanComment(
  port: PlanCommentPort,
  input: { readonly pullRequest: number; readonly environment: string; readonly markdown: string },
): Promise<PlanCommentOutcome> {
  const body = planCommentBody(input.markdown, input.environment);
  const existing = findPlanComment(await port.listComments(input.pullRequest), input.environment);
  const where = `pull request #${input.pullRequest}`;
  const outcome = (action: PlanCommentOutcome['action'], comment: GitHubComment, message: string): PlanCommentOutcome => ({
    action,
    pullRequest: input.pullRequest,
    commentId: comment.id,
    url: comment.htmlUrl,
    message,
  });
  if (!existing) return outcome('created', await port.createComment(input.pullRequest, body), `Commented the ${input.environment} plan on ${where}.`);
  // An edit notifies nobody, but an unchanged plan need not touch the comment at all.
  if (existing.body === body) return outcome('unchanged', existing, `The ${input.environment} plan comment on ${where} is current.`);
  return outcome('updated', await port.updateComment(existing.id, body), `Updated the ${input.environment} plan comment on ${where}.`);
}
