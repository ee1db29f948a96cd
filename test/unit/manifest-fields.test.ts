/** Manifest checks shared by every API type: ARNs and URIs, sets and stage lists. */
import { describe, expect, it } from 'vitest';
import { lambdaUri, poolArn, check, manifest, expectIssues } from './manifest-support.js';

describe('ARNs and URIs', () => {
  it('requires authorizerUri to be a Lambda invocation URI', () => {
    const text = manifest('websocket', '    - name: ws\n      authorizerType: REQUEST\n      authorizerUri: arn:aws:lambda:eu-west-1:123456789012:function:authz');
    expectIssues(check(text), [
      ['8:22', 'authorizerUri: expected a Lambda invocation URI: arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/', 'found "arn:aws:lambda:eu-west-1:123456789012:function:authz"'],
    ]);
  });

  it('accepts other partitions in ARNs', () => {
    const uri = 'arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/arn:aws-cn:lambda:cn-north-1:123456789012:function:a:live/invocations';
    const text = manifest('websocket', `    - name: ws\n      authorizerType: REQUEST\n      authorizerUri: ${uri}\n      authorizerCredentialsArn: arn:aws-cn:iam::123456789012:role/x`);
    expect(check(text)).toEqual([]);
  });

  it('requires credentials to be an IAM role ARN, in both families', () => {
    const v2 = manifest('websocket', `    - name: ws\n      authorizerType: REQUEST\n      authorizerUri: ${lambdaUri}\n      authorizerCredentialsArn: arn:aws:iam::123456789012:user/bob`);
    expectIssues(check(v2), [['9:33', 'authorizerCredentialsArn: expected an IAM role ARN: arn:aws:iam::ACCOUNT:role/NAME; found "arn:aws:iam::123456789012:user/bob"']]);
    const rest = manifest('rest', `    - name: r\n      type: REQUEST\n      authorizerUri: ${lambdaUri}\n      identitySource: context.a\n      authorizerCredentials: role/x`);
    expectIssues(check(rest), [['10:30', 'authorizerCredentials: expected an IAM role ARN']]);
  });
});

describe('sets and stage lists', () => {
  it('reports an entry listed twice in identity sources, audiences and providerARNs', () => {
    const text = `apiVersion: gatewarden/v1
kind: AuthorizerSet
spec:
  api: {type: http, id: x1}
  authorizers:
    - name: j
      authorizerType: JWT
      identitySource: [$request.header.A]
      jwtConfiguration: {issuer: "https://i", audience: [a, b, a]}
    - name: r
      authorizerType: REQUEST
      authorizerUri: ${lambdaUri}
      authorizerPayloadFormatVersion: "2.0"
      identitySource: [$context.a, $context.a]
`;
    expectIssues(check(text), [
      ['9:64', 'jwtConfiguration.audience[2]: "a" is listed twice (entries 0 and 2)'],
      ['14:36', 'identitySource[1]: "$context.a" is listed twice (entries 0 and 1)'],
    ]);
    const cognito = manifest('rest', `    - name: c\n      type: COGNITO_USER_POOLS\n      identitySource: method.request.header.A\n      providerARNs: [${poolArn}, ${poolArn}]`);
    expectIssues(check(cognito), [[`9:${22 + poolArn.length + 2}`, 'providerARNs[1]: ', 'is listed twice']]);
  });

  it('treats header names as case-insensitive when looking for repeats', () => {
    const text = manifest('http', `    - name: r\n      authorizerType: REQUEST\n      authorizerUri: ${lambdaUri}\n      authorizerPayloadFormatVersion: "2.0"\n      identitySource: [$request.header.Authorization, $request.header.authorization]`);
    expectIssues(check(text), [
      ['10:55', 'identitySource[1]: "$request.header.authorization" is listed twice: header names are case-insensitive, so it repeats "$request.header.Authorization" (entry 0)'],
    ]);
  });

  it('requires stage lists of unique non-empty names', () => {
    const text = 'apiVersion: gatewarden/v1\nkind: AuthorizerSet\nspec:\n  api: {type: rest, id: x1}\n  afterChange:\n    resetCache: [prod, prod]\n    redeploy: [""]\n  authorizers: []\n';
    expectIssues(check(text), [
      ['6:24', 'spec.afterChange.resetCache[1]: "prod" is listed twice'],
      ['7:16', 'spec.afterChange.redeploy[0]: expected a non-empty string, found ""'],
    ]);
  });
});
