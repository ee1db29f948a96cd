/**
 * The family's port over the emulator's store, in memory: the services' unit-test fake. It is the
 * SDK adapter of live.ts, handed a `send` that answers from the store instead of over HTTP: each
 * command's input goes to the store in the wire's camelCase, and the answer comes back in the SDK's
 * PascalCase, so the port's mapping from AWS's shapes to the model is the one users run.
 */
import { toCamelMembers, toPascalMembers } from '../../aws/members.js';
import type { AuthorizerPort } from '../../aws/ports.js';
import { blobOf, invokeAsSdk } from '../../emulator/in-process.js';
import type { EmulatorStore } from '../../emulator/store.js';
import { connectApigatewayv2, operationOf, type ApiGatewayV2Sender } from './live.js';

export function connectApigatewayv2InMemory(store: EmulatorStore, region: string): AuthorizerPort {
  const send = async (command: { readonly input: object }) => {
    const operation = operationOf(command);
    const params = toCamelMembers(command.input) as Readonly<Record<string, unknown>>;
    const answer = await invokeAsSdk(store, { service: 'apigatewayv2', operation, region, params });
    // ExportApi's output is one blob member, `body`, in lower case in the SDK too.
    if (operation === 'ExportApi') return { body: blobOf((answer as { readonly body: string }).body) };
    return toPascalMembers(answer ?? {});
  };
  return connectApigatewayv2({ send } as unknown as ApiGatewayV2Sender, region);
}
