/**
 * examples/github/environments/ as it runs: whole workflows (runWorkflow), the environments job's
 * matrix feeding the per-environment jobs, saved plans travelling as artifacts to the comment job,
 * with the emulator as AWS and the fake GitHub API.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPOSITORY, TOKEN } from './fake-github.js';
import { ACTION_ROOT, runWorkflow, type WorkflowJobResult } from './workflow-runner.js';
import { API, manifest, REGION, useAwsAndPullRequest, useFakeGitHub } from './workflows-scenarios.js';

const site = useFakeGitHub();

describe('examples/github/environments, run', () => {
  const ENVIRONMENTS = ['production', 'staging'] as const;
  const { github } = site;
  const aws = useAwsAndPullRequest(github, 'Environments');

  /** One set of manifests under gatewarden/, an environment file per account (here all the emulator's). */
  function repository(audience: readonly string[]): string {
    const dir = mkdtempSync(join(tmpdir(), 'gatewarden-config-'));
    mkdirSync(join(dir, 'gatewarden', 'manifests'), { recursive: true });
    mkdirSync(join(dir, 'gatewarden', 'environments'), { recursive: true });
    writeFileSync(join(dir, 'gatewarden', 'manifests', 'orders.yaml'), manifest('"${vars.api}"', audience));
    for (const environment of ENVIRONMENTS) {
      writeFileSync(
        join(dir, 'gatewarden', 'environments', `${environment}.yaml`),
        `apiVersion: gatewarden/v1\nkind: Environment\nmetadata:\n  name: ${environment}\nspec:\n  account: "123456789012"\n  region: ${REGION}\n  vars:\n    api: orders-${environment}\n`,
      );
    }
    return dir;
  }

  const run = (workflow: string, files: string, event: { name: string; payload: object }, sha = 'a'.repeat(40)) =>
    runWorkflow(join(ACTION_ROOT, 'examples/github/environments', workflow), {
      repository: files,
      event: { name: event.name, payload: event.payload as never },
      vars: {},
      sha,
      token: TOKEN,
      env: { GITHUB_REPOSITORY: REPOSITORY, GITHUB_API_URL: site.url, AWS_ENDPOINT_URL: aws.emulator.url, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
  const describeRun = (results: Record<string, WorkflowJobResult>) =>
    Object.entries(results)
      .flatMap(([id, job]) => [`job ${id}: ${job.result}`, ...job.runs.flatMap((entry) => entry.result.steps.map((step) => `  ${step.outcome}: ${step.name}\n${step.output}`))])
      .join('\n');
  const expectSucceeded = (results: Record<string, WorkflowJobResult>, jobs: readonly string[]) =>
    expect(Object.fromEntries(Object.entries(results).map(([id, job]) => [id, job.result])), describeRun(results)).toEqual(
      Object.fromEntries(jobs.map((id) => [id, 'success'])),
    );
  const ourComments = () => github.comments.filter((comment) => comment.issue === aws.pullRequest);
  const pullRequestEvent = () => ({ name: 'pull_request', payload: { pull_request: { number: aws.pullRequest, head: { repo: { full_name: REPOSITORY } } } } });
  const audiences = () =>
    Object.values(API).map((apiId) => aws.store.inRegion(REGION).v2.getAuthorizers({ apiId }).items.map((authorizer) => [...(authorizer.jwtConfiguration?.audience ?? [])].sort()));

  it('plan.yml plans each environment in its own job and merges the plans into one sticky comment, edited after a push', async () => {
    const first = await run('plan.yml', repository(['web']), pullRequestEvent());
    expectSucceeded(first, ['environments', 'plan', 'comment']);
    expect(first.plan?.runs.map((entry) => entry.matrix.name)).toEqual(ENVIRONMENTS);
    expect(ourComments()).toHaveLength(1);
    expect([...(ourComments()[0]?.body ?? '').matchAll(/plan-digest env=(\w+) /g)].map((match) => match[1]).sort()).toEqual(ENVIRONMENTS);

    const second = await run('plan.yml', repository(['web', 'mobile']), pullRequestEvent());
    expectSucceeded(second, ['environments', 'plan', 'comment']);
    expect(ourComments()).toHaveLength(1);
    expect(ourComments()[0]?.body).toContain('mobile');
    expect(aws.store.calls.filter((call) => !call.operation.startsWith('Get'))).toEqual([]);
  });

  it('apply.yml refuses a plan that was not reviewed, and applies the reviewed one in every environment', async () => {
    const unreviewed = 'd'.repeat(40);
    github.merged.set(unreviewed, [aws.pullRequest]);
    const refused = await run('apply.yml', repository(['web', 'mobile', 'tv']), { name: 'push', payload: {} }, unreviewed);
    expect(refused.apply?.result, describeRun(refused)).toBe('failure');
    for (const entry of refused.apply?.runs ?? []) {
      expect(entry.result.steps.find((step) => step.name === 'Apply the saved plan')?.output).toContain('differs from the reviewed plan');
    }
    expect(audiences()).toEqual([[], []]);

    const reviewed = 'e'.repeat(40);
    github.merged.set(reviewed, [aws.pullRequest]);
    const applied = await run('apply.yml', repository(['web', 'mobile']), { name: 'push', payload: {} }, reviewed);
    expectSucceeded(applied, ['environments', 'apply']);
    expect(audiences()).toEqual([[['mobile', 'web']], [['mobile', 'web']]]);
  });
});
