/**
 * The seam services reach AWS through: commands wire the SDK (`sdkAccess`), unit tests wire the
 * emulator's store (`memoryAccess`). Services share one port, and one API listing, per family and
 * region within a run (services/port-cache.ts), so an implementation need not cache.
 */
import type { AwsClients } from '../aws/clients.js';
import { callerIdentity } from '../aws/identity.js';
import type { AuthorizerPort, CallerIdentity } from '../aws/ports.js';
import type { SdkClient, SdkClientConfig, SdkClientSource, SdkService } from '../aws/sdk-service.js';
import { inProcessHandler } from '../emulator/in-process.js';
import type { EmulatorStore } from '../emulator/store.js';
import type { Family } from '../families/registry.js';

export interface AwsAccess {
  port(family: Family, region: string): Promise<AuthorizerPort>;
  /** The region documents without `spec.region` use. */
  defaultRegion(): Promise<string>;
  /** Who the credentials belong to (STS GetCallerIdentity), for the account guard; called only with an environment. */
  callerIdentity(): Promise<CallerIdentity>;
}

/** The real AWS: each family's SDK adapter over the shared clients. */
export function sdkAccess(clients: AwsClients): AwsAccess {
  return {
    port: (family, region) => family.connect(clients, region),
    defaultRegion: () => clients.defaultRegion(),
    callerIdentity: () => callerIdentity(clients),
  };
}

/**
 * `AwsAccess` over the emulator's store, in process: each family's own SDK adapter, over SDK clients
 * whose requests the emulator's wire layer answers without a socket. Each call is made once (no
 * retries, no pacing), so tests count calls as the store logs them. Documents without `spec.region`
 * use the store's default region.
 */
export function memoryAccess(store: EmulatorStore): AwsAccess {
  const clients = new Map<string, Promise<SdkClient>>();
  const source: SdkClientSource = {
    client: <C extends SdkClient>(service: SdkService<C>, region: string): Promise<C> => {
      const key = `${service.key}:${region}`;
      if (!clients.has(key)) clients.set(key, service.create(inProcessConfig(store, region)));
      return clients.get(key) as Promise<C>;
    },
  };
  return {
    port: (family, region) => family.connect(source, region),
    defaultRegion: async () => store.defaultRegion,
    callerIdentity: async () => {
      const { Account, Arn } = store.identity.getCallerIdentity(undefined);
      return { account: Account, arn: Arn, source: 'the emulator store' };
    },
  };
}

function inProcessConfig(store: EmulatorStore, region: string): SdkClientConfig {
  return {
    region,
    endpoint: 'http://emulator.invalid',
    credentials: async () => ({ accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator' }),
    retryStrategy: SINGLE_ATTEMPT,
    requestHandler: inProcessHandler(store),
  };
}

/** The SDK's retry strategy interface, answering "no retry" to every failure. */
const SINGLE_ATTEMPT: SdkClientConfig['retryStrategy'] = {
  acquireInitialRetryToken: async () => ({ getRetryCount: () => 0, getRetryDelay: () => 0 }) as never,
  refreshRetryTokenForRetry: async (_token, error) => {
    throw error;
  },
  recordSuccess: () => undefined,
};
