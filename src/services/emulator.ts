/** Starts the embedded emulator with an optional seed file. */
import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import {
  EmulatorSeedError,
  AWS_OPERATION_RATE_LIMITS,
  EmulatorStore,
  parseSeed,
  startEmulator,
  type EmulatorSeed,
  type RunningEmulator,
} from '../emulator/index.js';

export interface EmulatorServiceOptions {
  readonly port: number;
  readonly host: string;
  readonly seedFiles: readonly string[];
  readonly pageSize?: number;
  /** AWS's account-wide control-plane quota (10 requests per second, burst 40) and CreateDeployment's (one every 5 s). */
  readonly throttle: boolean;
  /** Added before every answer. */
  readonly latencyMs?: number;
}

export async function runEmulator(options: EmulatorServiceOptions): Promise<{ emulator: RunningEmulator; store: EmulatorStore }> {
  const store = new EmulatorStore({
    throttle: options.throttle && { operations: AWS_OPERATION_RATE_LIMITS },
    ...(options.pageSize ? { pageSize: options.pageSize, restPageSize: options.pageSize } : {}),
  });
  for (const file of options.seedFiles) {
    const seed = await loadSeed(file);
    // The store checks each authorizer against CreateAuthorizer's rules: a seed that breaks them is
    // the user's file to fix, like one that does not parse.
    invalidSeedAsUserError(() => store.seed(seed));
  }
  try {
    const emulator = await startEmulator({ store, port: options.port, host: options.host, latencyMs: options.latencyMs ?? 0 });
    return { emulator, store };
  } catch (error) {
    throw new UserError('EMULATOR_LISTEN_FAILED', `Cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`, {
      hint: 'Choose another port with --port, or --port 0 for any free port.',
      cause: error,
    });
  }
}

async function loadSeed(file: string): Promise<EmulatorSeed> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UserError('SEED_UNREADABLE', `Cannot read the seed file ${file}: ${(error as Error).message}`, { cause: error });
  }
  return invalidSeedAsUserError(() => parseSeed(text, file));
}

function invalidSeedAsUserError<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof EmulatorSeedError) throw new UserError('SEED_INVALID', error.message, { cause: error });
    throw error;
  }
}
