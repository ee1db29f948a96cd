/**
 * The built package validates manifests with the validator `npm run build` generates (ajv standalone
 * code, dist/manifest/manifest-validator.cjs); running from source compiles the schema instead. Every
 * message is worded from ajv's errors (schema-messages.ts reads their `schema` and `parentSchema`), so
 * the two must report the very same errors for any document.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv';
import manifestSchema from '../../schemas/gatewarden.schema.json' with { type: 'json' };
import { PRECOMPILED_SCHEMAS, PRECOMPILED_VALIDATOR, createManifestAjv, schemaDigest } from '../../src/manifest/schema.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const generatedFile = path.join(root, 'dist', 'manifest', PRECOMPILED_VALIDATOR);
const fixtures = path.join(root, 'test', 'fixtures', 'manifests');

type Precompiled = ValidateFunction & { schemaDigest: string };

function fixtureDocuments(): unknown[] {
  const files = ['valid', 'invalid'].flatMap((dir) =>
    readdirSync(path.join(fixtures, dir)).filter((name) => /\.ya?ml$/.test(name)).map((name) => path.join(fixtures, dir, name)),
  );
  return files.flatMap((file) => [...parseAllDocuments(readFileSync(file, 'utf8'))].map((document) => document.toJS() as unknown));
}

/** `document` with the value at one path replaced, removed, or given an extra field. */
function mutate(document: unknown, choices: readonly number[], replacement: unknown): unknown {
  const copy = structuredClone(document);
  let parent: unknown = copy;
  for (const choice of choices) {
    if (parent === null || typeof parent !== 'object') break;
    const keys = Object.keys(parent);
    if (keys.length === 0) break;
    const key = keys[choice % keys.length] as string;
    const child = (parent as Record<string, unknown>)[key];
    if (child === null || typeof child !== 'object' || choice % 5 === 0) {
      const target = parent as Record<string, unknown>;
      if (choice % 3 === 0) delete target[key];
      else if (choice % 3 === 1) target[key] = replacement;
      else target[`${key}X`] = replacement;
      return copy;
    }
    parent = child;
  }
  return copy;
}

function errorsOf(validate: ValidateFunction, document: unknown): unknown {
  validate(document);
  return validate.errors ?? null;
}

describe('precompiled manifest validator', () => {
  let precompiled: Precompiled;
  const compiled = createManifestAjv().compile(manifestSchema);

  beforeAll(() => {
    if (!existsSync(generatedFile)) throw new Error(`${generatedFile} is missing: run "npm run build" or "npm test" first.`);
    precompiled = createRequire(import.meta.url)(generatedFile) as Precompiled;
  });

  it('was generated from the committed schema, as was every other precompiled one', () => {
    expect(precompiled.schemaDigest).toBe(schemaDigest(manifestSchema));
    for (const { schema, file } of PRECOMPILED_SCHEMAS) {
      const generated = createRequire(import.meta.url)(path.join(root, 'dist', 'manifest', file)) as Precompiled;
      expect(generated.schemaDigest, file).toBe(schemaDigest(schema));
    }
  });

  it('reports exactly the errors, schemas included, that the run-time compiled schema reports', () => {
    const documents = fixtureDocuments();
    const replacement = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('JWT', 'REQUEST', 'TOKEN', 'rest', 'http', 'websocket'));
    fc.assert(
      fc.property(fc.nat(documents.length - 1), fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), replacement, (index, choices, value) => {
        const document = mutate(documents[index], choices, value);
        expect(errorsOf(precompiled, document)).toEqual(errorsOf(compiled, document));
      }),
      { numRuns: 300 },
    );
  });
});
