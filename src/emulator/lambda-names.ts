/**
 * How Lambda names a function in a request: a name, a partial ARN (`123456789012:function:name`) or a
 * full ARN, each with an optional `:qualifier`, and an optional `Qualifier` beside it
 * (docs/aws-behaviour.md#lambda). Also Lambda's errors, whose bodies carry `Type` and, depending on
 * the error, `Message` or `message`, as its model says.
 */
import { EmulatorError, validationText } from './errors.js';

/** Lambda's pattern for FunctionName (GetPolicy, AddPermission, …). */
const FUNCTION_NAME = /^(?:arn:(aws[a-zA-Z-]*)?:lambda:)?(?:([a-z]{2}(?:-gov)?-[a-z]+-\d):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9-_.]+)(?::(\$LATEST|[a-zA-Z0-9-_]+))?$/;
const FUNCTION_NAME_PATTERN = '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';
const QUALIFIER = /^[a-zA-Z0-9$_-]*$/;

export interface FunctionLocator {
  readonly name: string;
  readonly region?: string;
  readonly account?: string;
  /** From the name's `:qualifier` or the `Qualifier` member; absent for the unqualified function. */
  readonly qualifier?: string;
}

export function readFunctionName(functionName: string, qualifier: string | undefined): FunctionLocator {
  const match = FUNCTION_NAME.exec(functionName);
  if (match === null) throw lambdaValidation(functionName, 'functionName', `Member must satisfy regular expression pattern: ${FUNCTION_NAME_PATTERN}`);
  if (qualifier !== undefined && !QUALIFIER.test(qualifier)) throw lambdaValidation(qualifier, 'qualifier', 'Member must satisfy regular expression pattern: \\$(LATEST(\\.PUBLISHED)?)|[a-zA-Z0-9-_$]+');
  const [, , region, account, name = '', named] = match;
  if (qualifier !== undefined && qualifier !== '' && named !== undefined && named !== qualifier) {
    throw invalidParameter('The derived qualifier from the function name does not match the specified qualifier.');
  }
  const chosen = named ?? (qualifier === '' ? undefined : qualifier);
  return { name, ...(region !== undefined && { region }), ...(account !== undefined && { account }), ...(chosen !== undefined && { qualifier: chosen }) };
}

export function functionArn(region: string, account: string, name: string, qualifier?: string): string {
  return `arn:aws:lambda:${region}:${account}:function:${name}${qualifier === undefined ? '' : `:${qualifier}`}`;
}

/** The function ARN a request names, for IAM refusal texts; the raw value when it is not a function name. */
export function functionArnOf(functionName: unknown, region: string, account: string): string {
  if (typeof functionName !== 'string') return `arn:aws:lambda:${region}:${account}:function:*`;
  const match = FUNCTION_NAME.exec(functionName);
  if (match === null) return functionName;
  return functionArn(match[2] ?? region, match[3] ?? account, match[4] ?? '', match[5]);
}

/** Versions are numbers; anything else that names a qualifier is an alias (aliases cannot be all digits). */
export function isVersion(qualifier: string): boolean {
  return qualifier === '$LATEST' || /^\d+$/.test(qualifier);
}

export function lambdaNotFound(message: string): EmulatorError {
  return new EmulatorError({ code: 'ResourceNotFoundException', status: 404, message, members: { Type: 'User' }, messageKey: 'Message' });
}

export function invalidParameter(message: string): EmulatorError {
  return new EmulatorError({ code: 'InvalidParameterValueException', status: 400, message, members: { Type: 'User' } });
}

export function resourceConflict(message: string): EmulatorError {
  return new EmulatorError({ code: 'ResourceConflictException', status: 409, message, members: { Type: 'User' } });
}

export function preconditionFailed(call: 'GetPolicy' | 'GetFunction/GetAlias'): EmulatorError {
  const message = `The Revision Id provided does not match the latest Revision Id. Call the ${call} API to retrieve the latest Revision Id`;
  return new EmulatorError({ code: 'PreconditionFailedException', status: 412, message, members: { Type: 'User' } });
}

export function policyLengthExceeded(size: number, limit: number): EmulatorError {
  return new EmulatorError({ code: 'PolicyLengthExceededException', status: 400, message: `The final policy size (${size}) is bigger than the limit (${limit}).`, members: { Type: 'User' } });
}

/** Lambda does not model ValidationException: the SDK raises its generic exception under that name. */
export function lambdaValidation(value: unknown, member: string, constraint: string): EmulatorError {
  return new EmulatorError({ code: 'ValidationException', status: 400, message: validationText(value, member, constraint) });
}
