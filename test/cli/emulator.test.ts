/**
 * `gatewarden emulator`: a long-running child process that a real SDK client talks to, and stops on
 * SIGTERM (spawned); its refusals of a seed run in-process.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { APIGatewayClient, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, GetApisCommand } from '@aws-sdk/client-apigatewayv2';
import { afterEach, describe, expect, it } from 'vitest';
import { assertBuilt, BIN, childEnv, describeRun, hasStackTrace, REPO_ROOT, runCli, tempDir } from './support.js';

assertBuilt();

type Child = ChildProcessByStdio<null, Readable, Readable>;

interface RunningCliEmulator {
  readonly child: Child;
  readonly url: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code and signal once the process has ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: Child[] = [];

/** Spawns the emulator command and waits for the line that names its URL. */
async function startCliEmulator(args: readonly string[]): Promise<RunningCliEmulator> {
  const child = spawn(process.execPath, [BIN, 'emulator', ...args], {
    cwd: REPO_ROOT,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 10 s\nstdout: ${stdout}\nstderr: ${stderr}`)), 10_000);
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited (${code}) before listening\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
  return { child, url, exited, stdout: () => stdout, stderr: () => stderr };
}

afterEach(() => {
  // Only the processes this file started, by handle; normally they have exited already.
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

describe('gatewarden emulator', () => {
  it('serves the seeded APIs to an unmodified SDK client, and stops with exit 0 on SIGTERM', async () => {
    const emulator = await startCliEmulator(['--port', '0', '--seed', 'examples/emulator-seed.yaml']);
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.url).not.toMatch(/:0$/);

    const v2 = new ApiGatewayV2Client({ endpoint: emulator.url, region: 'eu-west-1', credentials });
    const rest = new APIGatewayClient({ endpoint: emulator.url, region: 'eu-west-1', credentials });
    try {
      const apis = await v2.send(new GetApisCommand({}));
      expect((apis.Items ?? []).map((api) => [api.Name, api.ProtocolType]).sort()).toEqual([
        ['chat', 'WEBSOCKET'],
        ['orders', 'HTTP'],
      ]);
      const restApis = await rest.send(new GetRestApisCommand({}));
      expect((restApis.items ?? []).map((api) => api.name)).toEqual(['legacy-api']);
      // The seed is regional: another region is empty.
      const elsewhere = new ApiGatewayV2Client({ endpoint: emulator.url, region: 'us-east-1', credentials });
      try {
        expect((await elsewhere.send(new GetApisCommand({}))).Items ?? []).toEqual([]);
      } finally {
        elsewhere.destroy();
      }
    } finally {
      v2.destroy();
      rest.destroy();
    }

    emulator.child.kill('SIGTERM');
    const { code, signal } = await emulator.exited;
    expect({ code, signal }, emulator.stderr()).toEqual({ code: 0, signal: null });
    // It also says how to point gatewarden at it.
    expect(emulator.stdout()).toContain(`--endpoint-url ${emulator.url}`);
    expect(hasStackTrace(emulator.stderr())).toBe(false);
  });

  it('refuses an invalid seed file with a non-zero exit and a message naming the file', async () => {
    const dir = await tempDir();
    try {
      const seed = await dir.write('bad-seed.yaml', 'apis:\n  - type: http\n    name: orders\n    colour: blue\n');
      const result = await runCli(['emulator', '--port', '0', '--seed', seed]);
      expect(result.signal, describeRun(result)).toBeNull();
      expect(result.code, describeRun(result)).not.toBe(0);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`${seed}:4:5`);
      expect(result.stderr).toContain('colour');
      expect(result.stdout).not.toContain('listening');
      expect(hasStackTrace(result.stderr)).toBe(false);
    } finally {
      await dir.remove();
    }
  });

  it('refuses a seed whose authorizer breaks CreateAuthorizer\'s rules as an invalid seed, not as a bug', async () => {
    const dir = await tempDir();
    try {
      const seed = await dir.write('rules.yaml', 'apis:\n  - type: http\n    name: orders\n    authorizers:\n      - { name: a, authorizerType: REQUEST }\n');
      const result = await runCli(['emulator', '--port', '0', '--seed', seed, '--json']);
      expect(result.code, describeRun(result)).toBe(1);
      expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'SEED_INVALID', exitCode: 1 } });
      expect(result.stdout).toContain("authorizers[0] ('a'): AuthorizerUri is a required parameter for REQUEST authorizer");
      expect(result.stderr + result.stdout).not.toContain('bug');
    } finally {
      await dir.remove();
    }
  });
});
