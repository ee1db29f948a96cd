/**
 * Plans and drift as GitHub-flavoured Markdown, for PR comments, issues and job summaries.
 * Pure and deterministic: data and options in, a string out.
 *
 * Everything a user controls (API names, labels, authorizer names, field paths, values, stage names)
 * goes through `escapeText` or `code`, so that a name like `a|b` or `<details>` cannot break a table
 * or open HTML. Output that would not fit GitHub's limits is cut at a line boundary and every open
 * code fence and `<details>` is closed again (see `truncateMarkdown`).
 */
import type { DriftCounts, DriftReport, ApiDrift } from '../core/drift.js';
import { countDrift } from '../core/drift.js';
import type { ApiPlan, AuthorizerAction, Plan, PostAction } from '../core/model.js';
import { assertNever } from '../core/assert-never.js';
import { countPostActions, planHasChanges, summarizePlan, type PlanSummary } from '../core/plan.js';
import { describeTarget, formatValue, plural } from './format.js';
import { renderPlanText } from './text.js';

/** GitHub refuses comment and issue bodies longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** What we aim for by default: well under the limit, leaving room for markers added around the body. */
export const DEFAULT_MARKDOWN_MAX_LENGTH = 60_000;
/** Plans with at most this many diff lines start expanded, like dflook's TF_PLAN_COLLAPSE_LENGTH. */
const EXPAND_DIFF_UP_TO_LINES = 20;

export interface PlanMarkdownOptions {
  /** Heading text; the environment is appended. Default "gatewarden plan". */
  readonly title?: string;
  readonly environment?: string;
  /** Longest result, in UTF-16 code units. Default 60,000. */
  readonly maxLength?: number;
  /** Where the untruncated output lives (job summary, run page); linked from the footer and the truncation notice. */
  readonly detailsUrl?: string;
  /** The saved plan's digest, shown in the footer so that a reviewer can tell which plan they approved. */
  readonly digest?: string;
}

export interface DriftMarkdownOptions {
  readonly environment?: string;
  /** Whether authorizers that are in AWS but not in git count as drift (`drift --include-unmanaged`). */
  readonly includeUnmanaged: boolean;
  readonly maxLength?: number;
  readonly detailsUrl?: string;
}

// ---------------------------------------------------------------------------------------------
// Plans

export function renderPlanMarkdown(plan: Plan, options: PlanMarkdownOptions = {}): string {
  const summary = summarizePlan(plan);
  const changed = plan.apis.filter(apiHasChanges);
  const quiet = plan.apis.filter((api) => !apiHasChanges(api));
  const blocks = [
    // First, so that truncation never drops it: apply.yml reads it to check it applies the reviewed plan.
    ...(options.digest ? [planDigestMarker(options.digest, options.environment)] : []),
    heading(3, options.title ?? 'gatewarden plan', options.environment),
    planStatusLine(plan, summary),
    ...(summary.replace > 0 ? [replaceBanner(plan, summary.replace)] : []),
    ...changed.map(renderApiSection),
    ...(quiet.length > 0 ? [unchangedApis(quiet)] : []),
    ...(planHasChanges(plan) ? [diffDetails(renderPlanText(plan))] : []),
    ...(options.detailsUrl || options.digest ? [footer(options.detailsUrl, options.digest)] : []),
  ];
  const markdown = joinBlocks(blocks);
  return truncateMarkdown(markdown, options.maxLength ?? DEFAULT_MARKDOWN_MAX_LENGTH, truncationNotice('plan', options.detailsUrl));
}

/**
 * A hidden line carrying the saved plan's digest (and environment), for tools that look for the
 * reviewed plan. Only safe characters pass, so the marker can never close the comment early.
 */
export function planDigestMarker(digest: string, environment?: string): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9:_.-]/g, '');
  return `<!-- gatewarden:plan-digest ${environment ? `env=${safe(environment)} ` : ''}${safe(digest)} -->`;
}

/** `🔴 1 to replace, 2 to update, 1 to create` in severity order, with the quieter counts after it. */
export function planStatus(summary: PlanSummary): string {
  const changes = [
    ...(summary.replace > 0 ? [`${summary.replace} to replace`] : []),
    ...(summary.update > 0 ? [`${summary.update} to update`] : []),
    ...(summary.create > 0 ? [`${summary.create} to create`] : []),
  ];
  if (changes.length === 0) return '✅ No changes';
  const icon = summary.replace > 0 ? '🔴' : '🟡';
  return `${icon} ${changes.join(', ')}`;
}

function planStatusLine(plan: Plan, summary: PlanSummary): string {
  const { redeploy: redeploys, 'reset-cache': resets } = countPostActions(plan);
  const extras = [
    ...(summary.unchanged > 0 ? [`${summary.unchanged} unchanged`] : []),
    ...(redeploys > 0 ? [`${redeploys} ${plural(redeploys, 'redeploy', 'redeploys')}`] : []),
    ...(resets > 0 ? [`${resets} cache ${plural(resets, 'reset', 'resets')}`] : []),
    ...(summary.unmanaged > 0 ? [`${summary.unmanaged} unmanaged (left alone)`] : []),
  ];
  return [`**${planStatus(summary)}**`, ...extras].join(' · ');
}

/** Replacements delete an authorizer before creating it again: reviewers must not miss that. */
function replaceBanner(plan: Plan, count: number): string {
  const items = plan.apis.flatMap((api) =>
    api.actions.flatMap((action) =>
      action.kind === 'replace'
        ? [
            `> - ${code(action.name)} in ${escapeText(describeTarget(api.target))}: ${action.replacePaths
              .map((path) => code(path))
              .join(', ')} ${plural(action.replacePaths.length, 'forces', 'force')} the replacement`,
          ]
        : [],
    ),
  );
  return [
    '> [!CAUTION]',
    `> **${count} ${plural(count, 'authorizer', 'authorizers')} will be replaced**: deleted, then created again with a new id.`,
    '> `gatewarden apply` refuses this unless it is given `--allow-replace`.',
    '>',
    ...items,
  ].join('\n');
}

function apiHasChanges(api: ApiPlan): boolean {
  return api.actions.some((action) => action.kind !== 'no-op') || api.unmanaged.length > 0;
}

function renderApiSection(api: ApiPlan): string {
  const changed = api.actions.filter((action) => action.kind !== 'no-op');
  const unchanged = api.actions.length - changed.length;
  const parts = [heading(4, describeTarget(api.target))];
  if (changed.length > 0) {
    parts.push(table(['Action', 'Authorizer', 'Changed fields'], changed.map(actionRow)));
  }
  if (api.postActions.length > 0) parts.push(`**After the change:** ${api.postActions.map(describePostAction).join(' · ')}`);
  if (api.unmanaged.length > 0) {
    const names = api.unmanaged.map((authorizer) => `${code(authorizer.name)} (${code(authorizer.authorizerId)})`);
    parts.push(`**Unmanaged** (in AWS, not in git; left alone): ${names.join(', ')}`);
  }
  if (unchanged > 0) parts.push(`${unchanged} ${plural(unchanged, 'authorizer', 'authorizers')} unchanged.`);
  return parts.join('\n\n');
}

function actionRow(action: AuthorizerAction): string[] {
  const name = code(action.name, { inTable: true });
  switch (action.kind) {
    case 'replace':
      return [
        '🔴 replace',
        name,
        action.fields
          .map((field) => `${code(field.path, { inTable: true })}${action.replacePaths.includes(field.path) ? ' ⚠️ forces replacement' : ''}`)
          .join(', '),
      ];
    case 'update':
      return ['🟡 update', name, action.fields.map((field) => code(field.path, { inTable: true })).join(', ')];
    case 'create': {
      const count = Object.keys(action.after).length;
      return ['🟢 create', name, `new (${count} ${plural(count, 'field', 'fields')})`];
    }
    case 'no-op':
      return ['no change', name, ''];
    default:
      return assertNever(action);
  }
}

function describePostAction(post: PostAction): string {
  switch (post.kind) {
    case 'redeploy':
      return `redeploy stage ${code(post.stage)}`;
    case 'reset-cache':
      return `reset the authorizer cache of stage ${code(post.stage)}`;
    default:
      return assertNever(post);
  }
}

function unchangedApis(apis: readonly ApiPlan[]): string {
  const lines = apis.map((api) => {
    const count = api.actions.length;
    return `- ${escapeText(describeTarget(api.target))}: ${count} ${plural(count, 'authorizer', 'authorizers')}, no changes`;
  });
  return ['**Unchanged APIs**', '', ...lines].join('\n');
}

/** The Terraform-style text plan, coloured by GitHub's diff highlighter. */
function diffDetails(planText: string): string {
  const lines = planText.replace(/\n+$/, '').split('\n').map(toDiffLine);
  const fence = fenceFor(lines.join('\n'));
  const open = lines.length <= EXPAND_DIFF_UP_TO_LINES ? '<details open>' : '<details>';
  return [`${open}<summary>Full plan</summary>`, '', `${fence}diff`, ...lines, fence, '', '</details>'].join('\n');
}

/**
 * Moves the change marker to column 0, where the diff highlighter looks for it (Atlantis does the
 * same): `+` is green, `-` (and so `-/+`) red, and `~` becomes `!`, which GitHub shows as changed.
 */
export function toDiffLine(line: string): string {
  const match = /^( *)([-+~]) (.*)$/.exec(line);
  if (!match) return line;
  const [, indent = '', marker = '', rest = ''] = match;
  return `${marker === '~' ? '!' : marker}${indent} ${rest}`;
}

// ---------------------------------------------------------------------------------------------
// Drift

export function renderDriftMarkdown(report: DriftReport, options: DriftMarkdownOptions): string {
  const counts = countDrift(report);
  const drifting = report.apis.filter((api) => apiHasDrift(api));
  const quiet = report.apis.length - drifting.length;
  const blocks = [
    heading(3, 'gatewarden drift', options.environment),
    driftStatusLine(counts, options.includeUnmanaged, report.apis.length),
    ...drifting.map((api) => renderApiDrift(api, options.includeUnmanaged)),
    ...(drifting.length > 0 && quiet > 0 ? [`${quiet} other ${plural(quiet, 'API is', 'APIs are')} in sync.`] : []),
    ...(options.detailsUrl ? [footer(options.detailsUrl)] : []),
  ];
  return truncateMarkdown(
    joinBlocks(blocks),
    options.maxLength ?? DEFAULT_MARKDOWN_MAX_LENGTH,
    truncationNotice('drift report', options.detailsUrl),
  );
}

/** Authorizers that differ from git: drifted, missing, and unmanaged when those count. */
export function countDiffering(counts: DriftCounts, includeUnmanaged: boolean): number {
  return counts.drifted + counts.missing + (includeUnmanaged ? counts.unmanaged : 0);
}

/** `2 authorizers differ from git`, shared by the report and the drift issue's title. */
export function describeDiffering(count: number): string {
  return `${count} ${plural(count, 'authorizer differs', 'authorizers differ')} from git`;
}

function driftStatusLine(counts: DriftCounts, includeUnmanaged: boolean, apis: number): string {
  const differing = countDiffering(counts, includeUnmanaged);
  const unmanagedNote =
    counts.unmanaged > 0 ? [`${counts.unmanaged} unmanaged${includeUnmanaged ? '' : ' (listed, not counted)'}`] : [];
  if (differing === 0) {
    return [`**✅ In sync: AWS matches git**`, `${apis} ${plural(apis, 'API', 'APIs')} checked`, ...unmanagedNote].join(' · ');
  }
  const parts = [
    ...(counts.drifted > 0 ? [`${counts.drifted} drifted`] : []),
    ...(counts.missing > 0 ? [`${counts.missing} missing`] : []),
    ...unmanagedNote,
  ];
  return [`**🟠 Drift: ${describeDiffering(differing)}**`, ...parts].join(' · ');
}

function apiHasDrift(api: ApiDrift): boolean {
  return api.drifted.length > 0 || api.missing.length > 0 || api.unmanaged.length > 0;
}

function renderApiDrift(api: ApiDrift, includeUnmanaged: boolean): string {
  const parts = [heading(4, describeTarget(api.target))];
  const rows = api.drifted.flatMap((authorizer) =>
    authorizer.fields.map((field) => [
      code(authorizer.name, { inTable: true }),
      code(field.path, { inTable: true }),
      code(formatValue(field.expected), { inTable: true }),
      code(formatValue(field.actual), { inTable: true }),
    ]),
  );
  if (rows.length > 0) parts.push(table(['Authorizer', 'Field', 'Expected (git)', 'Actual (AWS)'], rows));
  if (api.missing.length > 0) {
    parts.push(`**Missing from AWS** (declared in git): ${api.missing.map((name) => code(name)).join(', ')}`);
  }
  if (api.unmanaged.length > 0) {
    const names = api.unmanaged.map((authorizer) => `${code(authorizer.name)} (${code(authorizer.authorizerId)})`);
    const counted = includeUnmanaged ? 'counted as drift' : 'listed only; `--include-unmanaged` counts them';
    parts.push(`**Unmanaged** (in AWS, not in git; ${counted}): ${names.join(', ')}`);
  }
  return parts.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Building blocks

function joinBlocks(blocks: readonly string[]): string {
  return `${blocks.join('\n\n')}\n`;
}

function heading(level: number, text: string, environment?: string): string {
  const suffix = environment ? `: ${escapeText(environment)}` : '';
  return `${'#'.repeat(level)} ${escapeText(text)}${suffix}`;
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

function footer(url: string | undefined, digest?: string): string {
  const parts = [...(digest ? [`Plan digest ${code(digest)}`] : []), ...(url ? [`[Run details](${safeUrl(url)})`] : [])];
  return `<sub>${parts.join(' · ')}</sub>`;
}

function truncationNotice(what: string, detailsUrl: string | undefined): string {
  const where = detailsUrl ? `[the job summary](${safeUrl(detailsUrl)})` : 'the job summary of this run';
  return [`> [!WARNING]`, `> This ${what} was cut to fit GitHub's size limit. The full ${what} is in ${where}.`].join('\n');
}

/**
 * Plain text that Markdown must show as typed: inline markup characters are backslash-escaped and
 * `<`, `>` and `&` become entities, so that nothing user-controlled can open HTML or a link.
 */
export function escapeText(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~#!]/g, (character) => `\\${character}`);
}

/**
 * An inline code span that survives any content: the delimiter is one backtick longer than the
 * longest run inside, and (in tables) `|` is escaped, which GFM undoes before rendering the span.
 * `<` and `>` need nothing: HTML is not interpreted inside code spans.
 */
export function code(text: string, options: { inTable?: boolean } = {}): string {
  let content = text.replace(/\r?\n/g, ' ');
  if (options.inTable) content = content.replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const delimiter = '`'.repeat(longestRun + 1);
  const pad = content.startsWith('`') || content.endsWith('`') || content.startsWith(' ') || content.endsWith(' ');
  return pad ? `${delimiter} ${content} ${delimiter}` : `${delimiter}${content}${delimiter}`;
}

/** A fence that no line of the content can close early. */
function fenceFor(content: string): string {
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longestRun + 1));
}

/** Only http(s) links; characters that would end the Markdown link destination are percent-encoded. */
function safeUrl(url: string): string {
  if (!/^https?:\/\//i.test(url)) return '#';
  return url.replace(/[\s()<>]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

// ---------------------------------------------------------------------------------------------
// Truncation

interface MarkupState {
  /** The fence that opened the current code block, or undefined outside code blocks. */
  readonly fence: { readonly marker: string; readonly line: number } | undefined;
  /** `<details>` elements opened and not yet closed. */
  readonly openDetails: number;
}

/**
 * Cuts `markdown` to at most `limit` units (as counted by `measure`) at a line boundary, then closes
 * whatever the cut left open (code fences, `<details>`), drops a dangling heading or table header,
 * and appends `notice`. Markdown that fits is returned unchanged.
 */
export function truncateMarkdown(
  markdown: string,
  limit: number,
  notice: string,
  measure: (text: string) => number = (text) => text.length,
): string {
  if (measure(markdown) <= limit) return markdown;
  const tail = `\n${notice}\n`;
  const lines = markdown.split('\n');
  const kept: string[] = [];
  let used = 0;
  let state: MarkupState = { fence: undefined, openDetails: 0 };
  for (const line of lines) {
    const next = advance(state, line, kept.length);
    const cost = measure(line) + 1;
    if (used + cost + measure(closers(next)) + measure(tail) > limit) break;
    kept.push(line);
    used += cost;
    state = next;
  }
  dropDanglingLines(kept);
  const body = kept.join('\n');
  const closing = closers(scanMarkup(kept));
  const result = `${body}${body ? '\n' : ''}${closing}${tail}`;
  // A limit too small for even the notice: say so rather than exceed it.
  return measure(result) <= limit ? result : notice.slice(0, Math.max(0, limit));
}

function scanMarkup(lines: readonly string[]): MarkupState {
  return lines.reduce<MarkupState>((state, line, index) => advance(state, line, index), { fence: undefined, openDetails: 0 });
}

/** CommonMark fences: up to three spaces, then 3+ backticks or tildes; closed by the same character, at least as many. */
function advance(state: MarkupState, line: string, index: number): MarkupState {
  if (state.fence) {
    const closing = new RegExp(`^ {0,3}${state.fence.marker[0] === '`' ? '`' : '~'}{${state.fence.marker.length},}\\s*$`);
    return closing.test(line) ? { ...state, fence: undefined } : state;
  }
  const opening = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/.exec(line);
  if (opening?.[1]) return { ...state, fence: { marker: opening[1], line: index } };
  const html = withoutCodeSpans(line);
  const opened = (html.match(/<details[\s>]/gi) ?? []).length;
  const closed = (html.match(/<\/details\s*>/gi) ?? []).length;
  return { ...state, openDetails: Math.max(0, state.openDetails + opened - closed) };
}

function withoutCodeSpans(line: string): string {
  return line.replace(/(`+)[\s\S]*?\1/g, '');
}

/** What closes the open structures: the fence first (after a line saying the code goes on), then each `<details>`. */
function closers(state: MarkupState): string {
  const parts: string[] = [];
  if (state.fence) parts.push(`…\n${state.fence.marker}\n`);
  for (let index = 0; index < state.openDetails; index += 1) parts.push('\n</details>\n');
  return parts.join('');
}

/** A cut can leave a heading, a table header or an empty `<details>`/fence opening with nothing under it. */
function dropDanglingLines(kept: string[]): void {
  for (;;) {
    const state = scanMarkup(kept);
    const last = kept.length - 1;
    const line = kept[last];
    if (line === undefined) return;
    if (state.fence) {
      if (state.fence.line !== last) return;
      kept.pop();
      continue;
    }
    if (line.trim() === '' || /^ {0,3}#{1,6}(\s|$)/.test(line) || /^<details[\s>].*<summary>.*<\/summary>\s*$/i.test(line)) {
      kept.pop();
      continue;
    }
    if (/^\|( *:?-+:? *\|)+$/.test(line)) {
      kept.splice(last - 1, 2);
      continue;
    }
    return;
  }
}
