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

export const awsFlags = {
  region: Flags.string({ summary: 'AWS region for manifests without spec.region (else AWS_REGION or the profile).' }),
  profile: Flags.string({ summary: 'Shared-config profile to take credentials and region from.' }),
  'endpoint-url': Flags.string({
    summary: 'Send AWS calls to this endpoint (e.g. the embedded emulator). Else AWS_ENDPOINT_URL_* / AWS_ENDPOINT_URL.',
  }),
};

/** The convention CI services share (GitHub Actions, GitLab, CircleCI, Travis… set CI=true). */
function isCi(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
}

export type AwsFlagValues = Interfaces.InferredFlags<typeof awsFlags>;

export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true;

  private terminalOutput?: OutputPort;

  protected get output(): OutputPort {
    this.terminalOutput ??= new TerminalOutput({
      progress: (line) => process.stderr.write(`${line}\n`),
      ...(this.jsonEnabled() ? {} : { result: (text: string) => process.stdout.write(text) }),
      annotations: process.env.GITHUB_ACTIONS === 'true',
      // CI runners may give a pseudo-terminal, but their logs keep every redraw: plain lines there.
      ...(process.stderr.isTTY && !isCi(process.env) ? { status: (text: string) => process.stderr.write(text) } : {}),
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
    if (isOclifError(error)) return super.catch(error);
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

function isOclifError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'oclif' in error;
}
