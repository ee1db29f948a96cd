/** Hostile bytes in manifest files: each is a located issue, found before (or instead of) parsing. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkManifests, loadManifests } from '../../src/manifest/index.js';
import { firstInvalidUtf8, MAX_MANIFEST_BYTES } from '../../src/manifest/read-file.js';

describe('firstInvalidUtf8', () => {
  const cases: [string, number[], number | undefined][] = [
    ['ASCII', [0x61, 0x62], undefined],
    ['two-, three- and four-byte characters', [0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80], undefined],
    ['a stray continuation byte', [0x61, 0x80], 1],
    ['an overlong two-byte form', [0xc0, 0xaf], 0],
    ['an overlong three-byte form', [0xe0, 0x80, 0xaf], 0],
    ['a UTF-16 surrogate', [0x61, 0xed, 0xa0, 0x80], 1],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a sequence cut short at the end', [0x61, 0x62, 0xe2, 0x82], 2],
    ['0xFF', [0xff], 0],
  ];
  it.each(cases)('%s', (_name, bytes, expected) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(expected);
    // Node's own validator agrees on validity.
    expect(Buffer.from(bytes).toString('utf8').includes('\uFFFD')).toBe(expected !== undefined);
  });
});

describe('reading manifest files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gatewarden-limits-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('locates invalid UTF-8 by line and column, counting characters before it', async () => {
    const file = path.join(dir, 'utf8.yaml');
    await writeFile(file, Buffer.concat([Buffer.from('a: 1\nname: "é'), Buffer.from([0xff]), Buffer.from('"\n')]));
    const { issues } = await loadManifests([file]);
    expect(issues).toEqual([{ file, line: 2, col: 9, code: 'load.invalid-utf8', message: 'invalid UTF-8' }]);
  });

  it('refuses a file over 1 MiB by its size, before parsing it', async () => {
    const file = path.join(dir, 'huge.yaml');
    await writeFile(file, `# ${'x'.repeat(MAX_MANIFEST_BYTES)}\n`);
    const { issues } = await loadManifests([file]);
    expect(issues.map((issue) => [issue.code, issue.line, issue.col])).toEqual([['load.too-large', 1, 1]]);
    expect(issues[0]?.message).toContain(`${MAX_MANIFEST_BYTES + 3} bytes`);
  });

  it('drops a byte-order mark, so that columns stay those an editor shows', async () => {
    const file = path.join(dir, 'bom.yaml');
    await writeFile(file, '\uFEFFapiVersion: gatewarden/v2\n');
    const { issues } = await loadManifests([file]);
    expect(issues.find((issue) => issue.code === 'schema.value')).toMatchObject({ line: 1, col: 13 });
  });
});

describe('YAML that would exhaust memory or the stack', () => {
  const check = (text: string) => checkManifests([{ file: 'm.yaml', text }]).issues.map((issue) => [issue.code, issue.line, issue.col]);

  it('bounds flow nesting before parsing', () => {
    expect(check(`spec: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`)).toEqual([['yaml.too-deep', 1, 71]]);
  });

  it('bounds block nesting exactly at 64 levels', () => {
    const nested = (levels: number) => `spec:\n${Array.from({ length: levels }, (_, level) => `${' '.repeat(level + 1)}a:\n`).join('')}`;
    expect(check(nested(63)).map(([code]) => code)).not.toContain('yaml.too-deep');
    expect(check(nested(64))).toEqual([['yaml.too-deep', 65, 65]]);
  });

  it('refuses aliases that expand beyond the bound', () => {
    const levels = Array.from({ length: 8 }, (_, level) => `l${level + 1}: &l${level + 1} [${Array(10).fill(`*l${level}`).join(', ')}]`);
    expect(check(['l0: &l0 [x, x, x, x, x, x, x, x, x, x]', ...levels].join('\n'))).toEqual([['yaml.alias-limit', 1, 1]]);
  });
});
