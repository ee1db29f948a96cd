/** Properties: generated schema-valid documents load cleanly and exactly; no input makes loading throw. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { checkManifests, formatIssue, manifestIssueCodes } from '../../src/manifest/index.js';

const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,11}$/);
const authorizerName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,30}$/);
const region = fc.constantFrom('eu-west-1', 'us-east-1', 'ap-southeast-2', 'us-gov-west-1');
const functionUri = fc
  .tuple(region, token)
  .map(([r, fn]) => `arn:aws:apigateway:${r}:lambda:path/2015-03-31/functions/arn:aws:lambda:${r}:123456789012:function:${fn}/invocations`);
const role = token.map((name) => `arn:aws:iam::123456789012:role/${name}`);
const ttl = fc.integer({ min: 0, max: 3600 });
/** Case-insensitively unique, as AWS compares header names. */
const sourcesFrom = (source: fc.Arbitrary<string>, minLength = 0) =>
  fc.uniqueArray(source, { minLength, maxLength: 4, selector: (value) => value.toLowerCase() });

const httpJwt = fc.record(
  {
    authorizerType: fc.constant('JWT'),
    identitySource: fc.tuple(fc.constantFrom('$request.header.', '$request.querystring.'), token).map(([prefix, name]) => [prefix + name]),
    jwtConfiguration: fc.record(
      { issuer: token.map((host) => `https://${host}.example.com`), audience: fc.uniqueArray(token, { minLength: 1, maxLength: 50 }) },
      { noNullPrototype: true, requiredKeys: ['issuer', 'audience'] },
    ),
  },
  { noNullPrototype: true, requiredKeys: ['authorizerType', 'identitySource', 'jwtConfiguration'] },
);
const httpRequest = fc
  .record(
    {
      authorizerType: fc.constant('REQUEST'),
      authorizerUri: functionUri,
      authorizerCredentialsArn: role,
      authorizerPayloadFormatVersion: fc.constantFrom('1.0', '2.0'),
      enableSimpleResponses: fc.boolean(),
      authorizerResultTtlInSeconds: ttl,
      identitySource: sourcesFrom(
        fc.tuple(fc.constantFrom('$request.header.', '$request.querystring.', '$context.', '$stageVariables.'), token).map(([p, n]) => p + n),
      ),
    },
    { noNullPrototype: true, requiredKeys: ['authorizerType', 'authorizerUri', 'authorizerPayloadFormatVersion'] },
  )
  .filter((a) => !(a.enableSimpleResponses === true && a.authorizerPayloadFormatVersion !== '2.0'))
  .filter((a) => !((a.authorizerResultTtlInSeconds ?? 0) > 0 && (a.identitySource ?? []).length === 0));
const websocketRequest = fc.record(
  {
    authorizerType: fc.constant('REQUEST'),
    authorizerUri: functionUri,
    authorizerCredentialsArn: role,
    identitySource: sourcesFrom(
      fc.tuple(fc.constantFrom('route.request.header.', 'route.request.querystring.', 'stageVariables.', 'context.'), token).map(([p, n]) => p + n),
    ),
  },
  { noNullPrototype: true, requiredKeys: ['authorizerType', 'authorizerUri'] },
);
const restHeader = token.map((name) => `method.request.header.${name}`);
const restOneHeader = fc.oneof(restHeader, restHeader.map((header) => [header]));
const restToken = fc.record(
  {
    type: fc.constant('TOKEN'),
    authorizerUri: functionUri,
    authorizerCredentials: role,
    identitySource: restOneHeader,
    identityValidationExpression: fc.constantFrom('^Bearer [-0-9a-zA-Z._]*$', '.*'),
    authorizerResultTtlInSeconds: ttl,
    authType: fc.constantFrom('custom', 'anything'),
  },
  { noNullPrototype: true, requiredKeys: ['type', 'authorizerUri', 'identitySource'] },
);
const restRequest = fc
  .record(
    {
      type: fc.constant('REQUEST'),
      authorizerUri: functionUri,
      authorizerCredentials: role,
      identitySource: fc.oneof(
        restHeader,
        sourcesFrom(
          fc.tuple(fc.constantFrom('method.request.header.', 'method.request.querystring.', 'stageVariables.', 'context.'), token).map(([p, n]) => p + n),
        ),
      ),
      authorizerResultTtlInSeconds: ttl,
    },
    { noNullPrototype: true, requiredKeys: ['type', 'authorizerUri'] },
  )
  // REST caches by default (TTL 300), and caching needs an identity source.
  .filter((a) => a.authorizerResultTtlInSeconds === 0 || (a.identitySource !== undefined && a.identitySource.length > 0));
const restCognito = fc.record(
  {
    type: fc.constant('COGNITO_USER_POOLS'),
    providerARNs: fc.uniqueArray(token.map((pool) => `arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_${pool}`), { minLength: 1, maxLength: 3 }),
    identitySource: restOneHeader,
    identityValidationExpression: fc.constant('^[a-z]+$'),
    authorizerResultTtlInSeconds: ttl,
  },
  { noNullPrototype: true, requiredKeys: ['type', 'providerARNs', 'identitySource'] },
);

const authorizerKinds = {
  http: fc.oneof(httpJwt, httpRequest),
  websocket: websocketRequest,
  rest: fc.oneof(restToken, restRequest, restCognito),
} as const;
const stages = fc.uniqueArray(fc.constantFrom('$default', 'prod', 'dev', 'stage-2'), { maxLength: 3 });

const validDocument = fc.constantFrom('http', 'websocket', 'rest').chain((apiType) =>
  fc.record(
    {
      label: token,
      region,
      selector: fc.oneof(fc.stringMatching(/^[a-z0-9]{10}$/).map((id) => ({ id })), authorizerName.map((name) => ({ name }))),
      resetCache: apiType === 'websocket' ? fc.constant(undefined) : fc.option(stages, { nil: undefined }),
      redeploy: fc.option(stages, { nil: undefined }),
      authorizers: fc.uniqueArray(fc.tuple(authorizerName, authorizerKinds[apiType] as fc.Arbitrary<Record<string, unknown>>), {
        maxLength: 5,
        selector: ([name]) => name,
      }),
    },
    { noNullPrototype: true, requiredKeys: ['selector', 'authorizers'] },
  ).map(({ label, region: regionName, selector, resetCache, redeploy, authorizers }) => {
    const afterChange = { ...(resetCache && { resetCache }), ...(redeploy && { redeploy }) };
    return {
      apiVersion: 'gatewarden/v1',
      kind: 'AuthorizerSet',
      ...(label !== undefined && { metadata: { name: label } }),
      spec: {
        ...(regionName !== undefined && { region: regionName }),
        api: { type: apiType, ...selector },
        ...(Object.keys(afterChange).length > 0 && { afterChange }),
        authorizers: authorizers.map(([name, fields]) => ({ name, ...fields })),
      },
    };
  }),
);

/** Replaces or removes one value somewhere in the document: the way hand edits go wrong. */
function mutate(document: unknown): fc.Arbitrary<unknown> {
  const paths: (string | number)[][] = [];
  const walk = (value: unknown, at: (string | number)[]) => {
    paths.push(at);
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...at, index]));
    else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) walk(item, [...at, key]);
  };
  walk(document, []);
  return fc.tuple(fc.constantFrom(...paths), fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined })).map(([at, replacement]) => {
    const copy: unknown = structuredClone(document);
    if (at.length === 0) return replacement ?? null;
    let parent = copy as Record<string | number, unknown>;
    for (const key of at.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const last = at.at(-1)!;
    if (replacement === undefined && !Array.isArray(parent)) delete parent[last];
    else parent[last] = replacement ?? null;
    return copy;
  });
}

describe('properties', () => {
  it('any schema-valid generated document loads without issues, exactly as declared', () => {
    fc.assert(
      fc.property(validDocument, (document) => {
        const result = checkManifests([{ file: 'p.yaml', text: stringify(document) }]);
        expect(result.issues.map(formatIssue)).toEqual([]);
        const [desired] = result.documents;
        expect(desired?.api).toStrictEqual(document.spec.api);
        expect(desired?.label).toBe(document.metadata?.name);
        expect(desired?.region).toBe(document.spec.region);
        expect(desired?.authorizers.map((authorizer) => authorizer.fields)).toStrictEqual(document.spec.authorizers);
      }),
      { numRuns: 300 },
    );
  });

  it('no edit of a valid document makes loading throw, and every issue is located and worded', () => {
    fc.assert(
      fc.property(validDocument.chain(mutate), (document) => {
        const result = checkManifests([{ file: 'p.yaml', text: stringify(document) }]);
        expect(result.documents.length + result.issues.length).toBeGreaterThan(0);
        for (const issue of result.issues) {
          expect(issue.file).toBe('p.yaml');
          expect(issue.line).toBeGreaterThanOrEqual(1);
          expect(issue.col).toBeGreaterThanOrEqual(1);
          expect(Object.keys(manifestIssueCodes)).toContain(issue.code);
          // ajv's own wording ("must have required property …") means an error escaped translation.
          expect(issue.message).not.toMatch(/\bmust (NOT )?(have|match|pass|be (equal|string|array|object|integer|number|boolean|null|[<>]))/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('arbitrary text never makes loading throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const result = checkManifests([{ file: 'p.yaml', text }]);
        expect(result.issues.length + result.documents.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
