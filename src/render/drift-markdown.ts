/**
 * Drift as GitHub-flavoured Markdown, for the drift issue and job summaries. Pure and deterministic.
 */
import { countDrift, countLaggingStages, type ApiDrift, type DriftCounts, type DriftReport } from '../core/drift.js';
import { describeLag, describeTarget, formatValue, plural } from './format.js';
import { adoptBlock, code, DEFAULT_MARKDOWN_MAX_LENGTH, footer, heading, joinBlocks, table, truncationNotice } from './markdown-blocks.js';
import { truncateMarkdown } from './markdown-truncate.js';

export interface DriftMarkdownOptions {
  readonly environment?: string;
  /** Whether authorizers that are in AWS but not in git count as drift (`drift --include-unmanaged`). */
  readonly includeUnmanaged: boolean;
  readonly maxLength?: number;
  readonly detailsUrl?: string;
}

export function renderDriftMarkdown(report: DriftReport, options: DriftMarkdownOptions): string {
  const counts = countDrift(report);
  const drifting = report.apis.filter((api) => apiHasDrift(api));
  const quiet = report.apis.length - drifting.length;
  const blocks = [
    heading(3, 'gatewarden drift', options.environment),
    driftStatusLine(counts, countLaggingStages(report), options.includeUnmanaged, report.apis.length),
    ...drifting.map((api) => renderApiDrift(api, options.includeUnmanaged)),
    ...adoptBlock(counts.unmanaged),
    ...(drifting.length > 0 && quiet > 0 ? [`${quiet} other ${plural(quiet, 'API is', 'APIs are')} in sync.`] : []),
    ...(options.detailsUrl ? [footer(options.detailsUrl)] : []),
  ];
  return truncateMarkdown(
    joinBlocks(blocks),
    options.maxLength ?? DEFAULT_MARKDOWN_MAX_LENGTH,
    truncationNotice('drift report', options.detailsUrl),
  );
}

/**
 * Authorizers that differ from git: drifted, missing, to prune, and unmanaged when those count.
 * Reports of releases before prune have no prunable count.
 */
export function countDiffering(counts: Omit<DriftCounts, 'prunable'> & { readonly prunable?: number }, includeUnmanaged: boolean): number {
  return counts.drifted + counts.missing + (counts.prunable ?? 0) + (includeUnmanaged ? counts.unmanaged : 0);
}

/** `2 authorizers differ from git`, shared by the report and the drift issue's title. */
export function describeDiffering(count: number): string {
  return `${count} ${plural(count, 'authorizer differs', 'authorizers differ')} from git`;
}

/**
 * The drift in one phrase, for the report's headline and the drift issue's title: the authorizers
 * that differ, the stages that run an older configuration, or both; never "0 authorizers differ".
 */
export function describeDrift(differing: number, lagging: number): string {
  const stages = `${lagging} ${plural(lagging, 'stage runs', 'stages run')} an older configuration`;
  if (lagging === 0) return describeDiffering(differing);
  return differing === 0 ? stages : `${describeDiffering(differing)}, ${stages}`;
}

function driftStatusLine(counts: DriftCounts, lagging: number, includeUnmanaged: boolean, apis: number): string {
  const differing = countDiffering(counts, includeUnmanaged);
  const unmanagedNote =
    counts.unmanaged > 0 ? [`${counts.unmanaged} unmanaged${includeUnmanaged ? '' : ' (listed, not counted)'}`] : [];
  if (differing === 0 && lagging === 0) {
    return [`**✅ In sync: AWS matches git**`, `${apis} ${plural(apis, 'API', 'APIs')} checked`, ...unmanagedNote].join(' · ');
  }
  const parts = [
    ...(counts.drifted > 0 ? [`${counts.drifted} drifted`] : []),
    ...(counts.missing > 0 ? [`${counts.missing} missing`] : []),
    ...(counts.prunable > 0 ? [`${counts.prunable} to prune`] : []),
    ...(lagging > 0 ? [`${lagging} ${plural(lagging, 'stage', 'stages')} lagging`] : []),
    ...unmanagedNote,
  ];
  return [`**🟠 Drift: ${describeDrift(differing, lagging)}**`, ...parts].join(' · ');
}

function apiHasDrift(api: ApiDrift): boolean {
  return api.drifted.length > 0 || api.missing.length > 0 || api.unmanaged.length > 0 || api.prunable.length > 0 || api.lagging.length > 0;
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
  for (const lag of api.lagging) parts.push(`**Stage ${code(lag.stage)} lags:** ${describeLag(lag.stage, lag.authorizers)}; a redeploy is due.`);
  if (api.missing.length > 0) {
    parts.push(`**Missing from AWS** (declared in git): ${api.missing.map((name) => code(name)).join(', ')}`);
  }
  if (api.prunable.length > 0) {
    const names = api.prunable.map((authorizer) => `${code(authorizer.name)} (${code(authorizer.authorizerId)})`);
    parts.push(`**To prune** (in AWS, not in git, unused; \`spec.prune\` deletes them on \`apply --allow-delete\`): ${names.join(', ')}`);
  }
  if (api.unmanaged.length > 0) {
    const names = api.unmanaged.map((authorizer) => `${code(authorizer.name)} (${code(authorizer.authorizerId)})`);
    const counted = includeUnmanaged ? 'counted as drift' : 'listed only; `--include-unmanaged` counts them';
    parts.push(`**Unmanaged** (in AWS, not in git; ${counted}): ${names.join(', ')}`);
  }
  return parts.join('\n\n');
}
