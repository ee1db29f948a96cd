/** What the manifest tests share: fixtures, constants, a one-file check and an exact issue matcher. */
import { expect } from 'vitest';
import { checkManifests, formatIssue, type LoadOptions, type ManifestIssue } from '../../src/manifest/index.js';

export const fixtures = 'test/fixtures/manifests';
export const lambdaUri =
  'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:authz/invocations';
export const roleArn = 'arn:aws:iam::123456789012:role/invoke';
export const poolArn = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc';

export function check(text: string, options: LoadOptions = {}): ManifestIssue[] {
  return checkManifests([{ file: 'm.yaml', text }], options).issues;
}

/** A document for an API of `apiType`; the first authorizer's `- name:` is on line 6, its keys at column 7. */
export function manifest(apiType: string, authorizers: string): string {
  return `apiVersion: gatewarden/v1
kind: AuthorizerSet
spec:
  api: {type: ${apiType}, id: abc123}
  authorizers:
${authorizers}`;
}

/** An expected issue: `line:col` and fragments its message must contain. */
export type Expected = readonly [location: string, ...fragments: string[]];

/**
 * Asserts the issues are exactly these, one per real problem (so ajv's echoes would fail the test),
 * each at the given place and saying the given things.
 */
export function expectIssues(issues: readonly ManifestIssue[], expected: readonly Expected[]): void {
  const shown = issues.map(formatIssue).join('\n');
  for (const [location, ...fragments] of expected) {
    const match = issues
      .map(formatIssue)
      .find((issue) => issue.startsWith(`m.yaml:${location}: `) && fragments.every((fragment) => issue.includes(fragment)));
    expect(match, `expected an issue at ${location} saying ${fragments.join(' … ')}; got:\n${shown}`).toBeDefined();
  }
  expect(issues.length, `expected ${expected.length} issue(s); got:\n${shown}`).toBe(expected.length);
}
