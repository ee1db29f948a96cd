/**
 * Assembles the manifest's JSON Schema from a shared envelope and each family's fragment. The result
 * is committed as schemas/gatewarden.schema.json (the file editors and `schema.ts` use); `npm run build`
 * rewrites it and a test fails when the committed file is not what this produces.
 */
import { listOf } from '../core/words.js';
import { BugError } from '../errors.js';
import type { ApiTypeDefinition, Family, JsonSchema } from '../families/family.js';
import { SHARED_AUTHORIZER_DEFINITIONS } from '../families/shared-schema.js';

const COMMENT =
  'Draft-07 because it is what both ajv (default build) and yaml-language-server support fully. Non-standard annotations understood by editors: errorMessage (a reason, shown when this subschema fails), patternErrorMessage (replaces the regex in pattern failures), doNotSuggest (hide from completion). gatewarden reads the same annotations to word its own messages. Rules JSON Schema cannot express (unique authorizer names, one document per API, header names compared case-insensitively) live in src/manifest/rules.ts. Generated from src/families/*/schema.ts by npm run build: edit those, not this file.';

export function buildManifestSchema(families: readonly Family[]): JsonSchema {
  const apiTypes = families.flatMap((family) => family.apiTypes);
  const definitions: Record<string, JsonSchema> = {
    metadata: METADATA,
    spec: specSchema(apiTypes),
    ...Object.fromEntries(apiTypes.map((apiType) => [isApiTypeName(apiType), isApiType(apiType)])),
    api: apiSchema(families),
    afterChange: afterChangeSchema(apiTypes),
    ...SHARED_DEFINITIONS,
    ...SHARED_AUTHORIZER_DEFINITIONS,
  };
  for (const family of families) {
    for (const [name, definition] of Object.entries(family.schema.definitions)) {
      if (Object.hasOwn(definitions, name)) throw new BugError(`schema definition "${name}" of family ${family.id} is already defined`);
      definitions[name] = definition;
    }
  }
  return forEditors({
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment: COMMENT,
    title: 'gatewarden AuthorizerSet',
    description: `The complete desired set of authorizers of one API Gateway API (${listOf(apiTypes.map((apiType) => apiType.shortLabel))}).`,
    type: 'object',
    required: ['apiVersion', 'kind', 'spec'],
    additionalProperties: false,
    properties: {
      apiVersion: { title: 'Manifest format version', description: 'Always gatewarden/v1.', type: 'string', const: 'gatewarden/v1' },
      kind: { title: 'Manifest kind', description: 'Always AuthorizerSet.', type: 'string', const: 'AuthorizerSet' },
      metadata: { $ref: '#/definitions/metadata' },
      spec: { $ref: '#/definitions/spec' },
    },
    definitions,
  });
}

/**
 * Fragments name their conditional blocks for readability, but editors offer a `$ref`'d definition as
 * a snippet under its name (`restTokenRules`) and a refused field once per block that mentions it.
 * So conditions (`if`/`then`) are inlined, definitions nothing refers to any more are dropped, and
 * every refusal (`not: {}`) is marked `doNotSuggest`. Validation is unchanged: the same subschemas apply.
 */
function forEditors(schema: JsonSchema): JsonSchema {
  const definitions = schema.definitions as Readonly<Record<string, JsonSchema>>;
  const rewrite = (value: unknown, key?: string): unknown => {
    if (Array.isArray(value)) return value.map((item) => rewrite(item));
    if (typeof value !== 'object' || value === null) return value;
    const node = value as JsonSchema;
    const ref = typeof node.$ref === 'string' && Object.keys(node).length === 1 ? node.$ref.replace('#/definitions/', '') : undefined;
    if ((key === 'if' || key === 'then') && ref !== undefined && definitions[ref]) return rewrite(definitions[ref]);
    const rewritten = Object.fromEntries(Object.entries(node).map(([member, child]) => [member, rewrite(child, member)]));
    const refusal = isEmptyObject(node.not) && key !== 'if';
    return refusal && node.doNotSuggest === undefined ? { ...rewritten, doNotSuggest: true } : rewritten;
  };
  const rewritten = rewrite(schema) as JsonSchema;
  const text = JSON.stringify({ ...rewritten, definitions: undefined });
  const used = new Set<string>();
  const pending = [...text.matchAll(/"#\/definitions\/([^"]+)"/g)].map((match) => String(match[1]));
  const all = rewritten.definitions as Readonly<Record<string, JsonSchema>>;
  while (pending.length > 0) {
    const name = String(pending.pop());
    if (used.has(name)) continue;
    used.add(name);
    pending.push(...[...JSON.stringify(all[name]).matchAll(/"#\/definitions\/([^"]+)"/g)].map((match) => String(match[1])));
  }
  return { ...rewritten, definitions: Object.fromEntries(Object.entries(all).filter(([name]) => used.has(name))) };
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

function isApiTypeName(apiType: ApiTypeDefinition): string {
  return `is${apiType.id.charAt(0).toUpperCase()}${apiType.id.slice(1)}Api`;
}

function isApiType(apiType: ApiTypeDefinition): JsonSchema {
  return {
    required: ['api'],
    properties: { api: { required: ['type'], properties: { type: { const: apiType.id } }, type: 'object' } },
  };
}

/** Each API type's authorizers follow its family's definition; API types without a cache refuse `resetCache`. */
function specSchema(apiTypes: readonly ApiTypeDefinition[]): JsonSchema {
  return {
    title: 'Specification',
    type: 'object',
    required: ['api', 'authorizers'],
    additionalProperties: false,
    properties: {
      region: {
        title: 'AWS region',
        description: 'Region of the API. When absent, the region given on the command line or by the AWS environment is used.',
        type: 'string',
        pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]+$',
        patternErrorMessage: 'Expected an AWS region code such as eu-west-1.',
        examples: ['eu-west-1', 'us-east-1'],
      },
      api: { $ref: '#/definitions/api' },
      afterChange: { $ref: '#/definitions/afterChange' },
      quotas: QUOTAS,
      prune: PRUNE,
      authorizers: {
        title: 'Authorizers',
        description: 'Every authorizer the API should have. Authorizers that exist on the API but are not listed here are reported as unmanaged and left alone, unless spec.prune is set. May be empty.',
        type: 'array',
        items: { type: 'object' },
      },
    },
    allOf: apiTypes.map((apiType) => ({
      if: { $ref: `#/definitions/${isApiTypeName(apiType)}` },
      then: {
        properties: {
          authorizers: { items: { $ref: `#/definitions/${apiType.authorizerSchema}` } },
          ...('unsupported' in apiType.cacheReset
            ? { afterChange: { properties: { resetCache: { not: {}, errorMessage: apiType.cacheReset.unsupported } } } }
            : {}),
        },
      },
    })),
  };
}

function apiSchema(families: readonly Family[]): JsonSchema {
  return {
    title: 'Target API',
    description: 'The API whose authorizers this document manages, selected by id or by name (exactly one).',
    type: 'object',
    required: ['type'],
    additionalProperties: false,
    properties: {
      type: {
        title: 'API type',
        description: `${families.map((family) => family.schema.apiTypesDescription).join('; ')}.`,
        type: 'string',
        enum: families.flatMap((family) => family.apiTypes.map((apiType) => apiType.id)),
      },
      id: {
        title: 'API id',
        description: 'The API id, e.g. a1b2c3d4e5. Set either id or name.',
        type: 'string',
        pattern: '^[A-Za-z0-9]+$',
        patternErrorMessage: 'Expected an API id such as a1b2c3d4e5 (letters and digits only); use name: to select the API by its name.',
      },
      name: {
        title: 'API name',
        description: 'The API name; it must match exactly one API of this type in the region. Set either id or name.',
        type: 'string',
        minLength: 1,
      },
    },
    allOf: [
      {
        anyOf: [{ required: ['id'] }, { required: ['name'] }],
        errorMessage: 'expected exactly one of id or name to select the API, found neither',
      },
      {
        not: { required: ['id', 'name'] },
        errorMessage: 'expected exactly one of id or name to select the API, found both',
      },
    ],
  };
}

function afterChangeSchema(apiTypes: readonly ApiTypeDefinition[]): JsonSchema {
  const calls = apiTypes.flatMap((apiType) => ('operation' in apiType.cacheReset ? [`${apiType.shortLabel}: ${apiType.cacheReset.operation}`] : []));
  const without = apiTypes.filter((apiType) => 'unsupported' in apiType.cacheReset).map((apiType) => `${apiType.label}s`);
  const unavailable = without.length > 0 ? ` Not available for ${listOf(without)}.` : '';
  return {
    title: 'After a change',
    description: 'What to do after any authorizer of this API was created, updated or replaced.',
    type: 'object',
    additionalProperties: false,
    properties: {
      resetCache: {
        title: 'Stages whose authorizer cache is reset',
        description: `${calls.join('; ')}.${unavailable}`,
        default: [],
        $ref: '#/definitions/stageList',
      },
      redeploy: {
        title: 'Stages redeployed',
        description: 'Stages that get a new deployment so the changed authorizers take effect.',
        default: [],
        $ref: '#/definitions/stageList',
      },
    },
  };
}

/** AWS's adjustable quotas; the default is assumed unless a document says it was raised. */
const QUOTAS: JsonSchema = {
  title: 'AWS quotas',
  description: "Quotas of this API's account that differ from AWS's defaults. Declare one only when you raised it with AWS Support.",
  type: 'object',
  additionalProperties: false,
  properties: {
    authorizersPerApi: {
      title: 'Authorizers per API',
      description:
        'AWS allows 10 authorizers per API by default. Set this only when you raised the quota with AWS Support: plan and validate refuse an API that would end with more authorizers than this, unmanaged ones included.',
      type: 'integer',
      minimum: 1,
      maximum: 1000,
      examples: [25],
    },
  },
};

/** Opt-in deletion of undeclared authorizers; `keep` globs protect some (checked further in manifest/rules.ts). */
const PRUNE: JsonSchema = {
  title: 'Prune undeclared authorizers',
  description:
    'true: this document is the complete set of the API\'s authorizers, and apply --allow-delete deletes every undeclared one that no route or method uses. { keep: [globs] } does the same but keeps the authorizers whose names match a glob (* any characters, ? one). Absent or false: undeclared authorizers are left alone.',
  // One schema for both forms (object keywords apply to objects only), so a mistake gets one message, not one per form.
  type: ['boolean', 'object'],
  required: ['keep'],
  additionalProperties: false,
  properties: {
    keep: {
      title: 'Names to keep',
      description: 'Name globs of undeclared authorizers that prune leaves alone: * matches any characters, ? one character; the whole name must match.',
      type: 'array',
      uniqueItems: true,
      items: { type: 'string', minLength: 1, maxLength: 128, examples: ['legacy-*'] },
    },
  },
  examples: [true, { keep: ['legacy-*'] }],
};

const METADATA: JsonSchema = {
  title: 'Metadata',
  type: 'object',
  additionalProperties: false,
  properties: {
    name: {
      title: 'Label',
      description: 'Optional label shown in plans and reports instead of the API id or name.',
      type: 'string',
      minLength: 1,
    },
  },
};

/** Building blocks more than one family uses. */
const SHARED_DEFINITIONS: Readonly<Record<string, JsonSchema>> = {
  stageList: {
    type: 'array',
    uniqueItems: true,
    items: { type: 'string', minLength: 1, examples: ['$default', 'prod'] },
  },
  authorizerName: {
    title: 'Authorizer name',
    description: '1 to 128 characters, unique within the API. Authorizers are matched to the live ones by name.',
    type: 'string',
    minLength: 1,
    maxLength: 128,
  },
};

/**
 * The committed file's layout: JSON with two-space indentation, short objects and lists on one line,
 * so that the file stays readable and its diffs small.
 */
export function formatSchemaFile(schema: JsonSchema): string {
  return `${formatJson(schema, '')}\n`;
}

function formatJson(value: unknown, indent: string): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = value.map((item) => formatJson(item, inner));
    const oneLine = `[${items.join(', ')}]`;
    return fitsOnOneLine(oneLine, indent) ? oneLine : `[\n${items.map((item) => inner + item).join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const members = Object.entries(value).map(([key, member]) => `${JSON.stringify(key)}: ${formatJson(member, inner)}`);
    if (members.length === 0) return '{}';
    const oneLine = `{ ${members.join(', ')} }`;
    return fitsOnOneLine(oneLine, indent) ? oneLine : `{\n${members.map((member) => inner + member).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function fitsOnOneLine(text: string, indent: string): boolean {
  return !text.includes('\n') && indent.length + text.length <= 80;
}
