/**
 * AWS errors as data. The store throws `EmulatorError`; the wire layer turns it into
 * `x-amzn-ErrorType` + `{"message": ...}`, exactly as API Gateway does (docs/aws-behaviour.md#error-format).
 * `name` is the AWS error code so store users classify failures the same way as SDK errors.
 */

export interface AwsErrorShape {
  /** The AWS error code, e.g. `NotFoundException`. */
  readonly code: string;
  readonly status: number;
  readonly message: string;
  /** Extra modelled body members, e.g. v2 `resourceType` or `limitType`. */
  readonly members?: Readonly<Record<string, string>>;
  /** Sent as the `Retry-After` header (delta-seconds), which v1 models on its 429/503 errors. */
  readonly retryAfterSeconds?: number;
  /** Answered with the status alone (no body, no error type), as a load balancer in front of AWS may. */
  readonly withoutBody?: boolean;
  /** The body member holding the text: `message`, or `Message` where the service models it so (Lambda's ResourceNotFoundException). */
  readonly messageKey?: 'message' | 'Message';
  /**
   * Answered with the status and this body instead of AWS's error (no error type), as a proxy, a load
   * balancer or a web server that is not API Gateway answers: typically an HTML page.
   */
  readonly page?: AnswerPage;
}

/** A body that is not AWS's, with its content type. */
export interface AnswerPage {
  readonly contentType: string;
  readonly body: string;
}

export class EmulatorError extends Error implements AwsErrorShape {
  readonly code: string;
  readonly status: number;
  readonly members?: Readonly<Record<string, string>>;
  readonly retryAfterSeconds?: number;
  readonly withoutBody?: boolean;
  readonly messageKey?: 'message' | 'Message';
  readonly page?: AnswerPage;

  constructor(shape: AwsErrorShape) {
    super(shape.message);
    this.name = shape.code;
    this.code = shape.code;
    this.status = shape.status;
    if (shape.members !== undefined) this.members = shape.members;
    if (shape.retryAfterSeconds !== undefined) this.retryAfterSeconds = shape.retryAfterSeconds;
    if (shape.withoutBody === true) this.withoutBody = true;
    if (shape.messageKey !== undefined) this.messageKey = shape.messageKey;
    if (shape.page !== undefined) this.page = shape.page;
  }
}

/** AWS's own text for optimistic-locking failures, also what v1 CreateAuthorizer says for an unknown API. */
export const CONCURRENT_MODIFICATION =
  'Unable to complete operation due to concurrent modification. Please try again later.';

export const TOO_MANY_REQUESTS = 'Too Many Requests';

/** v2's answer to the 11th authorizer, with HTTP 429 and code ConflictException (docs/aws-behaviour.md#error-texts). */
export const MAX_AUTHORIZERS_REACHED =
  'Maximum number of Authorizers for this API has been reached. Please contact AWS if you need additional Authorizers.';

/**
 * v1's answer to the 11th authorizer, with HTTP 429 and code LimitExceededException: worded like v1's
 * recorded quota answer for resources, two spaces after the first sentence included
 * (docs/aws-behaviour.md#error-texts); the authorizer wording itself is [I].
 */
export const REST_MAX_AUTHORIZERS_REACHED =
  'Maximum number of Authorizers for this API has been reached.  Please contact AWS if you need additional Authorizers.';

/**
 * AWS's refusal to delete an authorizer that a route (v2) or method (v1) uses, with the authorizer's
 * name in quotes and the first user: `GET//test` on v1 (verb, slash, path), `POST /pdf/generate` on v2
 * (docs/aws-behaviour.md#error-texts).
 */
export function authorizerInUse(name: string, user: { readonly route: string } | { readonly method: string }): EmulatorError {
  const where = 'route' in user ? `route: ${user.route}` : `method: ${user.method}`;
  return conflict(`Cannot delete authorizer '${name}', is referenced in ${where}`);
}

/** AWS says "RestApi" for v2 APIs too; that v1 answers with BadRequest as well is assumed [I]. */
export function duplicateAuthorizerName(name: string): EmulatorError {
  return badRequest(`Authorizer name must be unique. Authorizer ${name} already exists in this RestApi.`);
}

export function badRequest(message: string): EmulatorError {
  return new EmulatorError({ code: 'BadRequestException', status: 400, message });
}

export function notFound(message: string, resourceType?: string): EmulatorError {
  return new EmulatorError({
    code: 'NotFoundException',
    status: 404,
    message,
    ...(resourceType === undefined ? {} : { members: { resourceType } }),
  });
}

export function conflict(message: string): EmulatorError {
  return new EmulatorError({ code: 'ConflictException', status: 409, message });
}

/** How a modelled-constraint failure is answered; each service passes its own. */
export type ConstraintViolation = (value: unknown, member: string, constraint: string) => EmulatorError;

/**
 * AWS's "Coral" validation text for a modelled constraint. API Gateway's exact wording for these
 * is not recorded (docs/aws-behaviour.md#unverified-choices); AWS uses this format across its Java services.
 */
export const constraintViolation: ConstraintViolation = (value, member, constraint) =>
  badRequest(validationText(value, member, constraint));

/**
 * REST (v1) answers the same text with code `ValidationException`, which its model does not list,
 * so the SDK raises its generic service exception under that name
 * (docs/aws-behaviour.md#rest-validation-errors).
 */
export const restConstraintViolation: ConstraintViolation = (value, member, constraint) =>
  new EmulatorError({ code: 'ValidationException', status: 400, message: validationText(value, member, constraint) });

export function validationText(value: unknown, member: string, constraint: string): string {
  const shown = value === undefined ? 'null' : `'${typeof value === 'string' ? value : JSON.stringify(value)}'`;
  return `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`;
}

/** What an injected failure may say; everything but `code` has a default from `defaultErrorFor`. */
export interface InjectedErrorSpec {
  readonly code: string;
  readonly status?: number;
  readonly message?: string;
  readonly members?: Readonly<Record<string, string>>;
  readonly retryAfterSeconds?: number;
  readonly withoutBody?: boolean;
  readonly page?: AnswerPage;
}

/** Default status and text per code, so `injectFailure({ error: 'TooManyRequestsException' })` is enough. */
const ERROR_DEFAULTS: Readonly<Record<string, { status: number; message: string }>> = {
  BadRequestException: { status: 400, message: 'Bad Request' },
  ValidationException: { status: 400, message: '1 validation error detected' },
  UnauthorizedException: { status: 401, message: 'Unauthorized' },
  AccessDeniedException: { status: 403, message: 'Access denied' }, // replaced by the IAM refusal text below
  UnrecognizedClientException: { status: 403, message: 'The security token included in the request is invalid.' },
  NotFoundException: { status: 404, message: 'Not Found' },
  ConflictException: { status: 409, message: CONCURRENT_MODIFICATION },
  TooManyRequestsException: { status: 429, message: TOO_MANY_REQUESTS },
  LimitExceededException: { status: 429, message: TOO_MANY_REQUESTS },
  InternalFailure: { status: 500, message: 'Internal server error' },
  ServiceUnavailableException: { status: 503, message: 'Service Unavailable' },
  // Lambda's (docs/aws-behaviour.md#lambda).
  ResourceNotFoundException: { status: 404, message: 'The resource you requested does not exist.' },
  ResourceConflictException: { status: 409, message: 'The operation cannot be performed at this time.' },
  PreconditionFailedException: { status: 412, message: 'The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id' },
  PolicyLengthExceededException: { status: 400, message: 'The final policy size (20481) is bigger than the limit (20480).' },
  InvalidParameterValueException: { status: 400, message: 'One of the parameters in the request is not valid.' },
  ServiceException: { status: 500, message: 'The Lambda service encountered an internal error.' },
};

export interface DeniedRequest {
  readonly accountId: string;
  readonly region: string;
  readonly method: string;
  readonly path: string;
  /** For services whose IAM actions are named after operations (Lambda): the action and the resource ARN. */
  readonly action?: string;
  readonly resource?: string;
}

/**
 * AWS's IAM refusal text (docs/aws-behaviour.md#error-codes). The resource is the ARN policies name:
 * apigatewayv2's `/v2` is part of the request path only, its ARNs start at `/apis`.
 */
export function accessDeniedMessage(request: DeniedRequest): string {
  const action = request.action ?? `apigateway:${request.method}`;
  const resource = request.resource ?? `arn:aws:apigateway:${request.region}::${request.path.replace(/^\/v2\//, '/')}`;
  return (
    `User: arn:aws:iam::${request.accountId}:user/gatewarden-emulator is not authorized to perform: ${action} ` +
    `on resource: ${resource} because no identity-based policy allows the ${action} action`
  );
}

export function errorFromSpec(spec: InjectedErrorSpec, denied: DeniedRequest): EmulatorError {
  const defaults = ERROR_DEFAULTS[spec.code] ?? { status: 400, message: spec.code };
  const fallbackMessage = spec.code === 'AccessDeniedException' ? accessDeniedMessage(denied) : defaults.message;
  return new EmulatorError({
    code: spec.code,
    status: spec.status ?? defaults.status,
    message: spec.message ?? fallbackMessage,
    ...(spec.members === undefined ? {} : { members: spec.members }),
    ...(spec.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: spec.retryAfterSeconds }),
    ...(spec.withoutBody === true ? { withoutBody: true } : {}),
    ...(spec.page === undefined ? {} : { page: spec.page }),
  });
}
