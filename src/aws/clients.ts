/**
 * The only place that builds AWS SDK clients: endpoint, region, profile and retries are decided here.
 * The SDK is imported lazily so that offline commands (validate, show) never load it.
 */
import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { UserError } from '../errors.js';
import { AwsPacing, installResilience, resilientClientConfig, type MiddlewareHost, type ResilienceOptions } from './resilience.js';

export interface AwsSettings {
  /** From --endpoint-url; else the SDK's own endpoint variables are read here and passed explicitly. */
  readonly endpointUrl?: string;
  readonly region?: string;
  readonly profile?: string;
  /** Timeouts, pacing and conflict retries (src/aws/resilience.ts); AWS's quotas by default. */
  readonly resilience?: ResilienceOptions;
}

type ServiceKey = 'apigatewayv2' | 'apigateway';

/**
 * The SDK resolves AWS_ENDPOINT_URL[_SERVICE] itself, but one release ignored them
 * (@smithy/middleware-endpoint 4.1.14), so the endpoint is always passed explicitly.
 */
const ENDPOINT_VARIABLES: Readonly<Record<ServiceKey, readonly string[]>> = {
  apigatewayv2: ['AWS_ENDPOINT_URL_APIGATEWAYV2', 'AWS_ENDPOINT_URL'],
  apigateway: ['AWS_ENDPOINT_URL_API_GATEWAY', 'AWS_ENDPOINT_URL'],
};

export function endpointFor(
  service: ServiceKey,
  settings: AwsSettings,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (settings.endpointUrl) return settings.endpointUrl;
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true') return undefined;
  for (const variable of ENDPOINT_VARIABLES[service]) {
    const value = env[variable];
    if (value) return value;
  }
  return undefined;
}

/** Builds and caches one client per service and region; `destroy` closes their sockets. */
export class AwsClients {
  private readonly cache = new Map<string, Promise<{ destroy(): void }>>();
  /** One run's pacers, shared by every client of both services. */
  readonly pacing: AwsPacing;

  constructor(
    readonly settings: AwsSettings,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.pacing = new AwsPacing(settings.resilience);
  }

  apigatewayv2(region: string): Promise<ApiGatewayV2Client> {
    return this.cached('apigatewayv2', region, async () => {
      const { ApiGatewayV2Client } = await import('@aws-sdk/client-apigatewayv2');
      return this.resilient(new ApiGatewayV2Client(this.clientConfig('apigatewayv2', region)), region);
    }) as Promise<ApiGatewayV2Client>;
  }

  apigateway(region: string): Promise<APIGatewayClient> {
    return this.cached('apigateway', region, async () => {
      const { APIGatewayClient } = await import('@aws-sdk/client-api-gateway');
      return this.resilient(new APIGatewayClient(this.clientConfig('apigateway', region)), region);
    }) as Promise<APIGatewayClient>;
  }

  /** The region documents without `spec.region` use: --region, else the SDK's chain (env, profile). */
  async defaultRegion(): Promise<string> {
    if (this.settings.region) return this.settings.region;
    const { ApiGatewayV2Client } = await import('@aws-sdk/client-apigatewayv2');
    const probe = new ApiGatewayV2Client(this.settings.profile ? { profile: this.settings.profile } : {});
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

  private cached(service: ServiceKey, region: string, build: () => Promise<{ destroy(): void }>) {
    const key = `${service}:${region}`;
    let client = this.cache.get(key);
    if (!client) {
      client = build();
      this.cache.set(key, client);
    }
    return client;
  }

  private resilient<C extends MiddlewareHost>(client: C, region: string): C {
    installResilience(client, region, this.pacing);
    return client;
  }

  private clientConfig(service: ServiceKey, region: string) {
    const endpoint = endpointFor(service, this.settings, this.env);
    return {
      region,
      ...resilientClientConfig(this.pacing.timeouts),
      // Adaptive mode backs off for everyone sharing the client once AWS throttles (10 rps account-wide).
      retryMode: 'adaptive',
      ...(endpoint ? { endpoint } : {}),
      ...(this.settings.profile ? { profile: this.settings.profile } : {}),
    };
  }
}
