/** Shared by the adapters that read routes and methods, so both leave out absent members alike. */
import type { LiveAttachment } from '../core/model.js';
import type { AttachmentChange } from './ports.js';

export function compactAttachment(attachment: {
  readonly key: string;
  readonly ref: string;
  readonly authorizationType: string;
  readonly authorizerId?: string | undefined;
  readonly authorizationScopes?: readonly string[] | undefined;
}): LiveAttachment {
  const { authorizerId, authorizationScopes, ...rest } = attachment;
  return {
    ...rest,
    ...(authorizerId === undefined || authorizerId === '' ? {} : { authorizerId }),
    ...(authorizationScopes === undefined || authorizationScopes.length === 0 ? {} : { authorizationScopes: [...authorizationScopes] }),
  };
}

/** A REST attachment's `ref` is `resourceId httpMethod`. */
export function methodRef(ref: string): { readonly resourceId: string; readonly httpMethod: string } {
  const [resourceId = '', httpMethod = ''] = ref.split(' ');
  return { resourceId, httpMethod };
}

/** One UpdateMethod patch: AWS checks the method after all operations, so the kind can change in one call. */
export function methodPatch(attachment: LiveAttachment, change: AttachmentChange): { op: 'replace' | 'add' | 'remove'; path: string; value?: string }[] {
  const before = attachment.authorizationScopes ?? [];
  return [
    { op: 'replace', path: '/authorizerId', value: change.authorizerId },
    { op: 'replace', path: '/authorizationType', value: change.authorizationType },
    ...before.filter((scope) => !change.authorizationScopes.includes(scope)).map((value) => ({ op: 'remove' as const, path: '/authorizationScopes', value })),
    ...change.authorizationScopes.filter((scope) => !before.includes(scope)).map((value) => ({ op: 'add' as const, path: '/authorizationScopes', value })),
  ];
}
