/**
 * action.yml runs the committed dist-action/ bundle, so that a consumer's job needs no install step.
 * The bundle must be what the sources and the lockfile produce today: this rebuilds it in memory
 * (esbuild, about a second) and compares it byte for byte.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleAction, OUT_DIR } from '../../scripts/bundle-action.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('dist-action/', () => {
  it('is up to date with the sources (else run: npm run bundle, and commit dist-action/)', async () => {
    const files = await bundleAction();
    expect(Object.keys(files).sort()).toEqual(['gatewarden.mjs', 'package.json']);
    for (const [name, text] of Object.entries(files)) {
      const committed = readFileSync(join(ROOT, OUT_DIR, name), 'utf8');
      // Not toEqual on 5 MB strings: a mismatch would print both.
      expect(committed === text, `${OUT_DIR}/${name} is out of date: run "npm run bundle" and commit it`).toBe(true);
    }
  });

  it('is what action.yml runs', () => {
    expect(readFileSync(join(ROOT, 'action.yml'), 'utf8')).toContain('node "${gatewarden[@]}"');
    expect(readFileSync(join(ROOT, 'action.yml'), 'utf8')).toContain('"$GITHUB_ACTION_PATH/dist-action/gatewarden.mjs"');
  });
});
