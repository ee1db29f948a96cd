/**
 * What `apply` was given, when it is not manifests: a saved plan among manifest paths, or JSON that
 * gatewarden wrote for another purpose. Said in one line, instead of nine schema errors about it.
 */
import { readFile } from 'node:fs/promises';
import { MANIFEST_KIND } from '../core/export.js';
import { isPlainObject } from '../core/is-plain-object.js';
import { SAVED_PLAN_KIND } from '../core/saved-plan-format.js';
import { UsageError } from '../errors.js';

/** Gatewarden's other JSON outputs, recognised by the members that only they have. */
const OTHER_OUTPUTS: readonly { readonly is: (value: Record<string, unknown>) => boolean; readonly what: string }[] = [
  { is: (value) => typeof value.inSync === 'boolean' && Array.isArray(value.apis), what: 'a drift report (gatewarden drift --format json)' },
  { is: (value) => Array.isArray(value.applied) && isPlainObject(value.plan), what: 'an apply report (gatewarden apply --json)' },
  {
    is: (value) => Array.isArray(value.changes) && isPlainObject(value.summary),
    what: 'the JSON view of a plan (gatewarden plan --json or show --format json), which holds no fingerprints to apply safely',
  },
  { is: (value) => isPlainObject(value.error) && typeof value.error.code === 'string', what: 'an error object (the --json output of a failed command)' },
];

/** Refuses, before anything is read from AWS, paths that cannot be what apply takes. */
export async function refuseWrongApplyInputs(paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    const value = await readJsonIfAny(path);
    if (!isPlainObject(value) || value.kind === MANIFEST_KIND) continue;
    if (value.kind === SAVED_PLAN_KIND) {
      if (paths.length === 1) continue;
      throw new UsageError('PLAN_WITH_PATHS', `${path} is a saved plan, which is applied on its own: it cannot be combined with other paths.`, {
        hint: `Apply it alone (gatewarden apply ${path}), or plan and apply the manifests without it.`,
      });
    }
    const what = OTHER_OUTPUTS.find((output) => output.is(value))?.what;
    // A JSON manifest with mistakes is left to the manifest checks, which locate each one.
    if (!what && ('apiVersion' in value || 'kind' in value || 'spec' in value)) continue;
    throw new UsageError(
      'APPLY_INPUT_INVALID',
      `${path} is ${what ?? `JSON, but neither a manifest (kind: ${MANIFEST_KIND}) nor a saved plan (kind: ${SAVED_PLAN_KIND})`}; apply takes manifests or one saved plan.`,
      { hint: 'Save a plan to apply with: gatewarden plan PATHS --out plan.json' },
    );
  }
}

/** Only .json files are looked into; an unreadable or invalid one is left to the manifest loader to report. */
async function readJsonIfAny(path: string): Promise<unknown> {
  if (!path.endsWith('.json')) return undefined;
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}
