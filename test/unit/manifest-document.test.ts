/** Document-level manifest problems: structure, authorizer names, one document per API, YAML. */
import { describe, expect, it } from 'vitest';
import { checkManifests, formatIssue } from '../../src/manifest/index.js';
import { lambdaUri, check, manifest, expectIssues } from './manifest-support.js';

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
      jwtConfiguration: {issuer: "https://i", audiences: [a], audience: [a]}
status: {}
`;
    expectIssues(check(text), [
      ['3:21', 'metadata: unknown field "labels"; valid fields: name'],
      ['5:3', 'spec: unknown field "regoin"', 'valid fields: region, api, afterChange, quotas, prune, authorizers', 'did you mean "region"?'],
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
