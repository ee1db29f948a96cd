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

/** A post-action that was not done and that no later plan can see, with the AWS CLI command that does it. */
export interface ManualStep {
  readonly target: ApiTarget;
  readonly action: 'redeploy' | 'reset-cache';
  readonly stage: string;
  readonly command: string;
}

/** The AWS CLI command that performs a post-action by hand, or undefined where a later plan plans it again. */
export type ManualCommand = (action: ManualStep['action'], target: ApiTarget, stage: string) => string | undefined;

/**
 * The post-actions not done that a re-run would not plan again: a re-run rewrites an authorizer step
 * that was not done and plans all of its API's post-actions again; a lagging stage that can be exported
 * is planned again, its cache reset with it. What is left (a cache reset, a stage that cannot be
 * exported) is invisible to any later plan, so the report names the command for each, as
 * `commandFor` gives it from the API type's declarations (the registry's `manualPostActionCommand`).
 */
export function manualSteps(report: ApplyReport, commandFor: ManualCommand): ManualStep[] {
  return report.apis.flatMap((api): ManualStep[] => {
    const postActions = api.steps
      .filter((step) => step.status !== 'done')
      .map((step) => ({ step, action: step.action, command: isPostAction(step.action) ? commandFor(step.action, api.target, step.subject) : undefined }));
    if (postActions.some(({ action }) => !isPostAction(action))) return [];
    // A redeploy a later plan sees again (the stage's export shows the lag) brings its stage's cache reset with it.
    const replanned = new Set(postActions.filter(({ action, command }) => action === 'redeploy' && command === undefined).map(({ step }) => step.subject));
    return postActions.flatMap(({ step, action, command }): ManualStep[] =>
      command === undefined || !isPostAction(action) || replanned.has(step.subject) ? [] : [{ target: api.target, action, stage: step.subject, command }],
    );
  });
}

function isPostAction(action: AppliedStep['action']): action is ManualStep['action'] {
  return action === 'redeploy' || action === 'reset-cache';
}
