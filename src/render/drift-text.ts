/** Drift reports as text. Pure and deterministic. */
import { countDrift, countLaggingStages, hasDrift, type DriftReport } from '../core/drift.js';
import { adoptHint, describeLag, describeTarget, formatValue, padRight, plural, targetingNote } from './format.js';
import { plainStyle, type Style } from './style.js';

/** `adoptCommand`: as for plans, shown after unmanaged authorizers; `style`: the colours, plain by default. */
export function renderDriftText(report: DriftReport, includeUnmanaged: boolean, adoptCommand?: string, style: Style = plainStyle): string {
  const lines: string[] = [...targetingNote(report.targets, style, 'drift')];
  for (const api of report.apis) {
    const hasAny = api.drifted.length + api.missing.length + api.unmanaged.length + api.prunable.length + api.lagging.length > 0;
    if (!hasAny) continue;
    lines.push(style.bold(describeTarget(api.target)), '');
    for (const authorizer of api.drifted) {
      lines.push(`  ${style.change('~')} authorizer "${authorizer.name}" (${authorizer.authorizerId}) differs from the manifest:`);
      const width = Math.max(...authorizer.fields.map((field) => field.path.length));
      for (const field of authorizer.fields) {
        lines.push(`      ${padRight(field.path, width)}  expected ${formatValue(field.expected)}, actual ${formatValue(field.actual)}`);
      }
    }
    for (const lag of api.lagging) lines.push(`  ${style.change('!')} ${describeLag(lag.stage, lag.authorizers)}; a redeploy is due`);
    for (const name of api.missing) lines.push(`  ${style.remove('-')} authorizer "${name}" is declared but missing from AWS`);
    for (const authorizer of api.prunable) {
      lines.push(`  ${style.remove('-')} authorizer "${authorizer.name}" (${authorizer.authorizerId}) is not in the manifests: prune would destroy it (spec.prune)`);
    }
    for (const authorizer of api.unmanaged) {
      const note = includeUnmanaged ? '' : ' (not counted as drift)';
      lines.push(`  ? authorizer "${authorizer.name}" (${authorizer.authorizerId}) exists in AWS but not in the manifests${note}`);
    }
    lines.push('');
  }
  const counts = countDrift(report);
  lines.push(...adoptHint(counts.unmanaged, adoptCommand));
  const status = hasDrift(report, includeUnmanaged) ? 'Drift detected' : 'In sync';
  const stages = countLaggingStages(report);
  const lagging = stages > 0 ? `, ${stages} ${plural(stages, 'stage', 'stages')} lagging` : '';
  const prunable = counts.prunable > 0 ? `, ${counts.prunable} to prune` : '';
  lines.push(style.bold(`${status}: ${counts.drifted} drifted, ${counts.missing} missing, ${counts.unmanaged} unmanaged${prunable}${lagging}.`));
  return `${lines.join('\n')}\n`;
}
