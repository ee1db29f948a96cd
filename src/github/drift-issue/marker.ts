/**
 * The hidden markers by which a drift issue is recognised, on the first lines of its body:
 *   <!-- gatewarden:drift env=prod -->
 *   <!-- gatewarden:drift-digest sha256:… -->
 *   <!-- gatewarden:drift-items … -->      (base64url JSON list of drift items, for the delta comment)
 */
import { UsageError } from '../../errors.js';

const ENV_MARKER = 'gatewarden:drift';
const DIGEST_MARKER = 'gatewarden:drift-digest';
const ITEMS_MARKER = 'gatewarden:drift-items';
/** Item lists larger than this are left out of the marker; the delta comment then says only that the drift changed. */
const ITEMS_MARKER_MAX = 16_000;
const MARKER_LINE = /^<!-- (gatewarden:[a-z-]+) (\S+) -->$/;

export interface BodyMarkers {
  readonly environment?: string;
  readonly digest?: string;
  readonly items?: readonly string[];
}

export function markerLines(environment: string, currentDigest: string, items: readonly string[]): string {
  const encoded = Buffer.from(JSON.stringify(items), 'utf8').toString('base64url');
  return [
    `<!-- ${ENV_MARKER} env=${environment} -->`,
    `<!-- ${DIGEST_MARKER} ${currentDigest} -->`,
    ...(encoded.length <= ITEMS_MARKER_MAX ? [`<!-- ${ITEMS_MARKER} ${encoded} -->`] : []),
  ].join('\n');
}

/**
 * Markers are read only from the first lines of a body, so that a marker-like string further down
 * (an authorizer name in the drift table, text a person typed) can never be mistaken for one.
 */
export function readMarkers(body: string): BodyMarkers {
  let environment: string | undefined;
  let found: string | undefined;
  let items: string[] | undefined;
  for (const line of body.split(/\r?\n/)) {
    const match = MARKER_LINE.exec(line.trim());
    if (!match) break;
    const [, name, value = ''] = match;
    if (name === ENV_MARKER && value.startsWith('env=')) environment = value.slice('env='.length);
    else if (name === DIGEST_MARKER) found = value;
    else if (name === ITEMS_MARKER) items = decodeItems(value);
  }
  return {
    ...(environment === undefined ? {} : { environment }),
    ...(found === undefined ? {} : { digest: found }),
    ...(items === undefined ? {} : { items }),
  };
}

function decodeItems(encoded: string): string[] | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function withoutMarkers(body: string): string {
  const lines = body.split(/\r?\n/);
  const first = lines.findIndex((line) => !MARKER_LINE.test(line.trim()));
  return (first === -1 ? [] : lines.slice(first)).join('\n').replace(/^\n+/, '');
}

/** Environment names go into markers and titles: keep them to a safe, unambiguous alphabet. */
export function assertEnvironmentName(environment: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(environment)) {
    throw new UsageError('ENVIRONMENT_INVALID', `"${environment}" is not a valid environment name.`, {
      hint: 'Use letters, digits, ".", "_" and "-" (at most 64), starting with a letter or digit, e.g. --environment prod.',
    });
  }
}
