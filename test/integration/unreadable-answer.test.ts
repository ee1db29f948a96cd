/**
 * An endpoint that answers an HTML page instead of AWS's JSON (a misconfigured --endpoint-url, a proxy,
 * a load balancer), met by the real SDK clients: the error names the call, the HTTP status, the
 * content type and the body's first line, and says what it usually means; a 5xx page is retried like
 * any 5xx and a 4xx page is not (the requests are counted).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { sdkAccess } from '../../src/services/access.js';
import { AwsClients } from '../../src/aws/clients.js';
import { callerIdentity } from '../../src/aws/identity.js';
import { AwsError } from '../../src/errors.js';
import { planFromManifests } from '../../src/services/plan.js';
import { RecordingOutput } from '../../src/services/output.js';
import { FAST } from './fault-support.js';
import { manifest, rejection, REGION } from './support.js';

const PAGE = `\n<html>\n<head><title>404 Not Found</title></head>\n<body><center>nginx</center></body>\n</html>\n`;

interface PageServer {
  readonly url: string;
  /** Requests received, as `METHOD path`. */
  readonly requests: string[];
}

let dir: string;
let legacy: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gatewarden-it-'));
  legacy = path.join(dir, 'legacy.yaml');
  await writeFile(legacy, stringify(manifest({ type: 'rest', id: 'restapi001' }, [])));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

const servers: Server[] = [];
const clientsToClose: AwsClients[] = [];

afterEach(async () => {
  for (const clients of clientsToClose.splice(0)) clients.destroy();
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

/** A web server on 127.0.0.1 that answers every request with the page and the status. */
async function pageServer(status: number, body = PAGE, contentType = 'text/html; charset=utf-8'): Promise<PageServer> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    request.resume();
    response.writeHead(status, contentType === '' ? {} : { 'content-type': contentType });
    response.end(body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

function clientsFor(url: string): AwsClients {
  const clients = new AwsClients({ endpointUrl: url, region: REGION, resilience: FAST });
  clientsToClose.push(clients);
  return clients;
}

/** Plans one REST API by id (one GetRestApi call first) against the server. */
async function planAgainst(server: PageServer): Promise<AwsError> {
  const error = await rejection(planFromManifests([legacy], { aws: sdkAccess(clientsFor(server.url)), output: new RecordingOutput() }));
  expect(error).toBeInstanceOf(AwsError);
  return error as AwsError;
}

describe('an answer that is not JSON', () => {
  it('a 404 page: names the call, status, content type and first line, says check --endpoint-url, and is not retried', async () => {
    const server = await pageServer(404);
    const error = await planAgainst(server);
    expect(error.code).toBe('ANSWER_UNREADABLE');
    expect(error.message).toMatch(
      /legacy\.yaml:\d+:\d+: .*GetRestApi got an answer that is not API Gateway's after 1 attempt\(s\): HTTP 404, content type text\/html; charset=utf-8, body "<html>"$/,
    );
    expect(error.message).not.toMatch(/SyntaxError|Unexpected token|\$response/);
    expect(error.hint).toBe('Usually the endpoint is not API Gateway: check --endpoint-url and the AWS_ENDPOINT_URL variables.');
    expect(server.requests).toEqual(['GET /restapis/restapi001']);
  });

  it('a 502 page: the same, after the SDK retried it like any 5xx', async () => {
    const server = await pageServer(502);
    const error = await planAgainst(server);
    expect(error.code).toBe('ANSWER_UNREADABLE');
    expect(error.message).toMatch(/GetRestApi got an answer that is not API Gateway's after 3 attempt\(s\): HTTP 502, content type text\/html; charset=utf-8, body "<html>"$/);
    expect(error.hint).toMatch(/^Usually a proxy or load balancer in front of API Gateway failed, or the endpoint is not API Gateway; the call was retried/);
    expect(server.requests).toEqual(Array(3).fill('GET /restapis/restapi001'));
  });

  it("quotes the body's first non-blank line, cut short, and says so for an empty page", async () => {
    const long = `Service Unavailable: ${'x'.repeat(300)}\nsecond line`;
    const [cut, empty, bare] = await Promise.all([
      planAgainst(await pageServer(404, long, 'text/plain')),
      planAgainst(await pageServer(403, '', 'text/html')),
      planAgainst(await pageServer(403, '', '')),
    ]);
    expect(cut.message).toMatch(/HTTP 404, content type text\/plain, body "Service Unavailable: x+…"$/);
    expect(cut.message).not.toContain('second line');
    expect(/body "([^"]*)"$/.exec(cut.message)?.[1]).toHaveLength(120);
    expect(empty.code).toBe('ANSWER_UNREADABLE');
    expect(empty.message).toMatch(/HTTP 403, content type text\/html, an empty body$/);
    // A status without a body or a content type: the SDK names it Unknown, and the status is said as before.
    expect(bare.code).toBe('AWS_Unknown');
    expect(bare.message).toContain('HTTP 403 without an error body');
  });

  it("STS's GetCallerIdentity (the account guard) says the same of STS", async () => {
    const server = await pageServer(404);
    const error = await rejection(callerIdentity(clientsFor(server.url)));
    expect(error).toBeInstanceOf(AwsError);
    expect((error as AwsError).code).toBe('ANSWER_UNREADABLE');
    expect((error as AwsError).message).toMatch(/^GetCallerIdentity got an answer that is not STS's after 1 attempt\(s\): HTTP 404, content type text\/html; charset=utf-8, body "<html>"$/);
    expect((error as AwsError).hint).toBe('Usually the endpoint is not STS: check --endpoint-url and the AWS_ENDPOINT_URL variables.');
    expect(server.requests).toHaveLength(1);
  });
});
