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

  it('offers editors no internal definition as a snippet and no refused field', () => {
    const text = formatSchemaFile(buildManifestSchema(FAMILIES));
    // Conditions are inlined: an `if` or `then` that is a bare reference would be offered under its name.
    expect(text).not.toMatch(/"(if|then)": \{ "\$ref"/);
    const refusals: unknown[] = [];
    JSON.parse(text, (_key, value: unknown) => {
      const node = value as { not?: object; doNotSuggest?: boolean } | null;
      if (node && typeof node === 'object' && node.not && Object.keys(node.not).length === 0) refusals.push(node);
      return value;
    });
    expect(refusals.length).toBeGreaterThan(10);
    for (const refusal of refusals) expect(refusal).toHaveProperty('doNotSuggest', true);
  });

  it('formats so that a changed fragment changes the file', () => {
    const changed = FAMILIES.map((family, index) =>
      index === 0 ? { ...family, schema: { ...family.schema, apiTypesDescription: 'something else' } } : family,
    );
    expect(formatSchemaFile(buildManifestSchema(changed))).not.toBe(formatSchemaFile(buildManifestSchema(FAMILIES)));
  });
});
