/**
 * The emulator as an SDK request handler: each request the SDK would send over HTTP is served by the
 * wire layer (`serve` in http.ts) without a socket. A family's own SDK adapter over a client built with it
 * is the services' fake AWS, so the unit tests run the adapter users run, paths, paging and error
 * shapes included; only the socket is left to the integration tests.
 */
import type { SdkHttpRequest, SdkRequestHandler } from '../aws/sdk-service.js';
import { EmulatorHang, EmulatorReset } from './failures.js';
import { serve } from './http.js';
import type { EmulatorStore } from './store.js';

export function inProcessHandler(store: EmulatorStore): SdkRequestHandler {
  return {
    handle: async (request) => {
      const answer = serve(store, { method: request.method, url: urlOf(request), headers: { ...request.headers }, body: bodyOf(request.body) });
      // What the SDK's HTTP handler raises when a call is never answered, or its connection is dropped.
      if (answer instanceof EmulatorReset) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      if (answer instanceof EmulatorHang) throw Object.assign(new Error('The request was never answered (an injected hang).'), { name: 'TimeoutError' });
      return { response: { statusCode: answer.status, headers: { ...answer.headers }, body: new TextEncoder().encode(answer.body) } };
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
    destroy: () => undefined,
  };
}

function urlOf(request: SdkHttpRequest): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query ?? {})) {
    for (const entry of value === null ? [] : typeof value === 'string' ? [value] : value) query.append(key, entry);
  }
  const search = query.toString();
  return search === '' ? request.path : `${request.path}?${search}`;
}

function bodyOf(body: unknown): string {
  if (body === undefined || body === null) return '';
  return typeof body === 'string' ? body : new TextDecoder().decode(body as Uint8Array);
}
