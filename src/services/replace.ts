/**
 * Replacement without downtime (issue 10): the new authorizer is created under a temporary name, every
 * route or method that used the old one is pointed at it, REST stages are redeployed so that no deployed
 * stage still runs the old one, and only then is the old one deleted and the new one renamed.
 * Routes and methods always point at an existing authorizer, whichever call fails; a re-run finishes
 * the job because the temporary name is recognised (here, and by the planner).
 */
import { createAuthorizerOnce, describeDifferences } from './idempotent-create.js';
import type { AttachmentChange, AuthorizerPort } from '../aws/ports.js';
import type { ApiTarget, LiveAttachment, LiveAuthorizer, ReplaceAction } from '../core/model.js';
import { pathsForcingReplacement, stagesLeftBehind } from '../core/plan.js';
import { renameAction, replacementName } from '../core/replacement.js';
import { diffFields } from '../core/diff.js';
import { normalizedLikePlanned } from '../core/planned-result.js';
import type { AuthorizerRules } from '../core/rules.js';
import { buildUpdateRequest } from '../core/update.js';
import { BugError, UserError } from '../errors.js';
import { attachmentNoun } from '../families/registry.js';
import { plural } from '../render/format.js';

export interface ReplaceContext {
  readonly target: ApiTarget;
  readonly port: AuthorizerPort;
  readonly rules: AuthorizerRules;
  /** Stages redeployed before the old authorizer goes (REST stages serve a deployment snapshot). */
  readonly redeploy: readonly string[];
}

/** Returns the new authorizer's id. */
export async function replaceAuthorizer(action: ReplaceAction, context: ReplaceContext): Promise<string> {
  const { target, port, rules } = context;
  const apiId = target.apiId;
  const temporary = replacementName(action.name);
  let newId: string | undefined;
  let moved: LiveAttachment[] = [];
  let remaining: LiveAttachment[] = [];
  try {
    const attachments = await port.listAttachments(apiId);
    remaining = attachments.filter((attachment) => attachment.authorizerId === action.authorizerId);
    if (remaining.length > 0) await refuseStagesLeftBehind(action, context);
    const existing = (await port.listAuthorizers(apiId)).find((authorizer) => authorizer.name === temporary);
    if (existing) {
      // An earlier run's: what it moved already points at it, whatever happens next.
      newId = existing.id;
      moved = attachments.filter((attachment) => attachment.authorizerId === existing.id);
      await takeOver(existing, action, context);
    } else {
      newId = await createAuthorizerOnce(port, rules, { apiId, apiType: target.apiType, name: temporary, after: { ...action.after, name: temporary } });
    }
    const change = attachmentChangeFor(rules, action, newId);
    for (const attachment of [...remaining]) {
      await port.updateAttachment(apiId, attachment, {
        ...change,
        // Scopes stay only where the new authorization type takes them (docs/aws-behaviour.md#routes-and-methods).
        authorizationScopes: change.authorizationType === rules.attachments.scopesWith ? [...(attachment.authorizationScopes ?? [])] : [],
      });
      moved = [...moved, attachment];
      remaining = remaining.filter((other) => other !== attachment);
    }
    for (const stage of context.redeploy) await port.redeploy(apiId, stage);
    await port.deleteAuthorizer(apiId, action.authorizerId);
    await port.updateAuthorizer(apiId, newId, buildUpdateRequest(rules, renameAction(action, newId)));
    return newId;
  } catch (error) {
    throw withWhereThingsPoint(error, { target, action, temporary, newId, moved, remaining });
  }
}

/**
 * A stage that does not deploy by itself keeps serving its last deployment, which uses the old
 * authorizer (docs/aws-behaviour.md#routes-and-methods): deleting that authorizer would break it.
 * Checked before anything is written.
 */
async function refuseStagesLeftBehind(action: ReplaceAction, context: ReplaceContext): Promise<void> {
  throwIfStagesLeftBehind(action, stagesLeftBehind(await context.port.listStages(context.target.apiId), context.redeploy));
}

/** The refusal of a replacement that would leave `left` on the deleted authorizer; apply raises it before any write when the plan knows. */
export function throwIfStagesLeftBehind(action: Pick<ReplaceAction, 'name' | 'authorizerId'>, left: readonly string[]): void {
  if (left.length === 0) return;
  const names = left.map((stage) => `"${stage}"`).join(', ');
  throw new UserError(
    'REPLACE_STAGE_NOT_REDEPLOYED',
    `Authorizer "${action.name}" (${action.authorizerId}) is in use, and ${plural(left.length, 'stage', 'stages')} ${names} would keep serving it after it is deleted.`,
    { hint: `Add ${names} to spec.afterChange.redeploy, so that the stage is redeployed before the old authorizer goes.` },
  );
}

function attachmentChangeFor(rules: AuthorizerRules, action: ReplaceAction, authorizerId: string): Omit<AttachmentChange, 'authorizationScopes'> {
  const kind = String(action.after[rules.typeField]);
  const authorizationType = rules.attachments.authorizationTypes[kind];
  if (authorizationType === undefined) throw new BugError(`No authorization type for authorizer type ${kind}`);
  return { authorizerId, authorizationType };
}

/**
 * An earlier, interrupted run's new authorizer is taken over, brought to the planned members in
 * place when they differ (the manifest changed since, say: routes may already point at it, so it is
 * not deleted). A difference no update can make, such as another kind, is left to the user.
 */
async function takeOver(existing: LiveAuthorizer, action: ReplaceAction, { port, rules, target }: ReplaceContext): Promise<void> {
  const planned = { ...action.after, name: existing.name };
  const before = normalizedLikePlanned(existing.fields, planned, rules, target.apiType);
  const differences = diffFields(before, planned);
  if (differences.length === 0) return;
  if (pathsForcingReplacement(rules.replacement, differences).length === 0) {
    await port.updateAuthorizer(target.apiId, existing.id, buildUpdateRequest(rules, { fields: differences, before, after: planned }));
    return;
  }
  throw new UserError(
    'REPLACEMENT_DIFFERS',
    `Authorizer "${existing.name}" (${existing.id}) has the temporary name of the replacement of "${action.name}", but differs from the plan in a way no update can change: ${describeDifferences(differences)}.`,
    {
      hint: `Change it back, or, if no ${attachmentNoun(target.apiType, 1)} uses it yet, delete it; then run apply again.`,
    },
  );
}

interface Progress {
  readonly target: ApiTarget;
  readonly action: ReplaceAction;
  readonly temporary: string;
  readonly newId: string | undefined;
  readonly moved: readonly LiveAttachment[];
  readonly remaining: readonly LiveAttachment[];
}

/**
 * A replacement that stopped part-way: the cause, plus exactly which routes point where (the report
 * shows both), and that a re-run finishes the job.
 */
export class ReplacementInterrupted extends Error {
  constructor(
    override readonly cause: unknown,
    readonly whereThingsPoint: string,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'ReplacementInterrupted';
  }
}

function withWhereThingsPoint(error: unknown, progress: Progress): ReplacementInterrupted {
  const { target, action, temporary, newId, moved, remaining } = progress;
  const list = (attachments: readonly LiveAttachment[]) =>
    `${attachments.length} ${attachmentNoun(target.apiType, attachments.length)}${attachments.length > 0 ? ` (${attachments.map((item) => item.key).join(', ')})` : ''}`;
  const state =
    newId === undefined
      ? `Nothing was changed: every ${attachmentNoun(target.apiType, 1)} still uses "${action.name}" (${action.authorizerId}).`
      : `Now "${temporary}" (${newId}) is used by ${list(moved)}, and "${action.name}" (${action.authorizerId}) by ${list(remaining)}; none points at a missing authorizer. Run apply again to finish: it picks up "${temporary}".`;
  return new ReplacementInterrupted(error, state);
}
