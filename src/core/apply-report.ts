/**
 * What an apply did, as plain data: the service builds it, the renderers and the JSON output read
 * it, and the exit-code policy judges it. Nothing here reaches AWS.
 */
import type { ApiTarget } from './model.js';

/** One write of an apply, as reported while it happens and in the final report. */
export interface AppliedStep {
  readonly action: 'delete' | 'create' | 'update' | 'replace' | 'reset-cache' | 'redeploy';
  /** Authorizer name, or stage name for post-actions. */
  readonly subject: string;
  readonly authorizerId?: string;
  readonly status: 'done' | 'failed' | 'not-attempted';
  readonly error?: string;
  /** The failure's stable code (see errors.ts), so that callers can tell a refusal from an outage. */
  readonly errorCode?: string;
}

export interface ApiApplyReport {
  readonly target: ApiTarget;
  readonly steps: readonly AppliedStep[];
}

export interface ApplyReport {
  readonly apis: readonly ApiApplyReport[];
  readonly failed: boolean;
  /** Stopped by the signal before every step ran. */
  readonly interrupted: boolean;
}

/** The report of an apply that had nothing to write. */
export const NOTHING_APPLIED: ApplyReport = { apis: [], failed: false, interrupted: false };

/** Every step that failed with the given error code, e.g. AWS refusing the credentials or a permission. */
export function stepsFailedWith(report: ApplyReport, errorCode: string): AppliedStep[] {
  return report.apis.flatMap((api) => api.steps.filter((step) => step.status === 'failed' && step.errorCode === errorCode));
}
