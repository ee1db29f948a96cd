import { Args, Flags } from '@oclif/core';
import { awsFlags, BaseCommand, requirePaths } from '../cli/base-command.js';
import { planHasChanges } from '../core/plan.js';
import { ExitCode } from '../errors.js';
import { planToJson } from '../render/json.js';
import { renderPlanText } from '../render/text.js';
import { planFromManifests } from '../services/plan.js';

export default class Plan extends BaseCommand {
  static override summary = 'Show what apply would change, without changing anything.';
  static override strict = false;
  static override args = { paths: Args.string({ description: 'Manifest files or directories (searched for *.yaml, *.yml).' }) };
  static override flags = {
    ...awsFlags,
    'detailed-exitcode': Flags.boolean({ summary: 'Exit 2 when there are changes, 0 when there are none.' }),
  };
  static override examples = [
    '<%= config.bin %> plan manifests/',
    '<%= config.bin %> plan manifests/ --detailed-exitcode --json > plan.json',
  ];

  async run() {
    const { argv, flags } = await this.parse(Plan);
    const clients = this.awsClients(flags);
    try {
      const { plan } = await planFromManifests(requirePaths(argv), { clients, output: this.output });
      if (!this.jsonEnabled()) process.stdout.write(renderPlanText(plan));
      if (flags['detailed-exitcode'] && planHasChanges(plan)) this.setExitCode(ExitCode.changes);
      return planToJson(plan);
    } finally {
      clients.destroy();
    }
  }
}
