/** Manifests in, plan out: load and validate, read live state, plan. */
import type { AwsAccess } from '../aws/ports.js';
import type { DesiredApi, Plan } from '../core/model.js';
import { planApi, planChanges, type PlanInput } from '../core/plan.js';
import { authorizerQuotaExcesses } from '../core/quota.js';
import { InvalidManifestError, UserError } from '../errors.js';
import { describeQuota, formatLocation, loadManifests } from '../manifest/index.js';
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
}

export interface PlanResult {
  readonly plan: Plan;
  readonly inputs: readonly PlanInput[];
}

/** Every manifest problem is reported, and nothing is read from AWS, before any document is trusted. */
export async function loadValidManifests(paths: readonly string[], output: OutputPort): Promise<DesiredApi[]> {
  const { documents, issues, files } = await loadManifests(paths);
  if (issues.length > 0) {
    output.emit({ code: 'manifest.invalid', issues });
    const filesWithIssues = new Set(issues.map((issue) => issue.file));
    const fileCount = new Set([...files, ...filesWithIssues]).size;
    throw new InvalidManifestError(
      `${issues.length} ${issues.length === 1 ? 'problem' : 'problems'} in ${filesWithIssues.size} of ${fileCount} ${fileCount === 1 ? 'file' : 'files'}; nothing was read from or written to AWS.`,
      issues,
    );
  }
  return documents;
}

export async function planFromManifests(paths: readonly string[], options: PlanServiceOptions): Promise<PlanResult> {
  return planDesired(await loadValidManifests(paths, options.output), options);
}

/** Plans validated documents against what AWS holds now. */
export async function planDesired(documents: readonly DesiredApi[], options: PlanServiceOptions): Promise<PlanResult> {
  const read = await readLiveState(documents, options);
  refuseQuotaExcesses(read);
  const showUsage = options.showUsage ?? false;
  // Routes and methods are read only for APIs where they matter: GetResources is throttled hard.
  const inputs = await withAttachments(read, options.aws, (input) => showUsage || planApi(input).actions.some((action) => action.kind === 'replace'));
  const plan = planChanges(inputs.map((input) => (showUsage ? { ...input, showUsage } : input)));
  return { plan: options.targets ? { ...plan, targets: options.targets.patterns } : plan, inputs };
}

/** Before any write: AWS would refuse the create that passes the quota, leaving the apply half done. */
function refuseQuotaExcesses(inputs: readonly PlanInput[]): void {
  const excesses = authorizerQuotaExcesses(inputs);
  if (excesses.length === 0) return;
  const lines = excesses.map(({ input, quota, declared, unmanaged }) => {
    const { desired, live } = input;
    return `${formatLocation(desired.source)}: API ${live.id} ("${live.name}") would have ${declared + unmanaged} authorizers (${declared} declared, ${unmanaged} unmanaged), but may have at most ${quota} (${describeQuota(desired.authorizerQuota !== undefined)}).`;
  });
  throw new UserError('AUTHORIZER_QUOTA_EXCEEDED', lines.join('\n'), {
    hint: 'Remove authorizers from the manifest, delete unmanaged ones that are no longer used, or raise the quota with AWS Support. Nothing was written.',
  });
}
