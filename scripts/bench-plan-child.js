// The memory benchmark's unpaced plan (bench-startup.js): what `gatewarden plan DIR --endpoint-url URL`
// runs (load and check the manifests, read live state, plan, render the text to stdout), without
// oclif and with the pacer's waits skipped. Memory is what this measures, not pacing: at 10
// requests/s a 30,000-authorizer plan would spend five minutes waiting for tokens.
// Usage: node scripts/bench-plan-child.js DIR ENDPOINT_URL REGION. Needs `npm run build`.
import { performance } from 'node:perf_hooks';
import { AwsClients } from '../dist/aws/clients.js';
import { sdkAccess } from '../dist/services/access.js';
import { renderPlanText } from '../dist/render/text.js';
import { silentOutput } from '../dist/services/output.js';
import { planFromManifests } from '../dist/services/plan.js';

const [dir, endpointUrl, region] = process.argv.slice(2);
// The pacer still reserves its tokens in order; only the waits for them are skipped.
const unpaced = { now: () => performance.now(), sleep: async () => undefined };
const clients = new AwsClients({ endpointUrl, region, resilience: { clock: unpaced, deploymentIntervalMs: 0 } });
try {
  const { plan } = await planFromManifests([dir], { aws: sdkAccess(clients), output: silentOutput });
  process.stdout.write(renderPlanText(plan));
} finally {
  clients.destroy();
}
