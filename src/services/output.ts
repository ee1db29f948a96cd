/**
 * The one output port. Services report what happens as coded events; the CLI renders them to
 * stderr, tests record them and assert on data.
 */
import type { PacingWait } from '../aws/resilience.js';
import type { ApiTarget } from '../core/model.js';
import type { ManifestIssue } from '../manifest/issues.js';

export type OutputEvent =
  | { readonly code: 'manifest.invalid'; readonly issues: readonly ManifestIssue[] }
  | { readonly code: 'live.read'; readonly target: ApiTarget; readonly authorizers: number }
  | { readonly code: 'apply.step'; readonly target: ApiTarget; readonly step: AppliedStep }
  | { readonly code: 'aws.waiting'; readonly wait: PacingWait }
  | { readonly code: 'warning'; readonly message: string };

/** One write of an apply, as reported while it happens and in the final report. */
export interface AppliedStep {
  readonly action: 'create' | 'update' | 'replace' | 'reset-cache' | 'redeploy';
  /** Authorizer name, or stage name for post-actions. */
  readonly subject: string;
  readonly authorizerId?: string;
  readonly status: 'done' | 'failed' | 'not-attempted';
  readonly error?: string;
  /** The failure's stable code (see errors.ts), so that callers can tell a refusal from an outage. */
  readonly errorCode?: string;
}

export interface OutputPort {
  emit(event: OutputEvent): void;
}

/** For tests and for callers that want the events as data. */
export class RecordingOutput implements OutputPort {
  readonly events: OutputEvent[] = [];
  emit(event: OutputEvent): void {
    this.events.push(event);
  }
}

export const silentOutput: OutputPort = { emit: () => undefined };
