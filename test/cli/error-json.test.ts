/**
 * Golden files for the `{"error": {...}}` object the CLI prints on stdout with --json: a usage error,
 * a user error, an invalid manifest and an AWS refusal, each from the built CLI (run in-process). Each
 * folder under test/golden/error-json/ holds case.json (the arguments, `{endpoint}` standing for the
 * emulator's URL, and an optional failure to inject), the files the CLI runs on (files/, copied to a
 * temporary working directory) and error.json. Temporary paths and the emulator's URL are normalised.
 * UPDATE_GOLDEN=1 npx vitest run test/cli/error-json.test.ts rewrites the expected files.
 */
import { cp } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FailureInjection } from '../../src/emulator/index.js';
import { expectGolden, goldenCases, goldenJson, readGoldenJson } from '../unit/golden.js';
import { assertBuilt, describeRun, hasStackTrace, parseJsonStdout, runCli, startFake, tempDir, type Fake } from './support.js';

assertBuilt();

interface ErrorCase {
  readonly args: readonly string[];
  readonly failure?: FailureInjection;
}

let fake: Fake;
beforeAll(async () => {
  fake = await startFake();
});
afterAll(() => fake.close());

describe('error JSON golden files', () => {
  for (const { name, folder } of goldenCases('error-json')) {
    it(name, async () => {
      const testCase = readGoldenJson<ErrorCase>(folder, 'case.json');
      const dir = await tempDir();
      try {
        const files = path.join(folder, 'files');
        if (existsSync(files)) await cp(files, dir.path, { recursive: true });
        fake.store.clearFailures();
        if (testCase.failure) fake.store.injectFailure(testCase.failure);
        const result = await runCli(
          testCase.args.map((arg) => arg.replaceAll('{endpoint}', fake.url)),
          { cwd: dir.path },
        );
        const json = parseJsonStdout<{ error: { exitCode: number } }>(result);
        expect(Object.keys(json)).toEqual(['error']);
        expect(result.code, describeRun(result)).toBe(json.error.exitCode);
        expect(hasStackTrace(result.stdout + result.stderr)).toBe(false);
        const normalised = goldenJson(json).replaceAll(dir.path, '<tmp>').replaceAll(fake.url, '<endpoint>');
        expectGolden(path.join(folder, 'error.json'), normalised);
      } finally {
        await dir.remove();
      }
    });
  }
});
