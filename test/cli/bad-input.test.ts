/**
 * The bad-input corpus: every kind of hostile or broken manifest input, given to the built CLI's
 * `plan` with an emulator's URL, must give a located issue with a documented code, exit 3, no stack
 * trace and no AWS call. The hostile inputs (those that could hang a run, exhaust its memory or
 * block on a special file) run as their own process, which must end well within the kill timeout (a
 * hang or a runaway parse is killed and fails the case) with a heap of 200 MB (a run needing more
 * dies and fails it); the others run in this process. One table; each row builds its input in a
 * fresh directory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { ManifestIssueCode } from '../../src/manifest/index.js';
import { assertBuilt, BIN, describeRun, hasStackTrace, ORDERS_IN_SYNC_MANIFEST, parseJsonStdout, runCli, spawnCli, startFake, tempDir, type Fake } from './support.js';

assertBuilt();

const NOBODY = { uid: 65534, gid: 65534 };
const ROOT = process.getuid?.() === 0;
/**
 * Whether nobody can run the CLI from this checkout at all: a clone inside a private directory (as
 * `mktemp -d` makes) cannot be reached, and the case would fail for that reason instead of its own.
 */
const NOBODY_REACHES_CLI =
  ROOT && spawnSync(process.execPath, ['-e', `require('node:fs').accessSync(${JSON.stringify(BIN)}, require('node:fs').constants.R_OK)`], NOBODY).status === 0;

interface BadInput {
  readonly name: string;
  /** Creates the input below `dir` and returns the path given to plan (relative to `dir`). */
  readonly make: (dir: string) => Promise<string>;
  /** The issue expected first: its code and where it points (file relative to `dir`). */
  readonly code: ManifestIssueCode;
  readonly at: string;
  /** Run as an unprivileged user: root reads files whatever their mode. */
  readonly unprivileged?: boolean;
  /** Hostile: run as a process of its own under the time and heap bound. */
  readonly bounded?: boolean;
}

const write = (name: string, content: string | Buffer) => async (dir: string) => {
  await writeFile(path.join(dir, name), content);
  return name;
};

const VALID = ORDERS_IN_SYNC_MANIFEST;
const aliasBomb = [
  'l0: &l0 [x, x, x, x, x, x, x, x, x, x]',
  ...Array.from({ length: 9 }, (_, level) => `l${level + 1}: &l${level + 1} [${Array(10).fill(`*l${level}`).join(', ')}]`),
].join('\n');
const elevenAuthorizers = VALID.replace(
  '  authorizers:\n',
  `  authorizers:\n${Array.from({ length: 10 }, (_, index) => `    - { name: extra-${index}, authorizerType: JWT, identitySource: ["$request.header.X"], jwtConfiguration: { issuer: "https://issuer.example.com", audience: [a] } }\n`).join('')}`,
);

const nineThousand = `apiVersion: gatewarden/v1\nkind: AuthorizerSet\nspec:\n  api: { type: http, id: abc123 }\n  authorizers:\n${Array.from({ length: 8_000 }, (_, index) => `    - {name: a${index},authorizerType: JWT,identitySource: [$request.header.A],jwtConfiguration: {issuer: https://i.io,audience: [a]}}\n`).join('')}`;

const CASES: readonly BadInput[] = [
  { name: 'a YAML syntax error', make: write('m.yaml', 'spec: [unclosed\n'), code: 'yaml.syntax', at: 'm.yaml:2:1' },
  { name: 'tab indentation', make: write('m.yaml', 'spec:\n\tapi: {}\n'), code: 'yaml.syntax', at: 'm.yaml:2:1' },
  { name: 'a duplicate key', make: write('m.yaml', VALID.replace('kind: AuthorizerSet\n', 'kind: AuthorizerSet\nkind: AuthorizerSet\n')), code: 'yaml.duplicate-key', at: 'm.yaml:3:1' },
  { name: 'a wrong type', make: write('m.yaml', VALID.replace('    name: orders\n', '    name: [orders]\n')), code: 'schema.type', at: 'm.yaml:7:11' },
  { name: 'an unknown field', make: write('m.yaml', VALID.replace('kind: AuthorizerSet\n', 'kind: AuthorizerSet\nkinds: x\n')), code: 'schema.unknown-field', at: 'm.yaml:3:1' },
  { name: 'an alias bomb', make: write('m.yaml', aliasBomb), code: 'yaml.alias-limit', at: 'm.yaml:1:1', bounded: true },
  { name: 'deep flow nesting', make: write('m.yaml', `spec: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`), code: 'yaml.too-deep', at: 'm.yaml:1:71', bounded: true },
  { name: 'deep block nesting', make: write('m.yaml', `spec:\n${Array.from({ length: 1000 }, (_, level) => `${' '.repeat(level + 1)}a:\n`).join('')}`), code: 'yaml.too-deep', at: 'm.yaml:258:258', bounded: true },
  { name: 'a huge file (50 MiB)', make: write('m.yaml', Buffer.alloc(50 * 1024 * 1024, '# filler\n')), code: 'load.too-large', at: 'm.yaml:1:1', bounded: true },
  { name: 'a binary file', make: write('m.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00])), code: 'load.invalid-utf8', at: 'm.yaml:1:1' },
  { name: 'invalid UTF-8', make: write('m.yaml', Buffer.concat([Buffer.from(VALID.slice(0, VALID.indexOf('jwt-main') + 4)), Buffer.from([0xff, 0xfe]), Buffer.from(VALID.slice(VALID.indexOf('jwt-main') + 4))])), code: 'load.invalid-utf8', at: 'm.yaml:9:17' },
  { name: 'a BOM, which does not shift columns', make: write('m.yaml', `\uFEFF${VALID.replace('gatewarden/v1', 'gatewarden/v0')}`), code: 'schema.value', at: 'm.yaml:1:13' },
  { name: 'an empty file', make: write('m.yaml', ''), code: 'load.empty-file', at: 'm.yaml:1:1' },
  { name: 'a comment-only file', make: write('m.yaml', '# nothing here\n---\n# nor here\n'), code: 'load.empty-file', at: 'm.yaml:1:1' },
  {
    name: 'a directory without manifests',
    make: async (dir) => {
      await mkdir(path.join(dir, 'manifests'));
      await writeFile(path.join(dir, 'manifests', 'README.md'), '# not a manifest\n');
      return 'manifests';
    },
    code: 'load.no-manifests',
    at: 'manifests:1:1',
  },
  { name: 'a missing path', make: () => Promise.resolve('missing.yaml'), code: 'load.not-found', at: 'missing.yaml:1:1' },
  {
    name: 'an unreadable file',
    make: async (dir) => {
      await writeFile(path.join(dir, 'm.yaml'), VALID);
      await chmod(path.join(dir, 'm.yaml'), 0o000);
      return 'm.yaml';
    },
    code: 'load.unreadable',
    at: 'm.yaml:1:1',
    unprivileged: true,
  },
  {
    name: 'a symlink loop',
    make: async (dir) => {
      await symlink('b.yaml', path.join(dir, 'a.yaml'));
      await symlink('a.yaml', path.join(dir, 'b.yaml'));
      return 'a.yaml';
    },
    code: 'load.unreadable',
    at: 'a.yaml:1:1',
  },
  {
    name: 'a FIFO, which is not opened (opening it would block)',
    make: (dir) => {
      execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
      return Promise.resolve('pipe.yaml');
    },
    code: 'load.not-a-file',
    at: 'pipe.yaml:1:1',
    bounded: true,
  },
  { name: 'a device', make: () => Promise.resolve('/dev/zero'), code: 'load.not-a-file', at: '/dev/zero:1:1', bounded: true },
  { name: 'a JSON syntax error', make: write('m.json', '{"apiVersion": "gatewarden/v1",, "kind": "AuthorizerSet"}\n'), code: 'yaml.syntax', at: 'm.json:1:32' },
  { name: 'a multi-document file with one bad document', make: write('m.yaml', `${VALID}---\n${VALID.replace('name: orders', 'name: chat').replace('type: http', 'type: grpc')}`), code: 'schema.value', at: 'm.yaml:21:11' },
  { name: 'a future apiVersion', make: write('m.yaml', VALID.replace('gatewarden/v1', 'gatewarden/v2')), code: 'schema.value', at: 'm.yaml:1:13' },
  { name: 'more authorizers than the quota', make: write('m.yaml', elevenAuthorizers), code: 'rules.authorizer-quota', at: 'm.yaml:19:7' },
  // 10,000 valid JWT authorizers take more than 1 MiB (refused as too large); 8,000 fit: one issue, no plan.
  { name: '8,000 authorizers', make: write('m.yaml', nineThousand), code: 'rules.authorizer-quota', at: 'm.yaml:16:7', bounded: true },
];

interface ErrorJson {
  readonly error: { readonly code: string; readonly exitCode: number; readonly issues: readonly { file: string; line: number; col: number; code: string }[] };
}

describe('bad manifest input', () => {
  let fake: Fake;
  beforeAll(async () => {
    fake = await startFake();
  });
  afterAll(() => fake.close());

  for (const input of CASES) {
    const unprivileged = input.unprivileged === true && ROOT;
    if (unprivileged && !NOBODY_REACHES_CLI) {
      it.skip(`${input.name}: needs a run as nobody (root reads any file), and nobody cannot reach ${BIN}; clone into a directory others can enter`);
      continue;
    }
    const spawned = unprivileged || input.bounded === true;
    // Concurrent: the spawned cases are short-lived processes (the in-process runs take turns), and every case must leave the call count at zero.
    it.concurrent(`${input.name}${unprivileged ? ' (run as nobody, since root reads any file)' : ''}`, async ({ expect }) => {
      const dir = await tempDir();
      try {
        // The unprivileged user must reach the directory; mkdtemp makes it private.
        if (unprivileged) await chmod(dir.path, 0o755);
        const given = await input.make(dir.path);
        const args = ['plan', given, '--endpoint-url', fake.url, '--json'];
        const run = spawned
          ? await spawnCli(args, {
              cwd: dir.path,
              timeoutMs: 10_000,
              // The memory bound: a run that needs more heap than this dies, and the case fails.
              env: { NODE_OPTIONS: '--max-old-space-size=200', ...(unprivileged ? { HOME: dir.path } : {}) },
              ...(unprivileged ? { user: NOBODY } : {}),
            })
          : await runCli(args, { cwd: dir.path });

        expect(run.code, describeRun(run)).toBe(3);
        // The located message for people (stderr), the issues for programs (stdout).
        expect(run.stderr).toContain(`${input.at}: `);
        expect(hasStackTrace(run.stdout + run.stderr)).toBe(false);
        const { error } = parseJsonStdout<ErrorJson>(run);
        expect(error.code).toBe('MANIFEST_INVALID');
        const first = error.issues[0];
        expect(first && [first.code, `${first.file}:${first.line}:${first.col}`]).toEqual([input.code, input.at]);
        expect(fake.store.calls).toEqual([]);
      } finally {
        await dir.remove();
      }
    });
  }
});
