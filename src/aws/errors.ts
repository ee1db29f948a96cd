/** Classifies SDK failures by `error.name` into gatewarden's error types. */
import { AccessDeniedError, AwsError, GatewardenError } from '../errors.js';
import { describeAnswer, meaningOf, unreadableAnswer } from './unreadable-answer.js';

/** Names AWS and the SDK use when credentials are missing, invalid or lack a permission. */
const ACCESS_ERRORS = new Set([
  'AccessDeniedException',
  // STS's name for a refused AssumeRole.
  'AccessDenied',
  'UnauthorizedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignatureException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'CredentialsProviderError',
]);

export const ACCESS_DENIED_CODE = 'AWS_ACCESS_DENIED';

/** An answer that is not JSON from AWS (src/aws/unreadable-answer.ts). */
export const UNREADABLE_ANSWER_CODE = 'ANSWER_UNREADABLE';

export interface AwsCall {
  /** SDK operation, e.g. `GetAuthorizers`. */
  readonly operation: string;
  /** The IAM action and resource the call needs, e.g. `apigateway:GET` on `arn:aws:apigateway:eu-west-1::/apis/x/authorizers`. */
  readonly iamAction: string;
  readonly resource: string;
}

/**
 * Describes calls in one region for error messages. API Gateway's IAM actions are the HTTP verbs
 * (`apigateway:GET`, `apigateway:POST`, …) on the resource path.
 */
export function awsCallsIn(region: string) {
  const resource = (path: string) => `arn:aws:apigateway:${region}::${path}`;
  return {
    read: (operation: string, path: string): AwsCall => ({ operation, iamAction: 'apigateway:GET', resource: resource(path) }),
    write: (operation: string, verb: 'POST' | 'PATCH' | 'DELETE', path: string): AwsCall => ({
      operation,
      iamAction: `apigateway:${verb}`,
      resource: resource(path),
    }),
  };
}

/** Runs one SDK call and turns its failure into a typed, actionable error. */
export async function callAws<T>(call: AwsCall, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw classifyAwsError(error, call);
  }
}

export function classifyAwsError(error: unknown, call: AwsCall): GatewardenError {
  if (error instanceof GatewardenError) return error;
  const name = error instanceof Error ? error.name : 'UnknownError';
  const message = error instanceof Error ? error.message : String(error);
  if (ACCESS_ERRORS.has(name)) {
    return new AccessDeniedError(
      ACCESS_DENIED_CODE,
      `${call.operation} was refused (${name}): ${message}`,
      {
        hint: `Check the credentials, and that they allow ${call.iamAction} on ${call.resource}.`,
        cause: error,
      },
    );
  }
  const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts;
  const tried = attempts === undefined ? '' : ` after ${attempts} attempt(s)`;
  // A page from a proxy or from something that is not AWS: the SDK's parser error says nothing useful.
  const answer = unreadableAnswer(error);
  if (answer !== undefined) {
    const service = call.iamAction.startsWith('sts:') ? 'STS' : 'API Gateway';
    return new AwsError(UNREADABLE_ANSWER_CODE, `${call.operation} got an answer that is not ${service}'s${tried}: ${describeAnswer(answer)}`, {
      hint: meaningOf(answer, service),
      cause: error,
    });
  }
  if (TIMEOUT_ERRORS.has(name)) {
    return new AwsError(`AWS_${name}`, `${call.operation} got no answer in time${tried} (${name}): ${message}`, {
      hint: 'AWS or the network did not answer; run the command again, or allow more time with --aws-timeout-ms.',
      cause: error,
    });
  }
  // An answer without a body (a proxy's 5xx, say) leaves the SDK nothing to name but the status.
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status === 429 || THROTTLING_ERRORS.has(name)) {
    return new AwsError(`AWS_${name}`, `${call.operation} failed (${name})${tried}: ${message}`, {
      hint: "AWS kept throttling the call beyond gatewarden's retries: other automation may share the account's quota of 10 requests per second. Run the command again later, or lower this run's rate with --max-rps.",
      cause: error,
    });
  }
  const said = name === 'Unknown' && status !== undefined ? `${message}: HTTP ${status} without an error body` : message;
  return new AwsError(`AWS_${name}`, `${call.operation} failed (${name}): ${said}`, { cause: error });
}

/** Throttling, as the SDK's retry classification names it for these services (docs/aws-behaviour.md#sdk-retries). */
const THROTTLING_ERRORS = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling']);

/** The SDK's names for a call that was not answered in time (its retries treat them as transient). */
const TIMEOUT_ERRORS = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

/**
 * The same failure, said with where it happened (the manifest and the API), so that a user with
 * many manifests sees which one a failed read belongs to. Other errors pass through unchanged.
 */
export function locateAwsError(error: unknown, where: string): unknown {
  if (error instanceof AccessDeniedError) return new AccessDeniedError(error.code, `${where}: ${error.message}`, { hint: error.hint, cause: error.cause });
  if (error instanceof AwsError) return new AwsError(error.code, `${where}: ${error.message}`, { hint: error.hint, cause: error.cause });
  return error;
}

export function isAwsNotFound(error: unknown): boolean {
  return error instanceof AwsError && error.code === 'AWS_NotFoundException';
}

/**
 * DeleteAuthorizer's ConflictException: routes (v2) or methods (REST) still use the authorizer
 * (docs/aws-behaviour.md#routes-and-methods). `users` names them for the hint, e.g. "Routes".
 */
export function authorizerInUse(error: unknown, authorizerId: string, users: string): unknown {
  if (!(error instanceof AwsError) || error.code !== 'AWS_ConflictException') return error;
  return new AwsError('AUTHORIZER_IN_USE', `Authorizer ${authorizerId} cannot be deleted: ${error.message}`, {
    hint: `${users} still reference it. Point them at another authorizer, redeploy, then apply again.`,
    cause: error,
  });
}
