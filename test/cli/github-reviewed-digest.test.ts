/**
 * `gatewarden github reviewed-digest` against a fake GitHub REST API on loopback: the apply workflow
 * relies on it to apply only the plan that was reviewed on the merged pull request.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planDigestMarker } from '../../src/render/markdown.js';
import { assertBuilt, describeRun, hasStackTrace, runCli } from './support.js';

assertBuilt();

const MERGED = 'a'.repeat(40);
const DIRECT = 'b'.repeat(40);
const digest = (char: string) => `sha256:${char.repeat(64)}`;

let server: Server;
let url: string;
const requests: string[] = [];

beforeEach(async () => {
  requests.length = 0;
  server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === `/repos/acme/config/commits/${MERGED}/pulls`) return send(200, [{ number: 7, merged_at: '2026-11-21T10:00:00Z' }]);
    if (path === `/repos/acme/config/commits/${DIRECT}/pulls`) return send(200, []);
    if (path === '/repos/acme/config/issues/7/comments') {
      const page = new URL(request.url ?? '/', 'http://localhost').searchParams.get('page');
      if (page === '2') return send(200, [{ body: `updated plan\n${planDigestMarker(digest('2'), 'production')}` }]);
      return send(200, [{ body: 'LGTM' }, { body: planDigestMarker(digest('1'), 'production') }, { body: planDigestMarker(digest('9'), 'staging') }], {
        link: `<${url}/repos/acme/config/issues/7/comments?per_page=100&page=2>; rel="next"`,
      });
    }
    return send(404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const run = (args: string[]) =>
  runCli(['github', 'reviewed-digest', ...args], {
    env: { GITHUB_TOKEN: 'ghs_test', GITHUB_REPOSITORY: 'acme/config', GITHUB_API_URL: url },
  });

describe('github reviewed-digest', () => {
  it("prints the newest plan digest of the environment from the merged pull request's comments", async () => {
    const result = await run(['--commit', MERGED, '--environment', 'production']);
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout.trim()).toBe(digest('2'));
    expect(requests.every((line) => line.endsWith('Bearer ghs_test'))).toBe(true);
    const staging = await run(['--commit', MERGED, '--environment', 'staging']);
    expect(staging.stdout.trim()).toBe(digest('9'));
  });

  it('fails clearly when the commit came without a pull request, or the pull request shows no plan', async () => {
    const direct = await run(['--commit', DIRECT, '--environment', 'production']);
    expect(direct.code, describeRun(direct)).toBe(1);
    expect(direct.stderr).toContain('was not merged through a pull request');
    const noPlan = await run(['--commit', MERGED, '--environment', 'qa']);
    expect(noPlan.code, describeRun(noPlan)).toBe(1);
    expect(noPlan.stderr).toContain('shows no gatewarden plan for qa');
    expect(hasStackTrace(direct.stderr + noPlan.stderr)).toBe(false);
  });
});
