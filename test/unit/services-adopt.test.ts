/** adoptUnmanaged over the in-memory port: what it appends, and what it must never declare. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replacementName } from '../../src/core/replacement.js';
import { adoptUnmanaged } from '../../src/services/adopt.js';
import { API_ID, memoryHarness, REGION } from './services-support.js';

const jwt = (name: string) => ({ name, authorizerType: 'JWT', identitySource: ['$request.header.Authorization'], jwtConfiguration: { issuer: 'https://issuer.example.com', audience: ['a'] } });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gatewarden-adopt-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('adoptUnmanaged over the in-memory port', () => {
  it("appends the unmanaged authorizers, but never a replacement's temporary one, which it names in a warning", async () => {
    const h = memoryHarness([{ type: 'http', id: API_ID, name: 'orders', authorizers: [jwt('orders'), jwt(replacementName('orders')), jwt('stray')] }]);
    const file = path.join(dir, 'orders.yaml');
    await writeFile(file, `apiVersion: gatewarden/v1\nkind: AuthorizerSet\nspec:\n  region: ${REGION}\n  api: { type: http, id: ${API_ID} }\n  authorizers:\n    - ${JSON.stringify(jwt('orders'))}\n`);
    const result = await adoptUnmanaged([file], h.options);
    expect(result.files.map((adopted) => adopted.apis.map((api) => api.names))).toEqual([[['stray']]]);
    expect(result.files[0]?.after).not.toContain(replacementName('orders'));
    expect(h.output.events).toContainEqual(expect.objectContaining({ code: 'warning', message: expect.stringContaining(`left out authorizer "${replacementName('orders')}"`) }));
  });
});
