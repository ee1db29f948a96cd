import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { DesiredApi } from '../../src/core/model.js';
import {
  checkManifests,
  formatIssue,
  loadManifests,
  manifestIssueCodes,
  type LoadOptions,
  type ManifestIssue,
} from '../../src/manifest/index.js';

const fixtures = 'test/fixtures/manifests';
const lambdaUri =
  'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:authz/invocations';
const roleArn = 'arn:aws:iam::123456789012:role/invoke';
const poolArn = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc';

function check(text: string, options: LoadOptions = {}): ManifestIssue[] {
  return checkManifests([{ file: 'm.yaml', text }], options).issues;
}

/** A document for an API of `apiType`; the first authorizer's `- name:` is on line 6, its keys at column 7. */
function manifest(apiType: string, authorizers: string): string {
  return `apiVersion: gatewarden/v1
kind: AuthorizerSet
spec:
  api: {type: ${apiType}, id: abc123}
  authorizers:
${authorizers}`;
}

/** An expected issue: `line:col` and fragments its message must contain. */
type Expected = readonly [location: string, ...fragments: string[]];

/**
 * Asserts the issues are exactly these, one per real problem (so ajv's echoes would fail the test),
 * each at the given place and saying the given things.
 */
function expectIssues(issues: readonly ManifestIssue[], expected: readonly Expected[]): void {
  const shown = issues.map(formatIssue).join('\n');
  for (const [location, ...fragments] of expected) {
    const match = issues
      .map(formatIssue)
      .find((issue) => issue.startsWith(`m.yaml:${location}: `) && fragments.every((fragment) => issue.includes(fragment)));
    expect(match, `expected an issue at ${location} saying ${fragments.join(' … ')}; got:\n${shown}`).toBeDefined();
  }
  expect(issues.length, `expected ${expected.length} issue(s); got:\n${shown}`).toBe(expected.length);
}

describe('valid manifests become DesiredApis', () => {
  it('loads an HTTP manifest into the exact DesiredApi shape', async () => {
    const file = `${fixtures}/valid/http.yaml`;
    const loaded = await loadManifests([file]);
    expect(loaded.issues).toEqual([]);
    expect(loaded.files).toEqual([file]);
    expect(loaded.documents).toStrictEqual<DesiredApi[]>([
      {
        label: 'orders',
        region: 'eu-west-1',
        api: { type: 'http', id: 'a1b2c3d4e5' },
        afterChange: { resetCache: ['$default'], redeploy: ['prod'] },
        authorizers: [
          {
            name: 'jwt-main',
            fields: {
              name: 'jwt-main',
              authorizerType: 'JWT',
              identitySource: ['$request.header.Authorization'],
              jwtConfiguration: {
                issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
                audience: ['my-client-id'],
              },
            },
            source: { file, line: 15, col: 7 },
          },
          {
            name: 'lambda-req',
            fields: {
              name: 'lambda-req',
              authorizerType: 'REQUEST',
              authorizerUri: lambdaUri,
              authorizerCredentialsArn: roleArn,
              authorizerPayloadFormatVersion: '2.0',
              enableSimpleResponses: true,
              authorizerResultTtlInSeconds: 300,
              identitySource: ['$request.header.Authorization', '$context.routeKey'],
            },
            source: { file, line: 21, col: 7 },
          },
        ],
        source: { file, line: 2, col: 1 },
      },
    ]);
  });

  it('loads a WebSocket manifest selected by name, without region or label, with afterChange defaults', async () => {
    const file = `${fixtures}/valid/websocket.yaml`;
    const loaded = await loadManifests([file]);
    expect(loaded.issues).toEqual([]);
    expect(loaded.documents).toStrictEqual<DesiredApi[]>([
      {
        api: { type: 'websocket', name: 'chat' },
        afterChange: { resetCache: [], redeploy: ['live'] },
        authorizers: [
          {
            name: 'connect-auth',
            fields: {
              name: 'connect-auth',
              authorizerType: 'REQUEST',
              authorizerUri:
                'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:ws-auth/invocations',
              identitySource: [
                'route.request.header.Auth',
                'route.request.querystring.token',
                'stageVariables.env',
                'context.connectionId',
              ],
            },
            source: { file, line: 11, col: 7 },
          },
        ],
        source: { file, line: 2, col: 1 },
      },
    ]);
  });

  it('loads a REST manifest with TOKEN, REQUEST and COGNITO_USER_POOLS authorizers, values as declared', async () => {
    const file = `${fixtures}/valid/rest.yaml`;
    const loaded = await loadManifests([file]);
    expect(loaded.issues).toEqual([]);
    const usEast1Uri = (fn: string) =>
      `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${fn}/invocations`;
    expect(loaded.documents).toStrictEqual<DesiredApi[]>([
      {
        label: 'legacy',
        region: 'us-east-1',
        api: { type: 'rest', id: 'r3st4p1id0' },
        afterChange: { resetCache: ['prod'], redeploy: [] },
        authorizers: [
          {
            name: 'token-auth',
            fields: {
              name: 'token-auth',
              type: 'TOKEN',
              authorizerUri: usEast1Uri('token'),
              authorizerCredentials: roleArn,
              // A string stays a string: turning it into a set is normalisation, not loading.
              identitySource: 'method.request.header.Authorization',
              identityValidationExpression: '^Bearer [-0-9a-zA-Z._]*$',
              authorizerResultTtlInSeconds: 300,
              authType: 'custom',
            },
            source: { file, line: 14, col: 7 },
          },
          {
            name: 'request-auth',
            fields: {
              name: 'request-auth',
              type: 'REQUEST',
              authorizerUri: usEast1Uri('request'),
              identitySource: ['method.request.header.Authorization', 'context.accountId'],
            },
            source: { file, line: 22, col: 7 },
          },
          {
            name: 'uncached-request',
            fields: {
              name: 'uncached-request',
              type: 'REQUEST',
              authorizerUri: usEast1Uri('request'),
              authorizerResultTtlInSeconds: 0,
            },
            source: { file, line: 26, col: 7 },
          },
          {
            name: 'cognito',
            fields: {
              name: 'cognito',
              type: 'COGNITO_USER_POOLS',
              providerARNs: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc'],
              identitySource: 'method.request.header.Authorization',
            },
            source: { file, line: 30, col: 7 },
          },
        ],
        source: { file, line: 2, col: 1 },
      },
    ]);
  });

  it('reads every document of a multi-document file and skips empty ones', async () => {
    const file = `${fixtures}/valid/nested/multi.yaml`;
    const loaded = await loadManifests([file]);
    expect(loaded.issues).toEqual([]);
    expect(loaded.documents.map((document) => [document.api, document.region, document.source])).toStrictEqual([
      [{ type: 'http', name: 'billing' }, undefined, { file, line: 2, col: 1 }],
      [{ type: 'http', name: 'billing' }, 'eu-central-1', { file, line: 8, col: 1 }],
    ]);
    expect(loaded.documents[0]?.authorizers).toEqual([]);
  });
});

describe('document structure', () => {
  it('requires apiVersion gatewarden/v1 and kind AuthorizerSet', () => {
    expectIssues(check('apiVersion: gatewarden/v2\nkind: Authorizers\nspec:\n  api: {type: http, id: x1}\n  authorizers: []\n'), [
      ['1:13', 'apiVersion: expected gatewarden/v1, found "gatewarden/v2"'],
      ['2:7', 'kind: expected AuthorizerSet, found "Authorizers"'],
    ]);
    expectIssues(check('kind: AuthorizerSet\nspec:\n  api: {type: http, id: x1}\n  authorizers: []\n'), [
      ['1:1', 'missing required field "apiVersion"', 'expected gatewarden/v1'],
    ]);
  });

  it('requires spec.api.type to be http, websocket or rest', () => {
    expectIssues(check(manifest('graphql', '    []')), [['4:15', 'spec.api.type: expected one of http, websocket, rest, found "graphql"']]);
  });

  it('requires exactly one of api.id and api.name', () => {
    const both = 'apiVersion: gatewarden/v1\nkind: AuthorizerSet\nspec:\n  api:\n    type: http\n    id: a1\n    name: n\n  authorizers: []\n';
    expectIssues(check(both), [['5:5', 'spec.api: expected exactly one of id or name', 'found both']]);
    const neither = 'apiVersion: gatewarden/v1\nkind: AuthorizerSet\nspec:\n  api:\n    type: http\n  authorizers: []\n';
    expectIssues(check(neither), [['5:5', 'spec.api: expected exactly one of id or name', 'found neither']]);
  });

  it('requires authorizers to be a list, and accepts an empty one', () => {
    expect(check(manifest('http', '    []'))).toEqual([]);
    expectIssues(check(manifest('http', '    name: x')), [['6:5', 'spec.authorizers: expected a list, found a mapping']]);
    expectIssues(check('apiVersion: gatewarden/v1\nkind: AuthorizerSet\nspec:\n  api: {type: rest, name: n}\n'), [
      ['4:3', 'spec: missing required field "authorizers"'],
    ]);
  });

  it('rejects unknown fields at every level, pointing at the key and listing the valid fields', () => {
    const text = `apiVersion: gatewarden/v1
kind: AuthorizerSet
metadata: {name: x, labels: {}}
spec:
  regoin: eu-west-1
  api: {type: http, id: x1, stage: prod}
  afterChange: {flushCache: [prod]}
  authorizers:
    - name: j
      authorizerType: JWT
      identitySource: [$request.header.A]
      jwtConfiguration: {issuer: "https://i", audiences: [a]}
status: {}
`;
    expectIssues(check(text), [
      ['3:21', 'metadata: unknown field "labels"; valid fields: name'],
      ['5:3', 'spec: unknown field "regoin"', 'valid fields: region, api, afterChange, authorizers', 'did you mean "region"?'],
      ['6:29', 'spec.api: unknown field "stage"; valid fields: type, id, name'],
      ['7:17', 'spec.afterChange: unknown field "flushCache"; valid fields: resetCache, redeploy'],
      ['12:47', 'unknown field "audiences" in jwtConfiguration of HTTP JWT authorizer "j"', 'did you mean "audience"?'],
      ['13:1', 'unknown field "status"; valid fields: apiVersion, kind, metadata, spec'],
    ]);
  });

  it('rejects an unknown authorizer field with the family field list and a spelling suggestion', () => {
    const text = manifest(
      'http',
      `    - name: lambda-req
      authorizerType: REQUEST
      authorizerUrl: ${lambdaUri}
      authorizerUri: ${lambdaUri}
      authorizerPayloadFormatVersion: "1.0"`,
    );
    expectIssues(check(text), [
      [
        '8:7',
        'spec.authorizers[0]: unknown field "authorizerUrl" in HTTP REQUEST authorizer "lambda-req"',
        'valid fields: name, authorizerType, authorizerUri, authorizerCredentialsArn, authorizerPayloadFormatVersion, authorizerResultTtlInSeconds, enableSimpleResponses, identitySource, jwtConfiguration',
        'did you mean "authorizerUri"?',
      ],
    ]);
  });

  it('reports a document that is not a mapping, and an authorizer that is not a mapping', () => {
    expectIssues(check('- a\n- b\n'), [['1:1', 'expected a mapping, found a list']]);
    expectIssues(check(manifest('http', '    - just-a-name')), [['6:7', 'spec.authorizers[0]: expected a mapping, found "just-a-name"']]);
  });

  it('checks the region form', () => {
    const text = 'apiVersion: gatewarden/v1\nkind: AuthorizerSet\nspec:\n  region: Ireland\n  api: {type: http, id: x1}\n  authorizers: []\n';
    expectIssues(check(text), [['4:11', 'spec.region: expected an AWS region code such as eu-west-1; found "Ireland"']]);
  });
});

describe('authorizer names', () => {
  it('requires names of 1 to 128 characters', () => {
    const text = manifest('websocket', `    - name: ""\n      authorizerType: REQUEST\n      authorizerUri: ${lambdaUri}\n    - name: ${'n'.repeat(129)}\n      authorizerType: REQUEST\n      authorizerUri: ${lambdaUri}`);
    expectIssues(check(text), [
      ['6:13', 'spec.authorizers[0].name: expected a non-empty string, found ""'],
      ['9:13', 'spec.authorizers[1].name: expected at most 128 characters, found 129 characters'],
    ]);
  });

  it('requires a name', () => {
    expectIssues(check(manifest('websocket', `    - authorizerType: REQUEST\n      authorizerUri: ${lambdaUri}`)), [
      ['6:7', 'spec.authorizers[0]: missing required field "name" in WebSocket REQUEST authorizer'],
    ]);
  });

  it('requires names to be unique within a document, pointing at the repeat and naming the first', () => {
    const entry = `authorizerType: REQUEST\n      authorizerUri: ${lambdaUri}`;
    const text = manifest('websocket', `    - name: a\n      ${entry}\n    - name: b\n      ${entry}\n    - name: a\n      ${entry}`);
    expectIssues(check(text), [['12:13', 'spec.authorizers[2].name: authorizer name "a" is already used by spec.authorizers[0] (line 6)', 'unique within an API']]);
  });
});

describe('HTTP API authorizers', () => {
  const jwt = (extra = '', identitySource = '[$request.header.Authorization]') =>
    manifest(
      'http',
      `    - name: jwt
      authorizerType: JWT
      identitySource: ${identitySource}
      jwtConfiguration:
        issuer: https://issuer.example.com
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

  it('JWT takes exactly one identity source, a header or query string selection', () => {
    expectIssues(check(jwt('', '[$request.header.A, $request.querystring.b]')), [
      ['8:23', 'identitySource: expected exactly 1 entry, found 2 entries; JWT authorizers take exactly one identity source'],
    ]);
    expectIssues(check(jwt('', '[]')), [['8:23', 'expected exactly 1 entry, found an empty list']]);
    expectIssues(check(jwt('', '[$context.authorizer]')), [
      ['8:24', 'identitySource[0]: a JWT identity source must be a header or query string selection', 'found "$context.authorizer"'],
    ]);
    expectIssues(check(manifest('http', '    - name: j\n      authorizerType: JWT\n      jwtConfiguration: {issuer: "https://i"}')), [
      ['6:7', 'missing required field "identitySource" in HTTP JWT authorizer "j"'],
    ]);
  });

  it('JWT accepts at most 50 audiences', () => {
    const audiences = Array.from({ length: 51 }, (_, index) => `c${index}`).join(', ');
    expectIssues(check(jwt(`        audience: [${audiences}]`)), [['11:19', 'jwtConfiguration.audience: expected at most 50 entries, found 51 entries']]);
  });

  it.each([
    ['authorizerUri', lambdaUri],
    ['authorizerCredentialsArn', roleArn],
    ['authorizerPayloadFormatVersion', '"2.0"'],
    ['authorizerResultTtlInSeconds', '0'],
    ['enableSimpleResponses', 'false'],
  ])('JWT takes no Lambda-only field %s', (field, value) => {
    expectIssues(check(jwt(`      ${field}: ${value}`)), [
      ['11:7', `spec.authorizers[0]: field "${field}" is not allowed in HTTP JWT authorizer "jwt"; supported only for REQUEST (Lambda) authorizers, not JWT`],
    ]);
  });

  it('rejects identityValidationExpression, which HTTP APIs do not use', () => {
    expectIssues(check(jwt('      identityValidationExpression: ".*"')), [
      ['11:7', 'field "identityValidationExpression" is not allowed in HTTP JWT authorizer "jwt"', 'not used by HTTP APIs'],
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

describe('one document per API', () => {
  const doc = (api: string, region?: string) =>
    `apiVersion: gatewarden/v1\nkind: AuthorizerSet\nspec:\n${region ? `  region: ${region}\n` : ''}  api: ${api}\n  authorizers: []\n`;

  it('refuses two documents for the same API, in any files, pointing at the second and naming the first', () => {
    const result = checkManifests([
      { file: 'b.yaml', text: doc('{type: http, id: a1b2c3d4e5}', 'eu-west-1') },
      { file: 'a.yaml', text: `${doc('{type: rest, id: a1b2c3d4e5}', 'eu-west-1')}---\n${doc('{type: http, id: a1b2c3d4e5}', 'eu-west-1')}` },
    ]);
    expect(result.issues.map(formatIssue)).toEqual([
      'b.yaml:5:8: spec.api: the http API with id "a1b2c3d4e5" in eu-west-1 is already managed by the document at a.yaml:12:8; each API must be described by exactly one document, so merge their authorizers',
    ]);
    expect(result.issues[0]?.code).toBe('rules.duplicate-api');
    // The rest API with the same id is another API; only the repeated document is held back.
    expect(result.documents.map((document) => document.source.file)).toEqual(['a.yaml', 'a.yaml']);
  });

  it('compares by name as well as by id', () => {
    const issues = checkManifests([{ file: 'm.yaml', text: `${doc('{type: websocket, name: chat}')}---\n${doc('{type: websocket, name: chat}')}` }]).issues;
    expectIssues(issues, [['10:8', 'the websocket API with name "chat" in the default region is already managed by the document at m.yaml:4:8']]);
  });

  it('takes an absent region to mean the default region', () => {
    const text = `${doc('{type: http, name: n}', 'eu-west-1')}---\n${doc('{type: http, name: n}')}`;
    expect(check(text)).toEqual([]);
    expectIssues(check(text, { defaultRegion: 'eu-west-1' }), [['11:8', 'in the default region (eu-west-1) is already managed by the document at m.yaml:5:8']]);
  });
});

describe('YAML problems', () => {
  it('reports syntax errors at their position and still checks the other documents', () => {
    const text = `apiVersion: gatewarden/v1
kind: AuthorizerSet
spec:
  api: {type: http, id: x1}
  authorizers: [
---
apiVersion: gatewarden/v1
kind: AuthorizerSet
spec:
  api: {type: http, id: x2}
  authorizers:
    - name: j
      authorizerType: JWT
`;
    const issues = check(text);
    expect(issues.some((issue) => issue.code === 'yaml.syntax' && issue.line === 6 && issue.message.startsWith('YAML error: '))).toBe(true);
    expect(issues.map(formatIssue)).toContain('m.yaml:12:7: spec.authorizers[0]: missing required field "jwtConfiguration" in HTTP JWT authorizer "j"');
  });

  it('reports duplicate keys', () => {
    const issues = check('apiVersion: gatewarden/v1\nkind: AuthorizerSet\nkind: AuthorizerSet\nspec: {api: {type: http, id: x1}, authorizers: []}\n');
    expect(issues).toEqual([{ file: 'm.yaml', line: 3, col: 1, code: 'yaml.duplicate-key', message: 'YAML error: Map keys must be unique' }]);
  });

  it('reports unknown tags, which YAML only warns about', () => {
    const issues = check('apiVersion: !Ref gatewarden/v1\nkind: AuthorizerSet\nspec: {api: {type: http, id: x1}, authorizers: []}\n');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 1, col: 13, code: 'yaml.syntax' });
    expect(issues[0]?.message).toMatch(/^YAML warning: .*!Ref/);
  });

  it('refuses alias bombs without throwing', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((key, index) => `${key}: &${key} [${Array(10).fill(`*${'abcdefgh'[index]}`).join(', ')}]`)].join('\n');
    const issues = check(bomb);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((issue) => issue.code.startsWith('yaml.'))).toBe(true);
  });

  it('reports a file without documents', () => {
    expect(check('# only a comment\n')).toEqual([
      { file: 'm.yaml', line: 1, col: 1, code: 'load.empty-file', message: 'expected at least one manifest document, found an empty file' },
    ]);
  });
});

describe('loading files and directories', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'gatewarden-manifests-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('reads a directory recursively, in sorted order, skipping hidden directories and other files', async () => {
    const loaded = await loadManifests([`${fixtures}/valid`]);
    expect(loaded.issues).toEqual([]);
    expect(loaded.files).toEqual([
      `${fixtures}/valid/http.yaml`,
      `${fixtures}/valid/nested/multi.yaml`,
      `${fixtures}/valid/rest.yaml`,
      `${fixtures}/valid/websocket.yaml`,
    ]);
    expect(loaded.documents.map((document) => document.api.id ?? document.api.name)).toEqual(['a1b2c3d4e5', 'billing', 'billing', 'r3st4p1id0', 'chat']);
  });

  it('names files as given, normalised, and reads a file reached twice once', async () => {
    const loaded = await loadManifests([`./${fixtures}/valid/http.yaml`, `${fixtures}/valid`]);
    expect(loaded.files[0]).toBe(`${fixtures}/valid/http.yaml`);
    expect(loaded.files).toHaveLength(4);
    expect(loaded.issues).toEqual([]);
  });

  it('applies the default region across files', async () => {
    const loaded = await loadManifests([`${fixtures}/valid`], { defaultRegion: 'eu-central-1' });
    expect(loaded.issues.map(formatIssue)).toEqual([
      `${fixtures}/valid/nested/multi.yaml:12:8: spec.api: the http API with name "billing" in eu-central-1 is already managed by the document at ${fixtures}/valid/nested/multi.yaml:5:8; each API must be described by exactly one document, so merge their authorizers`,
    ]);
    expect(loaded.documents).toHaveLength(4);
  });

  it('reports paths that do not exist and directories without manifests at line 1, column 1', async () => {
    const empty = path.join(scratch, 'empty');
    await mkdir(empty);
    await writeFile(path.join(empty, 'README.md'), '# nothing here\n');
    const loaded = await loadManifests(['nope/missing.yaml', empty]);
    expect(loaded.issues).toEqual(
      [
        { file: empty, line: 1, col: 1, code: 'load.no-manifests', message: 'expected *.yaml or *.yml manifests in this directory, found none' },
        { file: 'nope/missing.yaml', line: 1, col: 1, code: 'load.not-found', message: 'no such file or directory' },
      ].sort((a, b) => a.file.localeCompare(b.file)),
    );
    expect(loaded.files).toEqual([]);
    expect(loaded.documents).toEqual([]);
  });

  it('reports every problem in every file at once, sorted by file, line and column', async () => {
    const loaded = await loadManifests([`${fixtures}/invalid`, `${fixtures}/valid/websocket.yaml`]);
    const dir = `${fixtures}/invalid`;
    expect(loaded.issues.map((issue) => `${formatIssue(issue).slice(0, formatIssue(issue).indexOf(': '))} ${issue.code}`)).toEqual([
      `${dir}/alpha.yaml:9:23 schema.value`,
      `${dir}/alpha.yaml:10:7 schema.required`,
      `${dir}/alpha.yaml:10:13 rules.duplicate-name`,
      `${dir}/alpha.yaml:12:7 schema.unknown-field`,
      `${dir}/beta.yaml:4:8 rules.duplicate-api`,
      `${dir}/beta.yaml:12:13 yaml.syntax`,
      `${dir}/gamma.yml:9:23 schema.format`,
    ]);
    expect(formatIssue(loaded.issues[4]!)).toContain(`already managed by the document at ${dir}/alpha.yaml:5:5`);
    // The valid file still loads; nothing from the invalid files does.
    expect(loaded.documents.map((document) => document.api.name)).toEqual(['chat']);
  });
});

describe('issue codes', () => {
  it('every issue carries a documented code', async () => {
    const loaded = await loadManifests([`${fixtures}/invalid`]);
    for (const issue of loaded.issues) expect(Object.keys(manifestIssueCodes)).toContain(issue.code);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties: generated schema-valid documents load cleanly and exactly; no input makes loading throw.

const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,11}$/);
const authorizerName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,30}$/);
const region = fc.constantFrom('eu-west-1', 'us-east-1', 'ap-southeast-2', 'us-gov-west-1');
const functionUri = fc
  .tuple(region, token)
  .map(([r, fn]) => `arn:aws:apigateway:${r}:lambda:path/2015-03-31/functions/arn:aws:lambda:${r}:123456789012:function:${fn}/invocations`);
const role = token.map((name) => `arn:aws:iam::123456789012:role/${name}`);
const ttl = fc.integer({ min: 0, max: 3600 });
/** Case-insensitively unique, as AWS compares header names. */
const sourcesFrom = (source: fc.Arbitrary<string>, minLength = 0) =>
  fc.uniqueArray(source, { minLength, maxLength: 4, selector: (value) => value.toLowerCase() });

const httpJwt = fc.record(
  {
    authorizerType: fc.constant('JWT'),
    identitySource: fc.tuple(fc.constantFrom('$request.header.', '$request.querystring.'), token).map(([prefix, name]) => [prefix + name]),
    jwtConfiguration: fc.record(
      { issuer: token.map((host) => `https://${host}.example.com`), audience: fc.uniqueArray(token, { maxLength: 50 }) },
      { noNullPrototype: true, requiredKeys: ['issuer'] },
    ),
  },
  { noNullPrototype: true, requiredKeys: ['authorizerType', 'identitySource', 'jwtConfiguration'] },
);
const httpRequest = fc
  .record(
    {
      authorizerType: fc.constant('REQUEST'),
      authorizerUri: functionUri,
      authorizerCredentialsArn: role,
      authorizerPayloadFormatVersion: fc.constantFrom('1.0', '2.0'),
      enableSimpleResponses: fc.boolean(),
      authorizerResultTtlInSeconds: ttl,
      identitySource: sourcesFrom(
        fc.tuple(fc.constantFrom('$request.header.', '$request.querystring.', '$context.', '$stageVariables.'), token).map(([p, n]) => p + n),
      ),
    },
    { noNullPrototype: true, requiredKeys: ['authorizerType', 'authorizerUri', 'authorizerPayloadFormatVersion'] },
  )
  .filter((a) => !(a.enableSimpleResponses === true && a.authorizerPayloadFormatVersion !== '2.0'))
  .filter((a) => !((a.authorizerResultTtlInSeconds ?? 0) > 0 && (a.identitySource ?? []).length === 0));
const websocketRequest = fc.record(
  {
    authorizerType: fc.constant('REQUEST'),
    authorizerUri: functionUri,
    authorizerCredentialsArn: role,
    identitySource: sourcesFrom(
      fc.tuple(fc.constantFrom('route.request.header.', 'route.request.querystring.', 'stageVariables.', 'context.'), token).map(([p, n]) => p + n),
    ),
  },
  { noNullPrototype: true, requiredKeys: ['authorizerType', 'authorizerUri'] },
);
const restHeader = token.map((name) => `method.request.header.${name}`);
const restOneHeader = fc.oneof(restHeader, restHeader.map((header) => [header]));
const restToken = fc.record(
  {
    type: fc.constant('TOKEN'),
    authorizerUri: functionUri,
    authorizerCredentials: role,
    identitySource: restOneHeader,
    identityValidationExpression: fc.constantFrom('^Bearer [-0-9a-zA-Z._]*$', '.*'),
    authorizerResultTtlInSeconds: ttl,
    authType: fc.constantFrom('custom', 'anything'),
  },
  { noNullPrototype: true, requiredKeys: ['type', 'authorizerUri', 'identitySource'] },
);
const restRequest = fc
  .record(
    {
      type: fc.constant('REQUEST'),
      authorizerUri: functionUri,
      authorizerCredentials: role,
      identitySource: fc.oneof(
        restHeader,
        sourcesFrom(
          fc.tuple(fc.constantFrom('method.request.header.', 'method.request.querystring.', 'stageVariables.', 'context.'), token).map(([p, n]) => p + n),
        ),
      ),
      authorizerResultTtlInSeconds: ttl,
    },
    { noNullPrototype: true, requiredKeys: ['type', 'authorizerUri'] },
  )
  // REST caches by default (TTL 300), and caching needs an identity source.
  .filter((a) => a.authorizerResultTtlInSeconds === 0 || (a.identitySource !== undefined && a.identitySource.length > 0));
const restCognito = fc.record(
  {
    type: fc.constant('COGNITO_USER_POOLS'),
    providerARNs: fc.uniqueArray(token.map((pool) => `arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_${pool}`), { minLength: 1, maxLength: 3 }),
    identitySource: restOneHeader,
    identityValidationExpression: fc.constant('^[a-z]+$'),
    authorizerResultTtlInSeconds: ttl,
  },
  { noNullPrototype: true, requiredKeys: ['type', 'providerARNs', 'identitySource'] },
);

const authorizerKinds = {
  http: fc.oneof(httpJwt, httpRequest),
  websocket: websocketRequest,
  rest: fc.oneof(restToken, restRequest, restCognito),
} as const;
const stages = fc.uniqueArray(fc.constantFrom('$default', 'prod', 'dev', 'stage-2'), { maxLength: 3 });

const validDocument = fc.constantFrom('http', 'websocket', 'rest').chain((apiType) =>
  fc.record(
    {
      label: token,
      region,
      selector: fc.oneof(fc.stringMatching(/^[a-z0-9]{10}$/).map((id) => ({ id })), authorizerName.map((name) => ({ name }))),
      resetCache: apiType === 'websocket' ? fc.constant(undefined) : fc.option(stages, { nil: undefined }),
      redeploy: fc.option(stages, { nil: undefined }),
      authorizers: fc.uniqueArray(fc.tuple(authorizerName, authorizerKinds[apiType] as fc.Arbitrary<Record<string, unknown>>), {
        maxLength: 5,
        selector: ([name]) => name,
      }),
    },
    { noNullPrototype: true, requiredKeys: ['selector', 'authorizers'] },
  ).map(({ label, region: regionName, selector, resetCache, redeploy, authorizers }) => {
    const afterChange = { ...(resetCache && { resetCache }), ...(redeploy && { redeploy }) };
    return {
      apiVersion: 'gatewarden/v1',
      kind: 'AuthorizerSet',
      ...(label !== undefined && { metadata: { name: label } }),
      spec: {
        ...(regionName !== undefined && { region: regionName }),
        api: { type: apiType, ...selector },
        ...(Object.keys(afterChange).length > 0 && { afterChange }),
        authorizers: authorizers.map(([name, fields]) => ({ name, ...fields })),
      },
    };
  }),
);

/** Replaces or removes one value somewhere in the document: the way hand edits go wrong. */
function mutate(document: unknown): fc.Arbitrary<unknown> {
  const paths: (string | number)[][] = [];
  const walk = (value: unknown, at: (string | number)[]) => {
    paths.push(at);
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...at, index]));
    else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) walk(item, [...at, key]);
  };
  walk(document, []);
  return fc.tuple(fc.constantFrom(...paths), fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined })).map(([at, replacement]) => {
    const copy: unknown = structuredClone(document);
    if (at.length === 0) return replacement ?? null;
    let parent = copy as Record<string | number, unknown>;
    for (const key of at.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const last = at.at(-1)!;
    if (replacement === undefined && !Array.isArray(parent)) delete parent[last];
    else parent[last] = replacement ?? null;
    return copy;
  });
}

describe('properties', () => {
  it('any schema-valid generated document loads without issues, exactly as declared', () => {
    fc.assert(
      fc.property(validDocument, (document) => {
        const result = checkManifests([{ file: 'p.yaml', text: stringify(document) }]);
        expect(result.issues.map(formatIssue)).toEqual([]);
        const [desired] = result.documents;
        expect(desired?.api).toStrictEqual(document.spec.api);
        expect(desired?.label).toBe(document.metadata?.name);
        expect(desired?.region).toBe(document.spec.region);
        expect(desired?.authorizers.map((authorizer) => authorizer.fields)).toStrictEqual(document.spec.authorizers);
      }),
      { numRuns: 300 },
    );
  });

  it('no edit of a valid document makes loading throw, and every issue is located and worded', () => {
    fc.assert(
      fc.property(validDocument.chain(mutate), (document) => {
        const result = checkManifests([{ file: 'p.yaml', text: stringify(document) }]);
        expect(result.documents.length + result.issues.length).toBeGreaterThan(0);
        for (const issue of result.issues) {
          expect(issue.file).toBe('p.yaml');
          expect(issue.line).toBeGreaterThanOrEqual(1);
          expect(issue.col).toBeGreaterThanOrEqual(1);
          expect(Object.keys(manifestIssueCodes)).toContain(issue.code);
          // ajv's own wording ("must have required property …") means an error escaped translation.
          expect(issue.message).not.toMatch(/\bmust (NOT )?(have|match|pass|be (equal|string|array|object|integer|number|boolean|null|[<>]))/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('arbitrary text never makes loading throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const result = checkManifests([{ file: 'p.yaml', text }]);
        expect(result.issues.length + result.documents.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
