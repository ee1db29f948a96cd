/** The CLI's output port: progress and problems go to stderr, so stdout carries only the result. */
import { formatIssue } from '../manifest/issues.js';
import type { OutputEvent, OutputPort } from '../services/output.js';
import type { PacingWait } from '../aws/resilience.js';
import { describeTarget } from '../render/format.js';
import { assertNever } from '../core/assert-never.js';
import { annotationLines } from './github.js';

const STEP_VERBS = {
  create: 'created',
  update: 'updated',
  replace: 'replaced',
  'reset-cache': 'reset the authorizer cache of stage',
  redeploy: 'redeployed stage',
} as const;

export class TerminalOutput implements OutputPort {
  constructor(
    private readonly write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
    /** Workflow commands are read from stdout; in --json mode stdout is reserved for the JSON result. */
    private readonly annotate: (line: string) => void = write,
  ) {}

  emit(event: OutputEvent): void {
    switch (event.code) {
      case 'manifest.invalid':
        for (const issue of event.issues) this.write(formatIssue(issue));
        for (const line of annotationLines(event.issues)) this.annotate(line);
        return;
      case 'live.read':
        this.write(`Read ${describeTarget(event.target)}: ${event.authorizers} authorizer(s)`);
        return;
      case 'apply.step': {
        const { step } = event;
        const subject = step.action === 'reset-cache' || step.action === 'redeploy' ? `"${step.subject}"` : `authorizer "${step.subject}"`;
        const id = step.authorizerId ? ` (${step.authorizerId})` : '';
        if (step.status === 'done') this.write(`  ${STEP_VERBS[step.action]} ${subject}${id} on ${event.target.apiId}`);
        else if (step.status === 'failed') this.write(`  FAILED to ${step.action} ${subject}${id} on ${event.target.apiId}: ${step.error}`);
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
}

const WAIT_REASONS = {
  'deployment-quota': "AWS's deployment quota (one CreateDeployment every 5 seconds per account)",
  'concurrent-modification': 'AWS to finish another change to the API (it answered "concurrent modification"); retrying',
} as const;

function describeWait(wait: PacingWait): string {
  return `  waiting ${(wait.waitMs / 1000).toFixed(1)} s for ${WAIT_REASONS[wait.reason]} before ${wait.operation} in ${wait.region}`;
}
