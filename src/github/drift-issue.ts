/**
 * One GitHub issue per environment for drift, never two: the scheduled drift workflow calls this
 * every hour, so it must create an issue once, stay quiet while nothing changes, update the issue
 * (with one short comment) when the drift changes, and close it when AWS matches git again.
 *
 * Issues are recognised by hidden markers on the first lines of their body:
 *   <!-- gatewarden:drift env=prod -->
 *   <!-- gatewarden:drift-digest sha256:… -->
 *   <!-- gatewarden:drift-items … -->      (base64url JSON list of drift items, for the delta comment)
 *
 * `decideDriftIssue` is pure. `syncDriftIssue` carries the decision out through an `IssueTracker`
 * port (the GitHub client in production, a fake server in tests) and does no I/O of its own.
 */
import { digest } from '../core/fingerprint.js';
import type { ApiType } from '../core/model.js';
import { API_TYPE_IDS as API_TYPES } from '../families/registry.js';
import { assertNever } from '../core/assert-never.js';
import { UsageError, UserError } from '../errors.js';
import { driftReportFromJson, type DriftJson } from '../render/json.js';
import { code, countDiffering, describeDiffering, escapeText, renderDriftMarkdown } from '../render/markdown.js';

const ENV_MARKER = 'gatewarden:drift';
const DIGEST_MARKER = 'gatewarden:drift-digest';
const ITEMS_MARKER = 'gatewarden:drift-items';
/** Issue bodies share the 65,536-character limit of comments; the markers and footer need some of it. */
const BODY_BUDGET = 60_000;
/** Item lists larger than this are left out of the marker; the delta comment then says only that the drift changed. */
const ITEMS_MARKER_MAX = 16_000;
/** How many new/resolved items a delta comment lists before it says "and N more". */
const DELTA_LIST_MAX = 20;
const BODY_FOOTER =
  '\n---\n<sub>Maintained by `gatewarden github drift-issue`: updated when the drift changes, closed when AWS matches git again.</sub>\n';
/** A drift that comes back within this many days reopens the last issue instead of opening a new one. */
export const DEFAULT_REOPEN_WINDOW_DAYS = 30;

/** An issue as the tracker lists it. */
export interface IssueSnapshot {
  readonly number: number;
  readonly title: string;
  readonly body: string;
  readonly state: 'open' | 'closed';
  readonly createdAt: string;
  readonly closedAt: string | null;
}

export interface DriftIssueInput {
  readonly report: DriftJson;
  readonly environment: string;
  /** The open and recently closed issues carrying the drift label; those without our marker are ignored. */
  readonly issues: readonly IssueSnapshot[];
  readonly now: Date;
  readonly labels: readonly string[];
  /** The workflow run, linked from the body and comments. */
  readonly runUrl?: string;
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

// ---------------------------------------------------------------------------------------------
// Deciding

export function decideDriftIssue(input: DriftIssueInput): DriftIssueDecision {
  assertEnvironmentName(input.environment);
  const ours = input.issues.filter((issue) => readMarkers(issue.body).environment === input.environment);
  // Issue numbers only grow: the lowest open number is the oldest, and the one people already follow.
  const [kept, ...extra] = ours.filter((issue) => issue.state === 'open').sort((a, b) => a.number - b.number);
  const duplicates = kept ? extra.map((issue) => duplicateClose(issue, kept.number)) : [];
  return { action: chooseAction(input, kept, ours), duplicates };
}

function chooseAction(input: DriftIssueInput, kept: IssueSnapshot | undefined, ours: readonly IssueSnapshot[]): DriftIssueAction {
  const { report, environment } = input;
  const current = driftIssueDigest(report);
  if (report.inSync) {
    if (!kept) return { kind: 'none', reason: `${environment} is in sync and no drift issue is open.` };
    return {
      kind: 'close',
      issue: kept.number,
      body: resolvedBody(kept.body, input, current),
      comment: withRunLink(`✅ **AWS matches git again** in ${escapeText(environment)}. Closing this issue; it is reopened if the drift comes back.`, input.runUrl),
    };
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
    return {
      kind: 'update',
      issue: closed.number,
      title,
      body,
      comment: withRunLink(`🔁 **The drift is back**: ${describeDiffering(differing(report))}. Reopening this issue; the description shows the current drift.`, input.runUrl),
      reopen: true,
    };
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

export function driftIssueTitle(report: DriftJson, environment: string): string {
  return `Drift: ${environment} — ${describeDiffering(differing(report))}`;
}

function differing(report: DriftJson): number {
  return countDiffering(report.summary, report.includeUnmanaged);
}

/** One line per drifted field, missing authorizer and (when counted) unmanaged authorizer; sorted. */
export function driftItems(report: DriftJson): string[] {
  return report.apis
    .flatMap((api) => {
      const where = `${api.apiName} (${api.apiId}, ${api.region})`;
      return [
        ...api.drifted.flatMap((authorizer) => authorizer.fields.map((field) => `${where} › ${authorizer.name} › ${field.path}`)),
        ...api.missing.map((name) => `${where} › ${name} › missing from AWS`),
        ...(report.includeUnmanaged ? api.unmanaged.map((authorizer) => `${where} › ${authorizer.name} › not in git`) : []),
      ];
    })
    .sort();
}

// ---------------------------------------------------------------------------------------------
// Bodies and comments

function driftIssueBody(input: DriftIssueInput, currentDigest: string): string {
  const markers = markerLines(input.environment, currentDigest, driftItems(input.report));
  const markdown = renderDriftMarkdown(driftReportFromJson(input.report), {
    environment: input.environment,
    includeUnmanaged: input.report.includeUnmanaged,
    maxLength: BODY_BUDGET - markers.length - BODY_FOOTER.length,
    ...(input.runUrl ? { detailsUrl: input.runUrl } : {}),
  });
  return `${markers}\n\n${markdown}${BODY_FOOTER}`;
}

/** The last drift stays readable under a note; the markers record that this issue closed in sync. */
function resolvedBody(previous: string, input: DriftIssueInput, currentDigest: string): string {
  const markers = markerLines(input.environment, currentDigest, []);
  const run = input.runUrl ? ` ([run](${input.runUrl}))` : '';
  const note = `> [!NOTE]\n> **Resolved**: AWS matches git again${run}. Below is the drift that was last reported.`;
  const history = withoutMarkers(previous);
  const body = `${markers}\n\n${note}\n\n${history}`;
  return body.length <= BODY_BUDGET ? body : `${markers}\n\n${note}\n`;
}

function changedComment(previousItems: readonly string[] | undefined, input: DriftIssueInput): string {
  const headline = `🔄 **The drift changed**: now ${describeDiffering(differing(input.report))}.`;
  if (!previousItems) return withRunLink(`${headline} The description shows the current drift.`, input.runUrl);
  const current = driftItems(input.report);
  const before = new Set(previousItems);
  const after = new Set(current);
  const added = current.filter((item) => !before.has(item));
  const resolved = previousItems.filter((item) => !after.has(item));
  const still = current.length - added.length;
  const sections = [
    headline,
    ...(added.length > 0 ? [`**New**\n${bulletList(added)}`] : []),
    ...(resolved.length > 0 ? [`**Resolved**\n${bulletList(resolved)}`] : []),
    added.length === 0 && resolved.length === 0
      ? 'The same fields drifted, with different values. The description shows them.'
      : `${still} still drifted. The description shows the current drift.`,
  ];
  return withRunLink(sections.join('\n\n'), input.runUrl);
}

function bulletList(items: readonly string[]): string {
  const shown = items.slice(0, DELTA_LIST_MAX).map((item) => `- ${code(item)}`);
  const rest = items.length - shown.length;
  return [...shown, ...(rest > 0 ? [`- …and ${rest} more`] : [])].join('\n');
}

function duplicateClose(issue: IssueSnapshot, kept: number): DuplicateClose {
  return {
    issue: issue.number,
    comment: `Closing as a duplicate of #${kept}: gatewarden keeps one drift issue per environment.`,
    body: `> Closed as a duplicate of #${kept}.\n\n${withoutMarkers(issue.body)}`,
  };
}

function withRunLink(text: string, runUrl: string | undefined): string {
  return runUrl ? `${text}\n\n<sub>[Workflow run](${runUrl})</sub>` : text;
}

// ---------------------------------------------------------------------------------------------
// Markers

interface BodyMarkers {
  readonly environment?: string;
  readonly digest?: string;
  readonly items?: readonly string[];
}

function markerLines(environment: string, currentDigest: string, items: readonly string[]): string {
  const encoded = Buffer.from(JSON.stringify(items), 'utf8').toString('base64url');
  return [
    `<!-- ${ENV_MARKER} env=${environment} -->`,
    `<!-- ${DIGEST_MARKER} ${currentDigest} -->`,
    ...(encoded.length <= ITEMS_MARKER_MAX ? [`<!-- ${ITEMS_MARKER} ${encoded} -->`] : []),
  ].join('\n');
}

/**
 * Markers are read only from the first lines of a body, so that a marker-like string further down
 * (an authorizer name in the drift table, text a person typed) can never be mistaken for one.
 */
export function readMarkers(body: string): BodyMarkers {
  let environment: string | undefined;
  let found: string | undefined;
  let items: string[] | undefined;
  for (const line of body.split(/\r?\n/)) {
    const match = /^<!-- (gatewarden:[a-z-]+) (\S+) -->$/.exec(line.trim());
    if (!match) break;
    const [, name, value = ''] = match;
    if (name === ENV_MARKER && value.startsWith('env=')) environment = value.slice('env='.length);
    else if (name === DIGEST_MARKER) found = value;
    else if (name === ITEMS_MARKER) items = decodeItems(value);
  }
  return {
    ...(environment === undefined ? {} : { environment }),
    ...(found === undefined ? {} : { digest: found }),
    ...(items === undefined ? {} : { items }),
  };
}

function decodeItems(encoded: string): string[] | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function withoutMarkers(body: string): string {
  const lines = body.split(/\r?\n/);
  const first = lines.findIndex((line) => !/^<!-- gatewarden:[a-z-]+ \S+ -->$/.test(line.trim()));
  return (first === -1 ? [] : lines.slice(first)).join('\n').replace(/^\n+/, '');
}

/** Environment names go into markers and titles: keep them to a safe, unambiguous alphabet. */
export function assertEnvironmentName(environment: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(environment)) {
    throw new UsageError('ENVIRONMENT_INVALID', `"${environment}" is not a valid environment name.`, {
      hint: 'Use letters, digits, ".", "_" and "-" (at most 64), starting with a letter or digit, e.g. --environment prod.',
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The drift report file

/** Checks a parsed `gatewarden drift --format json` file enough to trust its shape. */
export function parseDriftJson(value: unknown, source = 'the drift report'): DriftJson {
  const fail = (what: string): never => {
    throw new UserError('DRIFT_REPORT_INVALID', `${source} is not a gatewarden drift report: ${what}.`, {
      hint: 'Write it with: gatewarden drift <paths> --format json > drift.json',
    });
  };
  if (!isRecord(value)) return fail('it is not a JSON object');
  if (value.formatVersion !== 1) return fail(`formatVersion is ${JSON.stringify(value.formatVersion)}, expected 1`);
  if (typeof value.inSync !== 'boolean') return fail('"inSync" is not a boolean');
  if (typeof value.includeUnmanaged !== 'boolean') return fail('"includeUnmanaged" is not a boolean');
  if (typeof value.digest !== 'string' || !value.digest.startsWith('sha256:')) return fail('"digest" is not a sha256 digest');
  const summary = value.summary;
  if (!isRecord(summary) || !['drifted', 'missing', 'unmanaged'].every((key) => typeof summary[key] === 'number')) {
    return fail('"summary" does not hold the drifted, missing and unmanaged counts');
  }
  if (!Array.isArray(value.apis)) return fail('"apis" is not a list');
  value.apis.forEach((api: unknown, index: number) => {
    if (!isRecord(api)) return fail(`apis[${index}] is not an object`);
    if (!API_TYPES.includes(api.apiType as ApiType)) return fail(`apis[${index}].apiType is not one of ${API_TYPES.join(', ')}`);
    for (const key of ['apiId', 'apiName', 'region']) if (typeof api[key] !== 'string') fail(`apis[${index}].${key} is not a string`);
    for (const key of ['drifted', 'missing', 'unmanaged']) if (!Array.isArray(api[key])) fail(`apis[${index}].${key} is not a list`);
    (api.drifted as unknown[]).forEach((authorizer, at) => {
      const where = `apis[${index}].drifted[${at}]`;
      if (!isRecord(authorizer) || typeof authorizer.name !== 'string' || typeof authorizer.authorizerId !== 'string') {
        fail(`${where} lacks a name or authorizerId`);
      } else if (!Array.isArray(authorizer.fields) || !authorizer.fields.every((field) => isRecord(field) && typeof field.path === 'string')) {
        fail(`${where}.fields is not a list of field drifts`);
      }
    });
    if (!(api.missing as unknown[]).every((name) => typeof name === 'string')) fail(`apis[${index}].missing is not a list of names`);
    if (!(api.unmanaged as unknown[]).every((entry) => isRecord(entry) && typeof entry.name === 'string' && typeof entry.authorizerId === 'string')) {
      fail(`apis[${index}].unmanaged is not a list of authorizers`);
    }
    return undefined;
  });
  return value as unknown as DriftJson;
}


function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Carrying it out

/** The issue calls the drift workflow makes; `GitHubClient` implements it. */
export interface IssueTracker {
  listIssues(query: {
    label: string;
    state: 'open' | 'closed';
    sort?: 'created' | 'updated';
    direction?: 'asc' | 'desc';
    firstPageOnly?: boolean;
  }): Promise<readonly IssueSnapshot[]>;
  createIssue(issue: { title: string; body: string; labels: readonly string[] }): Promise<{ number: number; htmlUrl: string }>;
  updateIssue(
    number: number,
    patch: { title?: string; body?: string; state?: 'open' | 'closed'; stateReason?: 'completed' | 'not_planned' | 'reopened' },
  ): Promise<{ number: number; htmlUrl: string }>;
  addComment(number: number, body: string): Promise<void>;
}

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

