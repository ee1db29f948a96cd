/**
 * What every gatewarden command shares: AWS flags, the AWS seam, the job summary, and errors rendered
 * as a message and a next step, never as a stack trace. It is the command layer's one reader of the
 * environment besides aws/clients.
 */
import { Command, Flags, Interfaces } from '@oclif/core';
import { sdkAccess, type AwsAccess } from '../services/access.js';
import { AwsClients } from '../aws/clients.js';
import { AWS_REQUEST_RATE, DEFAULT_TIMEOUTS, type PacingWait } from '../aws/resilience.js';
import { roleSessionName, type Environment } from '../core/environment.js';
import { BugError, ExitCode, GatewardenError, UsageError } from '../errors.js';
import { InvalidManifestError } from '../manifest/issues.js';
import { requireEnvironment } from '../services/environments.js';
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
  'aws-timeout-ms': Flags.integer({
    summary: `Milliseconds one attempt of an AWS call may take before it is retried (connecting: at most ${DEFAULT_TIMEOUTS.connectMs} ms).`,
    env: 'GATEWARDEN_AWS_TIMEOUT_MS',
    default: DEFAULT_TIMEOUTS.requestMs,
    min: 1,
  }),
  'max-rps': Flags.custom<number>({
    summary: `AWS requests per second for this run, at most AWS's quota of ${AWS_REQUEST_RATE.ratePerSecond} (lower it when other automation shares the account).`,
    env: 'GATEWARDEN_MAX_RPS',
    parse: async (input) => parseMaxRps(input),
  })(),
};

/** `--target`, on the commands that read APIs: repeatable, by name, id or label, globs allowed. */
export const targetFlags = {
  target: Flags.string({
    multiple: true,
    // One value per --target, so that paths may follow it (`plan --target orders manifests/`).
    multipleNonGreedy: true,
    summary: 'Limit the run to this API (name, id or manifest label; globs like "legacy-*"). Repeatable.',
  }),
};

/** The services' form of `--target`, or nothing when it was not given. */
export function targetsOf(flags: { target?: string[] | undefined }): { targets?: TargetFilter } {
  return flags.target && flags.target.length > 0 ? { targets: targetFilter(flags.target) } : {};
}

/** The convention CI services share (GitHub Actions, GitLab, CircleCI, Travis… set CI=true). */
function isCi(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
}

export type AwsFlagValues = Interfaces.InferredFlags<typeof awsFlags>;

export const envFlag = {
  env: Flags.string({
    summary: 'Environment: a file, or NAME for environments/NAME.yaml in or beside the manifests directory. Its account is checked first.',
  }),
};

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
    const region = flags.region ?? environment?.region;
    const requestMs = flags['aws-timeout-ms'];
    const settings = {
      ...(flags['endpoint-url'] ? { endpointUrl: checkEndpointUrl(flags['endpoint-url']) } : {}),
      ...(region ? { region } : {}),
      ...(flags.profile ? { profile: flags.profile } : {}),
      ...(environment?.roleArn ? { assumeRole: { roleArn: environment.roleArn, sessionName: roleSessionName(environment) } } : {}),
      resilience: {
        timeouts: { connectMs: Math.min(DEFAULT_TIMEOUTS.connectMs, requestMs), requestMs },
        ...(flags['max-rps'] === undefined ? {} : { maxRps: flags['max-rps'] }),
        onWait: (wait: PacingWait) => this.output.emit({ code: 'aws.waiting', wait }),
      },
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
      // oclif prints its own internals as JSON; a script asking for --json gets our error object instead.
      if (isUsageError(refused) && this.jsonEnabled()) {
        process.exitCode = ExitCode.usage;
        const command = (this.id ?? '').replaceAll(':', ' ');
        const usage = new UsageError('USAGE_INVALID', usageMessage(refused), { hint: `Run gatewarden ${command} --help for the flags and arguments.` });
        this.logJson(this.toErrorJson(usage));
        return undefined;
      }
      return super.catch(refused);
    }
    // Anything else is our bug: say so plainly; the stack only on request.
    process.exitCode = ExitCode.error;
    const hint = 'This is a bug in gatewarden; run with DEBUG=gatewarden to see the stack.';
    if (this.jsonEnabled()) this.logJson(this.toErrorJson(new BugError(`internal error: ${error.message}`, { hint })));
    else process.stderr.write(`Error: internal error: ${error.message}\n  ${hint}\n`);
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

/** oclif's variadic arguments arrive in `argv`; at least one path is needed. The example is the command's own. */
export function requirePaths(argv: readonly unknown[], command: string): string[] {
  const paths = argv.map(String);
  if (paths.length === 0) {
    throw new UsageError('NO_PATHS', 'Give at least one manifest file or directory.', {
      hint: `For example: gatewarden ${command} manifests/`,
    });
  }
  return paths;
}

function parseMaxRps(input: string): number {
  const value = Number(input);
  if (!Number.isFinite(value) || value <= 0 || value > AWS_REQUEST_RATE.ratePerSecond) {
    throw new Error(`Expected a number above 0 and at most ${AWS_REQUEST_RATE.ratePerSecond}, found "${input}".`);
  }
  return value;
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

/** package.json maps every oclif parsing failure (unknown flag, bad or missing value, extra argument) to 64. */
function isUsageError(error: Error & { oclif?: { exit?: number } }): boolean {
  return error.oclif?.exit === ExitCode.usage;
}

/** oclif's message without its "See more help with --help" line, which the hint replaces. */
function usageMessage(error: Error): string {
  return error.message
    .split('\n')
    .filter((line) => line.trim() !== '' && !/^See more help with/.test(line.trim()))
    .join(' ');
}

/**
 * The SDK reports a URL without a scheme ("127.0.0.1:4567") deep inside a call as "Invalid URL";
 * caught here, the message names the flag. `new URL` alone would read "127.0.0.1:" as a scheme.
 */
export function checkEndpointUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new UsageError('ENDPOINT_URL_INVALID', `--endpoint-url: expected an http:// or https:// URL, found ${JSON.stringify(value)}.`, {
      hint: 'For example: --endpoint-url http://127.0.0.1:4567',
    });
  }
  return value;
}
