/** Manifests in, plan out: load and validate, read live state, plan. */
import type { AwsAccess } from '../aws/ports.js';
import type { DesiredApi, Plan } from '../core/model.js';
import { planChanges, type PlanInput } from '../core/plan.js';
import { InvalidManifestError } from '../errors.js';
import { loadManifests } from '../manifest/index.js';
import type { OutputPort } from './output.js';
import { readLiveState } from './read-live.js';
import type { TargetFilter } from '../core/target.js';

export interface PlanServiceOptions {
  readonly aws: AwsAccess;
  readonly output: OutputPort;
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
  const inputs = await readLiveState(documents, options);
  const plan = planChanges(inputs);
  return { plan: options.targets ? { ...plan, targets: options.targets.patterns } : plan, inputs };
}
