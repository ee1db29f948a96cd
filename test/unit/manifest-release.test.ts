/** A checked document lets go of its yaml tree; its positions are then read from the text parsed again. */
import { describe, expect, it } from 'vitest';
import { locateKey, locateValue, parseManifestSource, releaseTree } from '../../src/manifest/parse.js';

const text = `# a comment\n---\n---\napiVersion: gatewarden/v1\nspec:\n  api: {type: http, id: abc}\n---\nkind: AuthorizerSet\nspec:\n  authorizers:\n    - name: a\n    - { name: b }\n`;

describe('releaseTree', () => {
  it('drops the tree and gives the same positions afterwards, for each document of a file', () => {
    const { documents } = parseManifestSource({ file: 'm.yaml', text });
    const [first, second] = documents;
    if (!first || !second) throw new Error('expected two documents');
    const before = [locateValue(first, ['spec', 'api', 'id']), locateKey(second, ['spec', 'authorizers', 1, 'name'])];
    const trees = [first.doc, second.doc];
    for (const document of documents) releaseTree(document);
    expect(first.doc).not.toBe(trees[0]);
    expect(second.doc).not.toBe(trees[1]);
    expect([locateValue(first, ['spec', 'api', 'id']), locateKey(second, ['spec', 'authorizers', 1, 'name'])]).toEqual(before);
    expect(before).toEqual([
      { file: 'm.yaml', line: 6, col: 25 },
      { file: 'm.yaml', line: 12, col: 9 },
    ]);
  });
});
