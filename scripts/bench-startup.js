// The start-up, validate and memory figures of `npm run bench` (issue 14): each runs the built CLI as
// a child process, so that what is measured is what a user's shell pays, start-up included.
//   - `--help` and `validate` (300 files, 3,000 authorizers) against `node -e 0`: user+sys CPU and
//     wall time, the median of repeated runs.
//   - peak RSS of a plan process, against an emulator in this process with its throttle off: the
//     CLI at 3,000 authorizers, paced as any run, and the plan without the pacer's waits at 3,000,
//     10,000 and 30,000 (paced, the 30,000 run would take minutes of waiting, not memory).
// Children report their own CPU and peak RSS at exit (bench-usage.js, loaded with --import): Node
// gives no child's resource usage, and /usr/bin/time is not everywhere. The figures are reported,
// never judged: timing depends on the machine and its load.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const REGION = 'eu-west-1';
const uri = (n) =>
  `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:123456789012:function:f${n}/invocations`;

/** One manifest per API, the odd ones REST; each API with `perApi` authorizers. */
function writeFleetManifests(dir, apis, perApi) {
  for (let i = 0; i < apis; i++) {
    const rest = i % 2 === 1;
    const authorizers = Array.from({ length: perApi }, (_, j) =>
      rest
        ? `    - { name: a${j}, type: TOKEN, authorizerUri: "${uri(j)}", identitySource: method.request.header.Authorization }`
        : `    - { name: a${j}, authorizerType: REQUEST, authorizerUri: "${uri(j)}", authorizerPayloadFormatVersion: "2.0", identitySource: ["$request.header.Authorization"] }`,
    );
    const lines = ['apiVersion: gatewarden/v1', 'kind: AuthorizerSet', 'spec:', `  region: ${REGION}`];
    lines.push(`  api: { type: ${rest ? 'rest' : 'http'}, name: api-${i} }`, '  authorizers:', ...authorizers, '');
    writeFileSync(join(dir, `api-${i}.yaml`), lines.join('\n'));
  }
}

/** The same fleet in the emulator, without authorizers: the plan creates all of them. */
function fleetSeed(apis) {
  return { apis: Array.from({ length: apis }, (_, i) => ({ type: i % 2 === 1 ? 'rest' : 'http', region: REGION, name: `api-${i}` })) };
}

/** Runs `node [args]` and returns its wall time, its own CPU time and peak RSS, and its exit code. */
async function runNode(root, args, env = {}) {
  const usageFile = join(tmpdir(), `gatewarden-bench-usage-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const reporter = pathToFileURL(join(root, 'scripts', 'bench-usage.js')).href;
  const start = process.hrtime.bigint();
  const code = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', reporter, ...args], {
      cwd: root,
      env: { ...process.env, ...env, GATEWARDEN_BENCH_USAGE: usageFile },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => (exitCode === 0 || exitCode === 2 ? resolve(exitCode) : reject(new Error(`node ${args.join(' ')} exited ${exitCode}: ${stderr}`))));
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const usage = JSON.parse(readFileSync(usageFile, 'utf8'));
  rmSync(usageFile, { force: true });
  return { code, wallMs, cpuMs: (usage.user + usage.system) / 1000, maxRssMiB: usage.maxRSS / 1024 };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function medianRun(root, args, runs) {
  const results = [];
  for (let run = 0; run < runs; run++) results.push(await runNode(root, args));
  return { cpuMs: median(results.map((result) => result.cpuMs)), wallMs: median(results.map((result) => result.wallMs)) };
}

const YAML_ALONE = `
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
const dir = process.argv[1];
for (const name of readdirSync(dir)) for (const doc of parseAllDocuments(readFileSync(join(dir, name), 'utf8'), { lineCounter: new LineCounter() })) doc.toJS();
`;

/** `--help` and `validate` against a bare Node start, median of `runs` runs each. */
export async function benchStartup(root, { runs = 9, apis = 300, perApi = 10 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gatewarden-bench-validate-'));
  try {
    writeFleetManifests(dir, apis, perApi);
    const bin = join(root, 'bin', 'run.js');
    const rows = [
      ['node -e 0', await medianRun(root, ['-e', '0'], runs)],
      ['gatewarden --help', await medianRun(root, [bin, '--help'], runs)],
      // oclif's own start-up (configuration, manifest, plugins), which every command pays before its code.
      ['gatewarden --version', await medianRun(root, [bin, '--version'], runs)],
      [`validate (${apis} files, ${apis * perApi} authorizers)`, await medianRun(root, [bin, 'validate', dir], runs)],
      // The floor under validate's figure: the `yaml` library alone reading the same files, nothing else.
      ['yaml alone: parse the same files', await medianRun(root, ['--input-type=module', '-e', YAML_ALONE, dir], runs)],
    ];
    const [, bare] = rows[0];
    // What validate cannot go below with this stack: the yaml library's work plus oclif's start-up.
    const cpuOf = (label) => rows.find(([name]) => name === label)[1].cpuMs;
    const floorCpuMs = cpuOf('yaml alone: parse the same files') + cpuOf('gatewarden --version') - cpuOf('node -e 0');
    console.log(`\nstart-up, median of ${runs} runs (goals: --help <= 3x node -e 0 in wall time; validate <= 600 ms CPU)`);
    for (const [label, { cpuMs, wallMs }] of rows) {
      const ratio = `${(wallMs / bare.wallMs).toFixed(1)}x`;
      console.log(`${label.padEnd(44)} cpu ${cpuMs.toFixed(0).padStart(5)} ms   wall ${wallMs.toFixed(0).padStart(5)} ms  (${ratio} node -e 0)`);
    }
    console.log(`${'floor: yaml alone + oclif (--version - node)'.padEnd(44)} cpu ${floorCpuMs.toFixed(0).padStart(5)} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Peak RSS of a plan process for each fleet size, against this process's emulator (throttle off).
 * `paced`: the CLI itself (`gatewarden plan`), paced at AWS's 10 requests/s like any run. Otherwise
 * scripts/bench-plan-child.js, the same plan without oclif and without the pacer's waits, so that
 * 30,000 authorizers take seconds, not minutes: memory is measured, not pacing.
 */
export async function benchPlanMemory(root, sizes = [300, 3000], { perApi = 10, paced = true } = {}) {
  const { EmulatorStore, startEmulator } = await import(pathToFileURL(join(root, 'dist', 'emulator', 'index.js')).href);
  const how = paced ? 'gatewarden plan, paced at 10 requests/s' : 'the plan service without oclif, pacing off (memory, not pacing, is measured)';
  console.log(`\npeak RSS of the plan process: ${how}; ${perApi} authorizers per API, all to create; goal: <= 150 MiB at 3,000, linear beyond`);
  for (const apis of sizes) {
    const store = new EmulatorStore({ defaultRegion: REGION, maxAuthorizersPerApi: Math.max(10, perApi), seed: fleetSeed(apis) });
    const emulator = await startEmulator({ store, port: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'gatewarden-bench-memory-'));
    try {
      writeFleetManifests(dir, apis, perApi);
      const env = { AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: REGION };
      const args = paced
        ? [join(root, 'bin', 'run.js'), 'plan', dir, '--endpoint-url', emulator.url]
        : [join(root, 'scripts', 'bench-plan-child.js'), dir, emulator.url, REGION];
      const { maxRssMiB, wallMs } = await runNode(root, args, env);
      const label = `plan, ${(apis * perApi).toLocaleString('en-US')} authorizers`;
      console.log(`${label.padEnd(42)} peak RSS ${maxRssMiB.toFixed(0).padStart(4)} MiB   wall ${(wallMs / 1000).toFixed(1)} s`);
    } finally {
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

// `npm run bench:startup`: the start-up and validate figures alone, in seconds rather than minutes.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchStartup(join(import.meta.dirname, '..'));
}
