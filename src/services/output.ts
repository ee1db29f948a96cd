/**
 * The one output port. Services report what happens as coded events; the CLI renders them to
 * stderr, tests record them and assert on data.
 */
import type { PacingWait } from '../aws/resilience.js';
import type { AppliedStep } from '../core/apply-report.js';
import type { ApiTarget, Plan } from '../core/model.js';
import type { ManifestIssue } from '../manifest/issues.js';

export type OutputEvent =
  | { readonly code: 'manifest.invalid'; readonly issues: readonly ManifestIssue[] }
  | { readonly code: 'live.read'; readonly target: ApiTarget; readonly authorizers: number }
  | ReadProgressEvent
  /** The plan an apply is about to write, shown before consent is asked for. */
  | { readonly code: 'apply.plan'; readonly plan: Plan }
  | { readonly code: 'apply.step'; readonly target: ApiTarget; readonly step: AppliedStep }
  | { readonly code: 'aws.waiting'; readonly wait: PacingWait }
  | { readonly code: 'warning'; readonly message: string };

/**
 * After each API of a long read (see `LONG_READ_APIS`), successful or not: how far the read is and
 * what is left, for a progress line. `remainingCalls` at `requestsPerSecond` is the estimate's basis.
 */
export interface ReadProgressEvent {
  readonly code: 'live.progress';
  readonly done: number;
  readonly total: number;
  /** The API just read, by name (or by id when its name is not known). */
  readonly apiName: string;
  readonly remainingCalls: number;
  readonly requestsPerSecond: number;
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
