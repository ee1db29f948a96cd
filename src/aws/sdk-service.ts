/**
 * The SDK plumbing a family hands to `AwsClients` (src/aws/clients.ts): how its service's endpoint is
 * found and its client built, and the settings every client is built with.
 */
import { BugError } from '../errors.js';
import type { MiddlewareStack } from '@smithy/types';
import type { RetryStrategyV2 } from './retry.js';

/** The settings every SDK client is built with; decided in `src/aws/clients.ts`. */
export interface SdkClientConfig {
  readonly region: string;
  /** The SDK's adaptive strategy with gatewarden's attempt budgets (src/aws/retry.ts). */
  readonly retryStrategy: RetryStrategyV2;
  /** Connection and request timeouts (src/aws/resilience.ts). */
  readonly requestHandler?: { readonly connectionTimeout: number; readonly requestTimeout: number; readonly throwOnRequestTimeout: boolean };
  readonly endpoint?: string;
  readonly profile?: string;
  /** The environment's assumed role, when it names one; else the SDK's default chain. */
  readonly credentials?: CredentialProvider;
}

/** The SDK's credential provider shape, as far as gatewarden hands one to a client. */
export type CredentialProvider = () => Promise<{
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}>;

/** The slice of an SDK client that pacing, retries and answer checks need (every generated client has it). */
export interface MiddlewareHost {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the middleware never looks at a command's input or output
  readonly middlewareStack: Pick<MiddlewareStack<any, any>, 'add' | 'addRelativeTo'>;
}

/** A built SDK client: every generated client has a middleware stack, where pacing and retries go. */
export interface SdkClient extends MiddlewareHost {
  destroy(): void;
}

/** One AWS SDK service: how `AwsClients` finds its endpoint and builds its client. */
export interface SdkService<C extends SdkClient = SdkClient> {
  /** Caches one client per service and region. */
  readonly key: string;
  /**
   * The SDK resolves AWS_ENDPOINT_URL[_SERVICE] itself, but one release ignored them
   * (@smithy/middleware-endpoint 4.1.14), so the endpoint is read from these and passed explicitly.
   */
  readonly endpointVariables: readonly string[];
  /** Builds the client; loads the SDK (through the family's live.ts) on first use only. */
  create(config: SdkClientConfig): Promise<C>;
}

/** Where a family's port gets its SDK client (`AwsClients`): as narrow as `Family.connect` needs. */
export interface SdkClientSource {
  client<C extends SdkClient>(service: SdkService<C>, region: string): Promise<C>;
}

/**
 * Names the operation of each SDK command a port sends, from the command classes it lists, for a
 * `send` that is not the SDK's client (the emulator's store, src/families/<id>/memory.ts).
 */
export function commandOperations(service: string, commands: Readonly<Record<string, abstract new (...args: never[]) => object>>): (command: object) => string {
  const operations = new Map<unknown, string>(Object.entries(commands).map(([operation, command]) => [command, operation]));
  return (command) => {
    const operation = operations.get(command.constructor);
    if (operation === undefined) throw new BugError(`the ${service} port sent a command it does not list: ${command.constructor.name}`);
    return operation;
  };
}
