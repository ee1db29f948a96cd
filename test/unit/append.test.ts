/** adopt's file edit: new authorizers appear at the end of the list, and nothing else in the file moves. */
import { describe, expect, it } from 'vitest';
import { appendAuthorizers } from '../../src/manifest/append.js';

const added = [{ name: 'new', authorizerType: 'JWT', identitySource: ['$request.header.A'] }];

describe('appendAuthorizers', () => {
  it('appends to a block list at its dash column, keeping comments, quoting and the trailing comment', () => {
    const text = [
      '# yaml-language-server: $schema=../schemas/gatewarden.schema.json',
      'apiVersion: gatewarden/v1   # odd spacing stays',
      'kind: AuthorizerSet',
      'spec:',
      '  api: { type: http, id: abc }',
      '  authorizers:',
      "  - name: 'old'  # quoted",
      '    authorizerType: JWT',
      '  # the end of the list',
      '  region: eu-west-1',
      '',
    ].join('\n');
    const result = appendAuthorizers(text, { file: 'a.yaml', line: 2, col: 1 }, added);
    expect(result).toBe(
      [
        ...text.split('\n').slice(0, 8),
        '  - name: new',
        '    authorizerType: JWT',
        '    identitySource:',
        '      - $request.header.A',
        ...text.split('\n').slice(8),
      ].join('\n'),
    );
  });

  it('turns an empty flow list into a block list below its key, the comment staying on the key\'s line', () => {
    const text = 'spec:\n  api: { type: http, id: abc }\n  authorizers: []   # none yet\n  region: eu-west-1\n';
    expect(appendAuthorizers(text, { file: 'a.yaml', line: 1, col: 1 }, added)).toBe(
      'spec:\n  api: { type: http, id: abc }\n  authorizers:   # none yet\n    - name: new\n      authorizerType: JWT\n      identitySource:\n        - $request.header.A\n  region: eu-west-1\n',
    );
  });

  it('joins a non-empty flow list in a block spec, so that its items and the comments among them stay as written', () => {
    const text = 'spec:\n  authorizers: [\n    # the main one\n    {name: old, authorizerType: JWT},\n  ]\n  region: eu-west-1\n';
    expect(appendAuthorizers(text, { file: 'a.yaml', line: 1, col: 1 }, [{ name: 'b' }])).toBe(
      'spec:\n  authorizers: [\n    # the main one\n    {name: old, authorizerType: JWT}, { name: b },\n  ]\n  region: eu-west-1\n',
    );
  });

  it('edits only the document that starts at the given position', () => {
    const first = 'spec:\n  authorizers:\n    - name: a\n';
    const second = 'spec:\n  authorizers:\n    - name: b\n';
    const result = appendAuthorizers(`${first}---\n${second}`, { file: 'a.yaml', line: 5, col: 1 }, [{ name: 'c' }]);
    expect(result).toBe(`${first}---\n${second}    - name: c\n`);
  });

  it('adds a newline when the file does not end with one', () => {
    expect(appendAuthorizers('spec:\n  authorizers:\n    - name: a', { file: 'a.yaml', line: 1, col: 1 }, [{ name: 'b' }])).toBe(
      'spec:\n  authorizers:\n    - name: a\n    - name: b\n',
    );
  });
});

describe('appendAuthorizers in flow style', () => {
  it('joins a flow list inside a flow spec, keeping the flow style the file was written in', () => {
    const text = 'spec: { api: { type: http, id: abc }, authorizers: [ { name: old } ] }  # flow\n';
    const result = appendAuthorizers(text, { file: 'a.yaml', line: 1, col: 1 }, added);
    expect(result).toBe('spec: { api: { type: http, id: abc }, authorizers: [ { name: old }, { name: new, authorizerType: JWT, identitySource: [ $request.header.A ] } ] }  # flow\n');
  });

  it('keeps a trailing comma and a comment before the closing bracket after the new items', () => {
    const text = 'spec: {\n  authorizers: [\n    { name: a },\n  ],\n}\n---\nspec: { authorizers: [ { name: a } # note\n  ] }\n';
    const trailing = appendAuthorizers(text, { file: 'a.yaml', line: 1, col: 1 }, [{ name: 'b' }]);
    expect(trailing).toBe('spec: {\n  authorizers: [\n    { name: a }, { name: b },\n  ],\n}\n---\nspec: { authorizers: [ { name: a } # note\n  ] }\n');
    const commented = appendAuthorizers(text, { file: 'a.yaml', line: 7, col: 1 }, [{ name: 'b' }]);
    expect(commented).toBe('spec: {\n  authorizers: [\n    { name: a },\n  ],\n}\n---\nspec: { authorizers: [ { name: a }, { name: b } # note\n  ] }\n');
  });

  it('fills an empty flow list inside a flow spec', () => {
    const text = '{ apiVersion: gatewarden/v1, spec: { authorizers: [] } }\n';
    expect(appendAuthorizers(text, { file: 'a.yaml', line: 1, col: 1 }, [{ name: 'b' }])).toBe('{ apiVersion: gatewarden/v1, spec: { authorizers: [{ name: b }] } }\n');
  });
});
