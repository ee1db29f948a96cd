/** Manifest checks of HTTP and WebSocket API authorizers, and their TTL. */
import { describe, expect, it } from 'vitest';
import { lambdaUri, roleArn, check, manifest, expectIssues } from './manifest-support.js';

describe('HTTP API authorizers', () => {
  const jwt = (extra = '', identitySource = '[$request.header.Authorization]', audience = '[orders-api]') =>
    manifest(
      'http',
      `    - name: jwt
      authorizerType: JWT
      identitySource: ${identitySource}
      jwtConfiguration:
        issuer: https://issuer.example.com
        audience: ${audience}
${extra}`,
    );
  const request = (extra: string) =>
    manifest('http', `    - name: req\n      authorizerType: REQUEST\n      authorizerUri: ${lambdaUri}\n${extra}`);

  it('accepts only JWT and REQUEST', () => {
    expectIssues(check(manifest('http', '    - name: l\n      authorizerType: LAMBDA')), [
      ['7:23', 'spec.authorizers[0].authorizerType: expected one of JWT, REQUEST, found "LAMBDA"'],
    ]);
  });

  it('JWT needs jwtConfiguration with an https issuer', () => {
    expectIssues(check(manifest('http', '    - name: j\n      authorizerType: JWT\n      identitySource: [$request.header.A]')), [
      ['6:7', 'missing required field "jwtConfiguration" in HTTP JWT authorizer "j"'],
    ]);
    expectIssues(check(manifest('http', '    - name: j\n      authorizerType: JWT\n      identitySource: [$request.header.A]\n      jwtConfiguration: {audience: [a]}')), [
      ['9:25', 'spec.authorizers[0].jwtConfiguration: missing required field "issuer"', 'expected an https URL'],
    ]);
    expectIssues(check(jwt().replace('https://issuer', 'http://issuer')), [
      ['10:17', 'jwtConfiguration.issuer: expected an https URL', 'found "http://issuer.example.com"'],
    ]);
  });

  it('JWT needs at least one audience: AWS refuses a token whose aud or client_id matches none', () => {
    const noAudience = (jwtConfiguration: string) =>
      manifest('http', `    - name: j\n      authorizerType: JWT\n      identitySource: [$request.header.A]\n      jwtConfiguration: ${jwtConfiguration}`);
    expectIssues(check(noAudience('{issuer: "https://i.example.com"}')), [
      ['9:25', 'spec.authorizers[0].jwtConfiguration: missing required field "audience"'],
    ]);
    expectIssues(check(noAudience('{issuer: "https://i.example.com", audience: []}')), [
      ['9:69', 'spec.authorizers[0].jwtConfiguration.audience: expected 1 to 50 entries, found an empty list'],
    ]);
  });

  it('JWT takes exactly one identity source, a header or query string selection', () => {
    expectIssues(check(jwt('', '[$request.header.A, $request.querystring.b]')), [
      ['8:23', 'identitySource: expected exactly 1 entry, found 2 entries; JWT authorizers take exactly one identity source'],
    ]);
    expectIssues(check(jwt('', '[]')), [['8:23', 'expected exactly 1 entry, found an empty list']]);
    expectIssues(check(jwt('', '[$context.authorizer]')), [
      ['8:24', 'identitySource[0]: a JWT identity source must be a header or query string selection', 'found "$context.authorizer"'],
    ]);
    expectIssues(check(manifest('http', '    - name: j\n      authorizerType: JWT\n      jwtConfiguration: {issuer: "https://i", audience: [a]}')), [
      ['6:7', 'missing required field "identitySource" in HTTP JWT authorizer "j"'],
    ]);
  });

  it('JWT accepts at most 50 audiences', () => {
    const audiences = Array.from({ length: 51 }, (_, index) => `c${index}`).join(', ');
    expectIssues(check(jwt('', undefined, `[${audiences}]`)), [['11:19', 'jwtConfiguration.audience: expected 1 to 50 entries, found 51 entries']]);
  });

  it.each([
    ['authorizerUri', lambdaUri],
    ['authorizerCredentialsArn', roleArn],
    ['authorizerPayloadFormatVersion', '"2.0"'],
    ['authorizerResultTtlInSeconds', '0'],
    ['enableSimpleResponses', 'false'],
  ])('JWT takes no Lambda-only field %s', (field, value) => {
    expectIssues(check(jwt(`      ${field}: ${value}`)), [
      ['12:7', `spec.authorizers[0]: field "${field}" is not allowed in HTTP JWT authorizer "jwt"; supported only for REQUEST (Lambda) authorizers, not JWT`],
    ]);
  });

  it('rejects identityValidationExpression, which HTTP APIs do not use', () => {
    expectIssues(check(jwt('      identityValidationExpression: ".*"')), [
      ['12:7', 'field "identityValidationExpression" is not allowed in HTTP JWT authorizer "jwt"', 'not used by HTTP APIs'],
    ]);
  });

  it('points REST member names at their HTTP spelling', () => {
    expectIssues(check(request(`      authorizerPayloadFormatVersion: "1.0"\n      authorizerCredentials: ${roleArn}`)), [
      ['10:7', 'field "authorizerCredentials" is not allowed', 'HTTP APIs use authorizerCredentialsArn'],
    ]);
  });

  it('REQUEST needs authorizerUri and a payload format version of "1.0" or "2.0"', () => {
    expectIssues(check(manifest('http', '    - name: req\n      authorizerType: REQUEST')), [
      ['6:7', 'missing required field "authorizerUri" in HTTP REQUEST authorizer "req"', 'expected a Lambda invocation URI'],
      ['6:7', 'missing required field "authorizerPayloadFormatVersion" in HTTP REQUEST authorizer "req"; valid values: "1.0", "2.0"'],
    ]);
    expectIssues(check(request('      authorizerPayloadFormatVersion: "3.0"')), [
      ['9:39', 'authorizerPayloadFormatVersion: expected one of "1.0", "2.0", found "3.0"'],
    ]);
  });

  it('explains that an unquoted 2.0 is a number', () => {
    expectIssues(check(request('      authorizerPayloadFormatVersion: 2.0')), [
      ['9:39', 'expected one of "1.0", "2.0", found 2; put the value in quotes so YAML reads it as a string'],
    ]);
  });

  it('allows enableSimpleResponses only with payload format "2.0"', () => {
    expectIssues(check(request('      authorizerPayloadFormatVersion: "1.0"\n      enableSimpleResponses: true')), [
      ['10:30', 'enableSimpleResponses: expected false, found true; EnableSimpleResponses can only be set for AuthorizerPayloadFormatVersion "2.0"'],
    ]);
    expect(check(request('      authorizerPayloadFormatVersion: "1.0"\n      enableSimpleResponses: false'))).toEqual([]);
  });

  it('REQUEST takes no jwtConfiguration', () => {
    expectIssues(check(request('      authorizerPayloadFormatVersion: "2.0"\n      jwtConfiguration: {issuer: "https://i"}')), [
      ['10:7', 'field "jwtConfiguration" is not allowed in HTTP REQUEST authorizer "req"; jwtConfiguration belongs to JWT authorizers'],
    ]);
  });

  it('REQUEST identity sources use the $request / $context / $stageVariables forms', () => {
    const sources = '[$request.header.A, $request.querystring.b, $context.c, $stageVariables.d, method.request.header.E]';
    expectIssues(check(request(`      authorizerPayloadFormatVersion: "2.0"\n      identitySource: ${sources}`)), [
      ['10:98', 'identitySource[4]: an HTTP REQUEST identity source must be $request.header.NAME', 'found "method.request.header.E"'],
    ]);
  });

  it('REQUEST with caching (TTL > 0) needs an identity source', () => {
    expectIssues(check(request('      authorizerPayloadFormatVersion: "2.0"\n      authorizerResultTtlInSeconds: 60')), [
      ['6:7', 'missing required field "identitySource" in HTTP REQUEST authorizer "req"', 'identity source must be set if authorizer caching is enabled'],
    ]);
    expectIssues(check(request('      authorizerPayloadFormatVersion: "2.0"\n      authorizerResultTtlInSeconds: 60\n      identitySource: []')), [
      ['11:23', 'identitySource: expected at least 1 entry, found an empty list; identity source must be set if authorizer caching is enabled'],
    ]);
    // HTTP's TTL defaults to 0, so no TTL and no identity source is fine.
    expect(check(request('      authorizerPayloadFormatVersion: "2.0"'))).toEqual([]);
  });
});

describe('TTL', () => {
  it.each([
    ['1.5', 'expected a whole number, found 1.5'],
    ['-1', 'expected a whole number from 0 to 3600, found -1'],
    ['3601', 'expected a whole number from 0 to 3600, found 3601'],
    ['"300"', 'expected a whole number, found "300"'],
  ])('must be a whole number from 0 to 3600 (%s)', (ttl, message) => {
    const text = manifest('rest', `    - name: r\n      type: REQUEST\n      authorizerUri: ${lambdaUri}\n      identitySource: [context.a]\n      authorizerResultTtlInSeconds: ${ttl}`);
    expectIssues(check(text), [['10:37', `spec.authorizers[0].authorizerResultTtlInSeconds: ${message}`]]);
  });
});

describe('WebSocket API authorizers', () => {
  const ws = (extra: string, type = 'REQUEST') =>
    manifest('websocket', `    - name: ws\n      authorizerType: ${type}\n      authorizerUri: ${lambdaUri}\n${extra}`);

  it('accepts only REQUEST: JWT is HTTP-only', () => {
    expectIssues(check(ws('', 'JWT')), [
      ['7:23', 'authorizerType: expected REQUEST, found "JWT"; JWT authorizers are supported only for HTTP APIs'],
    ]);
  });

  it('needs authorizerUri', () => {
    expectIssues(check(manifest('websocket', '    - name: ws\n      authorizerType: REQUEST')), [
      ['6:7', 'missing required field "authorizerUri" in WebSocket REQUEST authorizer "ws"'],
    ]);
  });

  it('uses route.request / stageVariables / context identity sources', () => {
    expectIssues(check(ws('      identitySource: [route.request.header.A, $request.header.B]')), [
      ['9:48', 'identitySource[1]: a WebSocket identity source must be route.request.header.NAME', 'found "$request.header.B"'],
    ]);
  });

  it.each([
    ['authorizerResultTtlInSeconds', '0'],
    ['authorizerPayloadFormatVersion', '"2.0"'],
    ['enableSimpleResponses', 'true'],
  ])('rejects the HTTP-only field %s', (field, value) => {
    expectIssues(check(ws(`      ${field}: ${value}`)), [
      ['9:7', `field "${field}" is not allowed in WebSocket REQUEST authorizer "ws"; supported only for HTTP API Lambda authorizers`],
    ]);
  });

  it('rejects afterChange.resetCache: ResetAuthorizersCache is HTTP-only', () => {
    const text = `apiVersion: gatewarden/v1
kind: AuthorizerSet
spec:
  api: {type: websocket, id: w1}
  afterChange:
    resetCache: [prod]
    redeploy: [prod]
  authorizers: []
`;
    expectIssues(check(text), [['6:5', 'spec.afterChange: field "resetCache" is not allowed; ResetAuthorizersCache is supported only for HTTP APIs']]);
  });
});
