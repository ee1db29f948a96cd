/**
 * The `lambda-function` check (issue 20): does the function an authorizer's Lambda URI names exist,
 * with its qualifier? Pure: the caller reads it (GetFunction with the URI's qualifier) and says what it found.
 */
import type { Finding } from './finding.js';
import type { LambdaUri } from './lambda-uri.js';

/** What GetFunction answered: the function (qualifier) exists, AWS said it does not, or it could not be read and why. */
export type FunctionRead = { readonly kind: 'found' } | { readonly kind: 'not-found' } | { readonly kind: 'unreadable'; readonly reason: string };

export function checkLambdaFunction(uri: LambdaUri, read: FunctionRead | undefined): Finding {
  if (uri.kind === 'unknown') return { check: 'lambda-function', status: 'unknown', message: `the function cannot be checked before a request: ${uri.reason}` };
  if (uri.kind === 'invalid') return { check: 'lambda-function', status: 'error', message: `the authorizer's Lambda URI: ${uri.reason}`, fix: 'use a Lambda invocation URI: arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations' };
  const fn = uri.function;
  const named = fn.qualifier === undefined ? `function ${fn.name}` : `function ${fn.name} with qualifier ${fn.qualifier}`;
  if (read === undefined || read.kind === 'unreadable') {
    return { check: 'lambda-function', status: 'unknown', message: `${named} could not be read${read === undefined ? '' : `: ${read.reason}`}; aws lambda get-function --function-name ${fn.arn} would verify it` };
  }
  if (read.kind === 'found') return { check: 'lambda-function', status: 'ok', message: `${named} exists (${fn.arn})` };
  return {
    check: 'lambda-function',
    status: 'error',
    message: `${named} does not exist in account ${fn.account}, region ${fn.region} (${fn.arn}): every request the authorizer handles will fail with 500`,
    fix: fn.qualifier === undefined ? 'create the function, or point the authorizer at one that exists' : `publish the version or create the alias ${fn.qualifier}, or point the authorizer at a qualifier that exists`,
  };
}
