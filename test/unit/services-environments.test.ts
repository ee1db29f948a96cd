/** Environments in the services: validation across environments, and the guard over the in-memory store. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Environment } from '../../src/core/environment.js';
import { WrongAccountError } from '../../src/errors.js';
import { InvalidManifestError } from '../../src/manifest/issues.js';
import { findEnvironments, requireEnvironment, validateForEnvironments } from '../../src/services/environments.js';
import { RecordingOutput } from '../../src/services/output.js';
import { planFromManifests } from '../../src/services/plan.js';
import { API_ID, memoryHarness, rejection } from './services-support.js';

const MANIFEST = `apiVersion: gatewarden/v1
kind: AuthorizerSet
spec:
  api: { type: http, id: ${API_ID} }
  authorizers:
    - name: jwt
      authorizerType: JWT
      identitySource: ["$request.header.Authorization"]
      jwtConfiguration: { issuer: "\${vars.issuer}", audience: [orders] }
`;
const environmentText = (name: string, vars: string) =>
  `apiVersion: gatewarden/v1\nkind: Environment\nmetadata: {name: ${name}}\nspec:\n  account: "123456789012"\n  region: eu-west-1\n  vars: ${vars}\n`;

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

/** manifests/ and environments/ side by side in a fresh folder. */
async function layout(environments: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'gatewarden-envs-'));
  roots.push(root);
  await mkdir(path.join(root, 'manifests'));
  await mkdir(path.join(root, 'environments'));
  await writeFile(path.join(root, 'manifests', 'orders.yaml'), MANIFEST);
  for (const [name, text] of Object.entries(environments)) await writeFile(path.join(root, 'environments', `${name}.yaml`), text);
  return path.join(root, 'manifests');
}

describe('environments in the services', () => {
  it('finds an environment by name beside the manifests, and lists what it tried when there is none', async () => {
    const manifests = await layout({ dev: environmentText('dev', '{issuer: "https://dev.example.com"}') });
    const output = new RecordingOutput();
    expect((await requireEnvironment('dev', [manifests], output)).vars).toEqual({ issuer: 'https://dev.example.com' });
    const error = await rejection(requireEnvironment('prod', [manifests], output));
    expect(error).toBeInstanceOf(InvalidManifestError);
    const [issue] = (error as InvalidManifestError).issues;
    expect(issue?.code).toBe('environment.not-found');
    expect(issue?.file).toBe(path.join(manifests, 'environments', 'prod.yaml'));
    expect(issue?.message).toContain(path.join(manifests, 'environments', 'prod.yaml'));
    expect(issue?.message).toContain(path.join(path.dirname(manifests), 'environments', 'prod.yaml'));
    expect(issue?.message).toContain('found dev');
  });

  it('reports a problem found with some environments once, saying which', async () => {
    const manifests = await layout({
      dev: environmentText('dev', '{issuer: "https://dev.example.com"}'),
      qa: environmentText('qa', '{issuer: "http://bad.example.com"}'),
      prod: environmentText('prod', '{issuer: "http://bad.example.com", extra: "x"}'),
    });
    const output = new RecordingOutput();
    const environments = await findEnvironments([manifests], output);
    expect(environments.map((environment) => environment.name)).toEqual(['dev', 'prod', 'qa']);
    const error = await rejection(validateForEnvironments([manifests], environments, output));
    expect((error as InvalidManifestError).issues.map((issue) => issue.message)).toEqual([
      expect.stringMatching(/issuer.*\(with environments prod, qa\)$/),
    ]);
    expect(output.events).toContainEqual({ code: 'warning', message: `${path.join(path.dirname(manifests), 'environments', 'prod.yaml')}:7:44: variable extra is not used by any manifest` });
  });

  it('refuses another account over the in-memory store with no API Gateway call', async () => {
    const h = memoryHarness([{ type: 'http', id: API_ID, name: 'orders' }]);
    const manifests = await layout({});
    const environment: Environment = { name: 'prod', account: '999999999999', vars: { issuer: 'https://x.example.com' }, file: 'prod.yaml' };
    const error = await rejection(planFromManifests([manifests], { ...h.options, environment }));
    expect(error).toBeInstanceOf(WrongAccountError);
    expect(h.store.calls).toEqual([]);
  });
});
