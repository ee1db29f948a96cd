// Writes dist/manifest/manifest-validator.cjs and environment-validator.cjs: the manifest schema
// (schemas/gatewarden.schema.json, written just before by build-schema.js) and the environment
// file's schema compiled by ajv's standalone code generation, so that `validate` and `plan` neither
// compile a schema nor load ajv's compiler on every run. The ajv options are the ones
// src/manifest/schema.ts uses at run time (createManifestAjv); the digest lets it refuse a module
// generated from another schema. CommonJS because ajv's standalone output `require`s its runtime
// helpers even when asked for ESM.
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { createManifestAjv, PRECOMPILED_SCHEMAS, schemaDigest } from '../dist/manifest/schema.js';

/** The generated modules' text, by file name (`./manifest-validator.cjs`). */
export function validatorModules() {
  return Object.fromEntries(
    PRECOMPILED_SCHEMAS.map(({ schema, file }) => {
      const ajv = createManifestAjv({ source: true });
      const code = standaloneCode.default(ajv, ajv.compile(schema));
      return [file, `${code}\nmodule.exports.schemaDigest = ${JSON.stringify(schemaDigest(schema))};\n`];
    }),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [file, text] of Object.entries(validatorModules())) {
    writeFileSync(fileURLToPath(new URL(file, new URL('../dist/manifest/', import.meta.url))), text);
  }
}
