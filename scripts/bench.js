#!/usr/bin/env node
// Fleet-scale benchmark: plan and apply many APIs against the embedded emulator and report time,
// AWS calls and memory. Usage: npm run bench -- [apis=200] [authorizersPerApi=10]
// Needs `npm run build`. The emulator's throttle is off so that gatewarden's own cost is measured;
// the projected time under AWS's account quota (10 requests/s, burst 40) is printed beside it.
// Then the start-up, validate and memory figures of the CLI as a child process (bench-startup.js).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchPlanMemory, benchStartup } from './bench-startup.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const load = (path) => import(join(root, 'dist', path));
const { EmulatorStore, startEmulator } = await load('emulator/index.js');
const { AwsClients } = await load('aws/clients.js');
const { sdkAccess } = await load('aws/access.js');
const { planFromManifests } = await load('services/plan.js');
const { applyPlan } = await load('services/apply.js');
const { silentOutput } = await load('services/output.js');

Object.assign(process.env, {
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});

const apiCount = Number(process.argv[2] ?? 200);
const perApi = Number(process.argv[3] ?? 10);
const region = 'eu-west-1';
const uri = (n) =>
  `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${region}:123456789012:function:f${n}/invocations`;

function seed() {
  const apis = [];
  for (let i = 0; i < apiCount; i++) {
    const rest = i % 2 === 1;
    const authorizers = [];
    // Half of each API's authorizers exist already (half of those with a different TTL), half are new.
    for (let j = 0; j < perApi / 2; j++) {
      authorizers.push(
        rest
          ? { name: `a${j}`, type: 'TOKEN', authorizerUri: uri(j), identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: j % 2 ? 60 : 300 }
          : { name: `a${j}`, authorizerType: 'REQUEST', authorizerUri: uri(j), authorizerPayloadFormatVersion: '2.0', identitySource: ['$request.header.Authorization'], authorizerResultTtlInSeconds: j % 2 ? 60 : 300 },
      );
    }
    apis.push({ type: rest ? 'rest' : 'http', region, name: `api-${i}`, stages: [{ name: 'prod' }], authorizers });
  }
  return { apis };
}

function manifest(i) {
  const rest = i % 2 === 1;
  const authorizers = Array.from({ length: perApi }, (_, j) =>
    rest
      ? `    - { name: a${j}, type: TOKEN, authorizerUri: "${uri(j)}", identitySource: method.request.header.Authorization }`
      : `    - { name: a${j}, authorizerType: REQUEST, authorizerUri: "${uri(j)}", authorizerPayloadFormatVersion: "2.0", identitySource: ["$request.header.Authorization"], authorizerResultTtlInSeconds: 300 }`,
  );
  return [
    'apiVersion: gatewarden/v1',
    'kind: AuthorizerSet',
    'spec:',
    `  region: ${region}`,
    `  api: { type: ${rest ? 'rest' : 'http'}, name: api-${i} }`,
    '  afterChange: { resetCache: [prod] }',
    '  authorizers:',
    ...authorizers,
    '',
  ].join('\n');
}

const store = new EmulatorStore({ maxAuthorizersPerApi: Math.max(10, perApi), seed: seed() });
const emulator = await startEmulator({ store, port: 0 });
const dir = mkdtempSync(join(tmpdir(), 'gatewarden-bench-'));
for (let i = 0; i < apiCount; i++) writeFileSync(join(dir, `api-${i}.yaml`), manifest(i));
const clients = new AwsClients({ endpointUrl: emulator.url, region });
const options = { aws: sdkAccess(clients), output: silentOutput };

async function measure(label, run) {
  store.clearCalls();
  const start = process.hrtime.bigint();
  const result = await run();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const calls = store.calls.length;
  const quotaSeconds = Math.max(0, (calls - 40) / 10);
  console.log(
    `${label.padEnd(22)} ${ms.toFixed(0).padStart(7)} ms  ${String(calls).padStart(6)} AWS calls  ` +
      `(>= ${quotaSeconds.toFixed(1)} s at AWS's 10 req/s quota)  heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`,
  );
  return result;
}

try {
  console.log(`gatewarden fleet benchmark: ${apiCount} APIs x ${perApi} authorizers (half HTTP, half REST), node ${process.version}\n`);
  const { plan } = await measure('plan (changes)', () => planFromManifests([dir], options));
  const report = await measure('apply', () => applyPlan(plan, { ...options, allowReplace: false }));
  if (report.failed) throw new Error('apply failed');
  const again = await measure('plan (converged)', () => planFromManifests([dir], options));
  const pending = again.plan.apis.flatMap((api) => api.actions).filter((action) => action.kind !== 'no-op').length;
  if (pending > 0) throw new Error(`${pending} actions left after apply`);
  console.log(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
} finally {
  clients.destroy();
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
}

await benchStartup(root);
// 300, 1,000 and 3,000 APIs of 10 authorizers: 3,000 to 30,000 authorizers, to see the growth.
await benchPlanMemory(root, [300, 1000, 3000]);
