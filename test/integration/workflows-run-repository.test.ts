/**
 * This repository's .github/workflows/{plan,apply,drift}.yml as they run, for staging only: they equal
 * examples/github/ but for `uses:` (test/unit/workflows.test.ts), which workflows-run.test.ts runs in
 * full.
 */
import { describeFolderWorkflows } from './workflows-scenarios.js';

describeFolderWorkflows('.github/workflows', ['staging']);
