/**
 * The text of drift issues: titles, bodies (markers, the drift Markdown, a footer) and the one short
 * comment each change of state gets. Pure.
 */
import { countLaggingStages } from '../../core/drift.js';
import { driftReportFromJson, type DriftJson } from '../../render/drift-json.js';
import { countDiffering, describeDrift, renderDriftMarkdown } from '../../render/drift-markdown.js';
import { code, escapeText } from '../../render/markdown-blocks.js';
import { markerLines, withoutMarkers } from './marker.js';

/** Issue bodies share the 65,536-character limit of comments; the markers and footer need some of it. */
const BODY_BUDGET = 60_000;
/** How many new/resolved items a delta comment lists before it says "and N more". */
const DELTA_LIST_MAX = 20;
const BODY_FOOTER =
  '\n---\n<sub>Maintained by `gatewarden github drift-issue`: updated when the drift changes, closed when AWS matches git again.</sub>\n';

/** What every body and comment is written from. */
export interface DriftIssueContext {
  readonly report: DriftJson;
  readonly environment: string;
  /** The workflow run, linked from the body and comments. */
  readonly runUrl?: string;
}

export function driftIssueTitle(report: DriftJson, environment: string): string {
  return `Drift: ${environment} — ${describeReport(report)}`;
}

/** Differing authorizers and lagging stages: a drift of stages alone is named as such. */
function describeReport(report: DriftJson): string {
  return describeDrift(countDiffering(report.summary, report.includeUnmanaged), countLaggingStages(report));
}

/** One line per drifted field, missing authorizer, lagging stage, authorizer to prune and (when counted) unmanaged authorizer; sorted. */
export function driftItems(report: DriftJson): string[] {
  return report.apis
    .flatMap((api) => {
      const where = `${api.apiName} (${api.apiId}, ${api.region})`;
      return [
        ...api.drifted.flatMap((authorizer) => authorizer.fields.map((field) => `${where} › ${authorizer.name} › ${field.path}`)),
        ...api.missing.map((name) => `${where} › ${name} › missing from AWS`),
        ...(api.lagging ?? []).map((lag) => `${where} › stage ${lag.stage} › runs an older configuration`),
        ...(api.prunable ?? []).map((authorizer) => `${where} › ${authorizer.name} › not in git, to prune`),
        ...(report.includeUnmanaged ? api.unmanaged.map((authorizer) => `${where} › ${authorizer.name} › not in git`) : []),
      ];
    })
    .sort();
}

export function driftIssueBody(context: DriftIssueContext, currentDigest: string): string {
  const markers = markerLines(context.environment, currentDigest, driftItems(context.report));
  const markdown = renderDriftMarkdown(driftReportFromJson(context.report), {
    environment: context.environment,
    includeUnmanaged: context.report.includeUnmanaged,
    maxLength: BODY_BUDGET - markers.length - BODY_FOOTER.length,
    ...(context.runUrl ? { detailsUrl: context.runUrl } : {}),
  });
  return `${markers}\n\n${markdown}${BODY_FOOTER}`;
}

/** The last drift stays readable under a note; the markers record that this issue closed in sync. */
export function resolvedBody(previous: string, context: DriftIssueContext, currentDigest: string): string {
  const markers = markerLines(context.environment, currentDigest, []);
  const run = context.runUrl ? ` ([run](${context.runUrl}))` : '';
  const note = `> [!NOTE]\n> **Resolved**: AWS matches git again${run}. Below is the drift that was last reported.`;
  const history = withoutMarkers(previous);
  const body = `${markers}\n\n${note}\n\n${history}`;
  return body.length <= BODY_BUDGET ? body : `${markers}\n\n${note}\n`;
}

export function resolvedComment(context: DriftIssueContext): string {
  return withRunLink(
    `✅ **AWS matches git again** in ${escapeText(context.environment)}. Closing this issue; it is reopened if the drift comes back.`,
    context.runUrl,
  );
}

export function driftBackComment(context: DriftIssueContext): string {
  return withRunLink(
    `🔁 **The drift is back**: ${describeReport(context.report)}. Reopening this issue; the description shows the current drift.`,
    context.runUrl,
  );
}

export function changedComment(previousItems: readonly string[] | undefined, context: DriftIssueContext): string {
  const headline = `🔄 **The drift changed**: now ${describeReport(context.report)}.`;
  if (!previousItems) return withRunLink(`${headline} The description shows the current drift.`, context.runUrl);
  const current = driftItems(context.report);
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
  return withRunLink(sections.join('\n\n'), context.runUrl);
}

function bulletList(items: readonly string[]): string {
  const shown = items.slice(0, DELTA_LIST_MAX).map((item) => `- ${code(item)}`);
  const rest = items.length - shown.length;
  return [...shown, ...(rest > 0 ? [`- …and ${rest} more`] : [])].join('\n');
}

export function duplicateComment(kept: number): string {
  return `Closing as a duplicate of #${kept}: gatewarden keeps one drift issue per environment.`;
}

/** The body without our markers, so that a closed duplicate is never again taken for the environment's issue. */
export function duplicateBody(body: string, kept: number): string {
  return `> Closed as a duplicate of #${kept}.\n\n${withoutMarkers(body)}`;
}

function withRunLink(text: string, runUrl: string | undefined): string {
  return runUrl ? `${text}\n\n<sub>[Workflow run](${runUrl})</sub>` : text;
}
