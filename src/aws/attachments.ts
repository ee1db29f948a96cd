/** Shared by the adapters that read routes and methods, so both leave out absent members alike. */
import type { LiveAttachment } from '../core/model.js';

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
