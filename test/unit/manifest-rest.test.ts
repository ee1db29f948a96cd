/** Manifest checks of REST API authorizers. */
import { describe, expect, it } from 'vitest';
import { lambdaUri, poolArn, check, manifest, expectIssues } from './manifest-support.js';

describe('REST API authorizers', () => {
  const rest = (body: string) => manifest('rest', `    - name: r\n${body}`);

  it('accepts only TOKEN, REQUEST and COGNITO_USER_POOLS, under the REST member name "type"', () => {
    expectIssues(check(rest('      type: LAMBDA')), [['7:13', 'type: expected one of TOKEN, REQUEST, COGNITO_USER_POOLS, found "LAMBDA"']]);
    expectIssues(check(rest('      authorizerType: TOKEN')), [
      ['6:7', 'missing required field "type" in REST authorizer "r"', 'valid values: TOKEN, REQUEST, COGNITO_USER_POOLS'],
      ['7:7', 'field "authorizerType" is not allowed', 'REST APIs use type'],
    ]);
  });

  it('TOKEN needs authorizerUri and one method request header, in AWS words', () => {
    expectIssues(check(rest('      type: TOKEN\n      identitySource: method.request.header.Authorization')), [
      ['6:7', 'missing required field "authorizerUri" in REST TOKEN authorizer "r"'],
    ]);
    expectIssues(check(rest(`      type: TOKEN\n      authorizerUri: ${lambdaUri}`)), [
      ['6:7', 'missing required field "identitySource" in REST TOKEN authorizer "r"'],
    ]);
    expectIssues(check(rest(`      type: TOKEN\n      authorizerUri: ${lambdaUri}\n      identitySource: method.request.querystring.token`)), [
      ['9:23', "identitySource: the source must be a method request header, matching 'method.request.header.[a-zA-Z0-9._-]+'; found \"method.request.querystring.token\""],
    ]);
    expectIssues(check(rest(`      type: TOKEN\n      authorizerUri: ${lambdaUri}\n      identitySource: [method.request.header.A, method.request.header.B]`)), [
      ['9:23', 'expected exactly 1 entry, found 2 entries; TOKEN and COGNITO_USER_POOLS authorizers take exactly one identity source'],
    ]);
  });

  it('TOKEN accepts a one-entry list and a valid identityValidationExpression', () => {
    expect(check(rest(`      type: TOKEN\n      authorizerUri: ${lambdaUri}\n      identitySource: [method.request.header.A]\n      identityValidationExpression: "^x$"`))).toEqual([]);
    expectIssues(check(rest(`      type: TOKEN\n      authorizerUri: ${lambdaUri}\n      identitySource: method.request.header.A\n      identityValidationExpression: "(("`)), [
      ['10:37', 'identityValidationExpression: expected a valid regular expression, found "(("'],
    ]);
  });

  it('REQUEST needs authorizerUri and uses method.request / stageVariables / context sources', () => {
    expectIssues(check(rest('      type: REQUEST\n      identitySource: [method.request.header.A]')), [['6:7', 'missing required field "authorizerUri" in REST REQUEST authorizer "r"']]);
    expectIssues(check(rest(`      type: REQUEST\n      authorizerUri: ${lambdaUri}\n      identitySource: [method.request.header.A, route.request.header.B]`)), [
      ['9:49', 'identitySource[1]: a REST REQUEST identity source must be method.request.header.NAME', 'found "route.request.header.B"'],
    ]);
  });

  it('REQUEST takes no identityValidationExpression', () => {
    expectIssues(check(rest(`      type: REQUEST\n      authorizerUri: ${lambdaUri}\n      identitySource: context.a\n      identityValidationExpression: ".*"`)), [
      ['10:7', 'field "identityValidationExpression" is not allowed in REST REQUEST authorizer "r"; identityValidationExpression does not apply to REQUEST authorizers'],
    ]);
  });

  it('REQUEST without TTL and without identity source is refused: REST defaults the TTL to 300', () => {
    expectIssues(check(rest(`      type: REQUEST\n      authorizerUri: ${lambdaUri}`)), [
      ['6:7', 'missing required field "identitySource"', 'REST defaults the TTL to 300; set authorizerResultTtlInSeconds: 0 or add an identity source'],
    ]);
    expectIssues(check(rest(`      type: REQUEST\n      authorizerUri: ${lambdaUri}\n      identitySource: []`)), [
      ['9:23', 'expected at least 1 entry, found an empty list; REST defaults the TTL to 300'],
    ]);
    expectIssues(check(rest(`      type: REQUEST\n      authorizerUri: ${lambdaUri}\n      authorizerResultTtlInSeconds: 10`)), [
      ['6:7', 'missing required field "identitySource"', 'identity source must be set if authorizer caching is enabled'],
    ]);
  });

  it('COGNITO_USER_POOLS needs providerARNs (non-empty, user pool ARNs) and a header source, and no authorizerUri', () => {
    expectIssues(check(rest('      type: COGNITO_USER_POOLS')), [
      ['6:7', 'missing required field "providerARNs" in REST COGNITO_USER_POOLS authorizer "r"'],
      ['6:7', 'missing required field "identitySource" in REST COGNITO_USER_POOLS authorizer "r"'],
    ]);
    const cognito = (extra: string) => rest(`      type: COGNITO_USER_POOLS\n      identitySource: method.request.header.Authorization\n${extra}`);
    expectIssues(check(cognito('      providerARNs: []')), [['9:21', 'providerARNs: expected at least 1 entry, found an empty list']]);
    expectIssues(check(cognito('      providerARNs: [arn:aws:cognito-idp:eu-west-1:123456789012:pool/x]')), [
      ['9:22', 'providerARNs[0]: expected a Cognito user pool ARN', 'found "arn:aws:cognito-idp:eu-west-1:123456789012:pool/x"'],
    ]);
    expectIssues(check(cognito(`      providerARNs: [${poolArn}]\n      authorizerUri: ${lambdaUri}`)), [
      ['10:7', 'field "authorizerUri" is not allowed in REST COGNITO_USER_POOLS authorizer "r"; authorizerUri is not used by COGNITO_USER_POOLS authorizers'],
    ]);
    expectIssues(check(cognito(`      providerARNs: [${poolArn}]\n      authorizerCredentials: arn:aws:iam::123456789012:role/x`)), [
      ['10:7', 'field "authorizerCredentials" is not allowed in REST COGNITO_USER_POOLS authorizer "r"; authorizerCredentials is not used by COGNITO_USER_POOLS authorizers'],
    ]);
    expectIssues(check(rest(`      type: COGNITO_USER_POOLS\n      providerARNs: [${poolArn}]\n      identitySource: context.sub`)), [
      ['9:23', 'the source must be a method request header'],
    ]);
  });

  it('takes providerARNs only on COGNITO_USER_POOLS', () => {
    expectIssues(check(rest(`      type: TOKEN\n      authorizerUri: ${lambdaUri}\n      identitySource: method.request.header.A\n      providerARNs: [${poolArn}]`)), [
      ['10:7', 'field "providerARNs" is not allowed in REST TOKEN authorizer "r"; providerARNs is used only by COGNITO_USER_POOLS authorizers'],
    ]);
  });

  it('refuses commas inside identity sources: AWS joins the list with commas', () => {
    expectIssues(check(rest(`      type: REQUEST\n      authorizerUri: ${lambdaUri}\n      identitySource: ["method.request.header.A,context.b"]`)), [
      ['9:24', 'identitySource[0]: an identity source must not contain a comma', 'write several as separate list entries'],
    ]);
    expectIssues(check(rest(`      type: REQUEST\n      authorizerUri: ${lambdaUri}\n      identitySource: "method.request.header.A,context.b"`)), [
      ['9:23', 'identitySource: an identity source must not contain a comma', 'write several as a list'],
    ]);
  });

  it('accepts identitySource as a string or a list, nothing else', () => {
    expectIssues(check(rest(`      type: REQUEST\n      authorizerUri: ${lambdaUri}\n      identitySource: 42`)), [
      ['9:23', 'identitySource: expected a string or a list, found 42'],
    ]);
  });
});
