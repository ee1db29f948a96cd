import { defineConfig } from 'vitest/config';
import SummaryLineReporter from './test/summary-reporter.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup-env.ts'],
    reporters: ['default', new SummaryLineReporter()],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
