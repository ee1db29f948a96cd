/**
 * `apply` from end to end: a saved plan is checked and applied exactly; manifests are planned, shown,
 * consented to and applied. Consent to replacements is checked once on each path, before anything is
 * written and before the user is asked; so is consent to deletions (`spec.prune`).
 */
import type { AwsAccess } from './access.js';
import { NOTHING_APPLIED, type ApplyReport } from '../core/apply-report.js';
import type { Plan } from '../core/model.js';
import { planHasChanges } from '../core/plan-summary.js';
import { sourcesOf } from '../core/plan-sources.js';
import { UsageError, UserError } from '../errors.js';
import type { Environment } from '../core/environment.js';
import { guardAccount, guardSavedPlanAccount } from './account-guard.js';
import { applyConsentedPlan, refuseUnconsentedChanges } from './apply.js';
import type { OutputPort } from './output.js';
import { refuseWrongApplyInputs } from './apply-inputs.js';
import { planFromManifests } from './plan.js';
import type { TargetFilter } from '../core/target.js';
import { applySavedPlan, readSavedPlanIfAny, requireReviewedDigest } from './saved-plan.js';

export interface ApplyRequest {
  /** Manifest files and directories, or one saved plan file. */
  readonly paths: readonly string[];
  /** Consent to delete and re-create authorizers that cannot change in place. */
  readonly allowReplace: boolean;
  /** Consent to delete the undeclared authorizers of `spec.prune` documents; absent is no consent. */
  readonly allowDelete?: boolean;
  /** With a saved plan: the digest it must have (the reviewed plan's). */
  readonly expectDigest?: string;
  /** `--target`: plan and apply only the APIs it matches (manifests only). */
  readonly targets?: TargetFilter;
  /** From `--env`. A saved plan made with an environment is applied in that environment's account only. */
  readonly environment?: Environment;
}

export interface ApplyDeps {
  readonly aws: AwsAccess;
  readonly output: OutputPort;
  /**
   * Asked before a plan made from manifests is written (a saved plan was reviewed when it was made).
   * `false` cancels; the callback may throw when it cannot ask.
   */
  readonly confirm: (plan: Plan) => Promise<boolean>;
  /** Aborting stops before the next write; the rest is reported not attempted. */
  readonly signal?: AbortSignal;
}

export interface ApplyOutcome {
  readonly plan: Plan;
  readonly report: ApplyReport;
}

export async function runApply(request: ApplyRequest, deps: ApplyDeps): Promise<ApplyOutcome> {
  await refuseWrongApplyInputs(request.paths);
  const [first, ...others] = request.paths;
  const saved = first !== undefined && others.length === 0 ? await readSavedPlanIfAny(first) : undefined;
  const writeOptions = { aws: deps.aws, output: deps.output, ...(deps.signal ? { signal: deps.signal } : {}) };
  if (saved) {
    if (request.targets) {
      throw new UsageError('TARGET_WITH_SAVED_PLAN', `--target cannot limit a saved plan: ${first} is applied exactly as it was planned.`, {
        hint: 'Pass --target to gatewarden plan --out instead, then apply that plan.',
      });
    }
    if (request.expectDigest !== undefined) requireReviewedDigest(saved, request.expectDigest);
    const planned = saved.plan.environment;
    if (planned) await guardSavedPlanAccount(deps.aws, planned, request.environment);
    else if (request.environment) await guardAccount(deps.aws, request.environment);
    deps.output.emit({ code: 'apply.plan', plan: saved.plan });
    return { plan: saved.plan, report: await applySavedPlan(saved, { ...writeOptions, allowReplace: request.allowReplace, allowDelete: request.allowDelete === true }) };
  }
  if (request.expectDigest !== undefined) {
    throw new UsageError('DIGEST_NEEDS_PLAN_FILE', '--expect-digest applies to a saved plan file only.', {
      hint: 'Run gatewarden plan PATHS --out plan.json, then gatewarden apply plan.json --expect-digest DIGEST.',
    });
  }
  const { plan, inputs } = await planFromManifests(request.paths, {
    ...deps,
    ...(request.targets ? { targets: request.targets } : {}),
    ...(request.environment && { environment: request.environment }),
  });
  deps.output.emit({ code: 'apply.plan', plan });
  if (!planHasChanges(plan)) return { plan, report: NOTHING_APPLIED };
  refuseUnconsentedChanges(plan, request);
  // As in Terraform, declining is not a usage error: exit 1.
  if (!(await deps.confirm(plan))) throw new UserError('APPLY_CANCELLED', 'Apply cancelled. Nothing was written.');
  return { plan, report: await applyConsentedPlan(plan, { ...writeOptions, sources: sourcesOf(inputs) }) };
}
