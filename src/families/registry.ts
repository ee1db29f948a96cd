/**
 * The explicit registry of API families. Adding a family is a new folder plus one line here (and
 * its service in the emulator); everything else reads the families through this module.
 */
import type { ApiType } from '../core/model.js';
import { BugError } from '../errors.js';
import { apigatewayv2Family } from './apigatewayv2/index.js';
import type { ApiTypeDefinition, Family } from './family.js';
import { restFamily } from './rest/index.js';

export type { ApiTypeDefinition, Family } from './family.js';

export const FAMILIES = [
  apigatewayv2Family,
  restFamily,
] as const satisfies readonly Family[];

/**
 * The kinds of API Gateway API whose authorizers we manage, as manifests name them: the literal ids,
 * for tables that must cover every type. The core takes them as strings (`ApiType`).
 */
export type ApiTypeId = (typeof FAMILIES)[number]['apiTypes'][number]['id'];

export const API_TYPES: readonly ApiTypeDefinition<ApiTypeId>[] = FAMILIES.flatMap((family): readonly ApiTypeDefinition<ApiTypeId>[] => family.apiTypes);

export const API_TYPE_IDS: readonly ApiTypeId[] = API_TYPES.map((apiType) => apiType.id);

/** The definition of a manifest's `spec.api.type`, or undefined when no family has that type. */
export function findApiType(id: unknown): ApiTypeDefinition<ApiTypeId> | undefined {
  return API_TYPES.find((apiType) => apiType.id === id);
}

export function apiTypeDefinition(id: ApiType): ApiTypeDefinition<ApiTypeId> {
  const apiType = findApiType(id);
  if (!apiType) throw new BugError(`no API family handles ${id}`);
  return apiType;
}

/** `HTTP API`, `REST API`, … */
export function apiTypeLabel(id: ApiType): string {
  return apiTypeDefinition(id).label;
}

export function familyFor(apiType: ApiType): Family {
  const family = FAMILIES.find((candidate) => candidate.apiTypes.some((definition) => definition.id === apiType));
  if (!family) throw new BugError(`no API family handles ${apiType}`);
  return family;
}

/** `routes`, `method`: what uses an authorizer on this API type, for `count` of them. */
export function attachmentNoun(type: ApiType, count: number): string {
  const [one, many] = apiTypeDefinition(type).attachmentNoun;
  return count === 1 ? one : many;
}

/**
 * The AWS CLI command that performs a post-action by hand, for those no later plan can see were
 * missed: a cache reset (AWS has no read of a cache) and a redeploy of a stage that cannot be
 * exported. Undefined where a later plan plans it again, or where the post-action does not exist.
 */
export function manualPostActionCommand(
  action: 'redeploy' | 'reset-cache',
  target: { readonly apiType: ApiType; readonly apiId: string; readonly region: string },
  stage: string,
): string | undefined {
  const definition = apiTypeDefinition(target.apiType);
  const command =
    action === 'reset-cache'
      ? 'cliCommand' in definition.cacheReset ? definition.cacheReset.cliCommand : undefined
      : 'unsupported' in definition.stageExport ? definition.stageExport.redeployCommand : undefined;
  return command?.replace('{apiId}', target.apiId).replace('{stage}', stage).replace('{region}', target.region);
}
