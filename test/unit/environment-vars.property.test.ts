/** Property: `${vars.NAME}` resolves in every string value, at any depth, and nowhere else. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseManifestSource } from '../../src/manifest/parse.js';
import { substituteVariables } from '../../src/manifest/vars.js';

const VALUE = 'arn:aws:lambda:eu-west-1:123456789012:function:authz:live';
/**
 * Pieces of string values with what each resolves to. No piece ends in `$` or starts with `{`, so
 * joining them never forms a new reference: the expected value is the join of the resolved pieces.
 */
const PIECES: readonly (readonly [written: string, resolved: string])[] = [
  ['plain', 'plain'],
  ['${vars.fn}', VALUE],
  ['${{', '${'],
  ['$request.header.Authorization', '$request.header.Authorization'],
  ['${request.path.id}', '${request.path.id}'],
  ['$context.authorizer.x', '$context.authorizer.x'],
  ['${stageVariables.s}', '${stageVariables.s}'],
];

interface Pair {
  readonly written: unknown;
  readonly resolved: unknown;
}

const stringValue: fc.Arbitrary<Pair> = fc
  .array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 5 })
  .map((pieces) => ({ written: pieces.map(([written]) => written).join(''), resolved: pieces.map(([, resolved]) => resolved).join('') }));
const scalar: fc.Arbitrary<Pair> = fc.oneof(
  stringValue,
  fc.integer().map((value) => ({ written: value, resolved: value })),
  fc.boolean().map((value) => ({ written: value, resolved: value })),
);
// Keys that look like references stay as written: field names are not values.
const key = fc.constantFrom('name', 'authorizerUri', '${vars.fn}', 'identitySource', 'x');

const tree = fc.letrec<{ node: Pair }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('node'), { maxLength: 4 }).map((items) => ({ written: items.map((item) => item.written), resolved: items.map((item) => item.resolved) })),
    fc.uniqueArray(fc.tuple(key, tie('node')), { maxLength: 4, selector: ([name]) => name }).map((entries) => ({
      written: Object.fromEntries(entries.map(([name, item]) => [name, item.written])),
      resolved: Object.fromEntries(entries.map(([name, item]) => [name, item.resolved])),
    })),
  ),
})).node;

describe('${vars.NAME} substitution, as a property', () => {
  it('resolves every string value at any depth, and touches no key, number or boolean', () => {
    fc.assert(
      fc.property(tree, ({ written, resolved }) => {
        const [document] = parseManifestSource({ file: 'm.yaml', text: stringify({ spec: written }) }).documents;
        expect(document).toBeDefined();
        const result = substituteVariables(document!, { file: 'env.yaml', vars: { fn: VALUE } });
        expect(result.issues).toEqual([]);
        expect(result.document.value).toEqual({ spec: resolved });
      }),
      { numRuns: 200 },
    );
  });
});
