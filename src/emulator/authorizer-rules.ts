/** Rules every authorizer family shares: names, and the form of a Lambda authorizer URI. */
import { badRequest, constraintViolation, duplicateAuthorizerName, type ConstraintViolation, type EmulatorError } from './errors.js';

export function checkName(name: string | undefined, input: string, violation: ConstraintViolation = constraintViolation): void {
  const member = `${input}.name`;
  if (name === undefined) throw violation(undefined, member, 'Member must not be null');
  if (name.length < 1) throw violation(name, member, 'Member must have length greater than or equal to 1');
  if (name.length > 128) throw violation(name, member, 'Member must have length less than or equal to 128');
}

/** Authorizer names are unique per API; `selfId` is the authorizer being renamed, if any. */
export function checkUniqueName(
  existing: Iterable<{ readonly id: string; readonly name: string | undefined }>,
  name: string | undefined,
  selfId: string | undefined,
): void {
  for (const other of existing) {
    if (other.id !== selfId && other.name === name) throw duplicateAuthorizerName(String(name));
  }
}

/** An API Gateway ARN for a Lambda invocation, in any partition (docs/aws-behaviour.md#authorizer-uris). */
export const LAMBDA_INVOCATION_URI = /^arn:aws[-a-z]*:apigateway:[a-z0-9-]+:lambda:path\/2015-03-31\/functions\/\S+\/invocations$/;

/**
 * AWS refuses any other URI with 400 (terraform-provider-aws PR #1757), so a placeholder fails here
 * as it would on AWS. The text before the URI is AWS's; where the URI goes in it is [I].
 */
export function checkLambdaUri(uri: string): string {
  if (!LAMBDA_INVOCATION_URI.test(uri) || uri.length > 2048) {
    throw badRequest(
      `Invalid Authorizer URI specified: ${uri}. Authorizer URI should be a valid API Gateway ARN that represents a Lambda function invocation.`,
    );
  }
  return uri;
}

/** [I]: AWS's text for a malformed identity source is not recorded. */
export function invalidIdentitySource(source: string): EmulatorError {
  return badRequest(`Invalid identity source expression specified: ${source}`);
}
