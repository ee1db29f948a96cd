/** `plan --show-usage` on the demo: the seeded routes and methods appear under their authorizers. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRun, freshFake, REPO_ROOT, runCli } from './support.js';

describe('gatewarden plan --show-usage', () => {
  const { fake } = freshFake({}, { seed: readFileSync(path.join(REPO_ROOT, 'examples', 'emulator-seed.yaml'), 'utf8') });

  it('lists what uses each authorizer of the demo, in text and JSON, and writes nothing', async () => {
    const text = await runCli(['plan', 'examples/manifests', '--show-usage', '--endpoint-url', fake.url], { cwd: REPO_ROOT });
    expect(text.code, describeRun(text)).toBe(0);
    expect(text.stdout).toContain('# used by 2 routes: GET /orders, POST /orders');
    expect(text.stdout).toContain('used by 2 methods: GET /pets, POST /pets');
    expect(text.stdout).toContain('used by 1 route: $connect');
    expect(text.stdout).toContain('used by 1 method: GET /pets/{id}');

    const json = await runCli(['plan', 'examples/manifests', '--show-usage', '--json', '--endpoint-url', fake.url], { cwd: REPO_ROOT });
    const usage = (JSON.parse(json.stdout) as { usage: { name: string; count: number; first: string[] }[] }).usage;
    expect(usage).toContainEqual(expect.objectContaining({ name: 'jwt-main', count: 2, first: ['GET /orders', 'POST /orders'] }));
    expect(fake.writes()).toEqual([]);
  });
});
