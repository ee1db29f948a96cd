/** Plans as text, in the shape Terraform users read every day. Pure and deterministic. */
import type { ApiPlan, AuthorizerAction, FieldChange, Plan, PostAction } from '../core/model.js';
import { assertNever } from '../core/assert-never.js';
import { countPostActions, planHasChanges, summarizePlan } from '../core/plan-summary.js';
import { replacementName } from '../core/replacement.js';
import { adoptHint, describeKept, describeLag, describeStagesLeftBehind, describeTarget, describeUsage, formatValue, padRight, plural, pruneInUseAdvice, summaryLine, targetingNote } from './format.js';
import { plainStyle, type Style } from './style.js';

export interface PlanTextOptions {
  /** The adopt command for the manifests planned (see `adoptCommand`); shown after unmanaged authorizers. */
  readonly adoptCommand?: string;
  /** Colours; plain unless the command decides the terminal takes them. */
  readonly style?: Style;
}

export function renderPlanText(plan: Plan, options: PlanTextOptions = {}): string {
  const style = options.style ?? plainStyle;
  const lines: string[] = [...targetingNote(plan.targets, style)];
  if (plan.environment) lines.push(style.bold(`Environment ${plan.environment.name} (account ${plan.environment.account})`), '');
  if (!planHasChanges(plan)) {
    lines.push(style.bold(style.add('No changes.')) + style.bold(' The live authorizers match the manifests.'), '');
  } else {
    lines.push('gatewarden will perform the following actions:', '');
  }
  for (const api of plan.apis) lines.push(...renderApi(api, style));
  const summary = summarizePlan(plan);
  lines.push(...adoptHint(summary.unmanaged, options.adoptCommand));
  lines.push(style.bold(summaryLine(summary, countPostActions(plan))));
  return `${lines.join('\n')}\n`;
}

function renderApi(api: ApiPlan, style: Style): string[] {
  const changed = api.actions.filter((action) => action.kind !== 'no-op');
  const unchanged = api.actions.length - changed.length;
  const lines = [style.bold(describeTarget(api.target)), ''];
  const usage = new Map(api.usage.map((entry) => [entry.authorizerId, entry]));
  const usageLine = (authorizerId: string, indent: string): string[] => {
    const entry = usage.get(authorizerId);
    if (entry === undefined) return [];
    usage.delete(authorizerId);
    return [style.dim(`${indent}# ${describeUsage(api.target, entry)}`)];
  };
  for (const action of changed) lines.push(...renderAction(action, style), ...(action.kind === 'create' ? [] : usageLine(action.authorizerId, '    ')), '');
  for (const post of api.postActions) lines.push(...renderPostAction(post, style), '');
  for (const authorizer of api.unmanaged) {
    lines.push(`  ? authorizer "${authorizer.name}" (${authorizer.authorizerId}) is not in the manifests: ${describeKept(authorizer.pruneKeeps)}`, ...usageLine(authorizer.authorizerId, '      '));
    if (authorizer.pruneKeeps?.reason === 'in-use') lines.push(style.dim(`      # ${pruneInUseAdvice(api.target.apiType)}`));
  }
  // `--show-usage`: the authorizers no line above named.
  for (const entry of [...usage.values()]) lines.push(style.dim(`  # authorizer "${entry.name}" (${entry.authorizerId}) is ${describeUsage(api.target, entry)}`));
  if (usage.size > 0) lines.push('');
  if (unchanged > 0) lines.push(style.dim(`  (${unchanged} ${plural(unchanged, 'authorizer', 'authorizers')} unchanged)`));
  if (api.unmanaged.length > 0 || unchanged > 0) lines.push('');
  return lines;
}

function renderAction(action: Exclude<AuthorizerAction, { kind: 'no-op' }>, style: Style): string[] {
  switch (action.kind) {
    case 'delete': {
      const width = Math.max('id'.length, ...Object.keys(action.before).map((path) => path.length));
      return [
        // Terraform's own colouring: the verb in red.
        style.bold(`  # authorizer "${action.name}" will be ${style.remove('destroyed')}`) + style.dim(' (not in the manifests; spec.prune)'),
        `  ${style.remove('-')} authorizer "${action.name}" {`,
        `      ${style.remove('-')} ${padRight('id', width)} = ${formatValue(action.authorizerId)} -> null`,
        ...Object.entries(action.before).map(([path, value]) => `      ${style.remove('-')} ${padRight(path, width)} = ${formatValue(value)} -> null`),
        '    }',
      ];
    }
    case 'create': {
      const width = Math.max(...Object.keys(action.after).map((path) => path.length));
      return [
        style.bold(`  # authorizer "${action.name}" will be created`),
        `  ${style.add('+')} authorizer "${action.name}" {`,
        ...Object.entries(action.after).map(([path, value]) => `      ${style.add('+')} ${padRight(path, width)} = ${formatValue(value)}`),
        '    }',
      ];
    }
    case 'update':
    case 'replace': {
      const replace = action.kind === 'replace';
      const width = Math.max('id'.length, ...action.fields.map((field) => field.path.length));
      const hidden = Object.keys(action.after).filter((path) => !action.fields.some((field) => field.path === path));
      return [
        style.bold(
          replace
            ? `  # authorizer "${action.name}" must be replaced: created as "${replacementName(action.name)}", its users moved to it, redeploys run, the old one deleted, the new one renamed`
            : `  # authorizer "${action.name}" will be updated in-place`,
        ),
        ...(action.kind === 'replace' && action.stagesLeftBehind ? [style.remove(`  # ${describeStagesLeftBehind(action.stagesLeftBehind)}`)] : []),
        `${replace ? style.remove('-/+') : `  ${style.change('~')}`} authorizer "${action.name}" {`,
        `        ${padRight('id', width)} = ${formatValue(action.authorizerId)}`,
        ...action.fields.flatMap((field) => {
          const forces = replace && action.replacePaths.includes(field.path) ? style.remove(' # forces replacement') : '';
          return renderFieldChange(field, width, forces, style);
        }),
        ...(hidden.length > 0
          ? [style.dim(`        # (${hidden.length} unchanged ${plural(hidden.length, 'attribute', 'attributes')} hidden)`)]
          : []),
        '    }',
      ];
    }
    default:
      return assertNever(action);
  }
}

/**
 * Sets (identity sources, audiences, provider ARNs) change by element, as Terraform shows them: the
 * entries added and removed, not two whole lists a reader has to compare by eye.
 */
function renderFieldChange(field: FieldChange, width: number, forces: string, style: Style): string[] {
  const { before, after } = field;
  const isList = (value: unknown) => value === undefined || Array.isArray(value);
  if (!isList(before) || !isList(after) || (before === undefined && after === undefined)) {
    return [`      ${style.change('~')} ${padRight(field.path, width)} = ${formatValue(before)} -> ${formatValue(after)}${forces}`];
  }
  const old = (before ?? []) as readonly unknown[];
  const now = (after ?? []) as readonly unknown[];
  const kept = old.filter((entry) => now.includes(entry)).length;
  return [
    `      ${style.change('~')} ${padRight(field.path, width)} = [${forces}`,
    ...old.filter((entry) => !now.includes(entry)).map((entry) => `          ${style.remove('-')} ${formatValue(entry)},`),
    ...now.filter((entry) => !old.includes(entry)).map((entry) => `          ${style.add('+')} ${formatValue(entry)},`),
    ...(kept > 0 ? [style.dim(`            # (${kept} unchanged ${plural(kept, 'element', 'elements')} hidden)`)] : []),
    '        ]',
  ];
}

function renderPostAction(action: PostAction, style: Style): string[] {
  switch (action.kind) {
    case 'redeploy':
      return [
        style.bold(
          action.lagging
            ? `  # ${describeLag(action.stage, action.lagging)}`
            : `  # stage "${action.stage}" will be redeployed so that the changes take effect`,
        ),
        `  ${style.add('+')} redeploy stage "${action.stage}"`,
      ];
    case 'reset-cache':
      return [
        style.bold(`  # the authorizer cache of stage "${action.stage}" will be reset`),
        `  ${style.add('+')} reset-cache stage "${action.stage}"`,
      ];
    default:
      return assertNever(action);
  }
}
