/** The CLI's output port: progress and problems go to stderr, so stdout carries only the result. */
import { formatIssue } from '../manifest/issues.js';
import type { OutputEvent, OutputPort, ReadProgressEvent } from '../services/output.js';
import type { PacingWait } from '../aws/resilience.js';
import { describeTarget, plural } from '../render/format.js';
import { assertNever } from '../core/assert-never.js';
import { formatAnnotations } from '../github/annotations.js';
import { renderPlanText } from '../render/text.js';
import type { Style } from '../render/style.js';

const STEP_VERBS = {
  delete: 'destroyed',
  create: 'created',
  update: 'updated',
  replace: 'replaced',
  'reset-cache': 'reset the authorizer cache of stage',
  redeploy: 'redeployed stage',
} as const;

export interface TerminalOutputOptions {
  /** Progress and problems: stderr, so that stdout carries only the result. */
  readonly progress: (line: string) => void;
  /** stdout, absent in --json mode, where it is reserved for the JSON result. */
  readonly result?: (text: string) => void;
  /** Running in GitHub Actions: manifest problems become workflow annotations too. */
  readonly annotations: boolean;
  /** Colours of the plan shown on stdout before an apply; plain when absent. */
  readonly style?: Style;
  /**
   * Writes raw text to stderr when it is a terminal (and not CI): progress is then one line redrawn
   * in place. Without it, progress is a plain line at every tenth of the way, as logs want.
   */
  readonly status?: (text: string) => void;
}

/** Erases the terminal's current line and returns to its start. */
const CLEAR_LINE = '\r\x1b[2K';

export class TerminalOutput implements OutputPort {
  private readonly write: (line: string) => void;
  /** A progress line is on screen (terminal mode) and must be erased before the next line. */
  private statusShown = false;
  /**
   * On a terminal, the progress line replaces the per-API lines of a long read: each API's progress
   * event comes just before its `live.read`, which is then held back.
   */
  private heldRead: string | undefined;

  constructor(private readonly options: TerminalOutputOptions) {
    const write = options.progress;
    this.write = (line) => {
      this.clearStatus();
      write(line);
    };
  }

  emit(event: OutputEvent): void {
    switch (event.code) {
      case 'manifest.invalid':
        for (const issue of event.issues) this.write(formatIssue(issue));
        // The runner reads workflow commands from stderr as from stdout (actions/runner ScriptHandler:
        // one OutputManager per stream), and stdout may be a file (`drift --format json > drift.json`).
        if (this.options.annotations) for (const line of formatAnnotations(event.issues)) this.write(line);
        return;
      case 'live.read':
        if (event.target.apiName === this.heldRead) this.heldRead = undefined;
        else this.write(`Read ${describeTarget(event.target)}: ${event.authorizers} ${plural(event.authorizers, 'authorizer', 'authorizers')}`);
        return;
      case 'live.progress':
        this.showProgress(event);
        return;
      case 'apply.plan':
        this.options.result?.(renderPlanText(event.plan, this.options.style ? { style: this.options.style } : {}));
        return;
      case 'apply.step': {
        const { step } = event;
        const subject = step.action === 'reset-cache' || step.action === 'redeploy' ? `"${step.subject}"` : `authorizer "${step.subject}"`;
        const id = step.authorizerId ? ` (${step.authorizerId})` : '';
        // The API by name, as the plan showed it: ids alone do not tell a reader which API was written.
        const api = describeTarget(event.target);
        if (step.status === 'done') this.write(`  ${STEP_VERBS[step.action]} ${subject}${id} on ${api}`);
        else if (step.status === 'failed') this.write(`  FAILED to ${step.action} ${subject}${id} on ${api}: ${step.error}`);
        return;
      }
      case 'aws.waiting':
        this.write(describeWait(event.wait));
        return;
      case 'warning':
        this.write(`Warning: ${event.message}`);
        return;
      default:
        assertNever(event);
    }
  }

  private showProgress(event: ReadProgressEvent): void {
    const { status } = this.options;
    const finished = event.done >= event.total;
    if (status) {
      this.heldRead = event.apiName;
      if (finished) this.clearStatus();
      else {
        status(`${CLEAR_LINE}${describeProgress(event)}`);
        this.statusShown = true;
      }
      return;
    }
    const tenth = (done: number) => Math.floor((done * 10) / event.total);
    if (finished || tenth(event.done) > tenth(event.done - 1)) this.write(describeProgress(event));
  }

  private clearStatus(): void {
    if (!this.statusShown) return;
    this.options.status?.(CLEAR_LINE);
    this.statusShown = false;
  }
}

/** `reading 120/300 APIs · orders · about 18 s left at 10 requests/s` */
export function describeProgress(event: ReadProgressEvent): string {
  const parts = [`reading ${event.done}/${event.total} APIs`, event.apiName];
  if (event.done < event.total) {
    const seconds = Math.ceil(event.remainingCalls / event.requestsPerSecond);
    parts.push(`about ${seconds} s left at ${event.requestsPerSecond} requests/s`);
  }
  return parts.filter((part) => part !== '').join(' · ');
}

const WAIT_REASONS = {
  'deployment-quota': "AWS's deployment quota (one CreateDeployment every 5 seconds per account)",
  'concurrent-modification': 'AWS to finish another change to the API (it answered "concurrent modification"); retrying',
} as const;

function describeWait(wait: PacingWait): string {
  return `  waiting ${(wait.waitMs / 1000).toFixed(1)} s for ${WAIT_REASONS[wait.reason]} before ${wait.operation} in ${wait.region}`;
}
