/**
 * Applies a plan through the AWS port. Writes to one API run in plan order and stop at the first
 * failure; other APIs go on. The report says what was done, what failed and what was not attempted.
 */
import pLimit from 'p-limit';
import type { ApiPlan, ApiTarget, AuthorizerAction, Plan, PostAction } from '../core/model.js';
import { assertNever } from '../core/assert-never.js';
import { apiPlanHasChanges } from '../core/plan-summary.js';
import { buildUpdateRequest } from '../core/update.js';
import { isAwsNotFound } from '../aws/errors.js';
import { createAuthorizerOnce } from './idempotent-create.js';
import { GatewardenError, UsageError } from '../errors.js';
import { apiTypeDefinition, apiTypeLabel, familyFor, manualPostActionCommand } from '../families/registry.js';
import type { AuthorizerPort } from '../aws/ports.js';
import type { AwsAccess } from './access.js';
import type { AuthorizerRules } from '../core/rules.js';
import type { ApiApplyReport, AppliedStep, ApplyReport } from '../core/apply-report.js';
import { formatLocation } from '../core/location.js';
import { NO_SOURCES, type PlanSources } from '../core/plan-sources.js';
import type { OutputPort } from './output.js';
import { PortCache } from './port-cache.js';
import { replaceAuthorizer, ReplacementInterrupted, throwIfStagesLeftBehind } from './replace.js';
import { plural } from '../render/format.js';

/** APIs are written concurrently, but each API's writes run one at a time: AWS answers concurrent
 * changes to one API with ConflictException ("concurrent modification"). */
const APPLY_CONCURRENCY = 4;

export interface WriteOptions {
  readonly aws: AwsAccess;
  readonly output: OutputPort;
  /** Aborting stops before the next write (a write under way finishes); the rest is reported not attempted. */
  readonly signal?: AbortSignal;
  /** Where the plan's APIs and authorizers were declared, for failed steps; a saved plan has none. */
  readonly sources?: PlanSources;
}

/** Consent to the destructive kinds of change, each given on its own (`--allow-replace`, `--allow-delete`). */
export interface Consent {
  /** Consent to delete and re-create authorizers that cannot change in place. */
  readonly allowReplace: boolean;
  /** Consent to delete the undeclared authorizers of `spec.prune` documents; absent is no consent. */
  readonly allowDelete?: boolean;
}

export interface ApplyOptions extends WriteOptions, Consent {}

export async function applyPlan(plan: Plan, options: ApplyOptions): Promise<ApplyReport> {
  refuseUnconsentedChanges(plan, options);
  return applyConsentedPlan(plan, options);
}

/**
 * Checked once on each apply path, before anything is written and before the user is asked: missing
 * consent, and replacements the plan already knows would leave a stage on a deleted authorizer.
 */
export function refuseUnconsentedChanges(plan: Plan, consent: Consent): void {
  const missing = CONSENTS.filter((rule) => !rule.given(consent) && plannedOf(plan, rule.kind).length > 0);
  const [first, ...others] = missing;
  if (first !== undefined) {
    // Every consent missing is named at once, rather than one refusal per run.
    const also = others.map((rule) => ` The plan also ${rule.verb} authorizers: add ${rule.flag} to consent to that too.`).join('');
    const names = plannedOf(plan, first.kind).map(first.describe);
    throw new UsageError(first.code, `${first.sentence(names.length)}: ${names.join(', ')}. Nothing was written.`, { hint: `${first.hint}${also}` });
  }
  for (const api of plan.apis) {
    for (const action of api.actions) if (action.kind === 'replace') throwIfStagesLeftBehind(action, action.stagesLeftBehind ?? []);
  }
}

type ConsentedKind = 'replace' | 'delete';

/** The changes that need their own flag, beyond --auto-approve: each consent, as data. */
const CONSENTS: readonly {
  readonly kind: ConsentedKind;
  readonly flag: string;
  readonly verb: string;
  readonly code: 'REPLACE_NOT_ALLOWED' | 'DELETE_NOT_ALLOWED';
  readonly given: (consent: Consent) => boolean;
  readonly describe: (planned: PlannedChange) => string;
  readonly sentence: (count: number) => string;
  readonly hint: string;
}[] = [
  {
    kind: 'replace',
    flag: '--allow-replace',
    verb: 'replaces',
    code: 'REPLACE_NOT_ALLOWED',
    given: (consent) => consent.allowReplace,
    describe: describePlannedChange,
    sentence: (count) =>
      `The plan replaces ${count} ${plural(count, 'authorizer', 'authorizers')} (a new one is created, its routes or methods are moved to it, the old one is deleted)`,
    hint: 'Re-run with --allow-replace to consent to the replacement.',
  },
  {
    kind: 'delete',
    flag: '--allow-delete',
    verb: 'deletes',
    code: 'DELETE_NOT_ALLOWED',
    given: (consent) => consent.allowDelete === true,
    describe: describePlannedChange,
    sentence: (count) => `The plan deletes ${count} undeclared ${plural(count, 'authorizer', 'authorizers')} (spec.prune)`,
    hint: 'Re-run with --allow-delete to consent to the deletion, declare the authorizers, or protect them with spec.prune.keep.',
  },
];

interface PlannedChange {
  readonly action: AuthorizerAction;
  readonly target: ApiTarget;
}

/** `token-auth (j985ag, API jfk6kfxtle)`: the authorizer's own id, then its API's, each labelled. */
function describePlannedChange({ action, target }: PlannedChange): string {
  return `${action.name} (${'authorizerId' in action ? `${action.authorizerId}, ` : ''}API ${target.apiId})`;
}

function plannedOf(plan: Plan, kind: ConsentedKind): PlannedChange[] {
  return plan.apis.flatMap((api) => api.actions.filter((action) => action.kind === kind).map((action) => ({ action, target: api.target })));
}

/** Writes a plan whose replacements the caller has already checked consent for. */
export async function applyConsentedPlan(plan: Plan, options: WriteOptions): Promise<ApplyReport> {
  const ports = new PortCache(options.aws);
  const limit = pLimit(APPLY_CONCURRENCY);
  const apis = await Promise.all(
    plan.apis
      .filter(apiPlanHasChanges)
      .map((api) => limit(() => applyApi(api, ports, options))),
  );
  return {
    apis,
    failed: apis.some((api) => api.steps.some((step) => step.status === 'failed')),
    interrupted: options.signal?.aborted === true && apis.some((api) => api.steps.some((step) => step.status === 'not-attempted')),
  };
}

async function applyApi(api: ApiPlan, ports: PortCache, { output, signal, sources = NO_SOURCES }: WriteOptions): Promise<ApiApplyReport> {
  const family = familyFor(api.target.apiType);
  const pending: Pending[] = [...api.actions.filter(isChange), ...api.postActions];
  const steps: AppliedStep[] = [];
  for (const [index, item] of pending.entries()) {
    if (signal?.aborted) {
      steps.push(...pending.slice(index).map(notAttempted));
      break;
    }
    let step: AppliedStep;
    try {
      const port = await ports.get(family, api.target.region);
      step = await runStep(item, api.target, port, family.rules, redeployStages(api));
    } catch (error) {
      step = { ...describe(item), ...failure(error, recovery(item, api.target), whereItFailed(item, api.target, sources)) };
    }
    steps.push(step);
    output.emit({ code: 'apply.step', target: api.target, step });
    // A refused deletion (an authorizer that became attached) leaves the declared changes free to run,
    // as Terraform goes on with independent resources; any other failure stops the API.
    if (step.status === 'failed' && item.kind !== 'delete') {
      steps.push(...pending.slice(index + 1).map(notAttempted));
      break;
    }
  }
  return { target: api.target, steps };
}

/** Stages a replacement redeploys before deleting the old authorizer: those that do not deploy by themselves. */
function redeployStages(api: ApiPlan): string[] {
  return api.postActions.flatMap((post) => (post.kind === 'redeploy' ? [post.stage] : []));
}

function isChange(action: AuthorizerAction): action is Exclude<AuthorizerAction, { kind: 'no-op' }> {
  return action.kind !== 'no-op';
}

type Pending = Exclude<AuthorizerAction, { kind: 'no-op' }> | PostAction;

async function runStep(
  item: Pending,
  target: ApiTarget,
  port: AuthorizerPort,
  rules: AuthorizerRules,
  redeploy: readonly string[],
): Promise<AppliedStep> {
  const apiId = target.apiId;
  switch (item.kind) {
    case 'delete':
      try {
        await port.deleteAuthorizer(apiId, item.authorizerId);
      } catch (error) {
        // The SDK's retry of a delete whose answer was lost finds it gone: gone is what the step wants.
        if (!isAwsNotFound(error)) throw error;
      }
      return { ...describe(item), status: 'done' };
    case 'create': {
      const authorizerId = await createAuthorizerOnce(port, rules, { apiId, apiType: target.apiType, name: item.name, after: item.after });
      return { ...describe(item), authorizerId, status: 'done' };
    }
    case 'update':
      await port.updateAuthorizer(apiId, item.authorizerId, buildUpdateRequest(rules, item));
      return { ...describe(item), status: 'done' };
    case 'replace': {
      const authorizerId = await replaceAuthorizer(item, { target, port, rules, redeploy });
      return { ...describe(item), authorizerId, status: 'done' };
    }
    case 'reset-cache':
      await port.resetAuthorizerCache(apiId, item.stage);
      return { ...describe(item), status: 'done' };
    case 'redeploy':
      await port.redeploy(apiId, item.stage);
      return { ...describe(item), status: 'done' };
    default:
      return assertNever(item);
  }
}

function describe(item: Pending): Omit<AppliedStep, 'status'> {
  switch (item.kind) {
    case 'reset-cache':
    case 'redeploy':
      return { action: item.kind, subject: item.stage };
    case 'create':
      return { action: item.kind, subject: item.name };
    case 'delete':
    case 'update':
    case 'replace':
      return { action: item.kind, subject: item.name, authorizerId: item.authorizerId };
    default:
      return assertNever(item);
  }
}

function notAttempted(item: Pending): AppliedStep {
  return { ...describe(item), status: 'not-attempted' };
}

/**
 * The message, where it failed, and, when there is one, the next step: the report is where users
 * read all three. The message keeps its start (the call that failed); the place follows it.
 */
function failure(error: unknown, recoveryHint: string | undefined, where: string): Pick<AppliedStep, 'status' | 'error' | 'errorCode'> {
  if (error instanceof ReplacementInterrupted) {
    const cause = failure(error.cause, recoveryHint, where);
    return { ...cause, error: `${cause.error ?? ''} ${error.whereThingsPoint}` };
  }
  const next = recoveryHint === undefined ? '' : ` ${recoveryHint}`;
  if (error instanceof GatewardenError) {
    return { status: 'failed', error: `${error.message} ${where}${error.hint ? ` ${error.hint}` : ''}${next}`, errorCode: error.code };
  }
  return { status: 'failed', error: `${error instanceof Error ? error.message : String(error)} ${where}${next}` };
}

/** `(REST API restapi001 "legacy" in eu-west-1, legacy.yaml:8:7)`: the authorizer's entry for authorizer writes, the document for post-actions. */
function whereItFailed(item: Pending, target: ApiTarget, sources: PlanSources): string {
  const location = sources.locate(target, item.kind === 'redeploy' || item.kind === 'reset-cache' ? undefined : item.name);
  const api = `${apiTypeLabel(target.apiType)} ${target.apiId} "${target.apiName}" in ${target.region}`;
  return `(${api}${location ? `, ${formatLocation(location)}` : ''})`;
}

/**
 * A failed cache reset leaves nothing for a later plan to see (the stage runs the live configuration
 * by then), nor does a failed redeploy of a stage that cannot be exported (WebSocket), so the report
 * says what to run by hand, and that cached results expire by themselves
 * (docs/aws-behaviour.md#authorizer-caches, #stage-exports).
 */
function recovery(item: Pending, target: ApiTarget): string | undefined {
  if (item.kind !== 'reset-cache' && item.kind !== 'redeploy') return undefined;
  const command = manualPostActionCommand(item.kind, target, item.stage);
  if (command === undefined) return undefined;
  if (item.kind === 'redeploy') {
    return `Stage "${item.stage}" still runs its previous deployment, and no later plan can see that (${apiTypeLabel(target.apiType)} stages cannot be exported): run ${command}.`;
  }
  const { cacheReset } = apiTypeDefinition(target.apiType);
  const ttl = 'ttlMember' in cacheReset ? ` after the authorizer's ${cacheReset.ttlMember}` : '';
  return `The authorizer cache of stage "${item.stage}" was not reset: run ${command} (cached results also expire by themselves${ttl}).`;
}
