/** Manifests in, plan out: load and validate, read live state, plan. */
import type { AwsAccess } from '../aws/ports.js';
import { environmentRef, type Environment } from '../core/environment.js';
import type { DesiredApi, Plan } from '../core/model.js';
import { planChanges, type PlanInput } from '../core/plan.js';
import { InvalidManifestError } from '../errors.js';
import { loadManifests, type ManifestIssue } from '../manifest/index.js';
import { guardAccount } from './account-guard.js';
import type { OutputPort } from './output.js';
import { readLiveState } from './read-live.js';

export interface PlanServiceOptions {
  readonly aws: AwsAccess;
  readonly output: OutputPort;
  /** From `--env`: its variables and region feed the manifests, and its account is guarded. */
  readonly environment?: Environment;
}

export interface PlanResult {
  readonly plan: Plan;
  readonly inputs: readonly PlanInput[];
}

/** Every manifest problem is reported, and nothing is read from AWS, before any document is trusted. */
export async function loadValidManifests(paths: readonly string[], output: OutputPort, environment?: Environment): Promise<DesiredApi[]> {
  const { documents, issues, files, unusedVariables } = await loadManifests(paths, environment ? { environment } : {});
  if (environment && unusedVariables.length > 0) {
    output.emit({
      code: 'warning',
      message: `${environment.file}: ${unusedVariables.length === 1 ? 'variable' : 'variables'} ${unusedVariables.join(', ')} ${unusedVariables.length === 1 ? 'is' : 'are'} not used by any manifest`,
    });
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

export async function planFromManifests(paths: readonly string[], options: PlanServiceOptions): Promise<PlanResult> {
  return planDesired(await loadValidManifests(paths, options.output, options.environment), options);
}

/** Plans validated documents against what AWS holds now. */
export async function planDesired(documents: readonly DesiredApi[], options: PlanServiceOptions): Promise<PlanResult> {
  const { environment } = options;
  if (environment) await guardAccount(options.aws, environment);
  const inputs = await readLiveState(documents, options);
  const plan = planChanges(inputs);
  return { plan: environment ? { ...plan, environment: environmentRef(environment) } : plan, inputs };
}
