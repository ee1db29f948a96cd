/**
 * The one exit-code policy for results (errors carry their own: see errors.ts). Documented per
 * command in its help and in the README; keep the three in step.
 */
import { ACCESS_DENIED_CODE } from '../aws/errors.js';
import { stepsFailedWith, type ApplyReport } from '../core/apply-report.js';
import { hasDrift, type DriftReport } from '../core/drift.js';
import type { Plan } from '../core/model.js';
import { planHasChanges } from '../core/plan.js';
import { ExitCode } from '../errors.js';

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
