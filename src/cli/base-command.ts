/**
 * What every gatewarden command shares: AWS flags, the AWS seam, the job summary, and errors rendered
 * as a message and a next step, never as a stack trace. It is the command layer's one reader of the
 * environment besides aws/clients.
 */
import { Command, Flags, Interfaces } from '@oclif/core';
import { sdkAccess } from '../aws/access.js';
import { AwsClients } from '../aws/clients.js';
import type { AwsAccess } from '../aws/ports.js';
import { roleSessionName, type Environment } from '../core/environment.js';
import { ExitCode, GatewardenError, InvalidManifestError, UsageError } from '../errors.js';
import { requireEnvironment } from '../services/environments.js';
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

export type AwsFlagValues = Interfaces.InferredFlags<typeof awsFlags>;

export const envFlag = {
  env: Flags.string({
    summary: 'Environment: a file, or NAME for environments/NAME.yaml in or beside the manifests directory. Its account is checked first.',
  }),
};

export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true;

  private terminalOutput?: OutputPort;

  protected get output(): OutputPort {
    this.terminalOutput ??= new TerminalOutput({
      progress: (line) => process.stderr.write(`${line}\n`),
      ...(this.jsonEnabled() ? {} : { result: (text: string) => process.stdout.write(text) }),
      annotations: process.env.GITHUB_ACTIONS === 'true',
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
    const settings = {
      ...(flags['endpoint-url'] ? { endpointUrl: flags['endpoint-url'] } : {}),
      ...(region ? { region } : {}),
      ...(flags.profile ? { profile: flags.profile } : {}),
      ...(environment?.roleArn ? { assumeRole: { roleArn: environment.roleArn, sessionName: roleSessionName(environment) } } : {}),
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
