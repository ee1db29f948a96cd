import { createInterface } from 'node:readline/promises';
import { Args, Flags } from '@oclif/core';
import { awsFlags, BaseCommand, requirePaths } from '../cli/base-command.js';
import { planHasChanges } from '../core/plan.js';
import { ExitCode, UsageError } from '../errors.js';
import { planToJson } from '../render/json.js';
import { renderApplyReport } from '../render/report.js';
import { renderPlanText } from '../render/text.js';
import { applyPlan, refuseUnconsentedReplacements } from '../services/apply.js';
import { planFromManifests } from '../services/plan.js';

export default class Apply extends BaseCommand {
  static override summary = 'Create and update authorizers so that AWS matches the manifests.';
  static override strict = false;
  static override args = { paths: Args.string({ description: 'Manifest files or directories (searched for *.yaml, *.yml).' }) };
  static override flags = {
    ...awsFlags,
    'auto-approve': Flags.boolean({ summary: 'Apply without asking; required when not on a terminal.' }),
    'allow-replace': Flags.boolean({
      summary: 'Consent to replacing (deleting, then creating) authorizers that cannot change in place.',
    }),
  };
  static override examples = ['<%= config.bin %> apply manifests/', '<%= config.bin %> apply manifests/ --auto-approve'];

  async run() {
    const { argv, flags } = await this.parse(Apply);
    const clients = this.awsClients(flags);
    try {
      const { plan } = await planFromManifests(requirePaths(argv), { clients, output: this.output });
      if (!this.jsonEnabled()) process.stdout.write(renderPlanText(plan));
      if (!planHasChanges(plan)) return { formatVersion: 1, plan: planToJson(plan), applied: [] };

      refuseUnconsentedReplacements(plan, flags['allow-replace']);
      if (!flags['auto-approve']) await this.confirm();
      const report = await applyPlan(plan, { clients, output: this.output, allowReplace: flags['allow-replace'] });
      this.log(renderApplyReport(report));
      if (report.failed) this.setExitCode(ExitCode.error);
      return { formatVersion: 1, plan: planToJson(plan), applied: report.apis };
    } finally {
      clients.destroy();
    }
  }

  /** Like Terraform: only "yes" goes ahead; without a terminal, --auto-approve is required. */
  private async confirm(): Promise<void> {
    if (!process.stdin.isTTY || this.jsonEnabled()) {
      throw new UsageError('APPROVAL_REQUIRED', 'apply needs confirmation, and there is no terminal to ask on. Nothing was written.', {
        hint: 'Re-run with --auto-approve, or run on a terminal.',
      });
    }
    const prompt = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await prompt.question('\nDo you want to perform these actions? Only "yes" will be accepted: ');
      if (answer.trim() !== 'yes') throw new UsageError('APPLY_CANCELLED', 'Apply cancelled. Nothing was written.');
    } finally {
      prompt.close();
    }
  }
}
