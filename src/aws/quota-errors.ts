/**
 * AWS answers the create that passes the authorizers-per-API quota with HTTP 429 (v2: code
 * ConflictException; v1: LimitExceededException), and the SDK retries every 429 as throttling
 * (docs/aws-behaviour.md#sdk-retries). Retrying cannot succeed: the quota stays until someone deletes
 * an authorizer or AWS Support raises it. This middleware, inside the SDK's retry loop, turns such an
 * answer into a final error, so the apply stops at once and says why.
 */
import type { FinalizeHandler, FinalizeHandlerArguments, HandlerExecutionContext, MetadataBearer, MiddlewareStack } from '@smithy/types';
import { AwsError } from '../errors.js';

interface StackBearer {
  readonly middlewareStack: MiddlewareStack<object, MetadataBearer>;
}

/** Classified by name and status, never by message: v2's 409 ConflictException ("concurrent modification") stays retryable elsewhere. */
export function isQuotaRefusal(error: unknown): error is Error & { $metadata?: { httpStatusCode?: number } } {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return error.name === 'LimitExceededException' || (error.name === 'ConflictException' && status === 429);
}

export function stopRetriesOfQuotaRefusals<C>(client: C): C {
  const stack = (client as Partial<StackBearer>).middlewareStack;
  stack?.add(
    (next: FinalizeHandler<object, MetadataBearer>, context: HandlerExecutionContext) =>
      async (args: FinalizeHandlerArguments<object>) => {
        try {
          return await next(args);
        } catch (error) {
          if (!isQuotaRefusal(error)) throw error;
          const operation = (context.commandName ?? 'The call').replace(/Command$/, '');
          // A GatewardenError carries no 429 status or throttling name, so the retry strategy gives up on it.
          throw new AwsError(`AWS_${error.name}`, `${operation} failed (${error.name}): ${error.message}`, {
            hint: "AWS's quota is 10 authorizers per API unless raised with AWS Support; declare a raised quota as spec.quotas.authorizersPerApi so that plan checks it.",
            cause: error,
          });
        }
      },
    // Below the retry middleware (finalizeRequest, high), so it sees each attempt's error first.
    { step: 'finalizeRequest', priority: 'low', name: 'gatewardenQuotaRefusal' },
  );
  return client;
}
