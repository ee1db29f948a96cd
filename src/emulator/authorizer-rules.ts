/** Rules every authorizer family shares: names, and the ARN-ness of a Lambda authorizer URI. */
import { badRequest, constraintViolation, duplicateAuthorizerName, type EmulatorError } from './errors.js';

export function checkName(name: string | undefined, input: string): void {
  const member = `${input}.name`;
  if (name === undefined) throw constraintViolation(undefined, member, 'Member must not be null');
  if (name.length < 1) throw constraintViolation(name, member, 'Member must have length greater than or equal to 1');
  if (name.length > 128) throw constraintViolation(name, member, 'Member must have length less than or equal to 128');
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

/**
 * AWS documents a Lambda invocation ARN (`arn:aws:apigateway:{region}:lambda:path/...`); only its
 * ARN-ness and length are checked, so placeholder ARNs in tests stay usable. The text is [I].
 */
export function checkLambdaUri(uri: string): string {
  if (!uri.startsWith('arn:') || uri.length > 2048) throw badRequest(`Invalid Authorizer URI specified: ${uri}`);
  return uri;
}

/** [I]: AWS's text for a malformed identity source is not recorded. */
export function invalidIdentitySource(source: string): EmulatorError {
  return badRequest(`Invalid identity source expression specified: ${source}`);
}
