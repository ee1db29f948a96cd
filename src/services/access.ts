/**
 * The seam services reach AWS through: commands wire the SDK (`sdkAccess`), unit tests wire the
 * emulator's store (`memoryAccess`). Services share one port, and one API listing, per family and
 * region within a run (services/port-cache.ts), so an implementation need not cache.
 */
import type { AwsClients } from '../aws/clients.js';
import { callerIdentity } from '../aws/identity.js';
import type { AuthorizerPort, CallerIdentity } from '../aws/ports.js';
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
 * `AwsAccess` over the emulator's store, in memory: each family's SDK adapter with the store as its
 * `send` (src/families/<id>/memory.ts), so the services' unit tests run the adapter users run. Each
 * call is made once (no retries, no pacing), so tests count calls as the store logs them. Documents
 * without `spec.region` use the store's default region.
 */
export function memoryAccess(store: EmulatorStore): AwsAccess {
  return {
    port: (family, region) => family.emulator.connect(store, region),
    defaultRegion: async () => store.defaultRegion,
    callerIdentity: async () => {
      const { Account, Arn } = store.identity.getCallerIdentity(undefined);
      return { account: Account, arn: Arn, source: 'the emulator store' };
    },
  };
}
