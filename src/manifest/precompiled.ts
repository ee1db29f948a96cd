/**
 * Loads a validator generated with ajv's standalone code, by its file name: in the built package it
 * lies beside this module in dist/manifest/ (scripts/build-validator.js). The action's bundle
 * replaces this module with one that holds the same validators inline (scripts/bundle-action.js),
 * so that it validates without compiling too. Running from source there is none: undefined.
 */
import { createRequire } from 'node:module';

export function loadPrecompiled(file: string): unknown {
  try {
    return createRequire(import.meta.url)(file) as unknown;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}
