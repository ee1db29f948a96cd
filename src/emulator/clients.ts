/** Typed, per-service clients over `EmulatorStore.invoke`: `store.v2.getAuthorizers({ apiId })`. */
import type { Handler, OperationContext } from './context.js';
import type { lambdaHandlers } from './lambda.js';
import type { restHandlers } from './rest.js';
import type { v2Handlers } from './v2.js';

export type Handlers = Readonly<Record<string, Handler<never, unknown>>>;

/** `GetAuthorizers` → `getAuthorizers(params)`, with each handler's own parameter and result types. */
export type ClientOf<H> = {
  readonly [K in keyof H & string as Uncapitalize<K>]: H[K] extends (ctx: OperationContext, ...args: infer A) => infer R
    ? (...args: A) => R
    : never;
};
export type V2Client = ClientOf<typeof v2Handlers>;
export type RestClient = ClientOf<typeof restHandlers>;
export type LambdaClient = ClientOf<typeof lambdaHandlers>;

export interface RegionClients {
  readonly v2: V2Client;
  readonly rest: RestClient;
  readonly lambda: LambdaClient;
}

export function bindClient<C>(handlers: Handlers, call: (operation: string, params: object) => unknown): C {
  const client: Record<string, (params?: object) => unknown> = {};
  for (const operation of Object.keys(handlers)) {
    client[operation.charAt(0).toLowerCase() + operation.slice(1)] = (params = {}) => call(operation, params);
  }
  return client as C;
}
