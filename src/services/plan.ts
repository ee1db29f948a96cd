/** Manifests in, plan out: load and validate, read live state, plan. */
import type { AwsAccess } from './access.js';
import { environmentRef, type Environment } from '../core/environment.js';
import type { DesiredApi, Plan } from '../core/model.js';
import { planApi, planChanges, pruneCandidates, type PlanInput } from '../core/plan.js';
import { authorizerQuotaExcesses } from '../core/quota.js';
import { UserError } from '../errors.js';
import { InvalidManifestError } from '../manifest/issues.js';
import { describeQuota, formatLocation, loadManifests, type ManifestIssue } from '../manifest/index.js';
import { guardAccount } from './account-guard.js';
import type { OutputPort } from './output.js';
import { readLiveState, withAttachments } from './read-live.js';
import type { TargetFilter } from '../core/target.js';

export interface PlanServiceOptions {
  readonly aws: AwsAccess;
  readonly output: OutputPort;
  /** `plan --show-usage`: read what uses every authorizer, not only those a replacement touches. */
  readonly showUsage?: boolean;
  /** `--target`: limits the run to the APIs it matches; the plan records the patterns. */
  readonly targets?: TargetFilter;
  /** From `--env`: its variables and region feed the manifests, and its account is guarded. */
  readonly environment?: Environment;
}

export interface PlanResult {
  readonly plan: Plan;
  readonly inputs: readonly PlanInput[];
}

/**
 * A plan that may not be applicable: `refusal` says why apply would refuse it before any write (an
 * API would pass its authorizers-per-API quota). `plan` shows the plan and then the refusal; `drift`,
 * which writes nothing, reports the drift and ignores it.
 */
export interface PlanReview extends PlanResult {
  readonly refusal?: UserError;
}

/** Every manifest problem is reported, and nothing is read from AWS, before any document is trusted. */
export async function loadValidManifests(paths: readonly string[], output: OutputPort, environment?: Environment): Promise<DesiredApi[]> {
  const { documents, issues, files, unusedVariables } = await loadManifests(paths, environment ? { environment } : {});
  // One warning per variable, at its name in the environment file.
  for (const name of environment ? unusedVariables : []) {
    const where = environment?.varSources?.[name];
    output.emit({ code: 'warning', message: `${where ? formatLocation(where) : environment?.file}: variable ${name} is not used by any manifest` });
  }
  if (issues.length > 0) {
    const filesWithIssues = new Set(issues.map((issue) => issue.file));
    const fileCount = new Set([...files, ...filesWithIssues]).size;
    reportInvalid(output, issues, `${filesWithIssues.size} of ${fileCount} ${fileCount === 1 ? 'file' : 'files'}`);
  }
  return documents;
}

/** Shows every issue, then stops the run (exit 3); `where` says where they are, e.g. "2 of 5 files". */
export function reportInvalid(output: OutputPort, issues: readonly ManifestIssue[], where: string): never {
  output.emit({ code: 'manifest.invalid', issues });
  throw new InvalidManifestError(`${issues.length} ${issues.length === 1 ? 'problem' : 'problems'} in ${where}; nothing was read from or written to AWS.`, issues);
}

/** A plan that can be applied: one that apply would refuse throws its refusal (AUTHORIZER_QUOTA_EXCEEDED). */
export async function planFromManifests(paths: readonly string[], options: PlanServiceOptions): Promise<PlanResult> {
  return applicable(await reviewFromManifests(paths, options));
}

/** The plan, applicable or not (see PlanReview). */
export async function reviewFromManifests(paths: readonly string[], options: PlanServiceOptions): Promise<PlanReview> {
  return reviewDesired(await loadValidManifests(paths, options.output, options.environment), options);
}

/** Plans validated documents against what AWS holds now; throws the refusal of a plan apply would refuse. */
export async function planDesired(documents: readonly DesiredApi[], options: PlanServiceOptions): Promise<PlanResult> {
  return applicable(await reviewDesired(documents, options));
}

function applicable({ refusal, ...result }: PlanReview): PlanResult {
  if (refusal) throw refusal;
  return result;
}

async function reviewDesired(documents: readonly DesiredApi[], options: PlanServiceOptions): Promise<PlanReview> {
  const { environment } = options;
  if (environment) await guardAccount(options.aws, environment);
  const read = await readLiveState(documents, options);
  const showUsage = options.showUsage ?? false;
  // Routes and methods are read only for APIs where they matter (a replacement, or a prune that would
  // delete something): GetResources is throttled hard.
  const inputs = await withAttachments(
    read,
    options.aws,
    (input) => showUsage || pruneCandidates(input.desired, input.live).length > 0 || plansReplacement(input),
    plansReplacement,
  );
  const refusal = quotaRefusal(inputs);
  const plan = planChanges(inputs.map((input) => (showUsage ? { ...input, showUsage } : input)));
  const targeted = options.targets ? { ...plan, targets: options.targets.patterns } : plan;
  return { plan: environment ? { ...targeted, environment: environmentRef(environment) } : targeted, inputs, ...(refusal && { refusal }) };
}

/** Replacements do not depend on prune, which is left out: deciding what prune deletes needs the routes this decides to read. */
function plansReplacement(input: PlanInput): boolean {
  const { prune: _ignored, ...desired } = input.desired;
  return planApi({ ...input, desired }).actions.some((action) => action.kind === 'replace');
}

/** Refused before any write: AWS would refuse the create that passes the quota, leaving the apply half done. */
function quotaRefusal(inputs: readonly PlanInput[]): UserError | undefined {
  const excesses = authorizerQuotaExcesses(inputs);
  if (excesses.length === 0) return undefined;
  const lines = excesses.map(({ input, quota, declared, unmanaged, replacing }) => {
    // Authorizers prune deletes are not counted (quota.ts); those it keeps are.
    const { desired, live } = input;
    const count = replacing
      ? `${declared + unmanaged + 1} authorizers while a replacement runs (${declared} declared, ${unmanaged} unmanaged, 1 the replacement's new one, created before the old one is deleted)`
      : `${declared + unmanaged} authorizers (${declared} declared, ${unmanaged} unmanaged)`;
    return `${formatLocation(desired.source)}: API ${live.id} ("${live.name}") would have ${count}, but may have at most ${quota} (${describeQuota(desired.authorizerQuota !== undefined)}).`;
  });
  return new UserError('AUTHORIZER_QUOTA_EXCEEDED', lines.join('\n'), {
    hint: 'Remove authorizers from the manifest, delete unmanaged ones that are no longer used, or raise the quota with AWS Support. Nothing was written.',
  });
}
