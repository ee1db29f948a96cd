/** export's inverse of `${vars.NAME}`: what it writes resolves back to exactly the live value. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { MIN_TEMPLATED_LENGTH, templateFields, templateString } from '../../src/core/template-vars.js';
import { parseManifestSource } from '../../src/manifest/parse.js';
import { substituteVariables } from '../../src/manifest/vars.js';

const FN = 'arn:aws:lambda:eu-west-1:123456789012:function:authz';
const VARS = { fn: FN, fnLive: `${FN}:live`, pool: 'eu-west-1_abc123', short: 'prod' };

function resolve(value: string, vars: Readonly<Record<string, string>>): string {
  const [document] = parseManifestSource({ file: 'm.yaml', text: stringify({ value }) }).documents;
  const result = substituteVariables(document!, { file: 'env.yaml', vars });
  expect(result.issues).toEqual([]);
  return (result.document.value as { value: string }).value;
}

describe('templateString', () => {
  it('writes a variable for its value, the longest first, whole or inside a string', () => {
    expect(templateString(`${FN}:live`, VARS)).toBe('${vars.fnLive}');
    expect(templateString(`arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${FN}/invocations`, VARS)).toBe(
      'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${vars.fn}/invocations',
    );
    expect(templateString('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc123', VARS)).toBe('https://cognito-idp.eu-west-1.amazonaws.com/${vars.pool}');
  });

  it(`leaves values shorter than ${MIN_TEMPLATED_LENGTH} characters alone, and AWS's own expressions`, () => {
    expect(templateString('prod-issuer', VARS)).toBe('prod-issuer');
    expect(templateString('$request.header.Authorization', VARS)).toBe('$request.header.Authorization');
    expect(templateString('${request.path.id}', VARS)).toBe('${request.path.id}');
  });

  it('escapes what the substitution would read, so a literal ${vars. or ${{ survives', () => {
    expect(templateString('${vars.x}', {})).toBe('${{vars.x}');
    expect(templateString('a${{b', {})).toBe('a${{{b');
  });

  it('resolves back to the live value, for any string and any variables (property)', () => {
    const piece = fc.constantFrom('${', '${vars.', '${{', '{', '}', '$', 'vars.', FN, ':live', 'eu-west-1_abc123', 'prod', 'x');
    const live = fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join(''));
    const vars = fc.dictionary(fc.constantFrom('fn', 'fnLive', 'pool', 'short'), fc.constantFrom(FN, `${FN}:live`, 'eu-west-1_abc123', 'prod', '${vars.fn}x'), { maxKeys: 4 });
    fc.assert(
      fc.property(live, vars, (value, defined) => {
        expect(resolve(templateString(value, defined), defined)).toBe(value);
      }),
    );
  });
});

describe('templateFields', () => {
  it('templates string members at any depth; the name is escaped but never templated', () => {
    const fields = { name: 'eu-west-1_abc123', authorizerUri: FN, identitySource: ['$request.header.A'], jwtConfiguration: { audience: ['eu-west-1_abc123', 'a'] }, ttl: 300 };
    expect(templateFields(fields, VARS)).toEqual({
      name: 'eu-west-1_abc123',
      authorizerUri: '${vars.fn}',
      identitySource: ['$request.header.A'],
      jwtConfiguration: { audience: ['${vars.pool}', 'a'] },
      ttl: 300,
    });
  });
});
