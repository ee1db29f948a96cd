/** Manifests that load: the DesiredApis they become, and reading files and directories. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesiredApi } from '../../src/core/model.js';
import { formatIssue, loadManifests, manifestIssueCodes } from '../../src/manifest/index.js';
import { fixtures, lambdaUri, roleArn } from './manifest-support.js';

describe('valid manifests become DesiredApis', () => {
  it('loads an HTTP manifest into the exact DesiredApi shape', async () => {
    const file = `${fixtures}/valid/http.yaml`;
    const loaded = await loadManifests([file]);
    expect(loaded.issues).toEqual([]);
    expect(loaded.files).toEqual([file]);
    expect(loaded.documents).toStrictEqual<DesiredApi[]>([
      {
        label: 'orders',
        region: 'eu-west-1',
        api: { type: 'http', id: 'a1b2c3d4e5' },
        afterChange: { resetCache: ['$default'], redeploy: ['prod'] },
        authorizers: [
          {
            name: 'jwt-main',
            fields: {
              name: 'jwt-main',
              authorizerType: 'JWT',
              identitySource: ['$request.header.Authorization'],
              jwtConfiguration: {
                issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
                audience: ['my-client-id'],
              },
            },
            source: { file, line: 15, col: 7 },
          },
          {
            name: 'lambda-req',
            fields: {
              name: 'lambda-req',
              authorizerType: 'REQUEST',
              authorizerUri: lambdaUri,
              authorizerCredentialsArn: roleArn,
              authorizerPayloadFormatVersion: '2.0',
              enableSimpleResponses: true,
              authorizerResultTtlInSeconds: 300,
              identitySource: ['$request.header.Authorization', '$context.routeKey'],
            },
            source: { file, line: 21, col: 7 },
          },
        ],
        source: { file, line: 2, col: 1 },
        apiSource: { file, line: 10, col: 9 },
        afterChangeSources: { resetCache: [{ file, line: 12, col: 18 }], redeploy: [{ file, line: 13, col: 16 }] },
      },
    ]);
  });

  it('loads a WebSocket manifest selected by name, without region or label, with afterChange defaults', async () => {
    const file = `${fixtures}/valid/websocket.yaml`;
    const loaded = await loadManifests([file]);
    expect(loaded.issues).toEqual([]);
    expect(loaded.documents).toStrictEqual<DesiredApi[]>([
      {
        api: { type: 'websocket', name: 'chat' },
        afterChange: { resetCache: [], redeploy: ['live'] },
        authorizers: [
          {
            name: 'connect-auth',
            fields: {
              name: 'connect-auth',
              authorizerType: 'REQUEST',
              authorizerUri:
                'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:ws-auth/invocations',
              identitySource: [
                'route.request.header.Auth',
                'route.request.querystring.token',
                'stageVariables.env',
                'context.connectionId',
              ],
            },
            source: { file, line: 11, col: 7 },
          },
        ],
        source: { file, line: 2, col: 1 },
        apiSource: { file, line: 7, col: 11 },
        afterChangeSources: { resetCache: [], redeploy: [{ file, line: 9, col: 16 }] },
      },
    ]);
  });

  it('loads a REST manifest with TOKEN, REQUEST and COGNITO_USER_POOLS authorizers, values as declared', async () => {
    const file = `${fixtures}/valid/rest.yaml`;
    const loaded = await loadManifests([file]);
    expect(loaded.issues).toEqual([]);
    const usEast1Uri = (fn: string) =>
      `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${fn}/invocations`;
    expect(loaded.documents).toStrictEqual<DesiredApi[]>([
      {
        label: 'legacy',
        region: 'us-east-1',
        api: { type: 'rest', id: 'r3st4p1id0' },
        afterChange: { resetCache: ['prod'], redeploy: [] },
        authorizers: [
          {
            name: 'token-auth',
            fields: {
              name: 'token-auth',
              type: 'TOKEN',
              authorizerUri: usEast1Uri('token'),
              authorizerCredentials: roleArn,
              // A string stays a string: turning it into a set is normalisation, not loading.
              identitySource: 'method.request.header.Authorization',
              identityValidationExpression: '^Bearer [-0-9a-zA-Z._]*$',
              authorizerResultTtlInSeconds: 300,
              authType: 'custom',
            },
            source: { file, line: 14, col: 7 },
          },
          {
            name: 'request-auth',
            fields: {
              name: 'request-auth',
              type: 'REQUEST',
              authorizerUri: usEast1Uri('request'),
              identitySource: ['method.request.header.Authorization', 'context.accountId'],
            },
            source: { file, line: 22, col: 7 },
          },
          {
            name: 'uncached-request',
            fields: {
              name: 'uncached-request',
              type: 'REQUEST',
              authorizerUri: usEast1Uri('request'),
              authorizerResultTtlInSeconds: 0,
            },
            source: { file, line: 26, col: 7 },
          },
          {
            name: 'cognito',
            fields: {
              name: 'cognito',
              type: 'COGNITO_USER_POOLS',
              providerARNs: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc'],
              identitySource: 'method.request.header.Authorization',
            },
            source: { file, line: 30, col: 7 },
          },
        ],
        source: { file, line: 2, col: 1 },
        apiSource: { file, line: 10, col: 9 },
        afterChangeSources: { resetCache: [{ file, line: 12, col: 18 }], redeploy: [] },
      },
    ]);
  });

  it('reads every document of a multi-document file and skips empty ones', async () => {
    const file = `${fixtures}/valid/nested/multi.yaml`;
    const loaded = await loadManifests([file]);
    expect(loaded.issues).toEqual([]);
    expect(loaded.documents.map((document) => [document.api, document.region, document.source])).toStrictEqual([
      [{ type: 'http', name: 'billing' }, undefined, { file, line: 2, col: 1 }],
      [{ type: 'http', name: 'billing' }, 'eu-central-1', { file, line: 8, col: 1 }],
    ]);
    expect(loaded.documents[0]?.authorizers).toEqual([]);
  });
});

describe('loading files and directories', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'gatewarden-manifests-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('reads a directory recursively, in sorted order, skipping hidden directories and other files', async () => {
    const loaded = await loadManifests([`${fixtures}/valid`]);
    expect(loaded.issues).toEqual([]);
    expect(loaded.files).toEqual([
      `${fixtures}/valid/http.yaml`,
      `${fixtures}/valid/nested/multi.yaml`,
      `${fixtures}/valid/rest.yaml`,
      `${fixtures}/valid/websocket.yaml`,
    ]);
    expect(loaded.documents.map((document) => document.api.id ?? document.api.name)).toEqual(['a1b2c3d4e5', 'billing', 'billing', 'r3st4p1id0', 'chat']);
  });

  it('names files as given, normalised, and reads a file reached twice once', async () => {
    const loaded = await loadManifests([`./${fixtures}/valid/http.yaml`, `${fixtures}/valid`]);
    expect(loaded.files[0]).toBe(`${fixtures}/valid/http.yaml`);
    expect(loaded.files).toHaveLength(4);
    expect(loaded.issues).toEqual([]);
  });

  it('applies the default region across files', async () => {
    const loaded = await loadManifests([`${fixtures}/valid`], { defaultRegion: 'eu-central-1' });
    expect(loaded.issues.map(formatIssue)).toEqual([
      `${fixtures}/valid/nested/multi.yaml:12:8: spec.api: the http API with name "billing" in eu-central-1 is already managed by the document at ${fixtures}/valid/nested/multi.yaml:5:8; each API must be described by exactly one document, so merge their authorizers`,
    ]);
    expect(loaded.documents).toHaveLength(4);
  });

  it('reports paths that do not exist and directories without manifests at line 1, column 1', async () => {
    const empty = path.join(scratch, 'empty');
    await mkdir(empty);
    await writeFile(path.join(empty, 'README.md'), '# nothing here\n');
    const loaded = await loadManifests(['nope/missing.yaml', empty]);
    expect(loaded.issues).toEqual(
      [
        { file: empty, line: 1, col: 1, code: 'load.no-manifests', message: 'expected *.yaml or *.yml manifests in this directory, found none' },
        { file: 'nope/missing.yaml', line: 1, col: 1, code: 'load.not-found', message: 'no such file or directory' },
      ].sort((a, b) => a.file.localeCompare(b.file)),
    );
    expect(loaded.files).toEqual([]);
    expect(loaded.documents).toEqual([]);
  });

  it('reports every problem in every file at once, sorted by file, line and column', async () => {
    const loaded = await loadManifests([`${fixtures}/invalid`, `${fixtures}/valid/websocket.yaml`]);
    const dir = `${fixtures}/invalid`;
    expect(loaded.issues.map((issue) => `${formatIssue(issue).slice(0, formatIssue(issue).indexOf(': '))} ${issue.code}`)).toEqual([
      `${dir}/alpha.yaml:9:23 schema.value`,
      `${dir}/alpha.yaml:10:7 schema.required`,
      `${dir}/alpha.yaml:10:13 rules.duplicate-name`,
      `${dir}/alpha.yaml:12:7 schema.unknown-field`,
      `${dir}/beta.yaml:4:8 rules.duplicate-api`,
      `${dir}/beta.yaml:12:13 yaml.syntax`,
      `${dir}/gamma.yml:9:23 schema.format`,
    ]);
    expect(formatIssue(loaded.issues[4]!)).toContain(`already managed by the document at ${dir}/alpha.yaml:5:5`);
    // The valid file still loads; nothing from the invalid files does.
    expect(loaded.documents.map((document) => document.api.name)).toEqual(['chat']);
  });
});

describe('issue codes', () => {
  it('every issue carries a documented code', async () => {
    const loaded = await loadManifests([`${fixtures}/invalid`]);
    for (const issue of loaded.issues) expect(Object.keys(manifestIssueCodes)).toContain(issue.code);
  });
});

// ---------------------------------------------------------------------------------------------
