/**
 * The family's port over the emulator's store, in memory: the services' unit-test fake. It is the
 * SDK adapter of live.ts, handed a `send` that answers from the store instead of over HTTP: each
 * command's input goes to the store as the wire would deliver it, and the answer comes back in the
 * SDK's shape, so the port's mapping from AWS's shapes to the model is the one users run.
 */
import type { AuthorizerPort } from '../../aws/ports.js';
import { blobOf, invokeAsSdk } from '../../emulator/in-process.js';
import type { EmulatorStore } from '../../emulator/store.js';
import { connectRest, operationOf, type RestSender } from './live.js';

export function connectRestInMemory(store: EmulatorStore, region: string): AuthorizerPort {
  const send = async (command: { readonly input: object }) => {
    const operation = operationOf(command);
    const answer = await invokeAsSdk(store, { service: 'apigateway', operation, region, params: { ...command.input } });
    return sdkOutput(operation, answer);
  };
  return connectRest({ send } as unknown as RestSender, region);
}

/** The store answers in the wire's JSON; where the SDK's output differs, it is reshaped here. */
function sdkOutput(operation: string, answer: unknown): unknown {
  const output = (answer ?? {}) as { readonly items?: unknown; readonly body?: string; readonly contentType?: string };
  switch (operation) {
    // The SDK's GetStages output names its list `item`, as the wire does.
    case 'GetStages':
      return { item: output.items };
    case 'GetExport':
      return { contentType: output.contentType, body: blobOf(output.body ?? '') };
    default:
      return answer ?? {};
  }
}
