import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { UserError } from '../../errors.js';
import { assertEnvironmentName } from '../../github/drift-issue/marker.js';
import { GitHubClient } from '../../github/github-api.js';
import { findReviewedDigest } from '../../github/reviewed-plan.js';
import { githubSettings } from '../../cli/github-settings.js';
import { reviewedDigestToJson } from '../../render/json.js';

export default class GithubReviewedDigest extends BaseCommand {
  static override summary = 'Print the digest of the plan reviewed on the pull request that merged a commit.';
  static override description = [
    'Looks up the pull request that brought the commit into its branch and the plan comment plan.yml left on it,',
    'and prints that plan\'s digest, for "gatewarden apply plan.json --expect-digest DIGEST". Reads GITHUB_TOKEN,',
    'GITHUB_REPOSITORY and GITHUB_API_URL; the token needs "pull-requests: read".',
  ].join(' ');
  static override flags = {
    commit: Flags.string({ required: true, summary: 'The merged commit, e.g. $GITHUB_SHA.' }),
    environment: Flags.string({ required: true, summary: 'The environment whose plan was reviewed, e.g. production.' }),
  };
  static override examples = [
    '<%= config.bin %> github reviewed-digest --commit "$GITHUB_SHA" --environment production',
  ];

  async run() {
    const { flags } = await this.parse(GithubReviewedDigest);
    assertEnvironmentName(flags.environment);
    const client = new GitHubClient(githubSettings(process.env));
    const [pull] = await client.pullRequestsForCommit(flags.commit);
    if (!pull) {
      throw new UserError('NO_PULL_REQUEST', `Commit ${flags.commit} was not merged through a pull request, so no plan was reviewed.`, {
        hint: 'Merge changes through a pull request, or apply by hand after reviewing a fresh plan.',
      });
    }
    const digest = findReviewedDigest(await client.listCommentBodies(pull.number), flags.environment);
    if (!digest) {
      throw new UserError('NO_REVIEWED_PLAN', `Pull request #${pull.number} shows no gatewarden plan for ${flags.environment}.`, {
        hint: 'Re-run the plan workflow on the pull request, review the plan, then re-run the apply.',
      });
    }
    this.log(digest);
    return reviewedDigestToJson(pull.number, flags.environment, digest);
  }
}
