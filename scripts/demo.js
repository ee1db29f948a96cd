#!/usr/bin/env node
// The quick-start demo: start the embedded emulator on a free loopback port, seed it with sample
// APIs, then run plan, apply and plan again with the real CLI against it, and plan the prune example. `npm run demo:export`
// (this script with "export") instead exports the sample APIs and plans the export: no changes.
// Needs `npm run build` (npm ci runs it).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { runEmulator } = await import(join(root, 'dist/services/emulator.js'));

const { emulator } = await runEmulator({
  port: 0,
  host: '127.0.0.1',
  seedFiles: [join(root, 'examples/emulator-seed.yaml')],
  throttle: true,
});

const env = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'demo',
  AWS_SECRET_ACCESS_KEY: 'demo',
  AWS_REGION: 'eu-west-1',
  AWS_ENDPOINT_URL: emulator.url,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
const manifests = join('examples', 'manifests');
const exportMode = process.argv[2] === 'export';
const exported = exportMode ? mkdtempSync(join(tmpdir(), 'gatewarden-export-')) : undefined;
const steps = exported
  ? [
      ['export', '--out', exported],
      ['plan', exported, '--detailed-exitcode'],
    ]
  : [
      // With the environment examples/environments/demo.yaml: the account guard asks the emulator's STS first.
      ['plan', manifests, '--env', 'demo'],
      ['apply', manifests, '--auto-approve'],
      ['plan', manifests, '--detailed-exitcode'],
      // spec.prune: one undeclared authorizer to destroy, one kept because a method uses it (not applied).
      ['plan', join('examples', 'prune')],
    ];

let failed = false;
try {
  console.log(`Emulator listening on ${emulator.url}, seeded from examples/emulator-seed.yaml\n`);
  for (const args of steps) {
    console.log(`$ gatewarden ${args.join(' ')}`);
    // Asynchronous: the emulator serves from this same process while the CLI runs.
    const child = spawn(process.execPath, [join(root, 'bin/run.js'), ...args], { cwd: root, env, stdio: 'inherit' });
    const [status] = await once(child, 'exit');
    console.log(`(exit code ${status})\n`);
    if (status !== 0) {
      failed = true;
      break;
    }
  }
} finally {
  await emulator.close();
  if (exported) rmSync(exported, { recursive: true, force: true });
}
const done = exportMode
  ? 'the plan of the exported manifests shows no changes and nothing unmanaged'
  : 'the second plan shows no changes, and the prune example plans one deletion (not applied)';
console.log(failed ? 'Demo failed.' : `Demo complete: ${done}.`);
process.exitCode = failed ? 1 : 0;
