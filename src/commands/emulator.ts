import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { emulatorToJson } from '../render/json.js';
import { runEmulator } from '../services/emulator.js';

export default class Emulator extends BaseCommand {
  static override summary = 'Serve a local emulation of the API Gateway control plane (apigatewayv2 and REST) for trying manifests without AWS.';
  static override description =
    'Unmodified AWS SDK clients talk to it through an endpoint override: pass --endpoint-url to plan/apply/drift, or set AWS_ENDPOINT_URL. ' +
    'Any credentials are accepted (e.g. AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test). State lives in memory until the process stops.';
  static override flags = {
    port: Flags.integer({ summary: 'Port to listen on; 0 picks a free one.', default: 4567, min: 0, max: 65535 }),
    host: Flags.string({ summary: 'Address to listen on.', default: '127.0.0.1' }),
    seed: Flags.string({ summary: 'YAML or JSON file of APIs, stages and authorizers to start with.', multiple: true }),
    'page-size': Flags.integer({ summary: 'Items per page when a request names no page size.', min: 1, max: 500 }),
    throttle: Flags.boolean({
      summary: "Enforce AWS's account-wide quota of 10 requests per second with a burst of 40, and CreateDeployment's one every 5 seconds.",
      default: true,
      allowNo: true,
    }),
    'latency-ms': Flags.integer({ summary: 'Delay every answer by this many milliseconds, to stand in for the network.', default: 0, min: 0 }),
  };
  static override examples = [
    '<%= config.bin %> emulator --seed examples/emulator-seed.yaml',
    '<%= config.bin %> emulator --port 0 --page-size 2',
  ];

  async run() {
    const { flags } = await this.parse(Emulator);
    const { emulator } = await runEmulator({
      port: flags.port,
      host: flags.host,
      seedFiles: flags.seed ?? [],
      throttle: flags.throttle,
      latencyMs: flags['latency-ms'],
      ...(flags['page-size'] ? { pageSize: flags['page-size'] } : {}),
    });
    this.log(`gatewarden emulator listening on ${emulator.url}`);
    this.log(`Try: AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test gatewarden plan examples/manifests --endpoint-url ${emulator.url}`);
    await new Promise<void>((resolve) => {
      const stop = () => void emulator.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return emulatorToJson(emulator.url);
  }
}
