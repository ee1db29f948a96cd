/**
 * What every gatewarden command shares: AWS flags, the AWS seam, the job summary, and errors rendered
 * as a message and a next step, never as a stack trace. It is the command layer's one reader of the
 * environment besides aws/clients.
 */
import { Command, Flags, Interfaces } from '@oclif/core';
import { sdkAccess } from '../aws/access.js';
import { AwsClients } from '../aws/clients.js';
import type { AwsAccess } from '../aws/ports.js';
import { ExitCode, GatewardenError, InvalidManifestError, UsageError } from '../errors.js';
import type { OutputPort } from '../services/output.js';
import { writeStepSummary, type StepSummary } from './step-summary.js';
import { TerminalOutput } from './terminal-output.js';
import { closestName } from '../manifest/schema-messages.js';
import { colourEnabled, terminalStyle } from './colour.js';
import type { Style } from '../render/style.js';
import { targetFilter, type TargetFilter } from '../core/target.js';

export const awsFlags = {
  region: Flags.string({ summary: 'AWS region for manifests without spec.region (else AWS_REGION or the profile).' }),
  profile: Flags.string({ summary: 'Shared-config profile to take credentials and region from.' }),
  'endpoint-url': Flags.string({
    summary: 'Send AWS calls to this endpoint (e.g. the embedded emulator). Else AWS_ENDPOINT_URL_* / AWS_ENDPOINT_URL.',
  }),
};

/** `--target`, on the commands that read APIs: repeatable, by name, id or label, globs allowed. */
export const targetFlags = {
  target: Flags.string({
    multiple: true,
    summary: 'Limit the run to this API (name, id or manifest label; globs like "legacy-*"). Repeatable.',
  }),
};

/** The services' form of `--target`, or nothing when it was not given. */
export function targetsOf(flags: { target?: string[] | undefined }): { targets?: TargetFilter } {
  return flags.target && flags.target.length > 0 ? { targets: targetFilter(flags.target) } : {};
}

export type AwsFlagValues = Interfaces.InferredFlags<typeof awsFlags>;

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
    });
    return this.terminalOutput;
  }

  /** Runs `work` with the real AWS behind the services' seam, and closes the clients' sockets after. */
  protected async withAws<T>(flags: AwsFlagValues, work: (aws: AwsAccess) => Promise<T>): Promise<T> {
    const settings = {
      ...(flags['endpoint-url'] ? { endpointUrl: flags['endpoint-url'] } : {}),
      ...(flags.region ? { region: flags.region } : {}),
      ...(flags.profile ? { profile: flags.profile } : {}),
    };
    const clients = new AwsClients(settings, process.env);
    try {
      return await work(sdkAccess(clients));
    } finally {
      clients.destroy();
    }
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
    if (error instanceof GatewardenError) {
      process.exitCode = error.exitCode;
      if (this.jsonEnabled()) this.logJson(this.toErrorJson(error));
      else {
        process.stderr.write(`Error: ${error.message}\n`);
        if (error.hint) process.stderr.write(`  ${error.hint}\n`);
      }
      return undefined;
    }
    if (isOclifError(error)) {
      const refused = withFlagSuggestion(error, this.ctor);
      if (!this.jsonEnabled()) return super.catch(refused);
      // oclif's own JSON for a parse error is its whole parser state (about 90 kB) with exit 1: scripts get the error object instead.
      process.exitCode = ExitCode.usage;
      this.logJson({ error: { code: 'USAGE_INVALID', message: refused.message.split('\n')[0], exitCode: ExitCode.usage, hint: `Run: ${this.config.bin} help ${this.id ?? ''}`.trimEnd() } });
      return undefined;
    }
    // Anything else is our bug: say so plainly; the stack only on request.
    process.exitCode = ExitCode.error;
    process.stderr.write(`Error: internal error: ${error.message}\n  This is a bug in gatewarden; run with DEBUG=gatewarden to see the stack.\n`);
    if (process.env.DEBUG?.includes('gatewarden')) process.stderr.write(`${error.stack ?? ''}\n`);
    return undefined;
  }

  protected override toErrorJson(error: unknown): unknown {
    if (error instanceof GatewardenError) {
      const issues = error instanceof InvalidManifestError ? { issues: error.issues } : {};
      return { error: { code: error.code, message: error.message, exitCode: error.exitCode, hint: error.hint, ...issues } };
    }
    return super.toErrorJson(error);
  }
}

/** oclif's variadic arguments arrive in `argv`; at least one path is needed. */
export function requirePaths(argv: readonly unknown[]): string[] {
  const paths = argv.map(String);
  if (paths.length === 0) {
    throw new UsageError('NO_PATHS', 'Give at least one manifest file or directory.', {
      hint: 'For example: gatewarden plan manifests/',
    });
  }
  return paths;
}

/** oclif names an unknown flag but does not suggest one; a typo like --detailed-exitcodes deserves the fix. */
function withFlagSuggestion<E extends Error>(error: E, command: Command.Class): E {
  const unknown = (error as { flags?: unknown }).flags;
  if (!Array.isArray(unknown) || !error.message.startsWith('Nonexistent flag')) return error;
  const known = Object.keys({ ...command.baseFlags, ...command.flags, ...(command.enableJsonFlag ? { json: true } : {}) }).map((name) => `--${name}`);
  const suggestions = unknown.flatMap((flag) => {
    const suggestion = closestName(String(flag).replace(/=.*$/, ''), known);
    return suggestion ? [`did you mean ${suggestion}?`] : [];
  });
  if (suggestions.length === 0) return error;
  const [first, ...rest] = error.message.split('\n');
  error.message = [`${first ?? ''}. ${suggestions.map((line) => line[0]?.toUpperCase() + line.slice(1)).join('. ')}`, ...rest].join('\n');
  return error;
}

function isOclifError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'oclif' in error;
}
