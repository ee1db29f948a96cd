/**
 * What the workflow tests share (workflows-run*.test.ts): the emulator's seed, the manifests of a
 * configuration repository, the fake GitHub and the emulator per describe block, and the scenarios of
 * a folder of plan, apply and drift workflows. Each test file starts its own fake GitHub and
 * emulators, so that the files run side by side.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmulatorStore, parseSeed, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { FakeGitHub, REPOSITORY, TOKEN } from './fake-github.js';
import { ACTION_ROOT, loadYaml, matrixOf, runJob, type JobResult } from './workflow-runner.js';

export const REGION = 'us-east-1';
export const API = { staging: 'stg0000001', production: 'prd0000001' } as const;
export const ISSUER = 'https://issuer.example.com';
const SEED = `
apis:
  - { type: http, region: ${REGION}, id: ${API.staging}, name: orders-staging }
  - { type: http, region: ${REGION}, id: ${API.production}, name: orders-production }
`;

export function manifest(api: string, audience: readonly string[]): string {
  return `apiVersion: gatewarden/v1
kind: AuthorizerSet
spec:
  api: { type: http, name: ${api} }
  authorizers:
    - name: jwt-main
      authorizerType: JWT
      identitySource: ["$request.header.Authorization"]
      jwtConfiguration: { issuer: ${ISSUER}, audience: [${audience.join(', ')}] }
`;
}

/** A configuration repository: manifests per environment, nothing else. */
function repository(stagingAudience: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatewarden-config-'));
  for (const [environment, audience] of [['staging', stagingAudience], ['production', ['web']]] as const) {
    mkdirSync(join(dir, 'manifests', environment), { recursive: true });
    writeFileSync(join(dir, 'manifests', environment, 'orders.yaml'), manifest(`orders-${environment}`, audience));
  }
  return dir;
}

/** For one test file: the fake GitHub API, started before its first test (`url` is its address). */
export function useFakeGitHub(): { readonly github: FakeGitHub; url: string } {
  const context = { github: new FakeGitHub(), url: '' };
  beforeAll(async () => {
    context.url = await context.github.start();
  });
  afterAll(() => context.github.stop());
  return context;
}

/** For one describe block: a fresh emulator as AWS, and a pull request on the fake GitHub. */
export function useAwsAndPullRequest(github: FakeGitHub, title: string): { store: EmulatorStore; emulator: RunningEmulator; pullRequest: number } {
  const context = {} as { store: EmulatorStore; emulator: RunningEmulator; pullRequest: number };
  beforeAll(async () => {
    context.store = new EmulatorStore({ defaultRegion: REGION, seed: parseSeed(SEED, 'seed.yaml') });
    context.emulator = await startEmulator({ store: context.store, port: 0, host: '127.0.0.1' });
    context.pullRequest = github.seed({ title, body: '', labels: [], pull_request: { url: 'x' } }).number;
  });
  afterAll(() => context.emulator.close());
  return context;
}

/**
 * Every job of `folder`'s plan.yml, apply.yml and drift.yml run for `environments`, in one describe
 * block whose tests follow each other: plan, apply what was reviewed, then drift from what apply made.
 */
export function describeFolderWorkflows(folder: string, environments: readonly string[]): void {
  const site = useFakeGitHub();
  describe(`${folder}, run`, () => {
    const { github } = site;
    const aws = useAwsAndPullRequest(github, 'More audiences');

    /** Every matrix combination of the workflow's one job, in order, in a fresh workspace. */
    async function run(workflow: string, files: string, event: { name: string; payload: object }, sha = 'a'.repeat(40)): Promise<Record<string, JobResult>> {
      const file = join(ACTION_ROOT, folder, workflow);
      const [jobId, job] = Object.entries(loadYaml(file).jobs as Record<string, Record<string, never>>)[0] ?? [];
      const results: Record<string, JobResult> = {};
      for (const matrix of matrixOf(job ?? {}).filter((entry) => (environments as readonly string[]).includes(String(entry.environment)))) {
        const environment = String(matrix.environment);
        results[environment] = await runJob(jobId ?? '', {
          workflow: file,
          matrix,
          repository: files,
          workspace: mkdtempSync(join(tmpdir(), 'gatewarden-workspace-')),
          event: { name: event.name, payload: event.payload as never },
          vars: { GATEWARDEN_PLAN_ROLE_ARN: 'arn:aws:iam::123456789012:role/plan', GATEWARDEN_APPLY_ROLE_ARN: 'arn:aws:iam::123456789012:role/apply' },
          sha,
          token: TOKEN,
          env: { GITHUB_REPOSITORY: REPOSITORY, GITHUB_API_URL: site.url, AWS_ENDPOINT_URL: aws.emulator.url, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        });
      }
      return results;
    }

    const describeJob = (result: JobResult | undefined) =>
      (result?.steps ?? []).map((step) => `${step.outcome}: ${step.name}\n${step.output}`).join('\n');
    const pullRequestEvent = () => ({
      name: 'pull_request',
      payload: { pull_request: { number: aws.pullRequest, head: { repo: { full_name: REPOSITORY } } } },
    });
    const ourComments = () => github.comments.filter((comment) => comment.issue === aws.pullRequest);
    const audience = (environment: keyof typeof API) =>
      aws.store
        .inRegion(REGION)
        .v2.getAuthorizers({ apiId: API[environment] })
        .items.map((authorizer) => [...(authorizer.jwtConfiguration?.audience ?? [])].sort());

    it('plan.yml posts one sticky plan comment per environment, then edits it in place after a push', async () => {
      const first = await run('plan.yml', repository(['web']), pullRequestEvent());
      for (const result of Object.values(first)) expect(result.failed, describeJob(result)).toBe(false);
      expect(ourComments().map((comment) => /env=(\w+) sha256/.exec(comment.body)?.[1])).toEqual(environments);

      const before = ourComments().map((comment) => comment.body);
      const second = await run('plan.yml', repository(['web', 'mobile']), pullRequestEvent());
      for (const result of Object.values(second)) expect(result.failed, describeJob(result)).toBe(false);
      const after = ourComments();
      expect(after).toHaveLength(environments.length);
      expect(after[0]?.body).not.toBe(before[0]);
      expect(after[0]?.body).toContain('mobile');
      // Production's plan did not change: its comment was left alone.
      if (environments.length > 1) expect(after[1]?.body).toBe(before[1]);
      expect(aws.store.calls.filter((call) => !call.operation.startsWith('Get'))).toEqual([]);
    });

    it('apply.yml refuses a plan whose digest was not reviewed, and applies the reviewed one', async () => {
      const unreviewed = 'b'.repeat(40);
      github.merged.set(unreviewed, [aws.pullRequest]);
      const refused = await run('apply.yml', repository(['web', 'mobile', 'tv']), { name: 'push', payload: {} }, unreviewed);
      const staging = refused.staging;
      expect(staging?.failed, describeJob(staging)).toBe(true);
      const applyStep = staging?.steps.find((step) => step.name === 'Apply the saved plan');
      expect(applyStep?.outcome).toBe('failure');
      expect(applyStep?.output).toContain('differs from the reviewed plan');
      expect(audience('staging')).toEqual([]);

      const reviewed = 'c'.repeat(40);
      github.merged.set(reviewed, [aws.pullRequest]);
      const applied = await run('apply.yml', repository(['web', 'mobile']), { name: 'push', payload: {} }, reviewed);
      for (const result of Object.values(applied)) expect(result.failed, describeJob(result)).toBe(false);
      expect(audience('staging')).toEqual([['mobile', 'web']]);
      if (environments.length > 1) expect(audience('production')).toEqual([['web']]);
    });

    it('drift.yml opens the drift issue, updates it when the drift changes, and closes it when AWS matches again', async () => {
      const files = repository(['web', 'mobile']);
      const schedule = { name: 'schedule', payload: {} };
      const openIssues = () => github.open().filter((issue) => issue.body.includes('orders-staging'));
      const [authorizer] = aws.store.inRegion(REGION).v2.getAuthorizers({ apiId: API.staging }).items;
      const setAudience = (values: string[]) =>
        aws.store.inRegion(REGION).v2.updateAuthorizer({ apiId: API.staging, authorizerId: authorizer?.authorizerId ?? '', jwtConfiguration: { issuer: ISSUER, audience: values } });

      setAudience(['web']);
      const opened = await run('drift.yml', files, schedule);
      for (const result of Object.values(opened)) expect(result.failed, describeJob(result)).toBe(false);
      expect(openIssues()).toHaveLength(1);
      const issue = openIssues()[0];
      const body = issue?.body;

      setAudience(['someone-else']);
      const updated = await run('drift.yml', files, schedule);
      for (const result of Object.values(updated)) expect(result.failed, describeJob(result)).toBe(false);
      expect(openIssues().map((candidate) => candidate.number)).toEqual([issue?.number]);
      expect(openIssues()[0]?.body).not.toBe(body);
      expect(github.comments.some((comment) => comment.issue === issue?.number)).toBe(true);

      setAudience(['web', 'mobile']);
      const closed = await run('drift.yml', files, schedule);
      for (const result of Object.values(closed)) expect(result.failed, describeJob(result)).toBe(false);
      expect(openIssues()).toEqual([]);
      expect(github.issues.find((candidate) => candidate.number === issue?.number)?.state).toBe('closed');
    });
  });
}
