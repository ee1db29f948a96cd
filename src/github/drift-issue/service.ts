/**
 * Carries a drift-issue decision out through the `IssueTracker` port (the GitHub client in
 * production, a fake server in tests); it does no I/O of its own.
 */
import { assertNever } from '../../core/assert-never.js';
import type { DriftJson } from '../../render/drift-json.js';
import type { IssueTracker } from '../github-api.js';
import { decideDriftIssue, type DriftIssueAction } from './decide.js';
import { assertEnvironmentName } from './marker.js';

export interface SyncDriftIssueOptions {
  readonly report: DriftJson;
  readonly environment: string;
  readonly label: string;
  readonly now: Date;
  readonly runUrl?: string;
  /** Decide and describe, but write nothing. */
  readonly dryRun?: boolean;
}

export interface DriftIssueOutcome {
  readonly action: DriftIssueAction['kind'];
  readonly issue?: number;
  readonly url?: string;
  readonly reopened: boolean;
  readonly duplicatesClosed: readonly number[];
  readonly dryRun: boolean;
  /** One line saying what was done, for the log. */
  readonly message: string;
}

export async function syncDriftIssue(tracker: IssueTracker, options: SyncDriftIssueOptions): Promise<DriftIssueOutcome> {
  assertEnvironmentName(options.environment);
  const open = await tracker.listIssues({ label: options.label, state: 'open', sort: 'created', direction: 'asc' });
  // Only the most recently closed page: enough to find the issue to reopen.
  const closed = await tracker.listIssues({ label: options.label, state: 'closed', sort: 'updated', direction: 'desc', firstPageOnly: true });
  const decision = decideDriftIssue({
    report: options.report,
    environment: options.environment,
    issues: [...open, ...closed],
    now: options.now,
    labels: [options.label],
    ...(options.runUrl ? { runUrl: options.runUrl } : {}),
  });
  const dryRun = options.dryRun ?? false;
  const done = dryRun ? describeOnly(decision.action) : await perform(tracker, decision.action);
  const duplicatesClosed: number[] = [];
  for (const duplicate of decision.duplicates) {
    if (!dryRun) {
      await tracker.addComment(duplicate.issue, duplicate.comment);
      await tracker.updateIssue(duplicate.issue, { body: duplicate.body, state: 'closed', stateReason: 'not_planned' });
    }
    duplicatesClosed.push(duplicate.issue);
  }
  const duplicatesNote =
    duplicatesClosed.length > 0 ? ` ${dryRun ? 'Would close' : 'Closed'} duplicate ${duplicatesClosed.map((n) => `#${n}`).join(', ')}.` : '';
  return {
    action: decision.action.kind,
    ...(done.issue === undefined ? {} : { issue: done.issue }),
    ...(done.url ? { url: done.url } : {}),
    reopened: decision.action.kind === 'update' && decision.action.reopen,
    duplicatesClosed,
    dryRun,
    message: `${done.message}${duplicatesNote}`,
  };
}

interface Done {
  readonly issue?: number;
  readonly url?: string;
  readonly message: string;
}

/** Comments go before a close, so that the reason is the last thing in the timeline before the close event. */
async function perform(tracker: IssueTracker, action: DriftIssueAction): Promise<Done> {
  switch (action.kind) {
    case 'create': {
      const created = await tracker.createIssue({ title: action.title, body: action.body, labels: action.labels });
      return { issue: created.number, url: created.htmlUrl, message: `Created issue #${created.number}: ${action.title}` };
    }
    case 'update': {
      const reopen = action.reopen ? { state: 'open' as const, stateReason: 'reopened' as const } : {};
      const updated = await tracker.updateIssue(action.issue, { title: action.title, body: action.body, ...reopen });
      await tracker.addComment(action.issue, action.comment);
      const verb = action.reopen ? 'Reopened' : 'Updated';
      return { issue: action.issue, url: updated.htmlUrl, message: `${verb} issue #${action.issue}: ${action.title}` };
    }
    case 'close': {
      await tracker.addComment(action.issue, action.comment);
      const closed = await tracker.updateIssue(action.issue, { body: action.body, state: 'closed', stateReason: 'completed' });
      return { issue: action.issue, url: closed.htmlUrl, message: `Closed issue #${action.issue}: AWS matches git again.` };
    }
    case 'none':
      return { ...(action.issue === undefined ? {} : { issue: action.issue }), message: `No change. ${action.reason}` };
    default:
      return assertNever(action);
  }
}

function describeOnly(action: DriftIssueAction): Done {
  switch (action.kind) {
    case 'create':
      return { message: `Would create an issue: ${action.title}` };
    case 'update':
      return { issue: action.issue, message: `Would ${action.reopen ? 'reopen' : 'update'} issue #${action.issue}: ${action.title}` };
    case 'close':
      return { issue: action.issue, message: `Would close issue #${action.issue}: AWS matches git again.` };
    case 'none':
      return { ...(action.issue === undefined ? {} : { issue: action.issue }), message: `No change. ${action.reason}` };
    default:
      return assertNever(action);
  }
}

