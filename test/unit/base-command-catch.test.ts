/**
 * The last resort of every command: an error that is none of ours (a bug) still honours --json with
 * the documented error object, and never prints a stack without DEBUG. Driven through a real command
 * instance and oclif's real configuration; no gatewarden error path reaches it on purpose.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Config } from '@oclif/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import Validate from '../../src/commands/validate.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('BaseCommand.catch for an error that is not a gatewarden error', () => {
  let config: Config;
  const written = { stdout: '', stderr: '' };
  // oclif prints JSON with console.log, gatewarden its messages with process.stderr.write.
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write, log: console.log };
  const exitCodeBefore = process.exitCode;

  beforeAll(async () => {
    config = await Config.load(ROOT);
  });
  afterEach(() => {
    restore();
    process.exitCode = exitCodeBefore;
    written.stdout = written.stderr = '';
  });

  function restore(): void {
    process.stdout.write = originals.stdout;
    process.stderr.write = originals.stderr;
    console.log = originals.log;
  }

  /** Runs the command's catch with stdout and stderr collected instead of printed. */
  async function catchAs(argv: string[], error: Error): Promise<void> {
    const command = new Validate(argv, config);
    process.stdout.write = ((chunk: string) => ((written.stdout += chunk), true)) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => ((written.stderr += chunk), true)) as typeof process.stderr.write;
    console.log = (text: string) => (written.stdout += `${text}\n`);
    try {
      await (command as unknown as { catch(error: Error): Promise<unknown> }).catch(error);
    } finally {
      restore();
    }
  }

  it('with --json prints the BUG error object on stdout and exits 1', async () => {
    await catchAs(['manifests', '--json'], new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(process.exitCode).toBe(1);
    expect(JSON.parse(written.stdout)).toEqual({
      error: {
        code: 'BUG',
        message: "internal error: Cannot read properties of undefined (reading 'x')",
        exitCode: 1,
        hint: 'This is a bug in gatewarden; run with DEBUG=gatewarden to see the stack.',
      },
    });
  });

  it('without --json says so on stderr, without a stack', async () => {
    await catchAs(['manifests'], new TypeError('boom'));
    expect(process.exitCode).toBe(1);
    expect(written.stdout).toBe('');
    expect(written.stderr).toBe('Error: internal error: boom\n  This is a bug in gatewarden; run with DEBUG=gatewarden to see the stack.\n');
  });
});
