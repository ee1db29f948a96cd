/**
 * The workflows as they run: each job of examples/github/{plan,apply,drift}.yml runs step by step
 * (./workflow-runner.ts) in a temporary repository holding only manifests, with this repository's
 * action.yml and its committed bundle, the emulator as AWS and the fake GitHub API
 * (./workflows-scenarios.ts). ci.yml is left out: it runs this test suite itself. This repository's
 * copies in .github/workflows equal the examples but for `uses:` (test/unit/workflows.test.ts): they
 * run for staging only, in workflows-run-repository.test.ts; examples/github/environments/ runs in
 * workflows-run-environments.test.ts. Three files, so that they run side by side.
 */
import { describeFolderWorkflows } from './workflows-scenarios.js';

describeFolderWorkflows('examples/github', ['staging', 'production']);
