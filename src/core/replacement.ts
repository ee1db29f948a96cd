/**
 * The names of a replacement: the new authorizer is created under a temporary name, and takes the
 * declared one once the old authorizer is gone. Pure.
 */
import type { ReplaceAction, UpdateAction } from './model.js';

/**
 * A replacement is created under this name first, and renamed once the old authorizer is gone, so
 * routes and methods always have an authorizer to point at. A re-run recognises it.
 */
const REPLACEMENT_SUFFIX = '-gatewarden-next';
/** AWS's limit on authorizer names. */
const MAX_NAME = 128;

export function replacementName(name: string): string {
  return `${name.slice(0, MAX_NAME - REPLACEMENT_SUFFIX.length)}${REPLACEMENT_SUFFIX}`;
}

/** The last step of a replacement, as an in-place update of the one member: the new authorizer takes the declared name. */
export function renameAction(action: ReplaceAction, newId: string): UpdateAction {
  const temporary = replacementName(action.name);
  return {
    kind: 'update',
    name: action.name,
    authorizerId: newId,
    fields: [{ path: 'name', before: temporary, after: action.name }],
    before: { ...action.after, name: temporary },
    after: action.after,
  };
}

/** Whether the name is one a replacement creates its new authorizer under, whichever authorizer it replaces. */
export function isReplacementName(name: string): boolean {
  return name.endsWith(REPLACEMENT_SUFFIX);
}
