/**
 * CreateAuthorizer that a lost answer cannot turn into a failure: AWS commits the create, the answer
 * is lost (a timeout, a reset connection), the SDK sends it again, and AWS refuses the name as taken.
 * The authorizer is then read back: when it is what the plan would have created, the create is done.
 */
import type { ApiType, FieldChange } from '../core/model.js';
import type { NormalizedFields } from '../core/normalize.js';
import { differencesFromPlanned } from '../core/planned-result.js';
import type { AuthorizerRules } from '../core/rules.js';
import { buildCreateMembers } from '../core/update.js';
import { AwsError } from '../errors.js';
import type { AuthorizerPort } from '../aws/ports.js';

export interface PlannedCreate {
  readonly apiId: string;
  readonly apiType: ApiType;
  readonly name: string;
  /** The planned authorizer, normalised (the plan's `after`). */
  readonly after: NormalizedFields;
}

/** Returns the id of the authorizer the plan asked for, created now or by an earlier attempt. */
export async function createAuthorizerOnce(port: AuthorizerPort, rules: AuthorizerRules, planned: PlannedCreate): Promise<string> {
  try {
    return await port.createAuthorizer(planned.apiId, buildCreateMembers(rules, planned.after));
  } catch (error) {
    if (!isNameTaken(error)) throw error;
    const existing = (await port.listAuthorizers(planned.apiId)).find((authorizer) => authorizer.name === planned.name);
    if (existing === undefined) throw error;
    const differences = differencesFromPlanned(existing.fields, planned.after, rules, planned.apiType);
    if (differences.length === 0) return existing.id;
    throw new AwsError(
      'AUTHORIZER_EXISTS_DIFFERENT',
      `CreateAuthorizer "${planned.name}" on API ${planned.apiId} was refused because the name is taken, and the existing authorizer ${existing.id} differs from the plan: ${describeDifferences(differences)}.`,
      { hint: 'Another change created it since the plan was made: run plan again to see it.', cause: error },
    );
  }
}

/**
 * AWS answers a taken name with BadRequestException (a code it uses for every invalid input), so its
 * documented text tells this case apart (docs/aws-behaviour.md, "Error texts"); the v1 code is not on
 * record, so ConflictException with the same text is accepted too.
 */
function isNameTaken(error: unknown): boolean {
  if (!(error instanceof AwsError)) return false;
  if (error.code !== 'AWS_BadRequestException' && error.code !== 'AWS_ConflictException') return false;
  return /already exists/i.test(error.message) && /name must be unique|authorizer/i.test(error.message);
}

export function describeDifferences(differences: readonly FieldChange[]): string {
  return differences.map((change) => `${change.path} is ${JSON.stringify(change.before)}, planned ${JSON.stringify(change.after)}`).join('; ');
}
