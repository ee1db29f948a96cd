/**
 * The one exit-code policy for results (errors carry their own: see errors.ts). Documented per
 * command in its help and in docs/exit-and-error-codes.md; keep the three in step.
 */
import { ACCESS_DENIED_CODE } from '../aws/errors.js';
import { stepsFailedWith, type ApplyReport } from '../core/apply-report.js';
import { hasDrift, type DriftReport } from '../core/drift.js';
import type { Plan } from '../core/model.js';
import { planHasChanges } from '../core/plan-summary.js';
import { ExitCode } from '../errors.js';

/** What each exit code means, for the root help; docs/exit-and-error-codes.md's "Exit codes" table says the same at length. */
export const EXIT_CODE_MEANINGS: readonly (readonly [ExitCode, string])[] = [
  [ExitCode.ok, 'Success; no changes (plan --detailed-exitcode); in sync (drift)'],
  [ExitCode.error, 'Runtime or AWS error, including an apply that failed part-way'],
  [ExitCode.changes, 'Changes present (plan --detailed-exitcode); drift found (drift)'],
  [ExitCode.invalidManifest, 'Invalid manifests; nothing was sent to AWS'],
  [ExitCode.stalePlan, 'Saved plan refused (stale, not the reviewed one, edited, invalid, other format version); nothing was written'],
  [ExitCode.accessDenied, 'AWS refused the credentials or a permission'],
  [ExitCode.wrongAccount, 'Wrong account: the credentials are not those of the environment (--env); no API Gateway call was made'],
  [ExitCode.usage, 'Usage error: unknown command or flag, bad flag value, missing consent or paths'],
  [ExitCode.interrupted, 'apply interrupted (Ctrl-C)'],
];

/** Changes are a failure only to those who ask (`--detailed-exitcode`), as in Terraform. */
export function planExitCode(plan: Plan, detailedExitCode: boolean): ExitCode {
  return detailedExitCode && planHasChanges(plan) ? ExitCode.changes : ExitCode.ok;
}

export function driftExitCode(report: DriftReport, includeUnmanaged: boolean): ExitCode {
  return hasDrift(report, includeUnmanaged) ? ExitCode.changes : ExitCode.ok;
}

/** A refused permission is for someone else to fix than an outage: it keeps its own exit code. */
export function applyExitCode(report: ApplyReport): ExitCode {
  if (report.failed) return stepsFailedWith(report, ACCESS_DENIED_CODE).length > 0 ? ExitCode.accessDenied : ExitCode.error;
  return report.interrupted ? ExitCode.interrupted : ExitCode.ok;
}
