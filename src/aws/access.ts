/** The real AWS behind the services' seam: each family's SDK adapter over the shared clients. */
import type { AwsClients } from './clients.js';
import { callerIdentity } from './identity.js';
import type { AwsAccess } from './ports.js';

export function sdkAccess(clients: AwsClients): AwsAccess {
  return {
    port: (family, region) => family.connect(clients, region),
    defaultRegion: () => clients.defaultRegion(),
    callerIdentity: () => callerIdentity(clients),
  };
}
