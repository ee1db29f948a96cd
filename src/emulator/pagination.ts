/**
 * Opaque page tokens: base64url of the offset and a fingerprint of the listing they belong to,
 * so a token replayed against another list is refused like AWS refuses a foreign token.
 */
import { badRequest, constraintViolation } from './errors.js';

export const MAX_PAGE_SIZE = 500;

export interface PageQuery {
  /** The page-size member as the client sent it (`maxResults` is a string on v2, `limit` an integer on v1). */
  readonly size: unknown;
  readonly token: unknown;
  /** Wire names, for messages. */
  readonly sizeMember: string;
  readonly tokenMember: string;
  readonly defaultSize: number;
  /** Identifies the list, e.g. `apigatewayv2 GetAuthorizers a1b2c3d4e5`. */
  readonly listing: string;
}

export interface PageSlice<T> {
  readonly items: T[];
  readonly next?: string;
}

export function paginate<T>(all: readonly T[], query: PageQuery): PageSlice<T> {
  const size = readSize(query);
  const fingerprint = fingerprintOf(query.listing);
  const offset = query.token === undefined || query.token === null ? 0 : readToken(query, fingerprint);
  const items = all.slice(offset, offset + size);
  const end = offset + items.length;
  return end < all.length ? { items, next: encodeToken(end, fingerprint) } : { items };
}

function readSize(query: PageQuery): number {
  const raw = query.size;
  if (raw === undefined || raw === null) return query.defaultSize;
  const size = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(size)) {
    throw constraintViolation(raw, query.sizeMember, 'Member must be an integer');
  }
  if (size < 1) throw constraintViolation(raw, query.sizeMember, 'Member must have value greater than or equal to 1');
  if (size > MAX_PAGE_SIZE) {
    throw constraintViolation(raw, query.sizeMember, `Member must have value less than or equal to ${MAX_PAGE_SIZE}`);
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
