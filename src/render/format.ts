/** Small formatting helpers shared by the renderers. */
import type { ApiTarget, ApiType, AuthorizerUsage, LaggingAuthorizer, PostAction, PruneKeep } from '../core/model.js';
import { assertNever } from '../core/assert-never.js';
import { apiTypeLabel, attachmentNoun } from '../families/registry.js';
import type { PlanSummary } from '../core/plan-summary.js';
import type { Style } from './style.js';

export function describeTarget(target: ApiTarget): string {
  const label = target.label && target.label !== target.apiName ? ` [${target.label}]` : '';
  return `${apiTypeLabel(target.apiType)} "${target.apiName}" (${target.apiId}) in ${target.region}${label}`;
}

/** `used by 12 routes: GET /a, …, and 2 more`: the count, then the first keys the plan keeps. */
export function describeUsage(target: ApiTarget, usage: AuthorizerUsage): string {
  if (usage.count === 0) return `used by no ${attachmentNoun(target.apiType, 0)}`;
  const more = usage.count > usage.first.length ? `, and ${usage.count - usage.first.length} more` : '';
  return `used by ${usage.count} ${attachmentNoun(target.apiType, usage.count)}: ${usage.first.join(', ')}${more}`;
}

/** Values as a Terraform user reads them: strings quoted, absent members as null. */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  return JSON.stringify(value);
}

/** `stage prod runs an older configuration of token-auth: authorizerResultTtlInSeconds 300, live 60` */
export function describeLag(stage: string, lagging: readonly LaggingAuthorizer[]): string {
  const authorizers = lagging.map(
    (authorizer) =>
      `${authorizer.name}: ${authorizer.fields.map((field) => `${field.path} ${formatValue(field.before)}, live ${formatValue(field.after)}`).join('; ')}`,
  );
  return `stage ${stage} runs an older configuration of ${authorizers.join(', and of ')}`;
}

/** What the plan does with an undeclared authorizer it leaves: `left alone`, or why prune keeps it. */
export function describeKept(keep: PruneKeep | undefined): string {
  if (keep === undefined) return 'left alone';
  switch (keep.reason) {
    case 'keep-glob':
      return `kept (spec.prune.keep "${keep.glob}")`;
    case 'in-use':
      return 'kept, because it is in use (spec.prune never deletes an authorizer in use)';
    case 'replacement':
      return 'kept (the new authorizer of an unfinished replacement)';
    default:
      return assertNever(keep);
  }
}

/** What to do about an undeclared authorizer that prune keeps because routes or methods use it. */
export function pruneInUseAdvice(apiType: ApiType): string {
  return `detach it from these ${attachmentNoun(apiType, 2)}, or declare it`;
}

/** The plan-time refusal of a replacement that would leave stages on the deleted authorizer. */
export function describeStagesLeftBehind(stages: readonly string[]): string {
  const names = stages.map((stage) => `"${stage}"`).join(', ');
  return `refused: ${plural(stages.length, 'stage', 'stages')} ${names} ${plural(stages.length, 'does', 'do')} not deploy by itself and ${plural(stages.length, 'is', 'are')} not in spec.afterChange.redeploy, so ${plural(stages.length, 'it', 'they')} would keep serving the deleted authorizer; apply refuses this replacement until ${plural(stages.length, 'it is', 'they are')} added there`;
}

/**
 * Terraform's own sentence first (scripts and eyes look for it), then what only gatewarden counts.
 * Only prune (spec.prune) destroys; a replacement is counted as "to replace".
 */
export function summaryLine(summary: PlanSummary, posts: Readonly<Record<PostAction['kind'], number>>): string {
  const terraform = [
    `${summary.create} to add`,
    `${summary.update} to change`,
    `${summary.delete} to destroy`,
    ...(summary.replace > 0 ? [`${summary.replace} to replace`] : []),
  ];
  return `Plan: ${terraform.join(', ')}. ${countsLine(summary.unchanged, summary.unmanaged, posts)}`;
}

/** `3 unchanged, 1 unmanaged, 2 redeploys, 2 cache resets.`: post-actions only when there are any. */
function countsLine(unchanged: number, unmanaged: number, posts: Readonly<Record<PostAction['kind'], number>>): string {
  return `${[`${unchanged} unchanged`, `${unmanaged} unmanaged`, ...postCounts(posts)].join(', ')}.`;
}

export function postCounts(posts: Readonly<Record<PostAction['kind'], number>>): string[] {
  const { redeploy: redeploys, 'reset-cache': resets } = posts;
  return [
    ...(redeploys > 0 ? [`${redeploys} ${plural(redeploys, 'redeploy', 'redeploys')}`] : []),
    ...(resets > 0 ? [`${resets} cache ${plural(resets, 'reset', 'resets')}`] : []),
  ];
}

/** Like Terraform's -target warning: a targeted run is not the whole picture. */
export function targetingNote(targets: readonly string[] | undefined, style: Style, run: 'plan' | 'drift' = 'plan'): string[] {
  if (!targets || targets.length === 0) return [];
  const [done, whole] = run === 'plan' ? ['planned', 'plan without --target to see every change'] : ['checked', 'run drift without --target to check them'];
  return [
    style.bold(style.change(`Targeting is in effect: only the APIs matching ${targets.map((target) => `"${target}"`).join(', ')} are ${done}.`)),
    `The other APIs of the manifests were not read; ${whole}.`,
    '',
  ];
}

export function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}

export function padRight(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - text.length));
}

/**
 * `gatewarden COMMAND PATHS [--env ENV]`, quoted for a POSIX shell. `env` is an `--env` value that
 * finds the environment from these paths: manifests with variables need it to be read at all.
 */
export function manifestCommand(command: string, paths: readonly string[], env?: string): string {
  const words = [...paths, ...(env === undefined ? [] : ['--env', env])];
  const quoted = words.map((given) => (/^[\w@%+=:,./-]+$/.test(given) ? given : `'${given.replace(/'/g, "'\\''")}'`));
  return `gatewarden ${command} ${quoted.join(' ')}`;
}

/** The command that adopts unmanaged authorizers into the manifests at `paths` (`env`: `--env` as given). */
export function adoptCommand(paths: readonly string[], env?: string): string {
  return manifestCommand('adopt', paths, env);
}

/** The closing line of an unmanaged section, when there is one and the command knows the paths. */
export function adoptHint(unmanaged: number, command: string | undefined): string[] {
  if (unmanaged === 0 || command === undefined) return [];
  return [`${adoptSentence(unmanaged)}: ${command}`, ''];
}

/** `To manage the unmanaged authorizers, add them to the manifests with`, for text and Markdown alike. */
export function adoptSentence(unmanaged: number): string {
  return `To manage the unmanaged ${plural(unmanaged, 'authorizer', 'authorizers')}, add ${plural(unmanaged, 'it', 'them')} to the manifests with`;
}
