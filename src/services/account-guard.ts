/**
 * The account guard: with an environment, the credentials' account (STS GetCallerIdentity, after the
 * environment's role is assumed) must be the environment's before any API Gateway call is made.
 */
import type { CallerIdentity } from '../aws/ports.js';
import type { AwsAccess } from './access.js';
import type { EnvironmentRef } from '../core/environment.js';
import { RefusedPlanError, WrongAccountError } from '../errors.js';

/** Refuses (exit 6) to go on in another account than the environment's. */
export async function guardAccount(aws: AwsAccess, environment: EnvironmentRef & { readonly file?: string }): Promise<CallerIdentity> {
  const identity = await aws.callerIdentity();
  if (identity.account !== environment.account) {
    const where = environment.file ? ` (${environment.file})` : '';
    throw new WrongAccountError(
      `The environment ${environment.name}${where} is account ${environment.account}, but the credentials are account ${identity.account} (${identity.arn}, from ${identity.source}). Nothing was read from or written to API Gateway.`,
      { hint: `Use credentials of account ${environment.account}: check AWS_PROFILE, --profile or the environment's roleArn.` },
    );
  }
  return identity;
}

/** A saved plan made in one account is never applied in another (exit 4, as for any plan that no longer holds). */
export async function guardSavedPlanAccount(aws: AwsAccess, planned: EnvironmentRef, given: EnvironmentRef | undefined): Promise<void> {
  if (given !== undefined && given.account !== planned.account) {
    throw new RefusedPlanError(
      'PLAN_WRONG_ACCOUNT',
      `The saved plan was made for the environment ${planned.name} (account ${planned.account}), but --env names ${given.name} (account ${given.account}). Nothing was written.`,
      { hint: `Apply it with --env ${planned.name}, or plan again for ${given.name}.` },
    );
  }
  const identity = await aws.callerIdentity();
  if (identity.account !== planned.account) {
    throw new RefusedPlanError(
      'PLAN_WRONG_ACCOUNT',
      `The saved plan was made for the environment ${planned.name} in account ${planned.account}, but the credentials are account ${identity.account} (${identity.arn}, from ${identity.source}). Nothing was written.`,
      { hint: `Use credentials of account ${planned.account} to apply it.` },
    );
  }
}
