/**
 * Errors are typed by who must act. Each carries a stable code, the exit code the commands map it to,
 * and a next step. AWS failures are classified by `error.name`, never by message text, with two
 * exceptions where AWS gives one name to failures that need different handling, and its documented
 * text (docs/aws-behaviour.md, "Error texts") tells them apart:
 * - a taken authorizer name (BadRequestException, AWS's code for every invalid input), which a
 *   retried CreateAuthorizer reads back (`createAuthorizerOnce`, src/services/idempotent-create.ts);
 * - "concurrent modification" (a 409 ConflictException, a name shared with refusals no retry fixes),
 *   which is retried (`isConcurrentModification`, src/aws/resilience.ts).
 */
import type { ErrorCode } from './error-codes.js';

export const ExitCode = {
  ok: 0,
  error: 1,
  changes: 2,
  invalidManifest: 3,
  stalePlan: 4,
  accessDenied: 5,
  wrongAccount: 6,
  usage: 64,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface ErrorDetails {
  /** What the user can do next. */
  readonly hint?: string;
  readonly cause?: unknown;
}

export abstract class GatewardenError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly exitCode: ExitCode;
  readonly hint?: string;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.hint = details.hint;
  }
}

/** An error whose code names the particular failure (`API_NOT_FOUND`, `AWS_ConflictException`, …). */
abstract class CodedError extends GatewardenError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    details?: ErrorDetails,
  ) {
    super(message, details);
  }
}

/** The user can fix it: a wrong flag value, an API that does not exist, a missing file. */
export class UserError extends CodedError {
  readonly exitCode = ExitCode.error;
}

/** A command was called wrongly (flags, arguments, a missing --auto-approve). */
export class UsageError extends CodedError {
  readonly exitCode = ExitCode.usage;
}

/** AWS refused the call for credentials or permissions. */
export class AccessDeniedError extends CodedError {
  readonly exitCode = ExitCode.accessDenied;
}

/** AWS answered with an error we cannot work around. */
export class AwsError extends CodedError {
  readonly exitCode = ExitCode.error;
}

/** A saved plan no longer matches live state. */
export class StalePlanError extends GatewardenError {
  readonly code = 'PLAN_STALE';
  readonly exitCode = ExitCode.stalePlan;
}

/**
 * A saved plan file that is refused before anything is read from AWS: of another format version, not
 * a plan, or edited. Exit 4 like a stale plan, because the remedy is the same (plan again, review,
 * apply the new plan) and nothing was written; exit 3 stays with invalid manifests.
 */
export class RefusedPlanError extends CodedError {
  readonly exitCode = ExitCode.stalePlan;
  constructor(code: 'PLAN_UNSUPPORTED' | 'PLAN_INVALID' | 'PLAN_TAMPERED' | 'PLAN_WRONG_ACCOUNT', message: string, details?: ErrorDetails) {
    super(code, message, details);
  }
}

/**
 * The credentials belong to another account than the environment's: nothing was read from or written
 * to API Gateway. Its own exit code, because the remedy (other credentials) is neither a manifest fix
 * nor a permission.
 */
export class WrongAccountError extends CodedError {
  readonly exitCode = ExitCode.wrongAccount;
  constructor(message: string, details?: ErrorDetails) {
    super('WRONG_ACCOUNT', message, details);
  }
}

/** Our own bug: an invariant broke. */
export class BugError extends GatewardenError {
  readonly code = 'BUG';
  readonly exitCode = ExitCode.error;
}
