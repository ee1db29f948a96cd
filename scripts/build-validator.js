// Writes dist/manifest/manifest-validator.cjs: the manifest schema (schemas/gatewarden.schema.json,
// written just before by build-schema.js) compiled by ajv's standalone code generation, so that
// `validate` and `plan` do not compile the schema on every run. The ajv options are the ones
// src/manifest/schema.ts uses at run time (createManifestAjv); the digest lets it refuse a module
// generated from another schema. CommonJS because ajv's standalone output `require`s its runtime
// helpers even when asked for ESM.
import { readFileSync, writeFileSync } from 'node:fs';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { createManifestAjv, PRECOMPILED_VALIDATOR, schemaDigest } from '../dist/manifest/schema.js';

const schema = JSON.parse(readFileSync(new URL('../schemas/gatewarden.schema.json', import.meta.url), 'utf8'));
const ajv = createManifestAjv({ source: true });
const code = standaloneCode.default(ajv, ajv.compile(schema));
const target = new URL(PRECOMPILED_VALIDATOR, new URL('../dist/manifest/', import.meta.url));
writeFileSync(target, `${code}\nmodule.exports.schemaDigest = ${JSON.stringify(schemaDigest(schema))};\n`);
