/** Failure injection as data: rules that answer matching calls with an AWS error before normal handling. */
import { errorFromSpec, type EmulatorError, type InjectedErrorSpec } from './errors.js';
import type { ServiceName } from './model.js';
import { functionArnOf } from './lambda-names.js';
import { concretePath, type OperationName, type OperationSpec } from './operations.js';

/** A failure served instead of the normal answer, to matching calls. Every criterion given must match. */
export interface FailureInjection {
  readonly operation?: OperationName | readonly OperationName[];
  readonly service?: ServiceName;
  readonly region?: string;
  /** Matches `apiId` (v2) or `restApiId` (v1). */
  readonly apiId?: string;
  /** Other parameters that must be equal, e.g. `{ authorizerId: 'abc123' }`. */
  readonly where?: Readonly<Record<string, unknown>>;
  /** Matching calls to let through before failing. Default 0. */
  readonly skip?: number;
  /** How many matching calls fail. Default 1; `Infinity` for all. */
  readonly times?: number;
  /** An AWS error code (status and text then default, e.g. the IAM refusal text) or a full error. */
  readonly error?: string | InjectedErrorSpec;
  /** Instead of an error: never answer (the wire layer holds the request until the client gives up or the server closes). */
  readonly hang?: boolean;
  /** Instead of an error: close the connection without answering, as a network reset does. */
  readonly reset?: boolean;
  /** Serve the operation (its effect stays) before answering with the failure, as when AWS commits and the answer is lost. */
  readonly afterCommit?: boolean;
}

/** Thrown by `invoke` for an injected hang; the wire layer answers nothing. */
export class EmulatorHang extends Error {
  constructor(
    readonly operation: string,
    message = `injected hang: ${operation} is never answered`,
  ) {
    super(message);
    this.name = 'EmulatorHang';
  }
}

/** Thrown by `invoke` for an injected reset; the wire layer destroys the socket instead of answering. */
export class EmulatorReset extends EmulatorHang {
  constructor(operation: string) {
    super(operation, `injected reset: ${operation}'s connection is closed without an answer`);
    this.name = 'EmulatorReset';
  }
}

interface PendingFailure {
  readonly rule: FailureInjection;
  skip: number;
  times: number;
}

export class FailureQueue {
  readonly #pending: PendingFailure[] = [];

  add(rule: FailureInjection): void {
    const kinds = [rule.error !== undefined, rule.hang === true, rule.reset === true].filter(Boolean).length;
    if (kinds !== 1) throw new Error('A failure injection needs exactly one of error, hang and reset');
    this.#pending.push({ rule, skip: rule.skip ?? 0, times: rule.times ?? 1 });
  }

  get size(): number {
    return this.#pending.length;
  }

  clear(): void {
    this.#pending.length = 0;
  }

  /** The rule that claims this call, if any; counts the call against that rule. */
  take(spec: OperationSpec, region: string, params: Readonly<Record<string, unknown>>): FailureInjection | undefined {
    const failure = this.#pending.find((pending) => matches(pending.rule, spec, region, params) && consume(pending));
    if (failure === undefined) return undefined;
    if (failure.times <= 0) this.#pending.splice(this.#pending.indexOf(failure), 1);
    return failure.rule;
  }
}

/** What a claimed call is answered with: the rule's AWS error, a hang or a reset. */
export function failureFor(
  rule: FailureInjection,
  spec: OperationSpec,
  region: string,
  params: Readonly<Record<string, unknown>>,
  accountId: string,
): EmulatorError | EmulatorHang {
  if (rule.reset === true) return new EmulatorReset(spec.operation);
  if (rule.error === undefined) return new EmulatorHang(spec.operation);
  const error = typeof rule.error === 'string' ? { code: rule.error } : rule.error;
  const denied = { accountId, region, method: spec.method, path: concretePath(spec, params) };
  // Lambda's IAM actions are its operations, on the function's ARN.
  const lambda = spec.service === 'lambda' ? { action: `lambda:${spec.operation}`, resource: functionArnOf(params.FunctionName, region, accountId) } : {};
  return errorFromSpec(error, { ...denied, ...lambda });
}

function matches(rule: FailureInjection, spec: OperationSpec, region: string, params: Readonly<Record<string, unknown>>): boolean {
  const operations: readonly string[] | undefined = typeof rule.operation === 'string' ? [rule.operation] : rule.operation;
  if (operations !== undefined && !operations.includes(spec.operation)) return false;
  if (rule.service !== undefined && rule.service !== spec.service) return false;
  if (rule.region !== undefined && rule.region !== region) return false;
  if (rule.apiId !== undefined && params.apiId !== rule.apiId && params.restApiId !== rule.apiId) return false;
  return Object.entries(rule.where ?? {}).every(([key, value]) => JSON.stringify(params[key]) === JSON.stringify(value));
}

/** Counts one matching call against the rule; true when this call is to fail. */
function consume(pending: PendingFailure): boolean {
  if (pending.skip > 0) {
    pending.skip -= 1;
    return false;
  }
  pending.times -= 1;
  return true;
}
