/** Plans as text, in the shape Terraform users read every day. Pure and deterministic. */
import type { ApiPlan, AuthorizerAction, Plan, PostAction } from '../core/model.js';
import { assertNever } from '../core/assert-never.js';
import { countPostActions, planHasChanges, summarizePlan } from '../core/plan.js';
import { adoptHint, describeTarget, formatValue, padRight, plural, summaryLine } from './format.js';

export interface PlanTextOptions {
  /** The adopt command for the manifests planned (see `adoptCommand`); shown after unmanaged authorizers. */
  readonly adoptCommand?: string;
}

export function renderPlanText(plan: Plan, options: PlanTextOptions = {}): string {
  const lines: string[] = [];
  if (plan.environment) lines.push(`Environment ${plan.environment.name} (account ${plan.environment.account})`, '');
  if (!planHasChanges(plan)) {
    lines.push('No changes. The live authorizers match the manifests.', '');
  } else {
    lines.push('gatewarden will perform the following actions:', '');
  }
  for (const api of plan.apis) lines.push(...renderApi(api));
  const summary = summarizePlan(plan);
  lines.push(...adoptHint(summary.unmanaged, options.adoptCommand));
  lines.push(summaryLine(summary, countPostActions(plan)));
  return `${lines.join('\n')}\n`;
}

function renderApi(api: ApiPlan): string[] {
  const changed = api.actions.filter((action) => action.kind !== 'no-op');
  const unchanged = api.actions.length - changed.length;
  const lines = [describeTarget(api.target), ''];
  for (const action of changed) lines.push(...renderAction(action), '');
  for (const post of api.postActions) lines.push(...renderPostAction(post), '');
  for (const authorizer of api.unmanaged) {
    lines.push(`  ? authorizer "${authorizer.name}" (${authorizer.authorizerId}) is not in the manifests: left alone`);
  }
  if (unchanged > 0) lines.push(`  (${unchanged} ${plural(unchanged, 'authorizer', 'authorizers')} unchanged)`);
  if (api.unmanaged.length > 0 || unchanged > 0) lines.push('');
  return lines;
}

function renderAction(action: Exclude<AuthorizerAction, { kind: 'no-op' }>): string[] {
  switch (action.kind) {
    case 'create': {
      const width = Math.max(...Object.keys(action.after).map((path) => path.length));
      return [
        `  # authorizer "${action.name}" will be created`,
        `  + authorizer "${action.name}" {`,
        ...Object.entries(action.after).map(([path, value]) => `      + ${padRight(path, width)} = ${formatValue(value)}`),
        '    }',
      ];
    }
    case 'update':
    case 'replace': {
      const replace = action.kind === 'replace';
      const width = Math.max('id'.length, ...action.fields.map((field) => field.path.length));
      const hidden = Object.keys(action.after).filter((path) => !action.fields.some((field) => field.path === path));
      return [
        replace
          ? `  # authorizer "${action.name}" must be replaced (deleted, then created)`
          : `  # authorizer "${action.name}" will be updated in-place`,
        `${replace ? '-/+' : '  ~'} authorizer "${action.name}" {`,
        `        ${padRight('id', width)} = ${formatValue(action.authorizerId)}`,
        ...action.fields.map((field) => {
          const forces = replace && action.replacePaths.includes(field.path) ? ' # forces replacement' : '';
          return `      ~ ${padRight(field.path, width)} = ${formatValue(field.before)} -> ${formatValue(field.after)}${forces}`;
        }),
        ...(hidden.length > 0
          ? [`        # (${hidden.length} unchanged ${plural(hidden.length, 'attribute', 'attributes')} hidden)`]
          : []),
        '    }',
      ];
    }
    default:
      return assertNever(action);
  }
}

function renderPostAction(action: PostAction): string[] {
  switch (action.kind) {
    case 'redeploy':
      return [`  # stage "${action.stage}" will be redeployed so that the changes take effect`, `  + redeploy stage "${action.stage}"`];
    case 'reset-cache':
      return [`  # the authorizer cache of stage "${action.stage}" will be reset`, `  + reset-cache stage "${action.stage}"`];
    default:
      return assertNever(action);
  }
}
