/** GitHub settings from the environment GitHub Actions provides; only commands read the environment. */
import { UsageError } from '../errors.js';
import type { GitHubClientOptions } from '../github/github-api.js';

export function githubSettings(env: NodeJS.ProcessEnv): GitHubClientOptions {
  const token = env.GITHUB_TOKEN;
  const repository = env.GITHUB_REPOSITORY;
  if (!token) {
    throw new UsageError('GITHUB_TOKEN_MISSING', 'GITHUB_TOKEN is not set.', {
      hint: 'In the workflow step, add: env: { GITHUB_TOKEN: ${{ github.token }} }; the job needs the permission the command names in its help.',
    });
  }
  if (!repository) {
    throw new UsageError('GITHUB_REPOSITORY_MISSING', 'GITHUB_REPOSITORY is not set.', {
      hint: 'GitHub Actions sets it; elsewhere, set it to owner/name.',
    });
  }
  return { apiUrl: env.GITHUB_API_URL || 'https://api.github.com', token, repository };
}
