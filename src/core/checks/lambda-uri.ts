/**
 * The Lambda function an authorizer invokes, read from its `authorizerUri`
 * (`arn:{partition}:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations`,
 * docs/aws-behaviour.md#authorizer-uris). Pure: a URI that names its function through stage variables
 * is only known at request time, so it is `unknown`, never a guess.
 */

export interface FunctionRef {
  /** The ARN API Gateway invokes: qualified when the URI has a qualifier other than `$LATEST`. */
  readonly arn: string;
  readonly unqualifiedArn: string;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly name: string;
  /** An alias or a version; absent for the unqualified function (`$LATEST`). */
  readonly qualifier?: string;
}

export type LambdaUri =
  | { readonly kind: 'function'; readonly function: FunctionRef }
  | { readonly kind: 'unknown'; readonly reason: string }
  | { readonly kind: 'invalid'; readonly reason: string };

const URI = /^arn:(aws[a-z-]*):apigateway:([a-z0-9-]+):lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/;
// Lambda's own patterns: names of letters, digits, `-` and `_` (64 at most); qualifiers `$LATEST`, a version or an alias.
const FUNCTION_ARN = /^arn:(aws[a-z-]*):lambda:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):function:([A-Za-z0-9_-]{1,64})(?::(\$LATEST|[A-Za-z0-9_-]{1,128}))?$/;
const STAGE_VARIABLE = /\$\{stageVariables\.[^}]*\}/;

export function parseLambdaUri(uri: string): LambdaUri {
  const match = URI.exec(uri);
  if (match === null) {
    return { kind: 'invalid', reason: `"${uri}" is not a Lambda invocation URI (arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations)` };
  }
  const functionArn = match[3] ?? '';
  if (STAGE_VARIABLE.test(functionArn)) {
    return { kind: 'unknown', reason: `the function is chosen by a stage variable at request time (${functionArn}); check each stage's value` };
  }
  const parsed = parseFunctionArn(functionArn);
  return parsed === undefined ? { kind: 'invalid', reason: `"${functionArn}" is not a Lambda function ARN (arn:aws:lambda:{region}:{account}:function:{name}[:{qualifier}])` } : { kind: 'function', function: parsed };
}

export function parseFunctionArn(arn: string): FunctionRef | undefined {
  const match = FUNCTION_ARN.exec(arn);
  if (match === null) return undefined;
  const [, partition = '', region = '', account = '', name = '', qualifier] = match;
  const unqualifiedArn = `arn:${partition}:lambda:${region}:${account}:function:${name}`;
  // `:$LATEST` names the unqualified function, whose policy is the function's own.
  if (qualifier === undefined || qualifier === '$LATEST') return { arn: unqualifiedArn, unqualifiedArn, partition, region, account, name };
  return { arn, unqualifiedArn, partition, region, account, name, qualifier };
}
