/**
 * The services' fake AWS: each family's SDK adapter with the emulator's store as its `send`. Regions,
 * AWS errors, injected hangs and resets must reach the adapter as the SDK raises them over a socket.
 */
import { describe, expect, it } from 'vitest';
import { EmulatorStore } from '../../src/emulator/index.js';
import { FAMILIES } from '../../src/families/registry.js';
import { memoryAccess } from '../../src/services/access.js';
import { rejection } from '../store-calls.js';

describe('memoryAccess', () => {
  for (const family of FAMILIES) {
    it(`${family.id}: reaches the store in the port's region, once per call, through the family's SDK adapter`, async () => {
      const store = new EmulatorStore({ defaultRegion: 'us-east-1' });
      const port = await memoryAccess(store).port(family, 'ap-south-1');
      expect(await port.listApis()).toEqual([]);
      expect(store.calls.map(({ service, region }) => ({ service, region }))).toEqual([{ service: family.id, region: 'ap-south-1' }]);
    });
  }

  it('times out an injected hang and drops an injected reset, each once, as the SDK over a socket does', async () => {
    const store = new EmulatorStore({});
    const [family] = FAMILIES;
    const port = await memoryAccess(store).port(family, 'eu-west-1');
    store.injectFailure({ hang: true });
    expect(await rejection(port.listApis())).toMatchObject({ code: 'AWS_TimeoutError' });
    store.injectFailure({ reset: true });
    expect(await rejection(port.listApis())).toMatchObject({ cause: { code: 'ECONNRESET' } });
    store.injectFailure({ error: 'TooManyRequestsException' });
    expect(await rejection(port.listApis())).toMatchObject({ code: 'AWS_TooManyRequestsException' });
    expect(store.calls).toHaveLength(3);
  });
});
