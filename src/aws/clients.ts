/**
 * The only place that builds AWS SDK clients: endpoint, region, profile and retries are decided here.
 * The SDK is imported lazily so that offline commands (validate, show) never load it.
 */
import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { UserError } from '../errors.js';

export interface AwsSettings {
  /** From --endpoint-url; else the SDK's own endpoint variables are read here and passed explicitly. */
  readonly endpointUrl?: string;
  readonly region?: string;
  readonly profile?: string;
}

interface ClientConfig {
  /** Absent only for the region probe, which asks the SDK's chain. */
  readonly region?: string;
  readonly retryMode?: string;
  readonly endpoint?: string;
  readonly profile?: string;
}

/**
 * One entry per AWS service gatewarden calls: how to build its client (loaded on first use) and
 * which endpoint variables name its endpoint. A new service is a new entry, not a new method.
 */
const SERVICES = {
  apigatewayv2: {
    build: async (config: ClientConfig): Promise<ApiGatewayV2Client> =>
      new (await import('@aws-sdk/client-apigatewayv2')).ApiGatewayV2Client(config),
    endpointVariables: ['AWS_ENDPOINT_URL_APIGATEWAYV2', 'AWS_ENDPOINT_URL'],
  },
  apigateway: {
    build: async (config: ClientConfig): Promise<APIGatewayClient> =>
      new (await import('@aws-sdk/client-api-gateway')).APIGatewayClient(config),
    endpointVariables: ['AWS_ENDPOINT_URL_API_GATEWAY', 'AWS_ENDPOINT_URL'],
  },
} as const;

export type ServiceKey = keyof typeof SERVICES;
const PROBE_SERVICE = Object.keys(SERVICES)[0] as ServiceKey;
type ClientOf<K extends ServiceKey> = Awaited<ReturnType<(typeof SERVICES)[K]['build']>>;

/**
 * The SDK resolves AWS_ENDPOINT_URL[_SERVICE] itself, but one release ignored them
 * (@smithy/middleware-endpoint 4.1.14), so the endpoint is always passed explicitly.
 */
export function endpointFor(
  service: ServiceKey,
  settings: AwsSettings,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (settings.endpointUrl) return settings.endpointUrl;
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true') return undefined;
  for (const variable of SERVICES[service].endpointVariables) {
    const value = env[variable];
    if (value) return value;
  }
  return undefined;
}

/** Builds and caches one client per service and region; `destroy` closes their sockets. */
export class AwsClients {
  private readonly cache = new Map<string, Promise<{ destroy(): void }>>();

  constructor(
    readonly settings: AwsSettings,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The service's client for the region, built once. */
  client<K extends ServiceKey>(service: K, region: string): Promise<ClientOf<K>> {
    const key = `${service}:${region}`;
    let client = this.cache.get(key);
    if (!client) {
      client = SERVICES[service].build(this.clientConfig(service, region));
      this.cache.set(key, client);
    }
    return client as Promise<ClientOf<K>>;
  }

  /** Kept for the families' SDK adapters until their port factories call `client` themselves. */
  apigatewayv2(region: string): Promise<ApiGatewayV2Client> {
    return this.client('apigatewayv2', region);
  }

  apigateway(region: string): Promise<APIGatewayClient> {
    return this.client('apigateway', region);
  }

  /** The region documents without `spec.region` use: --region, else the SDK's chain (env, profile). */
  async defaultRegion(): Promise<string> {
    if (this.settings.region) return this.settings.region;
    // Every SDK client resolves the region through the same chain, so any service of the table serves as the probe.
    const probe = await SERVICES[PROBE_SERVICE].build(this.settings.profile ? { profile: this.settings.profile } : {});
    try {
      return await probe.config.region();
    } catch (error) {
      throw new UserError('NO_REGION', 'No AWS region is set for a manifest without spec.region.', {
        hint: 'Set spec.region in the manifest, pass --region, or set AWS_REGION.',
        cause: error,
      });
    } finally {
      probe.destroy();
    }
  }

  destroy(): void {
    for (const client of this.cache.values()) void client.then((built) => built.destroy(), () => undefined);
    this.cache.clear();
  }

  private clientConfig(service: ServiceKey, region: string): ClientConfig {
    const endpoint = endpointFor(service, this.settings, this.env);
    return {
      region,
      // Adaptive mode backs off for everyone sharing the client once AWS throttles (10 rps account-wide).
      retryMode: 'adaptive',
      ...(endpoint ? { endpoint } : {}),
      ...(this.settings.profile ? { profile: this.settings.profile } : {}),
    };
  }
}
