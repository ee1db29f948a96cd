/**
 * Environments end to end, as the example workflows run them: `environments --json` gives the matrix,
 * each environment is planned with its own variables and account (prod through its role), and the
 * saved plans merge into one Markdown comment, pinned in test/golden/environments/merged.md
 * (UPDATE_GOLDEN=1 rewrites it). The account guard refuses with exit 6 and no API Gateway call.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertBuilt, describeRun, parseJsonStdout, REPO_ROOT, runCli, startFake, tempDir, type Fake, type TempDir } from './support.js';

assertBuilt();

const GOLDEN = path.join(REPO_ROOT, 'test', 'golden', 'environments', 'merged.md');
const SEED = `account: "111111111111"
apis:
  - { type: http, region: eu-west-1, id: ordersapi1, name: orders }
`;
const MANIFEST = `# yaml-language-server: $schema=../../schemas/gatewarden.schema.json
apiVersion: gatewarden/v1
kind: AuthorizerSet
spec:
  api: { type: http, name: orders }
  authorizers:
    - name: jwt-main
      authorizerType: JWT
      identitySource: ["$request.header.Authorization"]
      jwtConfiguration:
        issuer: https://cognito-idp.eu-west-1.amazonaws.com/\${vars.userPool}
        audience: ["\${vars.client}"]
`;
const environmentFile = (name: string, account: string, vars: Record<string, string>, roleArn?: string) => `# yaml-language-server: $schema=../../schemas/environment.schema.json
apiVersion: gatewarden/v1
kind: Environment
metadata:
  name: ${name}
spec:
  account: "${account}"
  region: eu-west-1
${roleArn ? `  roleArn: ${roleArn}\n` : ''}  vars:
${Object.entries(vars).map(([key, value]) => `    ${key}: ${value}`).join('\n')}
`;
const PROD_ROLE = 'arn:aws:iam::222222222222:role/gatewarden-plan';

let fake: Fake;
let dir: TempDir;
const cli = (args: string[]) => runCli([...args, '--endpoint-url', fake.url], { cwd: dir.path });

beforeAll(async () => {
  dir = await tempDir();
  await dir.write('gatewarden/manifests/orders.yaml', MANIFEST);
  await dir.write('gatewarden/environments/dev.yaml', environmentFile('dev', '111111111111', { userPool: 'eu-west-1_dev', client: 'dev-client' }));
  await dir.write('gatewarden/environments/prod.yaml', environmentFile('prod', '222222222222', { userPool: 'eu-west-1_prod', client: 'prod-client' }, PROD_ROLE));
});
afterAll(() => dir.remove());
beforeEach(async () => {
  await fake?.close();
  fake = await startFake(SEED);
});
afterAll(() => fake.close());

describe('environments', () => {
  it('lists the environments as a GitHub matrix', async () => {
    const result = await runCli(['environments', 'gatewarden/manifests', '--json'], { cwd: dir.path });
    expect(result.code, describeRun(result)).toBe(0);
    expect(parseJsonStdout(result)).toEqual({
      include: [
        { name: 'dev', account: '111111111111', region: 'eu-west-1', file: 'gatewarden/environments/dev.yaml' },
        { name: 'prod', account: '222222222222', region: 'eu-west-1', file: 'gatewarden/environments/prod.yaml' },
      ],
    });
  });

  it('validates the manifests against every environment, and locates a variable one of them lacks', async () => {
    const ok = await runCli(['validate', 'gatewarden/manifests', '--all-envs'], { cwd: dir.path });
    expect(ok.code, describeRun(ok)).toBe(0);
    expect(ok.stdout).toContain('in 2 environments: dev, prod');
    await dir.write('staging.yaml', environmentFile('staging', '333333333333', { userPool: 'eu-west-1_stg' }));
    const bad = await runCli(['validate', 'gatewarden/manifests', '--env', 'dev', '--env', './staging.yaml'], { cwd: dir.path });
    expect(bad.code, describeRun(bad)).toBe(3);
    expect(bad.stderr).toContain(
      `${path.join('gatewarden', 'manifests', 'orders.yaml')}:12:21: \${vars.client}: not defined in the environment staging.yaml; it defines userPool`,
    );
  });

  it('plans each environment of the matrix, and merges the saved plans into one Markdown comment', async () => {
    const matrix = parseJsonStdout<{ include: { name: string; file: string }[] }>(await runCli(['environments', 'gatewarden', '--json'], { cwd: dir.path }));
    for (const row of matrix.include) {
      const planned = await cli(['plan', 'gatewarden/manifests', '--env', row.file, '--out', `plan-${row.name}.json`]);
      expect(planned.code, describeRun(planned)).toBe(0);
      expect(planned.stdout).toContain(`Environment ${row.name} (account `);
    }
    expect(fake.store.identity.calls.map((call) => [call.action, call.roleSessionName])).toEqual([
      ['GetCallerIdentity', undefined],
      ['AssumeRole', 'gatewarden-prod'],
      ['GetCallerIdentity', undefined],
    ]);
    const shown = await runCli(['show', '--format', 'markdown', 'plan-dev.json', 'plan-prod.json'], { cwd: dir.path });
    expect(shown.code, describeRun(shown)).toBe(0);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) writeFileSync(GOLDEN, shown.stdout);
    expect(shown.stdout).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('refuses another account with exit 6 and no API Gateway call', async () => {
    await dir.write('gatewarden/environments/staging.yaml', environmentFile('staging', '333333333333', { userPool: 'x', client: 'y' }));
    const result = await cli(['plan', 'gatewarden/manifests', '--env', 'staging']);
    expect(result.code, describeRun(result)).toBe(6);
    expect(result.stderr).toContain('The environment staging (gatewarden/environments/staging.yaml) is account 333333333333, but the credentials are account 111111111111');
    expect(result.stderr).toContain('from the AWS_ACCESS_KEY_ID environment variables');
    expect(fake.store.calls).toEqual([]);
    const exported = await runCli(['export', '--env', 'gatewarden/environments/staging.yaml', '--endpoint-url', fake.url], { cwd: dir.path });
    expect(exported.code, describeRun(exported)).toBe(6);
    expect(fake.store.calls).toEqual([]);
  });

  it('export and adopt with --env write the environment\'s values back as ${vars.NAME}, and plan with that environment has nothing to do', async () => {
    const applied = await cli(['apply', 'gatewarden/manifests', '--env', 'dev', '--auto-approve']);
    expect(applied.code, describeRun(applied)).toBe(0);
    const exported = await cli(['export', '--env', 'gatewarden/environments/dev.yaml', '--out', 'exported']);
    expect(exported.code, describeRun(exported)).toBe(0);
    // The check it suggests must work as written: the exported manifests hold ${vars.…}.
    expect(exported.stdout).toContain('Check with: gatewarden plan exported --env gatewarden/environments/dev.yaml\n');
    const byName = await cli(['export', '--env', 'dev', '--out', 'gatewarden/exported']);
    expect(byName.stdout, describeRun(byName)).toContain('Check with: gatewarden plan gatewarden/exported --env dev\n');
    const text = await readFile(path.join(dir.path, 'exported', 'orders.yaml'), 'utf8');
    expect(text).toContain('issuer: https://cognito-idp.eu-west-1.amazonaws.com/${vars.userPool}');
    expect(text).toContain('- ${vars.client}');
    const planned = await cli(['plan', 'exported', '--env', 'gatewarden/environments/dev.yaml', '--detailed-exitcode']);
    expect(planned.code, describeRun(planned)).toBe(0);

    await dir.write('adopting/orders.yaml', 'apiVersion: gatewarden/v1\nkind: AuthorizerSet\nspec:\n  api: { type: http, name: orders }\n  authorizers: []\n');
    const unmanaged = await cli(['plan', 'adopting', '--env', 'gatewarden/environments/dev.yaml']);
    expect(unmanaged.stdout).toContain('gatewarden adopt adopting --env gatewarden/environments/dev.yaml');
    const adopted = await cli(['adopt', 'adopting', '--env', 'gatewarden/environments/dev.yaml']);
    expect(adopted.code, describeRun(adopted)).toBe(0);
    expect(await readFile(path.join(dir.path, 'adopting', 'orders.yaml'), 'utf8')).toContain('- ${vars.client}');
    const clean = await cli(['plan', 'adopting', '--env', 'gatewarden/environments/dev.yaml', '--detailed-exitcode']);
    expect(clean.code, describeRun(clean)).toBe(0);
  });

  it("applies a saved plan only in its environment's account (exit 4 otherwise)", async () => {
    const planned = await cli(['plan', 'gatewarden/manifests', '--env', 'prod', '--out', 'plan-prod.json']);
    expect(planned.code, describeRun(planned)).toBe(0);
    fake.store.clearCalls();
    const refused = await cli(['apply', 'plan-prod.json']);
    expect(refused.code, describeRun(refused)).toBe(4);
    expect(refused.stderr).toContain('made for the environment prod in account 222222222222, but the credentials are account 111111111111');
    expect(fake.store.calls).toEqual([]);
    const applied = await cli(['apply', 'plan-prod.json', '--env', 'gatewarden/environments/prod.yaml']);
    expect(applied.code, describeRun(applied)).toBe(0);
    expect(fake.writes().map((call) => call.operation)).toEqual(['CreateAuthorizer']);
  });
});
