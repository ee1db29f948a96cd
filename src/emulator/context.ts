/** What an operation handler sees: one region's state plus the store's injected clock, ids and limits. */
import type { RegionState } from './state.js';

export interface StoreLimits {
  /** v2 page size when `maxResults` is absent. */
  readonly pageSize: number;
  /** v1 page size when `limit` is absent. */
  readonly restPageSize: number;
  /** The most items a page holds, whatever the request asks (AWS: 500). */
  readonly maxPageSize: number;
  readonly maxAuthorizersPerApi: number;
}

export interface OperationContext {
  readonly region: string;
  readonly accountId: string;
  readonly state: RegionState;
  readonly limits: StoreLimits;
  /** The injected clock, truncated to whole seconds like AWS timestamps. */
  now(): Date;
  newId(length: number): string;
}

export type Handler<P, R> = (ctx: OperationContext, params: P) => R;

/** Drops `undefined` members so outputs omit what is absent, as AWS does. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}

