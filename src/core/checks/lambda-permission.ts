/**
 * The `lambda-permission` check (issue 20): may API Gateway invoke the authorizer's function under the
 * function's resource-based policy (GetPolicy's answer, with the URI's qualifier)? Pure: the caller
 * reads the policy; this decides (docs/aws-behaviour.md#lambda-resource-policies).
 */
import type { Finding } from './finding.js';
import type { FunctionRef } from './lambda-uri.js';
import { evaluatePolicy, type StatementVerdict } from './resource-policy.js';

/** Lambda's limit on a function's resource-based policy (Lambda quotas: "Function resource-based policy: 20 KB"). */
export const LAMBDA_POLICY_LIMIT_BYTES = 20_480;
/** Above this share of the limit a warning is due: per-authorizer statements fill it. */
export const POLICY_SIZE_WARNING_SHARE = 0.8;

export interface ApiRef {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly apiId: string;
}

export interface InvokePermissionTarget {
  readonly function: FunctionRef;
  readonly api: ApiRef;
  /** Absent for an authorizer still to be created: only a pattern matching any of the API's authorizer ids will do. */
  readonly authorizerId?: string;
}

/** The source ARN API Gateway presents when it invokes an authorizer (the same for REST, HTTP and WebSocket APIs). */
export function authorizerSourceArn(api: ApiRef, authorizerId?: string): string {
  return `arn:${api.partition}:execute-api:${api.region}:${api.account}:${api.apiId}/authorizers/${authorizerId ?? '*'}`;
}

/** The statement id gatewarden uses for the permission it adds or proposes. */
export function permissionStatementId(apiId: string, authorizerId?: string): string {
  return `gatewarden-${apiId}-${authorizerId ?? 'authorizers'}`;
}

/** The AWS CLI command that adds the narrowest permission for this authorizer (or, before it exists, for any of the API's). */
export function addPermissionCommand(target: InvokePermissionTarget): string {
  const sourceArn = authorizerSourceArn(target.api, target.authorizerId);
  return [
    'aws lambda add-permission',
    `--function-name ${target.function.unqualifiedArn}`,
    ...(target.function.qualifier === undefined ? [] : [`--qualifier ${target.function.qualifier}`]),
    `--statement-id ${permissionStatementId(target.api.apiId, target.authorizerId)}`,
    '--action lambda:InvokeFunction',
    '--principal apigateway.amazonaws.com',
    `--source-arn ${sourceArn.includes('*') ? `'${sourceArn}'` : sourceArn}`,
    `--region ${target.function.region}`,
  ].join(' ');
}

/**
 * `policyText` is GetPolicy's `Policy`, or `undefined` when the function (qualifier) has no policy
 * (GetPolicy's ResourceNotFoundException on a function that exists). Gives the permission finding,
 * then a size warning when the policy is near Lambda's limit.
 */
export function checkInvokePermission(policyText: string | undefined, target: InvokePermissionTarget): Finding[] {
  const findings = [permissionFinding(policyText, target)];
  const size = policyText === undefined ? 0 : new TextEncoder().encode(policyText).length;
  if (size > LAMBDA_POLICY_LIMIT_BYTES * POLICY_SIZE_WARNING_SHARE) {
    findings.push({
      check: 'lambda-permission',
      status: 'warning',
      message: `the resource-based policy of ${describe(target)} is ${size} bytes, ${Math.round((size / LAMBDA_POLICY_LIMIT_BYTES) * 100)}% of Lambda's ${LAMBDA_POLICY_LIMIT_BYTES}-byte limit: further statements will fail with PolicyLengthExceededException`,
      fix: 'replace per-authorizer statements with one whose source ARN covers the API (…/authorizers/*), or give the authorizers a credentials role',
    });
  }
  return findings;
}

function permissionFinding(policyText: string | undefined, target: InvokePermissionTarget): Finding {
  const sourceArn = authorizerSourceArn(target.api, target.authorizerId);
  const who = target.authorizerId === undefined ? `any authorizer of API ${target.api.apiId}` : `authorizer ${target.authorizerId} (${sourceArn})`;
  const fix = addPermissionCommand(target);
  const missing = (detail: string): Finding => ({
    check: 'lambda-permission',
    status: 'error',
    message: `API Gateway may not invoke ${describe(target)} for ${who}: ${detail}; every request it authorizes will fail with 500`,
    fix,
  });
  if (policyText === undefined) return missing('the function has no resource-based policy');
  const reading = evaluatePolicy(policyText, {
    service: 'apigateway.amazonaws.com',
    action: 'lambda:InvokeFunction',
    resource: target.function.arn,
    sourceArn: target.authorizerId === undefined ? { literal: sourceArn.slice(0, -1), tail: 'any-id' } : { literal: sourceArn },
    sourceAccount: target.api.account,
  });
  if (reading.kind === 'unreadable') {
    return { check: 'lambda-permission', status: 'unknown', message: `the resource-based policy of ${describe(target)} cannot be evaluated: ${reading.reason}; check it with aws lambda get-policy` };
  }
  const { verdicts, unreadable } = reading;
  const denying = verdicts.find((verdict) => verdict.effect === 'Deny' && verdict.applies === 'yes');
  if (denying !== undefined) {
    return { ...missing(`statement ${denying.sid} denies it, and an explicit Deny wins over any Allow`), fix: `aws lambda remove-permission --function-name ${target.function.unqualifiedArn}${qualifierFlag(target)} --statement-id ${denying.sid} --region ${target.function.region}` };
  }
  // A `maybe` without a reason hangs on the id AWS will assign: a statement naming one id never covers a new authorizer.
  const unevaluable = (verdict: StatementVerdict): boolean => verdict.applies === 'maybe' && verdict.reason !== undefined;
  const uncertainDeny = verdicts.find((verdict) => verdict.effect === 'Deny' && unevaluable(verdict));
  if (uncertainDeny !== undefined) return uncertain(target, uncertainDeny, 'may deny it');
  const allowing = verdicts.filter((verdict) => verdict.effect === 'Allow' && verdict.applies === 'yes');
  const scoped = allowing.find((verdict) => breadthOf(verdict, target.api) === undefined);
  if (scoped !== undefined) return { check: 'lambda-permission', status: 'ok', message: `statement ${scoped.sid} of ${describe(target)} lets API Gateway invoke it for ${who}` };
  const broad = allowing[0];
  if (broad !== undefined) {
    return {
      check: 'lambda-permission',
      status: 'warning',
      message: `API Gateway may invoke ${describe(target)} for ${who} only through statement ${broad.sid}, which ${breadthOf(broad, target.api) ?? ''}`,
      fix,
    };
  }
  const uncertainAllow = verdicts.find((verdict) => verdict.effect === 'Allow' && unevaluable(verdict));
  if (uncertainAllow !== undefined) return uncertain(target, uncertainAllow, 'may allow it');
  const skipped = unreadable.length === 0 ? '' : ` (statements not understood: ${unreadable.join('; ')})`;
  return missing(`no statement allows lambda:InvokeFunction to apigateway.amazonaws.com with a matching source ARN${skipped}`);
}

function uncertain(target: InvokePermissionTarget, verdict: StatementVerdict, effect: string): Finding {
  return {
    check: 'lambda-permission',
    status: 'unknown',
    message: `statement ${verdict.sid} of ${describe(target)} ${effect}, but gatewarden cannot evaluate it: ${verdict.reason ?? ''}; check the policy with aws lambda get-policy`,
  };
}

/** Why an allowing statement reaches further than this API, or `undefined` when it stays within it. */
function breadthOf(verdict: StatementVerdict, api: ApiRef): string | undefined {
  if (verdict.anyPrincipal) return 'allows any principal, not only API Gateway';
  if (verdict.sourceArnPatterns.length === 0) return 'has no source ARN condition, so any API Gateway API (of any account, unless AWS:SourceAccount limits it) may invoke the function';
  const apiPrefix = `arn:${api.partition}:execute-api:${api.region}:${api.account}:${api.apiId}/`;
  const wide = verdict.sourceArnPatterns.find((pattern) => !literalPrefix(pattern).startsWith(apiPrefix));
  return wide === undefined ? undefined : `allows the source ARN "${wide}", broader than API ${api.apiId}`;
}

/** The part of a pattern before its first wildcard. */
function literalPrefix(pattern: string): string {
  const wildcard = pattern.search(/[*?]/);
  return wildcard === -1 ? pattern : pattern.slice(0, wildcard);
}

function describe(target: InvokePermissionTarget): string {
  return `function ${target.function.name}${target.function.qualifier === undefined ? '' : ` (qualifier ${target.function.qualifier})`}`;
}

function qualifierFlag(target: InvokePermissionTarget): string {
  return target.function.qualifier === undefined ? '' : ` --qualifier ${target.function.qualifier}`;
}
