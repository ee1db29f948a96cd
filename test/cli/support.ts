/**
 * Helpers for the CLI tests: the CLI's runners (./run-cli.ts), an emulator that lives in the test
 * process, the manifests the tests share, temporary folders and the fixtures that tie them together.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { EmulatorStore, parseSeed, startEmulator, type CallRecord, type RunningEmulator } from '../../src/emulator/index.js';
import { describeRun, REPO_ROOT, type CliResult } from './run-cli.js';

export { BIN, childEnv, describeRun, hasStackTrace, REPO_ROOT, runCli, spawnCli, type CliOptions, type CliResult, type SpawnOptions } from './run-cli.js';

export const REGION = 'eu-west-1';

/** The CLI runs `dist/`; these tests do not build it. */
export function assertBuilt(): void {
  const marker = path.join(REPO_ROOT, 'dist', 'commands', 'plan.js');
  if (!existsSync(marker)) {
    throw new Error(`The CLI is not built (${marker} is missing): run "npm run build" or "npm test" before these tests.`);
  }
}

// ---------------------------------------------------------------------------------------------
// The emulator

export const IDS = {
  ordersApi: 'ordersapi1',
  chatApi: 'chatapi001',
  restApi: 'legacyapi1',
  jwtMain: 'jwtmn1',
  consoleMade: 'consl1',
  tokenAuth: 'tokau1',
} as const;

export const LAMBDA = (fn: string) =>
  `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:${fn}/invocations`;
export const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc';
export const USER_POOL = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc';

/**
 * The starting point of most tests, like examples/emulator-seed.yaml but with fixed ids: an HTTP API
 * whose JWT authorizer differs from the manifest and which has a console-made authorizer, a WebSocket
 * API without authorizers, and a REST API whose TOKEN authorizer differs in its TTL.
 */
export const BASE_SEED = `
apis:
  - type: http
    region: eu-west-1
    id: ${IDS.ordersApi}
    name: orders
    stages: [{ name: $default, autoDeploy: true }]
    authorizers:
      - name: jwt-main
        id: ${IDS.jwtMain}
        authorizerType: JWT
        identitySource: [$request.header.Authorization]
        jwtConfiguration:
          issuer: ${ISSUER}
          audience: [my-client-id]
      - name: console-made
        id: ${IDS.consoleMade}
        authorizerType: REQUEST
        authorizerUri: ${LAMBDA('old')}
        authorizerPayloadFormatVersion: "1.0"
  - type: websocket
    region: eu-west-1
    id: ${IDS.chatApi}
    name: chat
    stages: [{ name: production }]
  - type: rest
    region: eu-west-1
    id: ${IDS.restApi}
    name: legacy-api
    stages: [{ name: prod }]
    authorizers:
      - name: token-auth
        id: ${IDS.tokenAuth}
        type: TOKEN
        authorizerUri: ${LAMBDA('token-authz')}
        identitySource: method.request.header.Authorization
`;

export interface Fake {
  readonly store: EmulatorStore;
  readonly url: string;
  /** Writes served (or refused) by the emulator, in order. */
  writes(): CallRecord[];
  close(): Promise<void>;
}

const WRITE_OPERATIONS = new Set([
  'CreateAuthorizer',
  'UpdateAuthorizer',
  'DeleteAuthorizer',
  'ResetAuthorizersCache',
  'FlushStageAuthorizersCache',
  'CreateDeployment',
]);

export function isWrite(call: CallRecord): boolean {
  return WRITE_OPERATIONS.has(call.operation);
}

/** A fresh store (default region eu-west-1), seeded, served over HTTP on a free port. */
export async function startFake(seed: string = BASE_SEED): Promise<Fake> {
  const store = new EmulatorStore({ defaultRegion: REGION, seed: parseSeed(seed, 'test-seed.yaml') });
  const emulator: RunningEmulator = await startEmulator({ store, port: 0, host: '127.0.0.1' });
  return {
    store,
    url: emulator.url,
    writes: () => store.calls.filter(isWrite),
    close: () => emulator.close(),
  };
}

// ---------------------------------------------------------------------------------------------
// Manifests

export const ORDERS_MANIFEST = `apiVersion: gatewarden/v1
kind: AuthorizerSet
spec:
  region: eu-west-1
  api:
    type: http
    name: orders
  afterChange:
    resetCache: ["$default"]
  authorizers:
    - name: jwt-main
      authorizerType: JWT
      identitySource: ["$request.header.Authorization"]
      jwtConfiguration:
        issuer: ${ISSUER}
        audience: [my-client-id, my-mobile-client-id]
    - name: lambda-req
      authorizerType: REQUEST
      authorizerUri: ${LAMBDA('authz')}
      authorizerPayloadFormatVersion: "2.0"
      enableSimpleResponses: true
      authorizerResultTtlInSeconds: 300
      identitySource: ["$request.header.Authorization"]
`;

/** The orders manifest as the base seed already has it: jwt-main only, unchanged. */
export const ORDERS_IN_SYNC_MANIFEST = `apiVersion: gatewarden/v1
kind: AuthorizerSet
spec:
  region: eu-west-1
  api:
    type: http
    name: orders
  authorizers:
    - name: jwt-main
      authorizerType: JWT
      identitySource: ["$request.header.Authorization"]
      jwtConfiguration:
        issuer: ${ISSUER}
        audience: [my-client-id]
`;

export const CHAT_MANIFEST = `apiVersion: gatewarden/v1
kind: AuthorizerSet
spec:
  region: eu-west-1
  api:
    type: websocket
    name: chat
  afterChange:
    redeploy: [production]
  authorizers:
    - name: connect-auth
      authorizerType: REQUEST
      authorizerUri: ${LAMBDA('ws-authz')}
      identitySource: ["route.request.querystring.token"]
`;

/**
 * The REST API's TOKEN authorizer with a TTL of 60 (the seed has the default 300); with `extra`, also
 * a REQUEST and a Cognito authorizer that do not exist yet, and a redeploy of stage prod.
 */
export function legacyManifest(
  options: { region?: boolean; tokenType?: 'TOKEN' | 'COGNITO_USER_POOLS'; extra?: boolean } = {},
): string {
  const region = options.region === false ? '' : '  region: eu-west-1\n';
  const token =
    options.tokenType === 'COGNITO_USER_POOLS'
      ? `    - name: token-auth
      type: COGNITO_USER_POOLS
      providerARNs: [${USER_POOL}]
      identitySource: method.request.header.Authorization
`
      : `    - name: token-auth
      type: TOKEN
      authorizerUri: ${LAMBDA('token-authz')}
      identitySource: method.request.header.Authorization
      authorizerResultTtlInSeconds: 60
`;
  const extra = options.extra
    ? `    - name: request-auth
      type: REQUEST
      authorizerUri: ${LAMBDA('request-authz')}
      identitySource: [method.request.header.Authorization, context.accountId]
      authorizerResultTtlInSeconds: 300
    - name: cognito
      type: COGNITO_USER_POOLS
      providerARNs: [${USER_POOL}]
      identitySource: method.request.header.Authorization
`
    : '';
  return `apiVersion: gatewarden/v1
kind: AuthorizerSet
metadata:
  name: legacy
spec:
${region}  api:
    type: rest
    name: legacy-api
${options.extra ? '  afterChange:\n    redeploy: [prod]\n' : ''}  authorizers:
${token}${extra}`;
}

/** A temporary directory; `dir.write('a/b.yaml', text)` creates parents and returns the path. */
export interface TempDir {
  readonly path: string;
  write(relative: string, text: string): Promise<string>;
  remove(): Promise<void>;
}

export async function tempDir(prefix = 'gatewarden-cli-'): Promise<TempDir> {
  const root = await mkdtemp(path.join(tmpdir(), prefix));
  return {
    path: root,
    async write(relative, text) {
      const file = path.join(root, relative);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, text);
      return file;
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** Parses stdout as one JSON document, failing with the whole run when it is not exactly that. */
export function parseJsonStdout<T = Record<string, unknown>>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch (error) {
    throw new Error(`stdout is not one JSON document (${(error as Error).message})\n${describeRun(result)}`);
  }
}

/**
 * What a fixture hands its tests: views of the fake and the folder of files, which always reach the
 * ones of the test that is running. Views, not the objects themselves, so that a describe block can
 * write `const { fake, dir } = freshFake(...)` while collecting; the fixture closes and removes them,
 * so the views have no `close` or `remove`.
 */
export interface FakeFixture {
  readonly fake: Omit<Fake, 'close'>;
  readonly dir: Omit<TempDir, 'remove'>;
}

export interface FakeFixtureOptions {
  /** The emulator seed; BASE_SEED when absent. */
  readonly seed?: string;
}

type Hook = (run: () => Promise<void>) => void;

/** A fake and a folder of files (path -> text), set up by `setUp` and torn down by `tearDown`. */
function fakeFixture(
  name: string,
  hooks: { readonly setUp: Hook; readonly tearDown: Hook },
  files: Readonly<Record<string, string>>,
  options: FakeFixtureOptions,
): FakeFixture {
  let fake: Fake | undefined;
  let dir: TempDir | undefined;
  hooks.setUp(async () => {
    fake = await startFake(options.seed);
    dir = await tempDir();
    for (const [relative, text] of Object.entries(files)) await dir.write(relative, text);
  });
  hooks.tearDown(async () => {
    await fake?.close();
    await dir?.remove();
    fake = undefined;
    dir = undefined;
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error(`${name}: read fake and dir inside a test, not while collecting`);
    return value;
  };
  return {
    fake: {
      get store() {
        return started(fake).store;
      },
      get url() {
        return started(fake).url;
      },
      writes: () => started(fake).writes(),
    },
    dir: {
      get path() {
        return started(dir).path;
      },
      write: (relative, text) => started(dir).write(relative, text),
    },
  };
}

/**
 * For a describe block whose tests share one fake and one folder of files (path -> text): started
 * before its first test, closed after its last.
 */
export function sharedFake(files: Readonly<Record<string, string>>, options: FakeFixtureOptions = {}): FakeFixture {
  return fakeFixture('sharedFake', { setUp: beforeAll, tearDown: afterAll }, files, options);
}

/**
 * For tests that each need their own fake and folder of files (path -> text), because they write to
 * them: started before each test, closed after it. Called at a file's top level, it serves every test
 * of the file.
 */
export function freshFake(files: Readonly<Record<string, string>> = {}, options: FakeFixtureOptions = {}): FakeFixture {
  return fakeFixture('freshFake', { setUp: beforeEach, tearDown: afterEach }, files, options);
}
