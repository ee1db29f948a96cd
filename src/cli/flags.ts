/**
 * The flags and arguments several commands share, as oclif flag objects that each command spreads
 * into its `static flags` (or `static args`), so that one flag reads the same on every command.
 */
import { Args, Flags, Interfaces } from '@oclif/core';
import { AWS_REQUEST_RATE, DEFAULT_TIMEOUTS } from '../aws/resilience.js';
import { targetFilter, type TargetFilter } from '../core/target.js';
import { UsageError } from '../errors.js';

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

export type AwsFlagValues = Interfaces.InferredFlags<typeof awsFlags>;

/** `--target`, on the commands that read APIs: repeatable, by name, id or label, globs allowed. */
export const targetFlags = {
  target: Flags.string({
    multiple: true,
    // One value per --target, so that paths may follow it (`plan --target orders manifests/`).
    multipleNonGreedy: true,
    summary: 'Limit the run to this API (name, id or manifest label; globs like "legacy-*"). Repeatable.',
  }),
};

export const envFlag = {
  env: Flags.string({
    summary: 'Environment: a file, or NAME for environments/NAME.yaml in or beside the manifests directory. Its account is checked first.',
  }),
};

/** What plan, apply and drift take to read the declared APIs from AWS: where, which of them, and in which environment. */
export const declaredApiFlags = { ...awsFlags, ...targetFlags, ...envFlag };

/** What export and adopt take to read the live APIs, none of them declared yet. */
export const liveApiFlags = { ...awsFlags, ...envFlag };

/** On the commands that turn live authorizers into manifests (export, adopt). */
export const skipUnsupportedFlag = {
  'skip-unsupported': Flags.boolean({ summary: 'Leave out authorizers a manifest cannot declare, with a warning, instead of failing.' }),
};

/** The variadic manifest paths (the command sets `strict = false`); `requirePaths` reads them. */
export const manifestPathsArgs = {
  paths: Args.string({ description: 'Manifest files or directories (searched for *.yaml, *.yml).' }),
};

/** The services' form of `--target`, or nothing when it was not given. */
export function targetsOf(flags: { target?: string[] | undefined }): { targets?: TargetFilter } {
  return flags.target && flags.target.length > 0 ? { targets: targetFilter(flags.target) } : {};
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
