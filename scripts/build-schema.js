// Writes schemas/gatewarden.schema.json from the families' schema fragments (compiled into dist/ by
// tsc, which runs first: the fragments are TypeScript). test/unit/schema-file.test.ts fails when the
// committed file is not what this writes.
import { writeFileSync } from 'node:fs';
import { FAMILIES } from '../dist/families/registry.js';
import { buildManifestSchema, formatSchemaFile } from '../dist/manifest/schema-source.js';

const target = new URL('../schemas/gatewarden.schema.json', import.meta.url);
writeFileSync(target, formatSchemaFile(buildManifestSchema(FAMILIES)));
