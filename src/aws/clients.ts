/**
 * The only place that builds AWS SDK clients: endpoint, region, profile and retries are decided here.
 * Which clients exist comes from the families' SDK service descriptions; the SDK is imported lazily
 * (by each family's live.ts) so that offline commands (validate, show) never load it.
 */
import { UserError } from '../errors.js';
import { stopRetriesOfQuotaRefusals } from './quota-errors.js';
import type { SdkClient, SdkClientConfig, SdkService } from '../families/family.js';

export interface AwsSettings {
  /** From --endpoint-url; else the service's endpoint variables are read here and passed explicitly. */
  readonly endpointUrl?: string;
  readonly region?: string;
  readonly profile?: string;
}

export function endpointFor(
  service: Pick<SdkService, 'endpointVariables'>,
  settings: AwsSettings,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (settings.endpointUrl) return settings.endpointUrl;
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true') return undefined;
  for (const variable of service.endpointVariables) {
    const value = env[variable];
    if (value) return value;
  }
  return undefined;
}

/** Builds and caches one client per service and region; `destroy` closes their sockets. */
export class AwsClients {
  private readonly cache = new Map<string, Promise<SdkClient>>();

  constructor(
    readonly settings: AwsSettings,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  client<C extends SdkClient>(service: SdkService<C>, region: string): Promise<C> {
    const key = `${service.key}:${region}`;
    let client = this.cache.get(key);
    if (!client) {
      client = service.create(this.clientConfig(service, region)).then(stopRetriesOfQuotaRefusals);
      this.cache.set(key, client);
    }
    return client as Promise<C>;
  }

  /**
   * The region documents without `spec.region` use: --region, else the SDK's shared region chain
   * (AWS_REGION, then the profile's region), which every SDK client resolves the same way.
   */
  async defaultRegion(): Promise<string> {
    if (this.settings.region) return this.settings.region;
    const { loadConfig, NODE_REGION_CONFIG_FILE_OPTIONS, NODE_REGION_CONFIG_OPTIONS } = await import('@smithy/core/config');
    const profile = this.settings.profile ? { profile: this.settings.profile } : {};
    try {
      return await loadConfig(NODE_REGION_CONFIG_OPTIONS, { ...NODE_REGION_CONFIG_FILE_OPTIONS, ...profile })();
    } catch (error) {
      throw new UserError('NO_REGION', 'No AWS region is set for a manifest without spec.region.', {
        hint: 'Set spec.region in the manifest, pass --region, or set AWS_REGION.',
        cause: error,
      });
    }
  }

  destroy(): void {
    for (const client of this.cache.values()) void client.then((built) => built.destroy(), () => undefined);
    this.cache.clear();
  }

  private clientConfig(service: SdkService<SdkClient>, region: string): SdkClientConfig {
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
