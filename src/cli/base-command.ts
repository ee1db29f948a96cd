/**
 * What every gatewarden command shares: the colours, the output port, the environment, the AWS seam,
 * the job summary, and errors rendered as a message and a next step, never as a stack trace. It is the
 * command layer's one reader of the environment besides aws/clients. Its parts live beside it: the
 * shared flags (flags.ts), the AWS wiring (aws-wiring.ts) and the error output (error-output.ts).
 */
import { Command, Flags } from '@oclif/core';
import type { AwsAccess } from '../services/access.js';
import type { Environment } from '../core/environment.js';
import { ExitCode, GatewardenError } from '../errors.js';
import type { Style } from '../render/style.js';
import { requireEnvironment } from '../services/environments.js';
import type { OutputPort } from '../services/output.js';
import { awsSettings, withAwsClients } from './aws-wiring.js';
import { colourEnabled, terminalStyle } from './colour.js';
import { gatewardenErrorJson, reportCommandError } from './error-output.js';
import type { AwsFlagValues } from './flags.js';
import { writeStepSummary, type StepSummary } from './step-summary.js';
import { TerminalOutput } from './terminal-output.js';

/** The convention CI services share (GitHub Actions, GitLab, CircleCI, Travis… set CI=true). */
function isCi(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
}

export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true;
  static override baseFlags = {
    'no-color': Flags.boolean({ summary: 'Print no colours (as NO_COLOR does; FORCE_COLOR forces them on).', helpGroup: 'GLOBAL' }),
  };

  private terminalOutput?: OutputPort;
  /** Colours for stdout, decided once the flags are parsed. */
  protected style: Style = terminalStyle(false);

  /** oclif's documented way for a base class to read its own flags before `run`. */
  override async init(): Promise<void> {
    await super.init();
    const ctor = this.ctor as typeof BaseCommand;
    const { flags } = await this.parse({
      flags: ctor.flags,
      baseFlags: ctor.baseFlags,
      enableJsonFlag: ctor.enableJsonFlag,
      args: ctor.args,
      strict: ctor.strict,
    });
    const noColorFlag = (flags as { 'no-color'?: boolean })['no-color'] === true;
    this.style = terminalStyle(colourEnabled({ noColorFlag, env: process.env, isTTY: process.stdout.isTTY === true }));
  }

  protected get output(): OutputPort {
    this.terminalOutput ??= new TerminalOutput({
      progress: (line) => process.stderr.write(`${line}\n`),
      ...(this.jsonEnabled() ? {} : { result: (text: string) => process.stdout.write(text) }),
      annotations: process.env.GITHUB_ACTIONS === 'true',
      style: this.style,
      // CI runners may give a pseudo-terminal, but their logs keep every redraw: plain lines there.
      ...(process.stderr.isTTY && !isCi(process.env) ? { status: (text: string) => process.stderr.write(text) } : {}),
    });
    return this.terminalOutput;
  }

  /** The environment `--env` names, if any; an invalid one stops the run like an invalid manifest. */
  protected async environment(reference: string | undefined, manifestPaths: readonly string[]): Promise<Environment | undefined> {
    return reference === undefined ? undefined : requireEnvironment(reference, manifestPaths, this.output);
  }

  /**
   * Runs `work` with the real AWS behind the services' seam, and closes the clients' sockets after.
   * An environment's role is assumed by every client; its region is the default after --region.
   */
  protected async withAws<T>(flags: AwsFlagValues, work: (aws: AwsAccess) => Promise<T>, environment?: Environment): Promise<T> {
    const settings = awsSettings(flags, environment, (wait) => this.output.emit({ code: 'aws.waiting', wait }));
    return withAwsClients(settings, process.env, work);
  }

  /** Appends to the GitHub Actions job summary when there is one. */
  protected async writeStepSummary(summary: StepSummary): Promise<void> {
    await writeStepSummary(summary, process.env.GITHUB_STEP_SUMMARY);
  }

  /** Commands report "changes present" through the exit code without failing. */
  protected setExitCode(code: ExitCode): void {
    process.exitCode = code;
  }

  protected override async catch(error: Error & { exitCode?: number }): Promise<unknown> {
    const unhandled = reportCommandError(error, {
      command: this.ctor,
      id: this.id,
      json: this.jsonEnabled(),
      logJson: (json) => this.logJson(json),
      stderr: (text) => process.stderr.write(text),
      setExitCode: (code) => this.setExitCode(code),
      debug: process.env.DEBUG?.includes('gatewarden') === true,
    });
    return unhandled === undefined ? undefined : super.catch(unhandled);
  }

  protected override toErrorJson(error: unknown): unknown {
    return error instanceof GatewardenError ? gatewardenErrorJson(error) : super.toErrorJson(error);
  }
}
