/**
 * Opaque page tokens: base64url of the offset and a fingerprint of the listing they belong to,
 * so a token replayed against another list is refused like AWS refuses a foreign token.
 */
import { LARGEST_PAGE } from '../aws/ports.js';
import type { OperationContext, StoreLimits } from './context.js';
import { badRequest, constraintViolation, restConstraintViolation, type ConstraintViolation } from './errors.js';

/** v1's documented maximum, which the emulator applies to v2 too (docs/aws-behaviour.md#pagination). */
export const MAX_PAGE_SIZE = LARGEST_PAGE;

/** How one service names its paging members, and which store limit is its default page size. */
export interface PageWire<Token extends string> {
  readonly service: string;
  readonly sizeMember: string;
  readonly tokenMember: Token;
  readonly defaultSize: keyof Pick<StoreLimits, 'pageSize' | 'restPageSize'>;
  /** How the service answers a page size that breaks its constraints. */
  readonly violation: ConstraintViolation;
}

export const V2_PAGES = { service: 'apigatewayv2', sizeMember: 'maxResults', tokenMember: 'nextToken', defaultSize: 'pageSize', violation: constraintViolation } as const;
export const REST_PAGES = { service: 'apigateway', sizeMember: 'limit', tokenMember: 'position', defaultSize: 'restPageSize', violation: restConstraintViolation } as const;

/**
 * One page of a listing, as either service answers it: at most the size the request asks for
 * (else the store's default) and at most the store's page cap, so that tests can exercise paging
 * through clients that ask for the largest page. Items are copies: a caller cannot change the state.
 */
export function servePage<T, Token extends string>(
  ctx: OperationContext,
  all: readonly T[],
  params: Readonly<Record<string, unknown>>,
  wire: PageWire<Token>,
  listing: string,
): { readonly items: T[] } & { readonly [member in Token]?: string } {
  const slice = paginate(all, {
    size: params[wire.sizeMember],
    token: params[wire.tokenMember],
    sizeMember: wire.sizeMember,
    tokenMember: wire.tokenMember,
    defaultSize: ctx.limits[wire.defaultSize],
    maxSize: ctx.limits.maxPageSize,
    listing: `${wire.service} ${listing}`,
    violation: wire.violation,
  });
  const items = structuredClone(slice.items);
  return (slice.next === undefined ? { items } : { items, [wire.tokenMember]: slice.next }) as { items: T[] } & { [member in Token]?: string };
}

export interface PageQuery {
  /** The page-size member as the client sent it (`maxResults` is a string on v2, `limit` an integer on v1). */
  readonly size: unknown;
  readonly token: unknown;
  /** Wire names, for messages. */
  readonly sizeMember: string;
  readonly tokenMember: string;
  readonly defaultSize: number;
  /** The most items a page holds, whatever the request asks. */
  readonly maxSize?: number;
  /** Identifies the list, e.g. `apigatewayv2 GetAuthorizers a1b2c3d4e5`. */
  readonly listing: string;
  /** Default: the v2 answer (`BadRequestException`). */
  readonly violation?: ConstraintViolation;
}

export interface PageSlice<T> {
  readonly items: T[];
  readonly next?: string;
}

export function paginate<T>(all: readonly T[], query: PageQuery): PageSlice<T> {
  const size = Math.min(readSize(query), query.maxSize ?? MAX_PAGE_SIZE);
  const fingerprint = fingerprintOf(query.listing);
  const offset = query.token === undefined || query.token === null ? 0 : readToken(query, fingerprint);
  const items = all.slice(offset, offset + size);
  const end = offset + items.length;
  return end < all.length ? { items, next: encodeToken(end, fingerprint) } : { items };
}

function readSize(query: PageQuery): number {
  const raw = query.size;
  const violation = query.violation ?? constraintViolation;
  if (raw === undefined || raw === null) return query.defaultSize;
  const size = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(size)) {
    throw violation(raw, query.sizeMember, 'Member must be an integer');
  }
  if (size < 1) throw violation(raw, query.sizeMember, 'Member must have value greater than or equal to 1');
  if (size > MAX_PAGE_SIZE) {
    throw violation(raw, query.sizeMember, `Member must have value less than or equal to ${MAX_PAGE_SIZE}`);
  }
  return size;
}

function readToken(query: PageQuery, fingerprint: string): number {
  const invalid = badRequest(`Invalid ${query.tokenMember} specified`);
  if (typeof query.token !== 'string') throw invalid;
  const decoded = Buffer.from(query.token, 'base64url').toString('utf8');
  const match = /^(\d{1,9})\.([0-9a-f]{8})$/.exec(decoded);
  if (match === null || match[2] !== fingerprint) throw invalid;
  return Number(match[1]);
}

function encodeToken(offset: number, fingerprint: string): string {
  return Buffer.from(`${offset}.${fingerprint}`, 'utf8').toString('base64url');
}

/** FNV-1a: a stable, dependency-free 32-bit fingerprint. */
function fingerprintOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
