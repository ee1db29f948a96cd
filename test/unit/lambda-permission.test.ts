import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addPermissionCommand, checkInvokePermission, type InvokePermissionTarget } from '../../src/core/checks/lambda-permission.js';
import { arnMatches, globMatches } from '../../src/core/checks/iam-match.js';
import { parseFunctionArn, parseLambdaUri } from '../../src/core/checks/lambda-uri.js';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:authz';
const API = { partition: 'aws', region: 'us-east-1', account: '123456789012', apiId: 'a1b2c3d4e5' };
const SOURCE = 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/authorizers/abc123';

/** `authorizerId: null` is an authorizer still to be created. */
function target(functionArn = FUNCTION_ARN, authorizerId: string | null = 'abc123'): InvokePermissionTarget {
  const fn = parseFunctionArn(functionArn);
  if (fn === undefined) throw new Error(functionArn);
  return { function: fn, api: API, ...(authorizerId !== null && { authorizerId }) };
}

/** A statement shaped as Lambda's AddPermission writes it, with parts replaced. */
function statement(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Sid: 'apigw',
    Effect: 'Allow',
    Principal: { Service: 'apigateway.amazonaws.com' },
    Action: 'lambda:InvokeFunction',
    Resource: FUNCTION_ARN,
    Condition: { ArnLike: { 'AWS:SourceArn': SOURCE } },
    ...overrides,
  };
}

const policy = (...statements: unknown[]): string => JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements });
const check = (text: string | undefined, of = target()) => checkInvokePermission(text, of);
const status = (text: string | undefined, of = target()) => check(text, of)[0]?.status;

describe('lambda-permission: what allows API Gateway', () => {
  it('is ok for the statement AddPermission writes for exactly this authorizer', () => {
    expect(check(policy(statement()))).toEqual([{ check: 'lambda-permission', status: 'ok', message: expect.stringContaining('statement apigw') }]);
  });

  it.each([
    ['ArnLike over the API\'s authorizers', { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/authorizers/*' } }],
    ['ArnEquals, which IAM matches like ArnLike', { ArnEquals: { 'AWS:SourceArn': 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/authorizers/abc12?' } }],
    ['StringLike over the API', { StringLike: { 'AWS:SourceArn': 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*' } }],
    ['StringEquals on the exact ARN', { StringEquals: { 'AWS:SourceArn': SOURCE } }],
    ['a key in another case', { ArnLike: { 'aws:sourcearn': SOURCE } }],
    ['an array of ARNs, one of them matching', { ArnLike: { 'AWS:SourceArn': ['arn:aws:execute-api:us-east-1:123456789012:zzzzzzzzzz/*', SOURCE] } }],
    ['a source account besides the ARN', { ArnLike: { 'AWS:SourceArn': SOURCE }, StringEquals: { 'AWS:SourceAccount': '123456789012' } }],
    ['an IfExists operator', { ArnLikeIfExists: { 'AWS:SourceArn': SOURCE } }],
    ['a condition on a key API Gateway does not send, with IfExists', { ArnLike: { 'AWS:SourceArn': SOURCE }, StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-1' } }],
  ])('is ok with %s', (_, condition) => {
    expect(status(policy(statement({ Condition: condition })))).toBe('ok');
  });

  it.each([
    ['a list of services', { Principal: { Service: ['events.amazonaws.com', 'apigateway.amazonaws.com'] } }],
    ['Action as a list with lambda:*', { Action: ['lambda:GetFunction', 'lambda:*'] }],
    ['Action in another case', { Action: 'Lambda:invokefunction' }],
    ['Resource as a glob', { Resource: 'arn:aws:lambda:us-east-1:123456789012:function:auth?' }],
    ['NotAction naming something else', { Action: undefined, NotAction: 'lambda:DeleteFunction' }],
    ['NotResource naming another function', { Resource: undefined, NotResource: 'arn:aws:lambda:us-east-1:123456789012:function:other' }],
  ])('is ok with %s', (_, overrides) => {
    expect(status(policy(statement(overrides)))).toBe('ok');
  });

  it('follows the qualifier: a qualified function needs a statement on the qualified ARN', () => {
    const qualified = target(`${FUNCTION_ARN}:live`);
    expect(status(policy(statement()), qualified)).toBe('error');
    expect(status(policy(statement({ Resource: `${FUNCTION_ARN}:live` })), qualified)).toBe('ok');
  });
});

describe('lambda-permission: what does not allow it', () => {
  it('is an error, with the add-permission command, when the function has no policy', () => {
    const [finding] = check(undefined);
    expect(finding?.status).toBe('error');
    expect(finding?.message).toContain('has no resource-based policy');
    expect(finding?.fix).toBe(
      'aws lambda add-permission --function-name arn:aws:lambda:us-east-1:123456789012:function:authz --statement-id gatewarden-a1b2c3d4e5-abc123 ' +
        `--action lambda:InvokeFunction --principal apigateway.amazonaws.com --source-arn ${SOURCE} --region us-east-1`,
    );
  });

  it.each([
    ['another API', { Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:us-east-1:123456789012:zzzzzzzzzz/*' } } }],
    ['another authorizer', { Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/authorizers/zzz999' } } }],
    ['a source ARN in the wrong case (ArnLike is case-sensitive)', { Condition: { ArnLike: { 'AWS:SourceArn': SOURCE.toUpperCase() } } }],
    ['another service', { Principal: { Service: 'events.amazonaws.com' } }],
    ['an account principal', { Principal: { AWS: 'arn:aws:iam::123456789012:root' } }],
    ['another action', { Action: 'lambda:GetFunction' }],
    ['NotAction naming the invocation', { Action: undefined, NotAction: 'lambda:Invoke*' }],
    ['another function', { Resource: 'arn:aws:lambda:us-east-1:123456789012:function:other' }],
    ['a condition only function URLs satisfy', { Condition: { ArnLike: { 'AWS:SourceArn': SOURCE }, StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } } }],
    ['another source account', { Condition: { ArnLike: { 'AWS:SourceArn': SOURCE }, StringEquals: { 'AWS:SourceAccount': '999999999999' } } }],
    ['StringNotLike excluding the API', { Condition: { StringNotLike: { 'AWS:SourceArn': 'arn:aws:execute-api:*:*:a1b2c3d4e5/*' } } }],
  ])('is an error for %s', (_, overrides) => {
    const [finding] = check(policy(statement(overrides)));
    expect(finding?.status).toBe('error');
    expect(finding?.fix).toContain('aws lambda add-permission');
  });

  it('lets an explicit Deny win over an Allow, and proposes removing it', () => {
    const [finding] = check(policy(statement(), statement({ Sid: 'block', Effect: 'Deny', Condition: undefined })));
    expect(finding).toMatchObject({ status: 'error', message: expect.stringContaining('statement block denies it') });
    expect(finding?.fix).toBe('aws lambda remove-permission --function-name arn:aws:lambda:us-east-1:123456789012:function:authz --statement-id block --region us-east-1');
  });

  it('ignores a Deny that does not apply', () => {
    expect(status(policy(statement(), statement({ Sid: 'block', Effect: 'Deny', Principal: { Service: 'events.amazonaws.com' } })))).toBe('ok');
  });
});

describe('lambda-permission: broader than the API', () => {
  it.each([
    ['the account\'s every API (…:*)', { Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:us-east-1:123456789012:*' } } }, 'broader than API a1b2c3d4e5'],
    ['any account', { Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:us-east-1:*:a1b2c3d4e5/*' } } }, 'broader than API'],
    ['no condition at all', { Condition: undefined }, 'no source ARN condition'],
    ['only a source account', { Condition: { StringEquals: { 'AWS:SourceAccount': '123456789012' } } }, 'no source ARN condition'],
    ['any principal', { Principal: '*' }, 'any principal'],
    ['{"AWS": "*"}', { Principal: { AWS: '*' } }, 'any principal'],
    ['NotPrincipal', { Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' } }, 'any principal'],
  ])('warns when only a statement allowing %s lets it', (_, overrides, why) => {
    const [finding] = check(policy(statement(overrides)));
    expect(finding?.status).toBe('warning');
    expect(finding?.message).toContain(why);
    expect(finding?.fix).toContain('aws lambda add-permission');
  });

  it('is ok when a narrow statement allows it beside a broad one', () => {
    expect(status(policy(statement({ Sid: 'broad', Condition: undefined }), statement()))).toBe('ok');
  });
});

describe('lambda-permission: an authorizer still to be created', () => {
  const creating = target(FUNCTION_ARN, null);

  it.each([
    ['…/authorizers/*', 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/authorizers/*', 'ok'],
    ['…/* over the API', 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*', 'ok'],
    ['the account\'s every API', 'arn:aws:execute-api:us-east-1:123456789012:*', 'warning'],
    ['one existing authorizer', SOURCE, 'error'],
    ['a prefix of ids', 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/authorizers/a*', 'error'],
  ])('with a statement for %s: %s', (_, sourceArn, expected) => {
    expect(status(policy(statement({ Condition: { ArnLike: { 'AWS:SourceArn': sourceArn } } })), creating)).toBe(expected);
  });

  it('sets aside a Deny naming one other id: it cannot be told whether it will hit the new one', () => {
    const deny = statement({ Sid: 'block-one', Effect: 'Deny', Condition: { ArnLike: { 'AWS:SourceArn': SOURCE } } });
    const allow = statement({ Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/authorizers/*' } } });
    expect(status(policy(allow, deny), creating)).toBe('ok');
  });

  it('proposes a permission for any authorizer of the API, quoted for the shell', () => {
    expect(addPermissionCommand(creating)).toContain(
      "--statement-id gatewarden-a1b2c3d4e5-authorizers --action lambda:InvokeFunction --principal apigateway.amazonaws.com --source-arn 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/authorizers/*'",
    );
  });
});

describe('lambda-permission: bad input gives a finding, never a throw', () => {
  it.each([
    ['not JSON', '{"Version": "2012-10-17", "Statement": [', 'not JSON'],
    ['HTML', '<html><body>Forbidden</body></html>', 'not JSON'],
    ['a JSON list', '[]', 'not a JSON object'],
    ['no Statement', '{"Version":"2012-10-17"}', 'no Statement list'],
  ])('a policy that is %s is unknown, saying why', (_, text, why) => {
    const [finding] = check(text);
    expect(finding).toMatchObject({ status: 'unknown', message: expect.stringContaining(why) });
  });

  it('any JSON, or statements of any shape, give findings with a status and a message', () => {
    const member = fc.oneof(fc.jsonValue(), fc.constantFrom('*', 'Allow', 'Deny', 'apigateway.amazonaws.com', 'lambda:*', SOURCE, FUNCTION_ARN));
    const odd = fc.dictionary(fc.constantFrom('Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'), member);
    const text = fc.oneof(fc.string(), fc.jsonValue().map((value) => JSON.stringify(value)), fc.array(fc.oneof(odd, fc.jsonValue())).map((statements) => policy(...statements)));
    fc.assert(
      fc.property(text, fc.boolean(), (policyText, created) => {
        for (const finding of check(policyText, target(FUNCTION_ARN, created ? 'abc123' : null))) {
          expect(['ok', 'warning', 'error', 'unknown']).toContain(finding.status);
          expect(finding.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads a single Statement object', () => {
    expect(status(JSON.stringify({ Statement: statement() }))).toBe('ok');
  });

  it.each([
    ['a principal as a bare service string', { Principal: 'apigateway.amazonaws.com' }, 'Principal is "apigateway.amazonaws.com"'],
    ['a principal list', { Principal: ['apigateway.amazonaws.com'] }, 'Principal is ["apigateway.amazonaws.com"]'],
    ['a Service that is a number', { Principal: { Service: 42 } }, 'not a string or a list of strings'],
    ['an operator gatewarden does not evaluate', { Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } } }, 'DateGreaterThan'],
    ['a key gatewarden does not evaluate', { Condition: { ArnLike: { 'AWS:SourceArn': SOURCE }, StringEquals: { 'aws:SourceVpc': 'vpc-1' } } }, 'aws:SourceVpc'],
    ['a condition that is a string', { Condition: 'ArnLike' }, 'Condition is not a JSON object'],
    ['a set operator', { Condition: { 'ForAnyValue:StringLike': { 'AWS:SourceArn': [SOURCE] } } }, 'ForAnyValue:StringLike is not one gatewarden evaluates'],
    ['no Action', { Action: undefined }, 'neither Action nor NotAction'],
  ])('an Allow statement with %s is unknown, naming it', (_, overrides, why) => {
    const [finding] = check(policy(statement(overrides)));
    expect(finding).toMatchObject({ status: 'unknown', message: expect.stringContaining(why) });
  });

  it('an unreadable Deny makes the answer unknown even beside an Allow', () => {
    expect(status(policy(statement(), statement({ Effect: 'Deny', Sid: 'odd', Principal: 'x' })))).toBe('unknown');
  });

  it('names statements it cannot read when nothing allows the invocation', () => {
    const [finding] = check(policy('just a string', { Sid: 'lower', Effect: 'allow' }));
    expect(finding?.status).toBe('error');
    expect(finding?.message).toContain('#1: not a JSON object; lower: Effect is "allow", not Allow or Deny');
  });
});

describe('lambda-permission: policy size', () => {
  const padded = (bytes: number): string => {
    const base = policy(statement());
    return policy(statement(), statement({ Sid: 'x'.repeat(bytes - base.length - policy(statement(), statement({ Sid: '' })).length + base.length) }));
  };

  it('warns above 80% of the 20 KB limit, beside the permission finding', () => {
    const text = padded(16_385);
    expect(new TextEncoder().encode(text).length).toBe(16_385);
    const findings = check(text);
    expect(findings.map((finding) => finding.status)).toEqual(['ok', 'warning']);
    expect(findings[1]?.message).toContain('16385 bytes, 80% of Lambda\'s 20480-byte limit');
  });

  it('says nothing at exactly 80%', () => {
    expect(check(padded(16_384)).map((finding) => finding.status)).toEqual(['ok']);
  });
});

describe('IAM matching', () => {
  const colonResource = { literal: 'arn:aws:execute-api:us-east-1:123456789012:api/x:y' };

  it('keeps an ArnLike wildcard inside its component, where StringLike lets it cross colons', () => {
    expect(arnMatches('arn:aws:execute-api:*:api/x:y', colonResource)).toBe('no');
    expect(globMatches('arn:aws:execute-api:*:api/x:y', colonResource)).toBe('yes');
    expect(arnMatches('arn:aws:execute-api:*:*:api/x:y', colonResource)).toBe('yes');
  });

  it('answers for every id of an authorizer still to be created', () => {
    const open = { literal: 'arn:aws:execute-api:us-east-1:123456789012:api/authorizers/', tail: 'any-id' } as const;
    expect(arnMatches('arn:aws:execute-api:us-east-1:123456789012:api/authorizers/*', open)).toBe('yes');
    expect(arnMatches('arn:aws:execute-api:us-east-1:123456789012:api/*/?*', open)).toBe('yes');
    expect(arnMatches('arn:aws:execute-api:us-east-1:123456789012:api/authorizers/?*', open)).toBe('yes');
    expect(arnMatches('arn:aws:execute-api:us-east-1:123456789012:api/authorizers/??*', open)).toBe('maybe');
    expect(arnMatches('arn:aws:execute-api:us-east-1:123456789012:other/authorizers/*', open)).toBe('no');
  });
});

describe('parseLambdaUri', () => {
  const uri = (functionArn: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${functionArn}/invocations`;

  it.each([
    [FUNCTION_ARN, { name: 'authz', arn: FUNCTION_ARN, account: '123456789012', region: 'us-east-1', partition: 'aws' }],
    [`${FUNCTION_ARN}:live`, { name: 'authz', arn: `${FUNCTION_ARN}:live`, unqualifiedArn: FUNCTION_ARN, qualifier: 'live' }],
    [`${FUNCTION_ARN}:7`, { qualifier: '7' }],
    [`${FUNCTION_ARN}:$LATEST`, { arn: FUNCTION_ARN }],
    ['arn:aws-cn:lambda:cn-north-1:123456789012:function:authz', { partition: 'aws-cn', region: 'cn-north-1' }],
  ])('reads %s', (functionArn, expected) => {
    const parsed = parseLambdaUri(uri(functionArn));
    expect(parsed.kind).toBe('function');
    expect(parsed.kind === 'function' && parsed.function).toMatchObject(expected);
    if (functionArn.endsWith('$LATEST') && parsed.kind === 'function') expect(parsed.function.qualifier).toBeUndefined();
  });

  it.each([
    [uri('arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.authFn}'), 'unknown', 'stage variable'],
    [uri(`${FUNCTION_ARN}:\${stageVariables.alias}`), 'unknown', 'stage variable'],
    [uri('arn:aws:lambda:us-east-1:123456789012:layer:authz'), 'invalid', 'is not a Lambda function ARN'],
    ['https://example.com/authorize', 'invalid', 'is not a Lambda invocation URI'],
    [uri('arn:aws:lambda:us-east-1:123456789012:function:a:b:c'), 'invalid', 'is not a Lambda function ARN'],
  ])('tells %s apart: %s', (text, kind, why) => {
    const parsed = parseLambdaUri(text);
    expect(parsed.kind).toBe(kind);
    expect(parsed.kind !== 'function' && parsed.reason).toContain(why);
  });
});
