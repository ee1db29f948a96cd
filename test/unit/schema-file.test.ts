/** The published schema is generated: the committed file must be exactly what the families' fragments give. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAMILIES } from '../../src/families/registry.js';
import { buildManifestSchema, formatSchemaFile } from '../../src/manifest/schema-source.js';

describe('schemas/gatewarden.schema.json', () => {
  it('is what the families assemble (run npm run build to regenerate it)', () => {
    const committed = readFileSync(new URL('../../schemas/gatewarden.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(formatSchemaFile(buildManifestSchema(FAMILIES)));
  });

  it('formats so that a changed fragment changes the file', () => {
    const changed = FAMILIES.map((family, index) =>
      index === 0 ? { ...family, schema: { ...family.schema, apiTypesDescription: 'something else' } } : family,
    );
    expect(formatSchemaFile(buildManifestSchema(changed))).not.toBe(formatSchemaFile(buildManifestSchema(FAMILIES)));
  });
});
