/** validate (offline) refuses a document that declares more authorizers than its quota. */
import { describe, expect, it } from 'vitest';
import { checkManifests } from '../../src/manifest/index.js';

const LAMBDA =
  'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:authz/invocations';

function document(count: number, quotas = ''): string {
  const authorizers = Array.from(
    { length: count },
    (_, index) => `    - { name: a-${index}, authorizerType: REQUEST, authorizerUri: "${LAMBDA}", authorizerPayloadFormatVersion: "2.0" }\n`,
  );
  return `apiVersion: gatewarden/v1\nkind: AuthorizerSet\nspec:\n  api: { type: http, id: abc123 }\n${quotas}  authorizers:\n${authorizers.join('')}`;
}

const issuesOf = (text: string) => checkManifests([{ file: 'm.yaml', text }]).issues;

describe('the authorizers-per-API quota, offline', () => {
  it('accepts 10 authorizers, the default quota', () => {
    expect(issuesOf(document(10))).toEqual([]);
  });

  it('refuses the 11th, located at it', () => {
    expect(issuesOf(document(11))).toEqual([
      {
        file: 'm.yaml',
        line: 16,
        col: 7,
        code: 'rules.authorizer-quota',
        message:
          "spec.authorizers[10]: 11 authorizers are declared, but the API may have at most 10 (AWS's default quota; if you raised it with AWS Support, declare the new value as spec.quotas.authorizersPerApi); this is the first one over the quota",
      },
    ]);
  });

  it('accepts a raised quota, and holds the document to it', () => {
    const raised = '  quotas: { authorizersPerApi: 25 }\n';
    expect(issuesOf(document(25, raised))).toEqual([]);
    expect(issuesOf(document(26, raised)).map((issue) => [issue.code, issue.message.split(':')[0]])).toEqual([
      ['rules.authorizer-quota', 'spec.authorizers[25]'],
    ]);
  });

  // 10,000 such lines pass the 1 MiB file limit, which refuses them first; 2,000 fit under it.
  it('reports 2,000 authorizers once, not as 2,000 planned creates', () => {
    const issues = issuesOf(document(2_000));
    expect(issues.map((issue) => issue.code)).toEqual(['rules.authorizer-quota']);
  });

  it('leaves an invalid quota to the schema, and applies the default meanwhile', () => {
    const codes = issuesOf(document(11, '  quotas: { authorizersPerApi: 0 }\n')).map((issue) => issue.code);
    expect(codes.sort()).toEqual(['rules.authorizer-quota', 'schema.range']);
  });
});
