import { readFile } from 'node:fs/promises';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { UsageError } from '../../errors.js';
import { assertEnvironmentName } from '../../github/drift-issue/marker.js';
import { GitHubClient } from '../../github/github-api.js';
import { syncPlanComment } from '../../github/plan-comment.js';
import { githubSettings } from '../../cli/github-settings.js';
import { planCommentToJson } from '../../render/json.js';
import { renderSavedPlansMarkdown } from '../../render/markdown.js';
import { readSavedPlan } from '../../services/saved-plan.js';

export default class GithubPlanComment extends BaseCommand {
  static override summary = 'Show a saved plan in one sticky comment per environment on the pull request.';
  static override description = [
    'Creates the comment on the first run and edits it in place afterwards, so the pull request shows the current',
    'plan once. The comment carries the plan digest that "github reviewed-digest" reads after the merge. Reads',
    'GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL and, without --pull-request, the pull request of',
    'GITHUB_EVENT_PATH; the token needs "pull-requests: write".',
  ].join(' ');
  static override flags = {
    plan: Flags.string({
      required: true,
      multiple: true,
      summary: 'The plan file written by "gatewarden plan --out"; repeat it to merge one plan per environment into one comment.',
    }),
    environment: Flags.string({ required: true, summary: 'The environment the plan is for, e.g. production (with several plans: the comment\'s name, e.g. all).' }),
    'pull-request': Flags.integer({ min: 1, summary: 'The pull request number (default: the one of the pull_request event).' }),
  };
  static override examples = [
    '<%= config.bin %> plan manifests/prod --out plan.json; <%= config.bin %> github plan-comment --plan plan.json --environment prod',
  ];

  async run() {
    const { flags } = await this.parse(GithubPlanComment);
    assertEnvironmentName(flags.environment);
    const pullRequest = flags['pull-request'] ?? (await eventPullRequest(process.env.GITHUB_EVENT_PATH));
    const saved = await Promise.all(flags.plan.map((file) => readSavedPlan(file)));
    const markdown = renderSavedPlansMarkdown(
      saved.map((plan, index) => ({ plan: plan.plan, digest: plan.digest, fallbackName: flags.plan[index] ?? '' })),
      flags.environment,
    );
    const client = new GitHubClient(githubSettings(process.env));
    const outcome = await syncPlanComment(client, { pullRequest, environment: flags.environment, markdown });
    this.log(outcome.url ? `${outcome.message} ${outcome.url}` : outcome.message);
    return planCommentToJson(outcome);
  }
}

/** The number of the pull request a pull_request workflow runs for, from the event GitHub writes. */
async function eventPullRequest(eventPath: string | undefined): Promise<number> {
  const number = eventPath
    ? await readFile(eventPath, 'utf8').then(
        (text) => (JSON.parse(text) as { pull_request?: { number?: unknown } }).pull_request?.number,
        () => undefined,
      )
    : undefined;
  if (typeof number === 'number') return number;
  throw new UsageError('PULL_REQUEST_UNKNOWN', 'No pull request to comment on: not a pull_request event, and no --pull-request.', {
    hint: 'Run it in a workflow triggered by pull_request, or pass --pull-request N.',
  });
}
