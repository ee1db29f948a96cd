/**
 * The store called as an SDK client's `send` is: the families' in-memory transports
 * (`src/families/<id>/memory.ts`) hand each SDK command's input here and shape the answer as the SDK
 * would. Failures arrive as the SDK raises them over a socket, so the adapter classifies them alike:
 * AWS errors carry their HTTP status in `$metadata`, an injected hang is the SDK's `TimeoutError`, an
 * injected reset a dropped connection (`ECONNRESET`).
 */
import { EmulatorError } from './errors.js';
import { EmulatorHang, EmulatorReset } from './failures.js';
import type { EmulatorStore, OperationRequest } from './store.js';

export async function invokeAsSdk(store: EmulatorStore, request: OperationRequest): Promise<unknown> {
  try {
    return store.invoke(request);
  } catch (error) {
    if (error instanceof EmulatorError) throw Object.assign(error, { $metadata: { httpStatusCode: error.status } });
    if (error instanceof EmulatorReset) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    if (error instanceof EmulatorHang) throw Object.assign(new Error('The request was never answered (an injected hang).'), { name: 'TimeoutError' });
    throw error;
  }
}

/** A blob member (an export's body) as the SDK hands it over: bytes. */
export function blobOf(body: string): Uint8Array {
  return new TextEncoder().encode(body);
}
