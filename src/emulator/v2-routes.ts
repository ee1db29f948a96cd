/** HTTP and WebSocket API routes (v2), as the store keeps them: what GetRoutes and UpdateRoute serve. */
import { checkV2Route, readV2AuthorizationType } from './attachment-rules.js';
import { compact, type OperationContext } from './context.js';
import type { V2AuthorizationType, V2Route } from './model.js';
import { optionalString, optionalStringList, type Params } from './params.js';
import type { V2ApiState } from './state.js';

export interface V2RouteSpec {
  readonly routeKey: string;
  readonly authorizationType?: V2AuthorizationType;
  readonly authorizerId?: string;
  readonly authorizationScopes?: readonly string[];
}

/** Seeds (and `setAuthorizerReferences`) add routes through UpdateRoute's own rules. */
export function insertV2Route(ctx: OperationContext, api: V2ApiState, spec: V2RouteSpec): V2Route {
  const existing = [...api.routes.values()].find((route) => route.routeKey === spec.routeKey);
  const base: V2Route = existing ?? { routeId: ctx.newId(6), routeKey: spec.routeKey, authorizationType: 'NONE', apiKeyRequired: false };
  return updateV2Route(api, base, spec, 'createRouteInput');
}

/** Merges the present members into the route, checks the result, and stores it; nothing changes on failure. */
export function updateV2Route(api: V2ApiState, current: V2Route, params: Params, input: string): V2Route {
  const raw = (params as Record<string, unknown>).authorizationType;
  const authorizationType = raw === undefined || raw === null ? current.authorizationType : readV2AuthorizationType(raw, input);
  const authorizerId = optionalString(params, 'authorizerId', input);
  const authorizationScopes = optionalStringList(params, 'authorizationScopes', input);
  const merged: V2Route = compact({
    ...current,
    authorizationType,
    authorizerId: authorizerId ?? current.authorizerId,
    authorizationScopes: authorizationScopes ?? current.authorizationScopes,
  });
  // An empty scope list clears the scopes, as the other list members do.
  const cleared = merged.authorizationScopes?.length === 0 ? compact({ ...merged, authorizationScopes: undefined }) : merged;
  const checked = checkV2Route(cleared, api.api.protocolType, (id) => api.authorizers.get(id)?.members.authorizerType);
  api.routes.set(checked.routeId, checked);
  return checked;
}
