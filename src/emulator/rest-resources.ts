/** REST API resources and their methods (v1), as the store keeps them: what GetResources and UpdateMethod serve. */
import { checkRestMethod, splitMethodKey } from './attachment-rules.js';
import { compact, type OperationContext } from './context.js';
import type { RestAuthorizationType, RestMethod, RestResource } from './model.js';
import type { RestApiState, RestResourceRecord } from './state.js';

export interface RestMethodSpec {
  /** `GET /pets`: the method and its resource's full path; missing resources along the path are made. */
  readonly key: string;
  readonly authorizationType?: RestAuthorizationType;
  readonly authorizerId?: string;
  readonly authorizationScopes?: readonly string[];
}

/** Seeds (and `setAuthorizerReferences`) add methods (PutMethod is out of scope) through UpdateMethod's rules. */
export function insertRestMethod(ctx: OperationContext, api: RestApiState, spec: RestMethodSpec): RestMethod {
  const { httpMethod, path } = splitMethodKey(spec.key);
  const resource = resourceAt(ctx, api, path);
  const base: RestMethod = resource.methods.get(httpMethod) ?? { httpMethod, authorizationType: 'NONE', apiKeyRequired: false };
  return storeMethod(
    api,
    resource,
    compact({
      ...base,
      authorizationType: spec.authorizationType ?? base.authorizationType,
      authorizerId: spec.authorizerId ?? base.authorizerId,
      authorizationScopes: spec.authorizationScopes ?? base.authorizationScopes,
    }),
  );
}

export function storeMethod(api: RestApiState, resource: RestResourceRecord, method: RestMethod): RestMethod {
  const checked = checkRestMethod(method, (id) => api.authorizers.get(id)?.members.type);
  resource.methods.set(checked.httpMethod, checked);
  return checked;
}

/** The resource at a full path, made (with its parents) when absent. */
function resourceAt(ctx: OperationContext, api: RestApiState, path: string): RestResourceRecord {
  let parent = api.resources.get(api.api.rootResourceId) as RestResourceRecord;
  for (const part of path.split('/').filter((segment) => segment !== '')) {
    const childPath = `${parent.path === '/' ? '' : parent.path}/${part}`;
    let child = [...api.resources.values()].find((resource) => resource.path === childPath);
    if (child === undefined) {
      child = { id: ctx.newId(6), path: childPath, parentId: parent.id, pathPart: part, methods: new Map() };
      api.resources.set(child.id, child);
    }
    parent = child;
  }
  return parent;
}

export function methodsOf(api: RestApiState): { readonly resource: RestResourceRecord; readonly method: RestMethod }[] {
  return [...api.resources.values()].flatMap((resource) => [...resource.methods.values()].map((method) => ({ resource, method })));
}

export function presentResource(record: RestResourceRecord, withMethods: boolean): RestResource {
  return compact({
    id: record.id,
    parentId: record.parentId,
    pathPart: record.pathPart,
    path: record.path,
    resourceMethods: withMethods && record.methods.size > 0 ? Object.fromEntries(record.methods) : undefined,
  });
}
