/**
 * The restJson1 wire layer: routes method + path to an operation, turns the request into
 * parameters for `EmulatorStore.invoke`, and shapes the answer the way API Gateway does
 * (docs/aws-behaviour.md#transport, #error-format). Everything about behaviour lives in the store.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmulatorError } from './errors.js';
import type { ExportBlob } from './exports.js';
import type { ServiceName } from './model.js';
import { OPERATIONS, type OperationSpec } from './operations.js';
import { isPlainObject } from './params.js';
import { EmulatorHang, EmulatorReset, type EmulatorStore } from './store.js';
import { isStsRequest, serveSts } from './sts-http.js';
import type { WireRequest, WireResponse } from './wire.js';

export interface EmulatorServerOptions {
  readonly store: EmulatorStore;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Added before every answer, to stand in for the network and AWS's own time. Default 0. */
  readonly latencyMs?: number;
}

export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:45123`, to pass as the SDK clients' `endpoint`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export type { WireRequest, WireResponse } from './wire.js';

export async function startEmulator(options: EmulatorServerOptions): Promise<RunningEmulator> {
  const server = createServer((request, response) => {
    // A client that hangs up mid-request is not the emulator's failure; drop the exchange.
    answer(options.store, request, response, options.latencyMs ?? 0).catch(() => response.destroy());
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        // SDK clients keep connections alive; without this, close waits for them to time out.
        server.closeAllConnections();
      }),
  };
}

async function answer(store: EmulatorStore, request: IncomingMessage, response: ServerResponse, latencyMs: number): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
  const wire = serve(store, {
    method: request.method ?? 'GET',
    url: request.url ?? '/',
    headers: request.headers,
    body: Buffer.concat(chunks).toString('utf8'),
  });
  // An injected reset: the client sees the connection drop (ECONNRESET) with nothing answered.
  if (wire instanceof EmulatorReset) {
    response.socket?.resetAndDestroy();
    return;
  }
  // An injected hang: hold the request open; the client's timeout or the server's close ends it.
  if (wire instanceof EmulatorHang) return;
  response.writeHead(wire.status, wire.headers);
  response.end(wire.body);
}

/** One request in, one response out (none for an injected hang or reset); no sockets, so it is also usable from tests. */
export function serveRequest(store: EmulatorStore, request: WireRequest): WireResponse | undefined {
  const wire = serve(store, request);
  return wire instanceof EmulatorHang ? undefined : wire;
}

function serve(store: EmulatorStore, request: WireRequest): WireResponse | EmulatorHang {
  if (isStsRequest(request)) return serveSts(store.identity, request);
  const url = new URL(request.url, 'http://emulator');
  const route = matchRoute(request.method, url.pathname);
  if (route === undefined) {
    return errorResponse('UnknownOperationException', 404, { message: `No operation matches ${request.method} ${url.pathname}` });
  }
  const { spec, labels } = route;
  try {
    const params = { ...readBody(request.body), ...readQuery(spec, url.searchParams), ...readHeaders(spec, request.headers), ...labels };
    const result = store.invoke({ service: spec.service, operation: spec.operation, region: regionOf(request.headers), params });
    if (spec.binding?.blob === true) {
      const blob = result as ExportBlob;
      return { status: spec.status, headers: { ...baseHeaders(), 'content-type': blob.contentType }, body: blob.body };
    }
    const body = result === undefined ? '' : JSON.stringify(toWire(result, spec.service, true));
    return { status: spec.status, headers: baseHeaders(), body };
  } catch (error) {
    if (error instanceof EmulatorHang) return error;
    if (error instanceof EmulatorError) {
      if (error.withoutBody === true) return { status: error.status, headers: {}, body: '' };
      if (error.page !== undefined) return { status: error.status, headers: { 'content-type': error.page.contentType }, body: error.page.body };
      return errorResponse(error.code, error.status, { ...error.members, [error.messageKey ?? 'message']: error.message }, error.retryAfterSeconds);
    }
    const message = error instanceof Error ? error.message : String(error);
    return errorResponse('InternalFailure', 500, { message: `Emulator failure: ${message}` });
  }
}

interface Route {
  readonly spec: OperationSpec;
  readonly labels: Readonly<Record<string, string>>;
}

function matchRoute(method: string, pathname: string): Route | undefined {
  const segments = decodeSegments(pathname);
  if (segments === undefined) return undefined;
  for (const spec of OPERATIONS) {
    const template = spec.path.split('/').slice(1);
    if (spec.method !== method || template.length !== segments.length) continue;
    const labels: Record<string, string> = {};
    const matched = template.every((part, index) => {
      const segment = segments[index] ?? '';
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (name === undefined) return part === segment;
      labels[name] = segment;
      return segment !== '';
    });
    if (matched) return { spec, labels };
  }
  return undefined;
}

/** The SDK percent-encodes labels (`$default` arrives as `%24default`). */
function decodeSegments(pathname: string): string[] | undefined {
  try {
    return pathname.replace(/\/$/, '').split('/').slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

function readBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new EmulatorError({ code: 'BadRequestException', status: 400, message: 'Could not parse request body into json' });
  }
  if (!isPlainObject(parsed)) {
    throw new EmulatorError({ code: 'BadRequestException', status: 400, message: 'The request body must be a JSON object' });
  }
  return parsed;
}

function readQuery(spec: OperationSpec, query: URLSearchParams): Record<string, unknown> {
  const members: Record<string, unknown> = {};
  for (const name of spec.query) {
    const value = query.get(name);
    if (value !== null) members[name] = value;
  }
  const mapMember = spec.binding?.queryMap;
  if (mapMember !== undefined) {
    const rest = [...query.entries()].filter(([name]) => !spec.query.includes(name));
    if (rest.length > 0) members[mapMember] = Object.fromEntries(rest);
  }
  return members;
}

function readHeaders(spec: OperationSpec, headers: IncomingHttpHeaders): Record<string, string> {
  const members: Record<string, string> = {};
  for (const [header, member] of Object.entries(spec.binding?.headers ?? {})) {
    const value = headers[header];
    if (typeof value === 'string') members[member] = value;
  }
  return members;
}

/** The region is the SigV4 credential scope's; signatures themselves are not checked. */
function regionOf(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization ?? '';
  return /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\/(?:apigateway|lambda)\/aws4_request/.exec(authorization)?.[1];
}

/** v2 writes ISO-8601 UTC without fractions; v1 writes epoch seconds; v1 lists go under `item`. */
function toWire(value: unknown, service: ServiceName, top: boolean): unknown {
  if (value instanceof Date) {
    return service === 'apigatewayv2' ? value.toISOString().replace(/\.\d{3}Z$/, 'Z') : Math.floor(value.getTime() / 1000);
  }
  if (Array.isArray(value)) return value.map((item) => toWire(item, service, false));
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [
      top && service === 'apigateway' && key === 'items' ? 'item' : key,
      toWire(member, service, false),
    ]),
  );
}

function baseHeaders(): Record<string, string> {
  return { 'content-type': 'application/json', 'x-amzn-RequestId': randomUUID() };
}

function errorResponse(code: string, status: number, body: Record<string, unknown>, retryAfterSeconds?: number): WireResponse {
  const headers: Record<string, string> = { ...baseHeaders(), 'x-amzn-ErrorType': code };
  if (retryAfterSeconds !== undefined) headers['Retry-After'] = String(retryAfterSeconds);
  return { status, headers, body: JSON.stringify(body) };
}
