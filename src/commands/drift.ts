import { Args, Flags } from '@oclif/core';
import { awsFlags, BaseCommand, requirePaths } from '../cli/base-command.js';
import { hasDrift } from '../core/drift.js';
import { ExitCode } from '../errors.js';
import { renderDriftText } from '../render/drift-text.js';
import { adoptCommand } from '../render/format.js';
import { driftToJson } from '../render/json.js';
import { renderDriftMarkdown } from '../render/markdown.js';
import { detectDriftFromManifests } from '../services/drift.js';
import { appendStepSummary } from '../cli/github.js';

export default class Drift extends BaseCommand {
  static override summary = 'Report where AWS differs from the manifests. Reads only.';
  static override description =
    'Exit codes: 0 in sync, 2 drift, 1 error, 3 invalid manifests. Unmanaged authorizers are listed, and count as drift only with --include-unmanaged.';
  static override strict = false;
  static override args = { paths: Args.string({ description: 'Manifest files or directories (searched for *.yaml, *.yml).' }) };
  static override flags = {
    ...awsFlags,
    format: Flags.option({ options: ['text', 'markdown', 'json'] as const, default: 'text', summary: 'Report format.' })(),
    'include-unmanaged': Flags.boolean({ summary: 'Count authorizers that exist in AWS but not in the manifests as drift.' }),
    'ignore-file': Flags.string({ summary: 'Ignore patterns (default: .gatewardenignore when present).' }),
  };
  static override examples = ['<%= config.bin %> drift manifests/prod', '<%= config.bin %> drift manifests/prod --format json > drift.json'];

  async run() {
    const { argv, flags } = await this.parse(Drift);
    const clients = this.awsClients(flags);
    try {
      const paths = requirePaths(argv);
      const report = await detectDriftFromManifests(paths, flags['ignore-file'], { clients, output: this.output });
      const includeUnmanaged = flags['include-unmanaged'];
      const json = driftToJson(report, includeUnmanaged);
      const markdown = renderDriftMarkdown(report, { includeUnmanaged, maxLength: Number.POSITIVE_INFINITY });
      if (!this.jsonEnabled()) {
        if (flags.format === 'json') process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
        else process.stdout.write(flags.format === 'markdown' ? markdown : renderDriftText(report, includeUnmanaged, adoptCommand(paths)));
      }
      await appendStepSummary(markdown);
      this.setExitCode(hasDrift(report, includeUnmanaged) ? ExitCode.changes : ExitCode.ok);
      return json;
    } finally {
      clients.destroy();
    }
  }
}
