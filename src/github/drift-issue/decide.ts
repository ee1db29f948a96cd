/**
 * One GitHub issue per environment for drift, never two: the scheduled drift workflow runs every
 * hour, so it must create an issue once, stay quiet while nothing changes, update the issue (with one
 * short comment) when the drift changes, and close it when AWS matches git again.
 *
 * `decideDriftIssue` is pure; `syncDriftIssue` (service.ts) carries the decision out.
 */
import { digest } from '../../core/fingerprint.js';
import type { DriftJson } from '../../render/drift-json.js';
import type { GitHubIssue } from '../github-api.js';
import {
  changedComment,
  driftBackComment,
  driftIssueBody,
  driftIssueTitle,
  duplicateBody,
  duplicateComment,
  resolvedBody,
  resolvedComment,
  type DriftIssueContext,
} from './body.js';
import { assertEnvironmentName, readMarkers } from './marker.js';

/** A drift that comes back within this many days reopens the last issue instead of opening a new one. */
export const DEFAULT_REOPEN_WINDOW_DAYS = 30;

/** What the decision reads of an issue. */
export type IssueSnapshot = Pick<GitHubIssue, 'number' | 'title' | 'body' | 'state' | 'createdAt' | 'closedAt'>;

export interface DriftIssueInput extends DriftIssueContext {
  /** The open and recently closed issues carrying the drift label; those without our marker are ignored. */
  readonly issues: readonly IssueSnapshot[];
  readonly now: Date;
  readonly labels: readonly string[];
  readonly reopenWindowDays?: number;
}

export type DriftIssueAction =
  | { readonly kind: 'create'; readonly title: string; readonly body: string; readonly labels: readonly string[] }
  | {
      readonly kind: 'update';
      readonly issue: number;
      readonly title: string;
      readonly body: string;
      readonly comment: string;
      /** The issue was closed and the drift is back: reopen it rather than open a new one (as tfaction does). */
      readonly reopen: boolean;
    }
  | { readonly kind: 'close'; readonly issue: number; readonly body: string; readonly comment: string }
  | { readonly kind: 'none'; readonly issue?: number; readonly reason: string };

export interface DuplicateClose {
  readonly issue: number;
  readonly comment: string;
  /** The body without our markers, so that a closed duplicate is never again taken for the environment's issue. */
  readonly body: string;
}

export interface DriftIssueDecision {
  readonly action: DriftIssueAction;
  /** Further open issues for the same environment: closed, pointing to the one kept. */
  readonly duplicates: readonly DuplicateClose[];
}

export function decideDriftIssue(input: DriftIssueInput): DriftIssueDecision {
  assertEnvironmentName(input.environment);
  const ours = input.issues.filter((issue) => readMarkers(issue.body).environment === input.environment);
  // Issue numbers only grow: the lowest open number is the oldest, and the one people already follow.
  const [kept, ...extra] = ours.filter((issue) => issue.state === 'open').sort((a, b) => a.number - b.number);
  const duplicates = kept
    ? extra.map((issue) => ({ issue: issue.number, comment: duplicateComment(kept.number), body: duplicateBody(issue.body, kept.number) }))
    : [];
  return { action: chooseAction(input, kept, ours), duplicates };
}

function chooseAction(input: DriftIssueInput, kept: IssueSnapshot | undefined, ours: readonly IssueSnapshot[]): DriftIssueAction {
  const { report, environment } = input;
  const current = driftIssueDigest(report);
  if (report.inSync) {
    if (!kept) return { kind: 'none', reason: `${environment} is in sync and no drift issue is open.` };
    return { kind: 'close', issue: kept.number, body: resolvedBody(kept.body, input, current), comment: resolvedComment(input) };
  }

  const title = driftIssueTitle(report, environment);
  const body = driftIssueBody(input, current);
  if (kept) {
    const previous = readMarkers(kept.body);
    if (previous.digest === current) {
      return { kind: 'none', issue: kept.number, reason: `The drift is unchanged since issue #${kept.number} was last updated.` };
    }
    return { kind: 'update', issue: kept.number, title, body, comment: changedComment(previous.items, input), reopen: false };
  }

  const closed = mostRecentlyClosed(ours, input.now, input.reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS);
  if (closed) {
    // Our own close records the in-sync digest; the drifted digest on a closed issue means a person
    // closed it while this very drift persisted. Reopening it every hour would fight them.
    if (readMarkers(closed.body).digest === current) {
      return {
        kind: 'none',
        issue: closed.number,
        reason: `Issue #${closed.number} was closed by hand while reporting this same drift; not reopening it. Reopen it, fix the drift, or ignore it in .gatewardenignore.`,
      };
    }
    return { kind: 'update', issue: closed.number, title, body, comment: driftBackComment(input), reopen: true };
  }
  return { kind: 'create', title, body, labels: input.labels };
}

function mostRecentlyClosed(issues: readonly IssueSnapshot[], now: Date, windowDays: number): IssueSnapshot | undefined {
  const since = now.getTime() - windowDays * 24 * 60 * 60 * 1000;
  return issues
    .filter((issue) => issue.state === 'closed' && issue.closedAt !== null && Date.parse(issue.closedAt) >= since)
    .sort((a, b) => Date.parse(b.closedAt ?? '') - Date.parse(a.closedAt ?? '') || b.number - a.number)[0];
}

/**
 * What identifies "the same drift". Unmanaged authorizers are left out unless they count as drift,
 * so that someone adding an authorizer by hand elsewhere does not re-notify everyone watching.
 */
export function driftIssueDigest(report: DriftJson): string {
  const apis = report.apis.map((api) => (report.includeUnmanaged ? api : { ...api, unmanaged: [] }));
  return digest(apis);
}
