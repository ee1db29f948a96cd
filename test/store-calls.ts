/** Assertions on what the emulator's store served, shared by the unit and integration tests. */
import type { CallRecord, EmulatorStore } from '../src/emulator/index.js';

const WRITE = /^(Create|Update|Delete|Reset|Flush)/;

/** The write operations the emulator served (or refused), in order. */
export function writes(store: EmulatorStore): CallRecord[] {
  return store.calls.filter((call) => WRITE.test(call.operation));
}

/** The calls of one operation, optionally for one API. */
export function callsOf(store: EmulatorStore, operation: string, apiId?: string): CallRecord[] {
  return store.calls.filter(
    (call) => call.operation === operation && (apiId === undefined || call.params.apiId === apiId || call.params.restApiId === apiId),
  );
}

/** Awaits a promise that must reject, and returns what it rejected with. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}
