import type { ApiSelector, ApiType, DesiredApi, DesiredAuthorizer } from '../core/model.js';
import { locateValue, type ParsedDocument } from './parse.js';

/** The shape a document has once it passed the schema and the rules; only then may it be read this way. */
interface ValidManifest {
  readonly metadata?: { readonly name?: string };
  readonly spec: {
    readonly region?: string;
    readonly api: { readonly type: ApiType; readonly id?: string; readonly name?: string };
    readonly afterChange?: { readonly resetCache?: readonly string[]; readonly redeploy?: readonly string[] };
    readonly quotas?: { readonly authorizersPerApi?: number };
    readonly prune?: boolean | { readonly keep: readonly string[] };
    readonly authorizers: readonly (Readonly<Record<string, unknown>> & { readonly name: string })[];
  };
}

/**
 * Builds the desired state of one valid document. Values stay exactly as declared (no AWS defaults
 * filled in: normalising is the families' job); only `afterChange`'s lists get their empty defaults.
 */
export function toDesiredApi(parsed: ParsedDocument): DesiredApi {
  const { metadata, spec } = parsed.value as ValidManifest;
  const authorizers = spec.authorizers.map(
    (fields, index): DesiredAuthorizer => ({
      name: fields.name,
      fields,
      source: locateValue(parsed, ['spec', 'authorizers', index]),
    }),
  );
  const stageSources = (list: 'resetCache' | 'redeploy') =>
    (spec.afterChange?.[list] ?? []).map((_, index) => locateValue(parsed, ['spec', 'afterChange', list, index]));
  return {
    ...(metadata?.name !== undefined && { label: metadata.name }),
    ...(spec.region !== undefined && { region: spec.region }),
    api: apiSelector(spec.api),
    afterChange: {
      resetCache: spec.afterChange?.resetCache ?? [],
      redeploy: spec.afterChange?.redeploy ?? [],
    },
    authorizers,
    ...(spec.quotas?.authorizersPerApi !== undefined && { authorizerQuota: spec.quotas.authorizersPerApi }),
    ...pruneOf(spec.prune),
    source: parsed.start,
    apiSource: locateValue(parsed, ['spec', 'api', spec.api.id !== undefined ? 'id' : 'name']),
    afterChangeSources: { resetCache: stageSources('resetCache'), redeploy: stageSources('redeploy') },
  };
}

function apiSelector(api: ValidManifest['spec']['api']): ApiSelector {
  return api.id !== undefined ? { type: api.type, id: api.id } : { type: api.type, name: api.name };
}

/** `prune: true` keeps nothing by name; `prune: false` is the same as no prune at all. */
function pruneOf(prune: ValidManifest['spec']['prune']): Pick<DesiredApi, 'prune'> {
  if (prune === undefined || prune === false) return {};
  return { prune: { keep: prune === true ? [] : [...prune.keep] } };
}
