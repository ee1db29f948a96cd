import { createInterface } from 'node:readline/promises';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { declaredApiFlags, requirePaths, targetsOf } from '../cli/flags.js';
import { applyExitCode } from '../cli/exit-codes.js';
import { manualSteps } from '../core/apply-report.js';
import { planHasChanges } from '../core/plan-summary.js';
import { ExitCode, UsageError } from '../errors.js';
import { manualPostActionCommand } from '../families/registry.js';
import { applyToJson } from '../render/json.js';
import { renderApplyReport } from '../render/report.js';
import { runApply } from '../services/run-apply.js';

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
    ...declaredApiFlags,
    'auto-approve': Flags.boolean({ summary: 'Apply without asking; required when not on a terminal.' }),
    'allow-replace': Flags.boolean({
      summary: 'Consent to replacing (deleting, then creating) authorizers that cannot change in place.',
    }),
    'allow-delete': Flags.boolean({
      summary: 'Consent to deleting the undeclared, unused authorizers of manifests with spec.prune.',
    }),
    'expect-digest': Flags.string({
      summary: 'With a saved plan: refuse (exit 4) unless its digest is this one, e.g. the digest of the reviewed plan.',
    }),
  };
  static override examples = [
    '<%= config.bin %> apply manifests/',
    '<%= config.bin %> apply manifests/ --auto-approve',
    '<%= config.bin %> apply manifests/ --auto-approve --allow-delete',
    '<%= config.bin %> apply plan.json',
  ];

  async run() {
    const { argv, flags } = await this.parse(Apply);
    const paths = requirePaths(argv, 'apply');
    const environment = await this.environment(flags.env, paths);
    const request = {
      paths,
      ...(environment && { environment }),
      allowReplace: flags['allow-replace'],
      allowDelete: flags['allow-delete'],
      ...(flags['expect-digest'] ? { expectDigest: flags['expect-digest'] } : {}),
      ...targetsOf(flags),
    };
    const confirm = flags['auto-approve'] ? async () => true : () => this.confirm();
    const { plan, report } = await this.withAws(flags, (aws) =>
      this.interruptible((signal) => runApply(request, { aws, output: this.output, confirm, signal })),
      environment,
    );
    if (planHasChanges(plan)) this.log(renderApplyReport(report, this.style));
    await this.writeStepSummary({ command: 'apply', plan, report });
    this.setExitCode(applyExitCode(report));
    return applyToJson(plan, report, manualSteps(report, manualPostActionCommand));
  }

  /**
   * Ctrl-C during an apply stops before the next write instead of killing the process mid-way, so the
   * report can say what was done; a second Ctrl-C exits at once.
   */
  private async interruptible<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
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
  private async confirm(): Promise<boolean> {
    if (!process.stdin.isTTY || this.jsonEnabled()) {
      throw new UsageError('APPROVAL_REQUIRED', 'apply needs confirmation, and there is no terminal to ask on. Nothing was written.', {
        hint: 'Re-run with --auto-approve, or run on a terminal.',
      });
    }
    const prompt = createInterface({ input: process.stdin, output: process.stderr });
    try {
      // Ctrl-C (readline's SIGINT, the terminal being raw) and Ctrl-D (end of input, which closes the
      // interface) are answers too: no. Unhandled, the first rejects as a bug and the second never settles.
      const answer = await new Promise<string | undefined>((resolve) => {
        prompt.once('SIGINT', () => resolve(undefined));
        prompt.once('close', () => resolve(undefined));
        prompt.question('\nDo you want to perform these actions? Only "yes" will be accepted: ').then(resolve, () => resolve(undefined));
      });
      if (answer === undefined) process.stderr.write('\n');
      return answer?.trim() === 'yes';
    } finally {
      prompt.close();
    }
  }
}
