import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, assertBuilt, describeRun, spawnCli } from './support.js';

/** Every command module under src/commands, as oclif names it: `github/plan-comment.ts` → `github:plan-comment`. */
async function sourceCommandIds(): Promise<string[]> {
  const root = path.join(REPO_ROOT, 'src', 'commands');
  const entries = await readdir(root, { recursive: true });
  return entries
    .filter((entry) => entry.endsWith('.ts'))
    .map((entry) => entry.replace(/\.ts$/, '').split(path.sep).join(':'))
    .sort();
}

describe('oclif manifest (start-up without importing the commands)', () => {
  beforeAll(assertBuilt);

  it('is written by the build with every command, so --help never has to import a command module', async () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'oclif.manifest.json'), 'utf8')) as {
      version: string;
      commands: Record<string, { flags: Record<string, unknown>; relativePath?: string[] }>;
    };
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(manifest.version).toBe(pkg.version);
    expect(Object.keys(manifest.commands).sort()).toEqual(await sourceCommandIds());
    // relativePath lets oclif load only the one command that runs, straight from the manifest.
    expect(manifest.commands.validate?.relativePath).toEqual(['dist', 'commands', 'validate.js']);
  });
});

/**
 * Loaded into the CLI with --import: at exit, lists every CommonJS module the process loaded (the
 * AWS SDK, ajv's runtime and the precompiled validator are CommonJS; require.cache is process-wide).
 */
const traceModules = `data:text/javascript,${encodeURIComponent(
  "import { createRequire } from 'node:module'; process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(Object.keys(createRequire('/').cache)) + '\\n'));",
)}`;

describe('what validate loads', () => {
  beforeAll(assertBuilt);

  it('never the AWS SDK nor ajv\'s compiler, and the schema precompiled by the build rather than compiled', async () => {
    // A process of its own: what a start-up loads is only seen in a fresh one.
    const result = await spawnCli(['validate', 'test/fixtures/manifests/valid'], { env: { NODE_OPTIONS: `--import=${traceModules}` } });
    expect(result.code, describeRun(result)).toBe(0);
    const line = result.stderr.split('\n').find((text) => text.startsWith('LOADED '));
    const loaded = JSON.parse(line?.slice('LOADED '.length) ?? '[]') as string[];
    expect(loaded.some((file) => file.includes(`${path.sep}ajv${path.sep}`)), 'the trace sees CommonJS modules').toBe(true);
    expect(loaded.filter((file) => file.includes(`${path.sep}@aws-sdk${path.sep}`))).toEqual([]);
    expect(loaded).toContain(path.join(REPO_ROOT, 'dist', 'manifest', 'manifest-validator.cjs'));
    // The precompiled code needs only ajv's small runtime helpers, never its compiler.
    expect(loaded.filter((file) => file.includes(`${path.sep}ajv${path.sep}`) && !file.includes(`${path.sep}runtime${path.sep}`))).toEqual([]);
  });
});
