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
    // Two workers per core. vitest's default (one core fewer than the machine has) ran the files
    // one after another on 2 cores; and most files spend their time waiting, on the processes they
    // start, on sockets or on paced sleeps, not computing. Measured on 2 cores, test/cli and
    // test/integration together: 91 s with 2 workers, 71 s with 4.
    maxWorkers: availableParallelism() * 2,
  },
});
