/**
 * The only place that builds AWS SDK clients: endpoint, region, profile and retries are decided here.
 * Which clients exist comes from the families' SDK service descriptions; the SDK is imported lazily
 * (by each family's live.ts) so that offline commands (validate, show) never load it.
 */
import { UserError } from '../errors.js';
import type { CredentialProvider, SdkClient, SdkClientConfig, SdkService } from './sdk-service.js';
import { AwsPacing, installResilience, resilientClientConfig, type ResilienceOptions } from './resilience.js';
import { BudgetedRetryStrategy } from './retry.js';

export interface AwsSettings {
  /** From --endpoint-url; else the service's endpoint variables are read here and passed explicitly. */
  readonly endpointUrl?: string;
  readonly region?: string;
  readonly profile?: string;
  /** Timeouts, pacing and conflict retries (src/aws/resilience.ts); AWS's quotas by default. */
  readonly resilience?: ResilienceOptions;
  /** An environment's `roleArn`: every client, STS's GetCallerIdentity included, uses the role's credentials. */
  readonly assumeRole?: { readonly roleArn: string; readonly sessionName: string };
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
  /** One run's pacers, shared by every client of both services. */
  readonly pacing: AwsPacing;
  private credentials?: CredentialProvider;

  constructor(
    readonly settings: AwsSettings,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.pacing = new AwsPacing(settings.resilience);
  }

  client<C extends SdkClient>(service: SdkService<C>, region: string): Promise<C> {
    const key = `${service.key}:${region}`;
    let client = this.cache.get(key);
    if (!client) {
      client = service.create(this.configFor(service, region)).then((built) => {
        installResilience(built, region, this.pacing);
        return built;
      });
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
      throw new UserError('NO_REGION', 'No AWS region is set: no --region, AWS_REGION or profile region.', {
        hint: 'Pass --region, or set AWS_REGION.',
        cause: error,
      });
    }
  }

  /** `AWS_MAX_ATTEMPTS`, else the profile's `max_attempts`, else 3: read the SDK's way, as it would without our strategy. */
  private async sdkMaxAttempts(): Promise<number> {
    const [{ loadConfig }, { NODE_MAX_ATTEMPT_CONFIG_OPTIONS }] = await Promise.all([import('@smithy/core/config'), import('@smithy/core/retry')]);
    return loadConfig(NODE_MAX_ATTEMPT_CONFIG_OPTIONS, this.settings.profile ? { profile: this.settings.profile } : {})();
  }

  destroy(): void {
    for (const client of this.cache.values()) void client.then((built) => built.destroy(), () => undefined);
    this.cache.clear();
  }

  /** Where the credentials come from, in the SDK's order (a profile wins over the key variables), for messages. */
  credentialSource(): string {
    const { profile, assumeRole } = this.settings;
    const base = profile
      ? `profile ${profile} (--profile)`
      : this.env.AWS_PROFILE
        ? `profile ${this.env.AWS_PROFILE} (AWS_PROFILE)`
        : this.env.AWS_ACCESS_KEY_ID
          ? 'the AWS_ACCESS_KEY_ID environment variables'
          : this.env.AWS_WEB_IDENTITY_TOKEN_FILE
            ? `the web identity token of ${this.env.AWS_ROLE_ARN ?? 'AWS_ROLE_ARN'}`
            : "the SDK's default credential chain";
    return assumeRole ? `role ${assumeRole.roleArn} assumed with ${base}` : base;
  }

  /** The configuration every client gets; STS's GetCallerIdentity client too (aws/identity.ts). */
  configFor(service: Pick<SdkService, 'endpointVariables'>, region: string): SdkClientConfig {
    const endpoint = endpointFor(service, this.settings, this.env);
    const credentials = this.roleCredentials(region);
    return {
      region,
      ...resilientClientConfig(this.pacing.timeouts),
      // The SDK's adaptive strategy (it backs off for everyone sharing the client once AWS throttles,
      // 10 rps account-wide), with a larger budget for throttling than for other transient errors.
      retryStrategy: new BudgetedRetryStrategy(this.pacing.retry, () => this.sdkMaxAttempts()),
      ...(endpoint ? { endpoint } : {}),
      ...(this.settings.profile ? { profile: this.settings.profile } : {}),
      ...(credentials ? { credentials } : {}),
    };
  }

  /**
   * One provider for every client, so the role is assumed once per run (each client would otherwise
   * call AssumeRole itself). The SDK's own `fromTemporaryCredentials` does the call; it is loaded on
   * first use, like the clients.
   */
  private roleCredentials(region: string): CredentialProvider | undefined {
    const { assumeRole } = this.settings;
    if (assumeRole === undefined) return undefined;
    if (this.credentials === undefined) {
      const endpoint = endpointFor(STS_SERVICE, this.settings, this.env);
      const clientConfig = {
        region,
        ...(endpoint ? { endpoint } : {}),
        ...(this.settings.profile ? { profile: this.settings.profile } : {}),
      };
      this.credentials = reuseUntilExpiry(async () => {
        const { fromTemporaryCredentials } = await import('@aws-sdk/credential-providers');
        return fromTemporaryCredentials({ params: { RoleArn: assumeRole.roleArn, RoleSessionName: assumeRole.sessionName }, clientConfig })();
      });
    }
    return this.credentials;
  }
}

/** STS is not an API family, but its endpoint is chosen the same way (--endpoint-url, then these). */
export const STS_SERVICE: Pick<SdkService, 'endpointVariables'> = { endpointVariables: ['AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL'] };

/** Refreshes five minutes before expiry, as the SDK's own credential cache does; a failed call is retried next time. */
function reuseUntilExpiry(provider: CredentialProvider): CredentialProvider {
  let current: ReturnType<CredentialProvider> | undefined;
  let expiresAt = Infinity;
  return async () => {
    if (current === undefined || Date.now() >= expiresAt) {
      current = provider();
      current.then(
        (credentials) => (expiresAt = (credentials.expiration?.getTime() ?? Infinity) - 5 * 60_000),
        () => (current = undefined),
      );
    }
    return current;
  };
}
