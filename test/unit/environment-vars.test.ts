/** `${vars.NAME}` substitution and environment files: resolved in string values only, located errors. */
import { describe, expect, it } from 'vitest';
import type { Environment } from '../../src/core/environment.js';
import { checkEnvironmentSource, checkManifests, formatIssue } from '../../src/manifest/index.js';
import { lambdaUri } from './manifest-support.js';

const prod: Environment = {
  name: 'prod',
  account: '123456789012',
  region: 'eu-west-1',
  vars: { fn: lambdaUri, issuer: 'https://issuer.example.com', pool: 'eu-west-1_abc', api: 'abc1234567', unused: 'x' },
  file: 'environments/prod.yaml',
};

const manifest = `apiVersion: gatewarden/v1
kind: AuthorizerSet
metadata: {name: "\${vars.api}"}
spec:
  api: {type: http, id: "\${vars.api}"}
  authorizers:
    - name: jwt
      authorizerType: JWT
      identitySource: ["$request.header.Authorization"]
      jwtConfiguration:
        issuer: "\${vars.issuer}"
        audience: ["client-\${vars.pool}", "\${{vars.pool}", plain]
    - name: lambda
      authorizerType: REQUEST
      authorizerUri: \${vars.fn}
      authorizerPayloadFormatVersion: "2.0"
      identitySource: ["$request.header.X", "$context.a", "$stageVariables.b"]
`;

const check = (text: string, environment?: Environment) => checkManifests([{ file: 'm.yaml', text }], environment ? { environment } : {});

describe('${vars.NAME} substitution', () => {
  it('resolves whole values and parts of values, in mappings and lists; ${{ writes ${; AWS expressions stay', () => {
    const { documents, issues, unusedVariables } = check(manifest, prod);
    expect(issues.map(formatIssue)).toEqual([]);
    const [api] = documents;
    expect(api?.label).toBe('abc1234567');
    expect(api?.api).toEqual({ type: 'http', id: 'abc1234567' });
    expect(api?.region).toBe('eu-west-1');
    expect(api?.authorizers[0]?.fields.jwtConfiguration).toEqual({
      issuer: 'https://issuer.example.com',
      audience: ['client-eu-west-1_abc', '${vars.pool}', 'plain'],
    });
    expect(api?.authorizers[1]?.fields.authorizerUri).toBe(lambdaUri);
    expect(api?.authorizers[1]?.fields.identitySource).toEqual(['$request.header.X', '$context.a', '$stageVariables.b']);
    expect(unusedVariables).toEqual(['unused']);
  });

  it('passes ${request…} through as written, for the schema to judge', () => {
    const { issues } = check(manifest.replace('"$context.a"', '"${request.header.Y}"'), prod);
    expect(issues.map((issue) => issue.message)).toEqual([expect.stringContaining('found "${request.header.Y}"')]);
  });

  it('never touches keys, numbers or booleans', () => {
    const text = manifest.replace('    - name: lambda', '    - "${vars.fn}": 1\n      name: lambda');
    const { issues } = check(text, prod);
    expect(issues.map(formatIssue).join('\n')).toContain('unknown field "${vars.fn}"');
  });

  it('reports an undefined variable at the ${ itself, naming the environment file and its variables', () => {
    const text = manifest.replace('"client-${vars.pool}"', '"client-${vars.pol}"');
    const { issues, documents } = check(text, prod);
    expect(documents).toEqual([]);
    expect(issues.map(formatIssue)).toEqual([
      'm.yaml:12:28: ${vars.pol}: not defined in the environment environments/prod.yaml; it defines api, fn, issuer, pool, unused',
    ]);
  });

  it('without an environment, a variable is an error that says to pass --env', () => {
    const { issues } = check(manifest);
    expect(issues).toHaveLength(5);
    expect(issues.every((issue) => issue.code === 'vars.undefined' && issue.message.includes('pass --env'))).toBe(true);
    expect(formatIssue(issues[0]!)).toBe('m.yaml:3:19: ${vars.api}: no environment was given to define it; pass --env NAME or --env FILE');
  });

  it('locates each of two alike references in one value at its own place', () => {
    const { issues } = check(manifest.replace('"client-${vars.pool}"', '"${vars.no}-${vars.no}"'), prod);
    expect(issues.map((issue) => [issue.line, issue.col])).toEqual([
      [12, 21],
      [12, 32],
    ]);
  });

  it('reports a malformed reference', () => {
    const { issues } = check(manifest.replace('"${vars.issuer}"', '"${vars.is suer}"'), prod);
    expect(issues.map((issue) => [issue.code, issue.line, issue.col])).toEqual([['vars.malformed', 11, 18]]);
  });

  it('leaves Environment documents out of the manifests', () => {
    const environment = 'apiVersion: gatewarden/v1\nkind: Environment\nmetadata: {name: dev}\nspec: {account: "123456789012"}\n';
    const result = checkManifests([{ file: 'environments/dev.yaml', text: environment }, { file: 'm.yaml', text: manifest }], { environment: prod });
    expect(result.issues).toEqual([]);
    expect(result.documents).toHaveLength(1);
  });
});

describe('environment files', () => {
  const file = 'environments/prod.yaml';
  it('reads a valid file', () => {
    const text = `# yaml-language-server: $schema=../schemas/environment.schema.json
apiVersion: gatewarden/v1
kind: Environment
metadata: {name: prod}
spec:
  account: "123456789012"
  region: eu-west-1
  roleArn: arn:aws:iam::123456789012:role/gatewarden-plan
  vars: {fn: x}
`;
    expect(checkEnvironmentSource({ file, text })).toEqual({
      environment: {
        name: 'prod',
        account: '123456789012',
        region: 'eu-west-1',
        roleArn: 'arn:aws:iam::123456789012:role/gatewarden-plan',
        vars: { fn: 'x' },
        varSources: { fn: { file, line: 9, col: 10 } },
        file,
      },
      issues: [],
    });
  });

  it('reports schema problems located', () => {
    const text = 'apiVersion: gatewarden/v1\nkind: Environment\nmetadata: {name: prod}\nspec:\n  account: 123456789012\n  vars: {fn: 3, 9x: a}\n  extra: 1\n';
    const issues = checkEnvironmentSource({ file, text }).issues.map(formatIssue);
    expect(issues).toHaveLength(4);
    expect(issues.sort()).toEqual([
      expect.stringMatching(/^environments\/prod\.yaml:5:12: spec\.account: expected a string/),
      expect.stringMatching(/^environments\/prod\.yaml:6:14: spec\.vars\.fn: expected a string/),
      expect.stringMatching(/^environments\/prod\.yaml:6:9: spec\.vars: a variable name: .*; found "9x"$/),
      expect.stringMatching(/^environments\/prod\.yaml:7:3: spec: unknown field "extra"/),
    ]);
  });
});
