/**
 * Plans as GitHub-flavoured Markdown, for PR comments and job summaries. Pure and deterministic:
 * data and options in, a string out. Escaping and the shared blocks are in `markdown-blocks.ts`;
 * output that would not fit GitHub's limits is cut by `truncateMarkdown` (`markdown-truncate.ts`).
 */
import type { ApiPlan, AuthorizerAction, Plan, PostAction } from '../core/model.js';
import { assertNever } from '../core/assert-never.js';
import { countPostActions, planHasChanges, summarizePlan, type PlanSummary } from '../core/plan-summary.js';
import { describeKept, describeLag, describeStagesLeftBehind, describeTarget, describeUsage, plural, postCounts, pruneInUseAdvice } from './format.js';
import {
  adoptBlock,
  code,
  DEFAULT_MARKDOWN_MAX_LENGTH,
  escapeText,
  fenceFor,
  footer,
  heading,
  joinBlocks,
  table,
  truncationNotice,
} from './markdown-blocks.js';
import { truncateMarkdown } from './markdown-truncate.js';
import { renderPlanText } from './text.js';

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

export function renderPlanMarkdown(plan: Plan, options: PlanMarkdownOptions = {}): string {
  const summary = summarizePlan(plan);
  const changed = plan.apis.filter(apiHasChanges);
  const quiet = plan.apis.filter((api) => !apiHasChanges(api));
  const environment = options.environment ?? plan.environment?.name;
  const blocks = [
    // First, so that truncation never drops it: apply.yml reads it to check it applies the reviewed plan.
    ...(options.digest ? [planDigestMarker(options.digest, environment)] : []),
    heading(3, options.title ?? 'gatewarden plan', environment),
    ...(plan.environment ? [`Account ${code(plan.environment.account)}`] : []),
    planStatusLine(plan, summary),
    ...(summary.replace > 0 ? [replaceBanner(plan, summary.replace)] : []),
    ...(summary.delete > 0 ? [deleteBanner(plan, summary.delete)] : []),
    ...changed.map(renderApiSection),
    ...adoptBlock(summary.unmanaged),
    ...(quiet.length > 0 ? [unchangedApis(quiet)] : []),
    ...(planHasChanges(plan) ? [diffDetails(renderPlanText(plan))] : []),
    ...(options.detailsUrl || options.digest ? [footer(options.detailsUrl, options.digest)] : []),
  ];
  const markdown = joinBlocks(blocks);
  return truncateMarkdown(markdown, options.maxLength ?? DEFAULT_MARKDOWN_MAX_LENGTH, truncationNotice('plan', options.detailsUrl));
}

export interface EnvironmentPlan {
  readonly plan: Plan;
  readonly digest?: string;
  /** Names the section when the plan records no environment (e.g. the file name). */
  readonly fallbackName: string;
}

/** One saved plan as its own Markdown (named `environment` when given), several as one document with a section each. */
export function renderSavedPlansMarkdown(plans: readonly EnvironmentPlan[], environment?: string): string {
  const [only] = plans;
  if (only === undefined || plans.length > 1) return renderEnvironmentPlansMarkdown(plans);
  return renderPlanMarkdown(only.plan, { ...(only.digest ? { digest: only.digest } : {}), ...(environment ? { environment } : {}) });
}

/**
 * Several environments' plans as one comment: a summary line per environment, then each plan's own
 * section (with its digest marker, so each environment's apply finds its reviewed plan). Each section
 * gets an equal share of the length limit.
 */
export function renderEnvironmentPlansMarkdown(plans: readonly EnvironmentPlan[], options: Pick<PlanMarkdownOptions, 'maxLength' | 'detailsUrl'> = {}): string {
  const name = (entry: EnvironmentPlan) => entry.plan.environment?.name ?? entry.fallbackName;
  const rows = plans.map((entry) => [escapeText(name(entry)), entry.plan.environment ? code(entry.plan.environment.account) : '–', planStatus(summarizePlan(entry.plan))]);
  const share = Math.floor((options.maxLength ?? DEFAULT_MARKDOWN_MAX_LENGTH) / (plans.length + 1));
  const sections = plans.map((entry) =>
    renderPlanMarkdown(entry.plan, {
      environment: name(entry),
      maxLength: share,
      ...(entry.digest ? { digest: entry.digest } : {}),
      ...(options.detailsUrl ? { detailsUrl: options.detailsUrl } : {}),
    }).trimEnd(),
  );
  return joinBlocks([heading(2, `gatewarden plan: ${plans.length} ${plural(plans.length, 'environment', 'environments')}`), table(['Environment', 'Account', 'Plan'], rows), ...sections]);
}

/**
 * A hidden line carrying the saved plan's digest (and environment), for tools that look for the
 * reviewed plan. Only safe characters pass, so the marker can never close the comment early.
 */
export function planDigestMarker(digest: string, environment?: string): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9:_.-]/g, '');
  return `<!-- gatewarden:plan-digest ${environment ? `env=${safe(environment)} ` : ''}${safe(digest)} -->`;
}

/** `🔴 1 to destroy, 1 to replace, 2 to change, 1 to add` (Terraform's words) in severity order, with the quieter counts after it. */
export function planStatus(summary: PlanSummary): string {
  const changes = [
    ...(summary.delete > 0 ? [`${summary.delete} to destroy`] : []),
    ...(summary.replace > 0 ? [`${summary.replace} to replace`] : []),
    ...(summary.update > 0 ? [`${summary.update} to change`] : []),
    ...(summary.create > 0 ? [`${summary.create} to add`] : []),
  ];
  if (changes.length === 0) return '✅ No changes';
  const icon = summary.replace + summary.delete > 0 ? '🔴' : '🟡';
  return `${icon} ${changes.join(', ')}`;
}

function planStatusLine(plan: Plan, summary: PlanSummary): string {
  const extras = [
    ...(summary.unchanged > 0 ? [`${summary.unchanged} unchanged`] : []),
    ...postCounts(countPostActions(plan)),
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
              .join(', ')} ${plural(action.replacePaths.length, 'forces', 'force')} the replacement${
              action.stagesLeftBehind ? `. **${escapeText(describeStagesLeftBehind(action.stagesLeftBehind))}**` : ''
            }`,
          ]
        : [],
    ),
  );
  return [
    '> [!CAUTION]',
    `> **${count} ${plural(count, 'authorizer', 'authorizers')} will be replaced**: created again with a new id, routes and methods moved to it, then the old one deleted.`,
    '> `gatewarden apply` refuses this unless it is given `--allow-replace`.',
    '>',
    ...items,
  ].join('\n');
}

/** Deletions cannot be undone (a new authorizer gets a new id): reviewers must not miss them either. */
function deleteBanner(plan: Plan, count: number): string {
  const items = plan.apis.flatMap((api) =>
    api.actions.flatMap((action) =>
      action.kind === 'delete' ? [`> - ${code(action.name)} (${code(action.authorizerId)}) in ${escapeText(describeTarget(api.target))}`] : [],
    ),
  );
  return [
    '> [!CAUTION]',
    `> **${count} ${plural(count, 'authorizer', 'authorizers')} will be destroyed**: not in the manifests, used by no route or method, and the manifest sets \`spec.prune\`.`,
    '> `gatewarden apply` refuses this unless it is given `--allow-delete`.',
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
  const alone = api.unmanaged.filter((authorizer) => authorizer.pruneKeeps === undefined);
  const kept = api.unmanaged.filter((authorizer) => authorizer.pruneKeeps !== undefined);
  if (alone.length > 0) {
    const names = alone.map((authorizer) => `${code(authorizer.name)} (${code(authorizer.authorizerId)})`);
    parts.push(`**Unmanaged** (in AWS, not in git; left alone): ${names.join(', ')}`);
  }
  if (kept.length > 0) {
    const items = kept.map((authorizer) => {
      const advice = authorizer.pruneKeeps?.reason === 'in-use' ? `; ${pruneInUseAdvice(api.target.apiType)}` : '';
      return `- ${code(authorizer.name)} (${code(authorizer.authorizerId)}): ${escapeText(describeKept(authorizer.pruneKeeps))}${escapeText(advice)}`;
    });
    parts.push(['**Not in git, kept by prune:**', ...items].join('\n'));
  }
  if (unchanged > 0) parts.push(`${unchanged} ${plural(unchanged, 'authorizer', 'authorizers')} unchanged.`);
  if (api.usage.length > 0) {
    parts.push(['**In use:**', ...api.usage.map((entry) => `- ${code(entry.name)} (${code(entry.authorizerId)}) is ${escapeText(describeUsage(api.target, entry))}`)].join('\n'));
  }
  return parts.join('\n\n');
}

function actionRow(action: AuthorizerAction): string[] {
  const name = code(action.name, { inTable: true });
  switch (action.kind) {
    case 'delete':
      return ['🔴 destroy', name, 'not in the manifests (`spec.prune`)'];
    case 'replace':
      return [
        action.stagesLeftBehind ? '⛔ replace (refused)' : '🔴 replace',
        name,
        [
          ...action.fields.map((field) => `${code(field.path, { inTable: true })}${action.replacePaths.includes(field.path) ? ' ⚠️ forces replacement' : ''}`),
          ...(action.stagesLeftBehind ? [escapeText(describeStagesLeftBehind(action.stagesLeftBehind))] : []),
        ].join(', '),
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
      return post.lagging ? `redeploy stage ${code(post.stage)} (${describeLag(post.stage, post.lagging)})` : `redeploy stage ${code(post.stage)}`;
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
