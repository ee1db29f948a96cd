import { createInterface } from 'node:readline/promises';
import { Args, Flags } from '@oclif/core';
import { awsFlags, BaseCommand, requirePaths } from '../cli/base-command.js';
import { appendStepSummary } from '../cli/github.js';
import type { Plan } from '../core/model.js';
import { planHasChanges } from '../core/plan.js';
import { ExitCode, UsageError, UserError } from '../errors.js';
import { planToJson } from '../render/json.js';
import { renderPlanMarkdown } from '../render/markdown.js';
import { renderApplyReport } from '../render/report.js';
import { renderPlanText } from '../render/text.js';
import { applyPlan, refusedSteps, refuseUnconsentedReplacements, type ApplyReport } from '../services/apply.js';
import { planFromManifests } from '../services/plan.js';
import { applySavedPlan, readSavedPlanIfAny, requireReviewedDigest } from '../services/saved-plan.js';

export default class Apply extends BaseCommand {
  static override summary = 'Create and update authorizers so that AWS matches the manifests, or apply a saved plan.';
  static override description =
    'With manifest paths: plans, shows the plan and asks for confirmation (--auto-approve when not on a terminal). ' +
    'With a plan file from "plan --out": applies exactly that plan without asking, after checking that AWS has not changed since (exit 4 if it has).';
  static override strict = false;
  static override args = {
    paths: Args.string({ description: 'Manifest files or directories, or one saved plan file.' }),
  };
  static override flags = {
    ...awsFlags,
    'auto-approve': Flags.boolean({ summary: 'Apply without asking; required when not on a terminal.' }),
    'allow-replace': Flags.boolean({
      summary: 'Consent to replacing (deleting, then creating) authorizers that cannot change in place.',
    }),
    'expect-digest': Flags.string({
      summary: 'With a saved plan: refuse (exit 4) unless its digest is this one, e.g. the digest of the reviewed plan.',
    }),
  };
  static override examples = [
    '<%= config.bin %> apply manifests/',
    '<%= config.bin %> apply manifests/ --auto-approve',
    '<%= config.bin %> apply plan.json',
  ];

  async run() {
    const { argv, flags } = await this.parse(Apply);
    const paths = requirePaths(argv);
    const clients = this.awsClients(flags);
    const allowReplace = flags['allow-replace'];
    try {
      const saved = paths.length === 1 ? await readSavedPlanIfAny(paths[0] as string) : undefined;
      if (saved) {
        if (flags['expect-digest']) requireReviewedDigest(saved, flags['expect-digest']);
        if (!this.jsonEnabled()) process.stdout.write(renderPlanText(saved.plan));
        refuseUnconsentedReplacements(saved.plan, allowReplace);
        const report = await this.interruptible((signal) =>
          applySavedPlan(saved, { clients, output: this.output, allowReplace, signal }),
        );
        return this.finish(saved.plan, report);
      }
      if (flags['expect-digest']) {
        throw new UsageError('DIGEST_NEEDS_PLAN_FILE', '--expect-digest applies to a saved plan file only.', {
          hint: 'Run gatewarden plan PATHS --out plan.json, then gatewarden apply plan.json --expect-digest DIGEST.',
        });
      }
      const { plan } = await planFromManifests(paths, { clients, output: this.output });
      if (!this.jsonEnabled()) process.stdout.write(renderPlanText(plan));
      if (!planHasChanges(plan)) return this.finish(plan, { apis: [], failed: false, interrupted: false });
      refuseUnconsentedReplacements(plan, allowReplace);
      if (!flags['auto-approve']) await this.confirm();
      const report = await this.interruptible((signal) => applyPlan(plan, { clients, output: this.output, allowReplace, signal }));
      return this.finish(plan, report);
    } finally {
      clients.destroy();
    }
  }

  private async finish(plan: Plan, report: ApplyReport) {
    const outcome = renderApplyReport(report);
    if (planHasChanges(plan)) this.log(outcome);
    const markdown = renderPlanMarkdown(plan, { title: 'gatewarden apply', maxLength: Number.POSITIVE_INFINITY });
    await appendStepSummary(planHasChanges(plan) ? `${markdown}\n\n\`\`\`\n${outcome}\n\`\`\`\n` : markdown);
    // A refused permission is for someone else to fix than an outage: it keeps its own exit code.
    if (report.failed) this.setExitCode(refusedSteps(report).length > 0 ? ExitCode.accessDenied : ExitCode.error);
    else if (report.interrupted) this.setExitCode(ExitCode.interrupted);
    return { formatVersion: 1, plan: planToJson(plan), applied: report.apis, failed: report.failed, interrupted: report.interrupted };
  }

  /**
   * Ctrl-C during an apply stops before the next write instead of killing the process mid-way, so the
   * report can say what was done; a second Ctrl-C exits at once.
   */
  private async interruptible(run: (signal: AbortSignal) => Promise<ApplyReport>): Promise<ApplyReport> {
    const controller = new AbortController();
    const onInterrupt = () => {
      if (controller.signal.aborted) process.exit(ExitCode.interrupted);
      process.stderr.write('\nInterrupted: finishing the write under way, then stopping. Press Ctrl-C again to exit at once.\n');
      controller.abort();
    };
    process.on('SIGINT', onInterrupt);
    try {
      return await run(controller.signal);
    } finally {
      process.off('SIGINT', onInterrupt);
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
      // As in Terraform, declining is not a usage error: exit 1.
      if (answer.trim() !== 'yes') throw new UserError('APPLY_CANCELLED', 'Apply cancelled. Nothing was written.');
    } finally {
      prompt.close();
    }
  }
}
