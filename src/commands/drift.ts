import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { declaredApiFlags, manifestPathsArgs, requirePaths, targetsOf } from '../cli/flags.js';
import { driftExitCode } from '../cli/exit-codes.js';
import { stepSummaryMarkdown } from '../cli/step-summary.js';
import { renderDriftText } from '../render/drift-text.js';
import { adoptCommand } from '../render/format.js';
import { driftToJson } from '../render/drift-json.js';
import { detectDriftFromManifests } from '../services/drift.js';

export default class Drift extends BaseCommand {
  static override summary = 'Report where AWS differs from the manifests. Reads only.';
  static override description =
    'Exit codes: 0 in sync, 2 drift, 1 error, 3 invalid manifests, 6 another account than --env names. Unmanaged authorizers are listed, and count as drift only with --include-unmanaged.';
  static override strict = false;
  static override args = { ...manifestPathsArgs };
  static override flags = {
    ...declaredApiFlags,
    format: Flags.option({ options: ['text', 'markdown', 'json'] as const, default: 'text', summary: 'Report format.' })(),
    // default: false, or oclif leaves an absent flag undefined and the JSON report would omit the member.
    'include-unmanaged': Flags.boolean({ default: false, summary: 'Count authorizers that exist in AWS but not in the manifests as drift.' }),
    'ignore-file': Flags.string({ summary: 'Ignore patterns (default: .gatewardenignore when present).' }),
  };
  static override examples = ['<%= config.bin %> drift manifests/prod', '<%= config.bin %> drift manifests/prod --format json > drift.json'];

  async run() {
    const { argv, flags } = await this.parse(Drift);
    const includeUnmanaged = flags['include-unmanaged'];
    const paths = requirePaths(argv, 'drift');
    const environment = await this.environment(flags.env, paths);
    const report = await this.withAws(
      flags,
      (aws) => detectDriftFromManifests(paths, flags['ignore-file'], { aws, output: this.output, ...targetsOf(flags), ...(environment && { environment }) }),
      environment,
    );
    const json = driftToJson(report, includeUnmanaged);
    if (!this.jsonEnabled()) {
      if (flags.format === 'json') process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      // The same Markdown as the job summary.
      else if (flags.format === 'markdown') process.stdout.write(stepSummaryMarkdown({ command: 'drift', report, includeUnmanaged }));
      else process.stdout.write(renderDriftText(report, includeUnmanaged, adoptCommand(paths, flags.env), this.style));
    }
    await this.writeStepSummary({ command: 'drift', report, includeUnmanaged });
    this.setExitCode(driftExitCode(report, includeUnmanaged));
    return json;
  }
}
