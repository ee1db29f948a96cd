import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import SummaryLineReporter from './test/summary-reporter.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup-env.ts'],
    reporters: ['default', new SummaryLineReporter()],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Child processes, not threads: the CLI tests run the CLI in the worker, and it changes the
    // working directory, which a worker thread may not.
    pool: 'forks',
    // One worker per core. vitest's default leaves one core to itself, which on a 2-core machine
    // runs the files one after another; its own share is small, and most files wait on sockets or
    // on the processes they start.
    maxWorkers: availableParallelism(),
  },
});
