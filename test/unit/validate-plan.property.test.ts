/**
 * A manifest the JSON Schema accepts never makes validate or plan throw: loading gives located issues
 * (the cross-document rules may still object, e.g. to a duplicate name) or documents, and planning
 * those documents against any plausible live state gives a plan whose requests can be built.
 * The generators follow schemas/gatewarden.schema.json for each API type and authorizer type; every
 * generated document is checked against the schema itself, so a generator that drifts from the
 * schema fails here instead of testing nothing.
 */
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import manifestSchema from '../../schemas/gatewarden.schema.json' with { type: 'json' };
import type { AuthorizerFields, DesiredApi, LiveApi } from '../../src/core/model.js';
import { planChanges } from '../../src/core/plan.js';
import { buildCreateMembers, buildUpdateRequest } from '../../src/core/update.js';
import { familyFor, type ApiTypeId } from '../../src/families/registry.js';
import { checkManifests } from '../../src/manifest/index.js';

const ajv = new Ajv({ allErrors: true, strictTypes: false });
for (const keyword of ['errorMessage', 'patternErrorMessage', 'doNotSuggest']) ajv.addKeyword(keyword);
ajvFormats.default(ajv, ['regex']);
const schemaAccepts = ajv.compile(manifestSchema);

type Fields = Record<string, unknown>;

/** Strings YAML treats specially, next to arbitrary text: the serialiser must quote them and the loader read them back. */
const text = fc.oneof(
  fc.string({ minLength: 1, maxLength: 24, unit: 'grapheme' }),
  fc.constantFrom('jwt-main', 'yes', 'no', 'null', '~', '123', '1.0', '0x1F', '- x', 'a: b', '#c', '*ref', '&a', '!tag', '"q"', "'s'", ' ', '\t', 'é', '🚀'),
);
const name = text.filter((value) => [...value].length <= 128);
const token = fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/);
const lambdaUri = fc
  .tuple(fc.constantFrom('eu-west-1', 'us-east-1'), fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/))
  .map(([region, fn]) => `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${region}:123456789012:function:${fn}/invocations`);
const roleArn = token.map((role) => `arn:aws:iam::123456789012:role/${role}`);
const ttl = fc.integer({ min: 0, max: 3600 });
const validRegex = fc.constantFrom('^Bearer [-0-9a-zA-Z._]*$', '.*', '[a-z]+', '^x$');
const authType = fc.constantFrom('custom', 'cognito_user_pools', 'anything');

/** Optional members: each either absent or drawn from its arbitrary. */
function withOptional(required: fc.Arbitrary<Fields>, optional: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Fields> {
  return fc
    .tuple(required, fc.record(optional, { requiredKeys: [] }))
    .map(([base, extra]) => ({ ...base, ...(extra as Fields) }));
}

const httpJwt = fc.record({
  name,
  authorizerType: fc.constant('JWT'),
  identitySource: fc.tuple(fc.constantFrom('header', 'querystring'), token).map(([where, key]) => [`$request.${where}.${key}`]),
  jwtConfiguration: fc.record({ issuer: token.map((host) => `https://${host}`), audience: fc.uniqueArray(text, { minLength: 1, maxLength: 4 }) }),
});

const httpRequest = fc
  .tuple(
    withOptional(
      fc.record({ name, authorizerType: fc.constant('REQUEST'), authorizerUri: lambdaUri, authorizerPayloadFormatVersion: fc.constantFrom('1.0', '2.0') }),
      { authorizerCredentialsArn: roleArn, authorizerResultTtlInSeconds: ttl },
    ),
    fc.uniqueArray(
      fc.tuple(fc.constantFrom('$request.header', '$request.querystring', '$context', '$stageVariables'), token).map(([prefix, key]) => `${prefix}.${key}`),
      { maxLength: 3 },
    ),
    fc.option(fc.boolean(), { nil: undefined }),
  )
  .map(([fields, sources, simple]): Fields => {
    const caching = Number(fields.authorizerResultTtlInSeconds ?? 0) > 0;
    // Caching needs an identity source; simple responses exist only in payload format 2.0.
    const identitySource = caching && sources.length === 0 ? ['$request.header.Authorization'] : sources;
    const enableSimpleResponses = fields.authorizerPayloadFormatVersion === '2.0' ? simple : simple === undefined ? undefined : false;
    return {
      ...fields,
      ...(identitySource.length > 0 || caching ? { identitySource } : {}),
      ...(enableSimpleResponses === undefined ? {} : { enableSimpleResponses }),
    };
  });

const websocketRequest = withOptional(
  fc.record({ name, authorizerType: fc.constant('REQUEST'), authorizerUri: lambdaUri }),
  {
    authorizerCredentialsArn: roleArn,
    identitySource: fc.uniqueArray(
      fc.tuple(fc.constantFrom('route.request.header', 'route.request.querystring', 'stageVariables', 'context'), token).map(([prefix, key]) => `${prefix}.${key}`),
      { maxLength: 3 },
    ),
  },
);

/** TOKEN and COGNITO_USER_POOLS read one header, as a string or a one-entry list. */
const singleHeader = fc.tuple(token, fc.boolean()).map(([header, asList]) => {
  const source = `method.request.header.${header}`;
  return asList ? [source] : source;
});

const restToken = withOptional(
  fc.record({ name, type: fc.constant('TOKEN'), authorizerUri: lambdaUri, identitySource: singleHeader }),
  { authorizerCredentials: roleArn, identityValidationExpression: validRegex, authorizerResultTtlInSeconds: ttl, authType },
);

const restRequest = fc
  .tuple(
    withOptional(fc.record({ name, type: fc.constant('REQUEST'), authorizerUri: lambdaUri }), {
      authorizerCredentials: roleArn,
      authorizerResultTtlInSeconds: ttl,
      authType,
    }),
    fc.uniqueArray(
      fc.tuple(fc.constantFrom('method.request.header', 'method.request.querystring', 'stageVariables', 'context'), token).map(([prefix, key]) => `${prefix}.${key}`),
      { maxLength: 3 },
    ),
    fc.boolean(),
  )
  .map(([fields, sources, asString]): Fields => {
    // REST caches by default (TTL 300), so without a TTL of 0 an identity source is required.
    const needsSource = fields.authorizerResultTtlInSeconds !== 0;
    const list = needsSource && sources.length === 0 ? ['method.request.header.Authorization'] : sources;
    if (list.length === 0) return fields;
    return { ...fields, identitySource: asString && list.length === 1 ? list[0] : list };
  });

const restCognito = withOptional(
  fc.record({
    name,
    type: fc.constant('COGNITO_USER_POOLS'),
    providerARNs: fc.uniqueArray(
      token.map((pool) => `arn:aws:cognito-idp:eu-west-1:123456789012:userpool/${pool}`),
      { minLength: 1, maxLength: 3 },
    ),
    identitySource: singleHeader,
  }),
  { identityValidationExpression: validRegex, authorizerResultTtlInSeconds: ttl, authType },
);

const AUTHORIZERS: Readonly<Record<ApiTypeId, fc.Arbitrary<Fields>>> = {
  http: fc.oneof(httpJwt, httpRequest),
  websocket: websocketRequest,
  rest: fc.oneof(restToken, restRequest, restCognito),
};

const stage = fc.oneof(fc.constantFrom('$default', 'prod', 'beta'), text);
const apiSelector = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9]{1,10}$/).map((id) => ({ id })),
  text.map((apiName) => ({ name: apiName })),
);

function manifestDocument(type: ApiTypeId): fc.Arbitrary<Fields> {
  const afterChange =
    type === 'websocket'
      ? fc.record({ redeploy: fc.uniqueArray(stage, { maxLength: 2 }) }, { requiredKeys: [] })
      : fc.record({ resetCache: fc.uniqueArray(stage, { maxLength: 2 }), redeploy: fc.uniqueArray(stage, { maxLength: 2 }) }, { requiredKeys: [] });
  return fc
    .tuple(
      fc.record(
        { metadata: fc.record({ name: text }, { requiredKeys: [] }), region: fc.constantFrom('eu-west-1', 'us-east-1', 'ap-southeast-2'), afterChange },
        { requiredKeys: [] },
      ),
      apiSelector,
      fc.array(AUTHORIZERS[type], { maxLength: 5 }),
    )
    .map(([optional, selector, authorizers]) => ({
      apiVersion: 'gatewarden/v1',
      kind: 'AuthorizerSet',
      ...(optional.metadata ? { metadata: optional.metadata } : {}),
      spec: {
        ...(optional.region ? { region: optional.region } : {}),
        api: { type, ...selector },
        ...(optional.afterChange ? { afterChange: optional.afterChange } : {}),
        authorizers,
      },
    }));
}

/** What AWS returns for an authorizer like this one: REST carries identity sources as one comma-separated string. */
function asAwsReturns(type: ApiTypeId, fields: Fields): AuthorizerFields {
  const source = fields.identitySource;
  return type === 'rest' && Array.isArray(source) ? { ...fields, identitySource: source.join(',') } : fields;
}

/** How a live authorizer relates to the declared one at its position. */
type Kinship = 'unrelated' | 'same-name' | 'identical';

/** A live API for the document: authorizers that are unmanaged, share a declared name, or match one as AWS would return it. */
function liveFor(desired: DesiredApi, pool: readonly Fields[], kinship: readonly Kinship[]): LiveApi {
  const type = desired.api.type;
  const authorizers = pool.map((fields, index) => {
    const declared = desired.authorizers[index];
    const relation = declared ? kinship[index] : 'unrelated';
    const live = relation === 'identical' && declared ? declared.fields : relation === 'same-name' && declared ? { ...fields, name: declared.name } : fields;
    return { id: `live${index}`, name: String(live.name), fields: asAwsReturns(type as ApiTypeId, live) };
  });
  const stages = [...new Set(['$default', ...desired.afterChange.resetCache, ...desired.afterChange.redeploy])];
  return {
    type,
    id: desired.api.id ?? 'liveapi001',
    name: desired.api.name ?? 'live',
    region: desired.region ?? 'eu-west-1',
    stages: stages.map((stageName, index) => ({ name: stageName, autoDeploy: index === 0 })),
    authorizers,
  };
}

describe('schema-valid manifests never throw', () => {
  for (const type of ['http', 'websocket', 'rest'] as const) {
    it(`${type}: validate gives located issues or documents, and plan gives a plan`, () => {
      fc.assert(
        fc.property(
          fc.array(manifestDocument(type), { minLength: 1, maxLength: 3 }),
          fc.array(AUTHORIZERS[type], { maxLength: 5 }),
          fc.array(fc.constantFrom<Kinship>('unrelated', 'same-name', 'identical'), { minLength: 5, maxLength: 5 }),
          (documents, pool, kinship) => {
            for (const document of documents) expect(schemaAccepts(document), JSON.stringify(schemaAccepts.errors)).toBe(true);
            const source = { file: 'generated.yaml', text: documents.map((document) => stringify(document)).join('---\n') };
            const loaded = checkManifests([source]);
            for (const issue of loaded.issues) {
              expect(issue.file).toBe('generated.yaml');
              expect(issue.line).toBeGreaterThanOrEqual(1);
              expect(issue.code).toMatch(/^rules\./);
            }
            const rules = familyFor(type).rules;
            const plan = planChanges(loaded.documents.map((desired) => ({ desired, live: liveFor(desired, pool, kinship), rules })));
            for (const action of plan.apis.flatMap((api) => api.actions)) {
              if (action.kind === 'create' || action.kind === 'replace') buildCreateMembers(rules, action.after);
              if (action.kind === 'update') buildUpdateRequest(rules, action);
            }
          },
        ),
      );
    });
  }
});
