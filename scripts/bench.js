#!/usr/bin/env node
// Fleet benchmark at AWS's quota: plan by name, plan by id and apply against the embedded emulator
// with AWS's throttle ON (10 requests/s, burst 40, shared by both services; CreateDeployment 1 per 5 s)
// and a latency per answer. Reports calls, 429s, wall time, the quota lower bound, the ratio to it,
// the time a one-read-per-authorizer strategy would need at the same quota, and peak RSS.
// Usage: npm run bench -- [apis=300] [authorizersPerApi=10] [updates=100] [latencyMs=40]
// Then the start-up, validate and memory figures of the CLI as a child process (bench-startup.js).
// Needs `npm run build`. It reports; it does not fail on timing.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchPlanMemory, benchStartup } from './bench-startup.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const load = (path) => import(join(root, 'dist', path));
const { EmulatorStore, startEmulator, AWS_OPERATION_RATE_LIMITS } = await load('emulator/index.js');
const { AwsClients } = await load('aws/clients.js');
const { sdkAccess } = await load('services/access.js');
const { planFromManifests } = await load('services/plan.js');
const { applyPlan } = await load('services/apply.js');
const { silentOutput } = await load('services/output.js');

Object.assign(process.env, {
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});

const apiCount = Number(process.argv[2] ?? 300);
const perApi = Number(process.argv[3] ?? 10);
const updates = Math.min(apiCount, Number(process.argv[4] ?? 100));
const latencyMs = Number(process.argv[5] ?? 40);
const RATE = 10;
const BURST = 40;
const region = 'eu-west-1';
const uri = (n) =>
  `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${region}:123456789012:function:f${n}/invocations`;
const apiId = (i) => `api${String(i).padStart(7, '0')}`;
const isRest = (i) => i % 2 === 1;

/** Every API exists with all its authorizers; the manifests change one TTL on the first `updates` APIs. */
function seed() {
  const apis = [];
  for (let i = 0; i < apiCount; i++) {
    const authorizers = Array.from({ length: perApi }, (_, j) =>
      isRest(i)
        ? { name: `a${j}`, type: 'TOKEN', authorizerUri: uri(j), identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 300 }
        : { name: `a${j}`, authorizerType: 'REQUEST', authorizerUri: uri(j), authorizerPayloadFormatVersion: '2.0', identitySource: ['$request.header.Authorization'], authorizerResultTtlInSeconds: 300 },
    );
    apis.push({ type: isRest(i) ? 'rest' : 'http', id: apiId(i), region, name: `api-${i}`, stages: [{ name: 'prod' }], authorizers });
  }
  return { apis };
}

function manifest(i, selectBy) {
  const ttl = (j) => (i < updates && j === 0 ? 60 : 300);
  const authorizers = Array.from({ length: perApi }, (_, j) =>
    isRest(i)
      ? `    - { name: a${j}, type: TOKEN, authorizerUri: "${uri(j)}", identitySource: method.request.header.Authorization, authorizerResultTtlInSeconds: ${ttl(j)} }`
      : `    - { name: a${j}, authorizerType: REQUEST, authorizerUri: "${uri(j)}", authorizerPayloadFormatVersion: "2.0", identitySource: ["$request.header.Authorization"], authorizerResultTtlInSeconds: ${ttl(j)} }`,
  );
  const selector = selectBy === 'id' ? `id: ${apiId(i)}` : `name: api-${i}`;
  return [
    'apiVersion: gatewarden/v1',
    'kind: AuthorizerSet',
    'spec:',
    `  region: ${region}`,
    `  api: { type: ${isRest(i) ? 'rest' : 'http'}, ${selector} }`,
    '  authorizers:',
    ...authorizers,
    '',
  ].join('\n');
}

const store = new EmulatorStore({
  maxAuthorizersPerApi: Math.max(10, perApi),
  throttle: { operations: AWS_OPERATION_RATE_LIMITS },
  seed: seed(),
});
const emulator = await startEmulator({ store, port: 0, latencyMs });
const dir = mkdtempSync(join(tmpdir(), 'gatewarden-bench-'));
for (const selectBy of ['name', 'id']) {
  mkdirSync(join(dir, selectBy));
  for (let i = 0; i < apiCount; i++) writeFileSync(join(dir, selectBy, `api-${i}.yaml`), manifest(i, selectBy));
}

/** The quota's lower bound for a number of calls: the burst goes at once, the rest at the rate. */
const boundSeconds = (calls) => Math.max(0, (calls - BURST) / RATE);

async function measure(label, run) {
  // A fresh client set per run: each run starts with a full bucket, as a new process would, and
  // the emulator's bucket has refilled by the pause below.
  await sleep((BURST / RATE) * 1000 + 100);
  const clients = new AwsClients({ endpointUrl: emulator.url, region });
  store.clearCalls();
  const start = process.hrtime.bigint();
  try {
    const result = await run({ aws: sdkAccess(clients), output: silentOutput });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const calls = store.calls.length;
    const throttled = store.calls.filter((call) => call.error === 'TooManyRequestsException').length;
    const bound = boundSeconds(calls);
    // A per-authorizer reader (Terraform's refresh): one GetAuthorizer per declared authorizer, plus the same writes.
    const writes = store.calls.filter((call) => /^(Create|Update|Delete|Reset|Flush)/.test(call.operation)).length;
    const baseline = boundSeconds(apiCount * perApi + writes);
    rows.push([label, calls, throttled, `${seconds.toFixed(1)} s`, `${bound.toFixed(1)} s`, (seconds / Math.max(bound, 1e-9)).toFixed(2), `${baseline.toFixed(1)} s`, `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`]);
    return result;
  } finally {
    clients.destroy();
  }
}

const rows = [];
try {
  console.log(
    `gatewarden fleet benchmark: ${apiCount} APIs x ${perApi} authorizers (half HTTP, half REST), ${updates} updates, ` +
      `emulator with AWS's quota (${RATE} req/s, burst ${BURST}) and ${latencyMs} ms latency, node ${process.version}\n`,
  );
  await measure('plan, APIs by name', (options) => planFromManifests([join(dir, 'name')], options));
  await measure('plan, APIs by id', (options) => planFromManifests([join(dir, 'id')], options));
  await measure(`apply, ${updates} updates`, async (options) => {
    const { plan } = await planFromManifests([join(dir, 'name')], options);
    const report = await applyPlan(plan, { ...options, allowReplace: false });
    if (report.failed) throw new Error('apply failed');
  });
  const header = ['run', 'calls', '429s', 'wall', 'quota bound', 'ratio', 'per-authorizer baseline', 'peak RSS'];
  console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  // The bound is AWS's: the whole burst of 40 at once. gatewarden's pacer keeps 2 of those tokens in
  // reserve against jitter (src/aws/resilience.ts) but refills at the full rate, so the reserve costs
  // 0.2 s once per run, never throughput: its own bound is the one above plus 0.2 s.
  console.log(`\nquota bound = (calls - ${BURST}) / ${RATE} s; gatewarden keeps 2 burst tokens in reserve: +0.2 s once per run, no steady-state cost`);
} finally {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
}

await benchStartup(root);
// The CLI's own plan at 3,000 authorizers, paced like any run; then 3,000, 10,000 and 30,000 without
// the pacer's waits, to see the growth in seconds rather than minutes.
await benchPlanMemory(root, [300]);
await benchPlanMemory(root, [300, 1000, 3000], { paced: false });
