/**
 * The conformance test every API family passes: its declarations are complete and consistent, its
 * schema fragment fits its declarations, what it creates reads back as what was planned, and no code
 * outside the family folders names a family. A new family is a new registry entry plus sample
 * authorizers below; the loop does the rest.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { AwsClients, endpointFor } from '../../src/aws/clients.js';
import type { AuthorizerFields } from '../../src/core/model.js';
import { planApi } from '../../src/core/plan.js';
import { buildCreateMembers } from '../../src/core/update.js';
import { OPERATIONS } from '../../src/emulator/operations.js';
import { SERVICE_HANDLERS } from '../../src/emulator/store.js';
import { API_TYPES, FAMILIES, type ApiTypeId } from '../../src/families/registry.js';
import { buildManifestSchema } from '../../src/manifest/schema-source.js';
import { desiredApi, lambdaUri, liveApi, planInput } from './helpers.js';

/** One authorizer of each type each API type takes, as a manifest declares it. */
const SAMPLES: Readonly<Record<ApiTypeId, readonly AuthorizerFields[]>> = {
  http: [
    {
      name: 'jwt',
      authorizerType: 'JWT',
      identitySource: ['$request.header.Authorization'],
      jwtConfiguration: { issuer: 'https://issuer.example.com', audience: ['b', 'a'] },
    },
    {
      name: 'lambda',
      authorizerType: 'REQUEST',
      authorizerUri: lambdaUri,
      authorizerCredentialsArn: 'arn:aws:iam::123456789012:role/invoke',
      authorizerPayloadFormatVersion: '2.0',
      enableSimpleResponses: true,
      authorizerResultTtlInSeconds: 60,
      identitySource: ['$request.header.Authorization', '$context.routeKey'],
    },
  ],
  websocket: [
    { name: 'connect', authorizerType: 'REQUEST', authorizerUri: lambdaUri, identitySource: ['route.request.querystring.token'] },
  ],
  rest: [
    { name: 'token', type: 'TOKEN', authorizerUri: lambdaUri, identitySource: 'method.request.header.Authorization', identityValidationExpression: '^x$' },
    { name: 'request', type: 'REQUEST', authorizerUri: lambdaUri, identitySource: ['method.request.header.A', 'context.accountId'] },
    {
      name: 'cognito',
      type: 'COGNITO_USER_POOLS',
      providerARNs: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc'],
      identitySource: 'method.request.header.Authorization',
      authType: 'cognito_user_pools',
    },
  ],
};

const schema = buildManifestSchema(FAMILIES);
const definitions = schema.definitions as Readonly<Record<string, { readonly properties?: Record<string, { enum?: unknown }> }>>;

describe('the family registry', () => {
  it('gives every API type exactly one family, and every family its own AWS service', () => {
    const ids = API_TYPES.map((apiType) => apiType.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(SAMPLES).sort()).toEqual([...ids].sort());
    const services = FAMILIES.map((family) => family.id);
    expect(new Set(services).size).toBe(services.length);
  });

  it('gives every label once', () => {
    for (const key of ['label', 'shortLabel'] as const) {
      const labels = API_TYPES.map((apiType) => apiType[key]);
      expect(new Set(labels).size, key).toBe(labels.length);
    }
  });
});

for (const family of FAMILIES) {
  describe(`family ${family.id}`, () => {
    const { rules } = family;
    const paths = rules.fields.map((rule) => rule.path);

    it('declares each field once, with its reason, including the name and the type field', () => {
      expect(new Set(paths).size).toBe(paths.length);
      expect(paths).toContain('name');
      expect(paths).toContain(rules.typeField);
      for (const rule of rules.fields) expect(rule.why.trim(), rule.path).not.toBe('');
    });

    it('declares only API types of its own, and replacement rules on fields it has', () => {
      const own: readonly string[] = family.apiTypes.map((apiType) => apiType.id);
      for (const rule of rules.fields) for (const apiType of rule.apiTypes ?? []) expect(own).toContain(apiType);
      for (const replacement of rules.replacement) {
        expect(paths).toContain(replacement.field);
        expect(replacement.why.trim()).not.toBe('');
      }
    });

    it('names its own SDK service and the emulator service that implements it', () => {
      expect(family.sdk.key).toBe(family.id);
      expect(family.sdk.endpointVariables).toContain('AWS_ENDPOINT_URL');
      expect(family.emulator.service).toBe(family.id);
      const operations = OPERATIONS.filter((operation) => operation.service === family.emulator.service);
      expect(operations.length).toBeGreaterThan(0);
      for (const { operation } of operations) expect(SERVICE_HANDLERS[family.emulator.service], operation).toHaveProperty(operation);
    });

    for (const apiType of family.apiTypes) {
      it(`${apiType.id}: its schema definition takes exactly its authorizer types, in its type field`, () => {
        const authorizer = definitions[apiType.authorizerSchema];
        expect(authorizer, apiType.authorizerSchema).toBeDefined();
        expect(Object.hasOwn(family.schema.definitions, apiType.authorizerSchema)).toBe(true);
        expect(authorizer?.properties?.[rules.typeField]?.enum).toEqual(apiType.authorizerTypes);
        expect(apiType.identity.headerPrefix).toMatch(/header\.$/);
        expect(paths).toContain(apiType.identity.member);
        if ('ttlMember' in apiType.cacheReset) expect(paths).toContain(apiType.cacheReset.ttlMember);
      });
    }

    it('declares how each field changes, in the terms of its update strategy', () => {
      for (const rule of rules.fields) {
        if (rules.update.kind === 'json-patch') expect(rule.clearWith, rule.path).toBeUndefined();
        else expect(rule.patch, rule.path).toBeUndefined();
      }
    });

    for (const { id: apiType } of family.apiTypes) {
      it(`${apiType}: what it creates reads back as planned, and plans against itself as no change`, () => {
        const samples = SAMPLES[apiType];
        expect(samples.length, `add sample ${apiType} authorizers to this test`).toBeGreaterThan(0);
        const created = planApi(planInput(desiredApi(apiType, [...samples]), liveApi(apiType, []))).actions;
        // Read back what CreateAuthorizer would be sent, as if AWS stored it as given.
        const live = created.map((action, index) => {
          if (action.kind !== 'create') throw new Error(`expected a create, got ${action.kind}`);
          return { id: `id${index}`, ...buildCreateMembers(rules, action.after) };
        });
        const again = planApi(planInput(desiredApi(apiType, [...samples]), liveApi(apiType, live)));
        expect(again.actions.map((action) => `${action.kind} ${action.name}`)).toEqual(
          samples.map((sample) => `no-op ${String(sample.name)}`).sort((a, b) => a.localeCompare(b)),
        );
      });
    }
  });
}

describe('the assembled manifest schema', () => {
  it('resolves every reference to a definition', () => {
    const refs = JSON.stringify(schema).match(/"\$ref":"#\/definitions\/[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(definitions, ref).toHaveProperty(ref.slice('"$ref":"#/definitions/'.length, -1));
  });
});

/**
 * The names only family folders and the emulator may use: API type ids and labels, family (AWS
 * service) ids, and the authorizer members the families declare (`identitySource`,
 * `authorizerResultTtlInSeconds`, …). The scan reads string literals (and the text of template
 * literals), object keys and property names through the TypeScript parser, so comments are not
 * counted; prose in comments may name a family or a member.
 */
const FAMILY_NAMES = new Set<string>([...API_TYPES.flatMap((apiType) => [apiType.id, apiType.label]), ...FAMILIES.map((family) => family.id)]);
const LABELS = API_TYPES.map((apiType) => apiType.label);
/**
 * Every member a family's rules declare, each part of a dotted path on its own. `name` is left out:
 * every authorizer has one, and the core matches authorizers by it; so is `type`, which every
 * manifest also uses for `spec.api.type`.
 */
const MEMBER_NAMES = new Set(
  FAMILIES.flatMap((family) => family.rules.fields.flatMap((rule) => rule.path.split('.'))).filter((member) => member !== 'name' && member !== 'type'),
);
const MEMBER_IN_TEXT = new RegExp(`\\b(${[...MEMBER_NAMES].join('|')})\\b`, 'g');

function familyLiterals(text: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) {
      if (FAMILY_NAMES.has(node.text) || LABELS.some((label) => node.text.includes(label))) found.push(node.text);
      found.push(...(node.text.match(MEMBER_IN_TEXT) ?? []));
    }
    // `{ rest: … }` keys a table by family as surely as `'rest'` does; `fields.identitySource` reads a member.
    const keyed = ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node) || ts.isPropertySignature(node) || ts.isPropertyAccessExpression(node);
    if (keyed && ts.isIdentifier(node.name) && (FAMILY_NAMES.has(node.name.text) || MEMBER_NAMES.has(node.name.text))) found.push(node.name.text);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('scanned.ts', text, ts.ScriptTarget.Latest, true));
  return found;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('outside the family folders and the emulator', () => {
  it('the scan finds a family name in code but not in comments', () => {
    const code = "// an http API\n/* REST API */\nconst kind: string = 'rest';\nconst label = `a ${kind} REST API`;\nconst ok = { restore: 'http:' };\nconst table = { websocket: 1 };";
    expect(familyLiterals(code)).toEqual(['rest', ' REST API', 'websocket']);
  });

  it('the scan finds a member name in code but not in comments', () => {
    const code = "// identitySource\nconst ok = { identitySources: 1, name: 'type' };\nconst sources = fields.identitySource;\nconst path = ['spec', 'authorizerResultTtlInSeconds'];\nconst text = `after the ${ttl} authorizerResultTtlInSeconds`;";
    expect(familyLiterals(code)).toEqual(['identitySource', 'authorizerResultTtlInSeconds', 'authorizerResultTtlInSeconds']);
  });

  it('no source file names an API type, a family or a member a family declares', () => {
    const root = join(import.meta.dirname, '../../src');
    const offenders = sourceFiles(root)
      .map((file) => relative(root, file).replaceAll('\\', '/'))
      .filter((file) => !file.startsWith('families/') && !file.startsWith('emulator/'))
      .flatMap((file) => familyLiterals(readFileSync(join(root, file), 'utf8')).map((literal) => `${file}: ${JSON.stringify(literal)}`));
    expect(offenders).toEqual([]);
  });
});

describe('AWS clients from the families’ SDK services', () => {
  it('read each service’s endpoint variables in order, unless told to ignore them', () => {
    for (const { sdk } of FAMILIES) {
      const [own, shared] = sdk.endpointVariables;
      const env = { [String(own)]: 'http://own', [String(shared)]: 'http://shared' };
      expect(endpointFor(sdk, {}, env)).toBe('http://own');
      expect(endpointFor(sdk, {}, { [String(shared)]: 'http://shared' })).toBe('http://shared');
      expect(endpointFor(sdk, { endpointUrl: 'http://flag' }, env)).toBe('http://flag');
      expect(endpointFor(sdk, {}, { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' })).toBeUndefined();
    }
  });

  it('find the default region without any family’s SDK, and say so when there is none', async () => {
    expect(await new AwsClients({ region: 'ap-south-1' }).defaultRegion()).toBe('ap-south-1');
    expect(await new AwsClients({}).defaultRegion()).toBe(process.env.AWS_REGION);
    const saved = process.env.AWS_REGION;
    delete process.env.AWS_REGION;
    try {
      await expect(new AwsClients({}).defaultRegion()).rejects.toMatchObject({ code: 'NO_REGION' });
    } finally {
      process.env.AWS_REGION = saved;
    }
  });
});
