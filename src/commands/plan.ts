import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { declaredApiFlags, manifestPathsArgs, requirePaths, targetsOf } from '../cli/flags.js';
import { planExitCode } from '../cli/exit-codes.js';
import { adoptCommand } from '../render/format.js';
import { planResultJson } from '../render/json.js';
import { renderPlanText } from '../render/text.js';
import { UserError } from '../errors.js';
import { reviewFromManifests } from '../services/plan.js';
import { writeSavedPlan } from '../services/saved-plan.js';

export default class Plan extends BaseCommand {
  static override summary = 'Show what apply would change, without changing anything.';
  static override strict = false;
  static override args = { ...manifestPathsArgs };
  static override flags = {
    ...declaredApiFlags,
    'detailed-exitcode': Flags.boolean({ summary: 'Exit 2 when there are changes, 0 when there are none.' }),
    'show-usage': Flags.boolean({ summary: 'List the routes or methods that use each authorizer (reads them from AWS; GetResources is slow and throttled).' }),
    out: Flags.string({ summary: 'Save the plan to this file; "gatewarden apply FILE" applies exactly it.' }),
  };
  static override examples = [
    '<%= config.bin %> plan manifests/',
    '<%= config.bin %> plan manifests/ --detailed-exitcode --json',
    '<%= config.bin %> plan manifests/ --out plan.json',
    '<%= config.bin %> plan manifests/ --target orders --target "legacy-*"',
    '<%= config.bin %> plan manifests/ --env prod --out plan-prod.json',
  ];

  async run() {
    const { argv, flags } = await this.parse(Plan);
    const paths = requirePaths(argv, 'plan');
    const environment = await this.environment(flags.env, paths);
    const { plan, inputs, refusal } = await this.withAws(
      flags,
      (aws) =>
        reviewFromManifests(paths, { aws, output: this.output, showUsage: flags['show-usage'], ...targetsOf(flags), ...(environment && { environment }) }),
      environment,
    );
    if (!this.jsonEnabled()) process.stdout.write(renderPlanText(plan, { adoptCommand: adoptCommand(paths, flags.env), style: this.style }));
    // A plan apply would refuse is shown, then fails with the reason (exit 1, whatever --detailed-exitcode
    // says): it is not saved, and --json prints the error object alone, as for every failure.
    if (refusal) {
      throw new UserError(refusal.code, refusal.message, {
        hint: `This plan cannot be applied${flags.out ? `, so it was not saved to ${flags.out}` : ''}. ${refusal.hint ?? ''}`.trim(),
      });
    }
    let digest: string | undefined;
    if (flags.out) {
      const saved = await writeSavedPlan(flags.out, plan, inputs, {
        toolVersion: this.config.version,
        createdAt: new Date().toISOString(),
      });
      digest = saved.digest;
      this.logToStderr(`Saved the plan to ${flags.out} (${saved.digest}). Apply exactly it with: gatewarden apply ${flags.out}`);
    }
    await this.writeStepSummary({ command: 'plan', plan, ...(digest ? { digest } : {}) });
    this.setExitCode(planExitCode(plan, flags['detailed-exitcode']));
    return planResultJson(plan, digest);
  }
}
