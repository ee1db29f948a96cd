import { readFile } from 'node:fs/promises';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { UserError } from '../../errors.js';
import { assertEnvironmentName } from '../../github/drift-issue/marker.js';
import { syncDriftIssue } from '../../github/drift-issue/service.js';
import { GitHubClient } from '../../github/github-api.js';
import { githubSettings } from '../../cli/github-settings.js';
import { parseDriftJson, type DriftJson } from '../../render/drift-json.js';
import { driftIssueToJson } from '../../render/json.js';

export default class GithubDriftIssue extends BaseCommand {
  static override summary = "Open, update or close an environment's drift issue from a drift report.";
  static override description = [
    'Keeps exactly one open issue per environment: creates it when drift appears, stays quiet while the drift is',
    'unchanged, updates it (with one comment) when the drift changes, closes it when AWS matches git again, and',
    'closes duplicates. Reads GITHUB_TOKEN, GITHUB_REPOSITORY and GITHUB_API_URL as set by GitHub Actions; the',
    'token needs "issues: write".',
  ].join(' ');
  static override flags = {
    report: Flags.string({ required: true, summary: 'The report written by "gatewarden drift --format json".' }),
    environment: Flags.string({ required: true, summary: 'The environment the report is for, e.g. prod.' }),
    label: Flags.string({ default: 'drift', summary: 'The label drift issues carry; issues are looked up by it.' }),
    'dry-run': Flags.boolean({ summary: 'Say what would be done, and change nothing.' }),
  };
  static override examples = [
    '<%= config.bin %> drift manifests/prod --format json > drift.json; <%= config.bin %> github drift-issue --report drift.json --environment prod',
  ];

  async run() {
    const { flags } = await this.parse(GithubDriftIssue);
    assertEnvironmentName(flags.environment);
    const report = await readDriftReport(flags.report);
    const client = new GitHubClient(githubSettings(process.env));
    const runUrl = runUrlFrom(process.env);
    const outcome = await syncDriftIssue(client, {
      report,
      environment: flags.environment,
      label: flags.label,
      now: new Date(),
      dryRun: flags['dry-run'],
      ...(runUrl ? { runUrl } : {}),
    });
    this.log(outcome.url ? `${outcome.message} ${outcome.url}` : outcome.message);
    return driftIssueToJson(outcome);
  }
}

async function readDriftReport(path: string): Promise<DriftJson> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new UserError('DRIFT_REPORT_UNREADABLE', `Could not read the drift report ${path}.`, {
      hint: 'Write it first with: gatewarden drift <paths> --format json > drift.json',
      cause,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (cause) {
    throw new UserError('DRIFT_REPORT_INVALID', `${path} is not JSON.`, {
      hint: 'Did the drift step fail? Its report is written only with --format json.',
      cause,
    });
  }
  return parseDriftJson(parsed, path);
}


/** The run that found the drift, linked from the issue; only when Actions describes one. */
function runUrlFrom(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  return server && repository && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined;
}
