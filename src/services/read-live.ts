/** Reads the live state every manifest document refers to: one API resolution and one listing per API. */
import pLimit from 'p-limit';
import type { ApiSummary, AuthorizerPort } from '../aws/ports.js';
import type { AwsAccess } from './access.js';
import { locateAwsError } from '../aws/errors.js';
import { PortCache } from './port-cache.js';
import type { ApiTarget, ApiType, DesiredApi, LiveApi, LiveStage } from '../core/model.js';
import { readDeployedAuthorizers } from '../core/stage-export.js';
import type { PlanInput } from '../core/plan.js';
import { AccessDeniedError, GatewardenError, UsageError, UserError } from '../errors.js';
import { apiTypeDefinition, apiTypeLabel, familyFor, type Family } from '../families/registry.js';
import { formatLocation } from '../manifest/index.js';
import type { OutputPort } from './output.js';
import { needsStages, readProgress } from './read-progress.js';
import type { TargetFilter } from '../core/target.js';

/** Bounded so that a fleet of manifests stays under AWS's 10 requests per second with a burst of 40. */
const READ_CONCURRENCY = 8;

export interface LiveContext {
  readonly aws: AwsAccess;
  readonly output: OutputPort;
  /** `--target`: only the APIs it matches are read and planned; the others are resolved, then left out. */
  readonly targets?: TargetFilter;
}

/** Returns the inputs of the planner, one per document, or throws every problem found at once. */
export async function readLiveState(documents: readonly DesiredApi[], context: LiveContext): Promise<PlanInput[]> {
  const ports = new PortCache(context.aws);
  const defaultRegion = documents.some((document) => !document.region) ? await defaultRegionFor(documents, context.aws) : undefined;
  const limit = pLimit(READ_CONCURRENCY);
  const regionOf = (document: DesiredApi) => document.region ?? (defaultRegion as string);
  const listed = regionsListedForIds(documents, regionOf);
  const resolved: ResolvedApi[] = [];
  // A document selected by id costs a GetApi only where its region's listing is not read anyway.
  const progress = readProgress(documents, context.output, (document) => document.api.id !== undefined && !listed.has(listingKey(document, regionOf(document))));
  const results = await Promise.allSettled(
    documents.map((document) =>
      limit(async () => {
        try {
          const region = regionOf(document);
          const input = await readDocument(document, region, ports, context, resolved, listed.has(listingKey(document, region)));
          progress(document, input?.live.name ?? document.api.name ?? document.api.id ?? '');
          // After the progress event, so that a terminal's progress line can take the read line's place.
          if (input) {
            context.output.emit({
              code: 'live.read',
              target: { apiType: input.live.type, apiId: input.live.id, apiName: input.live.name, region: input.live.region },
              authorizers: input.live.authorizers.length,
            });
          }
          return input;
        } catch (error) {
          progress(document, document.api.name ?? document.api.id ?? '');
          throw error;
        }
      }),
    ),
  );
  const inputs = results.flatMap((result) => (result.status === 'fulfilled' && result.value ? [result.value] : []));
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  failures.push(...duplicateTargets(inputs));
  if (failures.length > 0) throw combineFailures(failures);
  if (context.targets) refuseUnmatchedTargets(context.targets, resolved);
  return inputs;
}

/** The region of documents without `spec.region`; when there is none, the error names those documents. */
async function defaultRegionFor(documents: readonly DesiredApi[], aws: AwsAccess): Promise<string> {
  try {
    return await aws.defaultRegion();
  } catch (error) {
    if (!(error instanceof UserError) || error.code !== 'NO_REGION') throw error;
    const unplaced = documents.filter((document) => !document.region).map((document) => formatLocation(document.source));
    const listed = unplaced.length > 5 ? `${unplaced.slice(0, 5).join(', ')} and ${unplaced.length - 5} more` : unplaced.join(', ');
    const manifests = unplaced.length === 1 ? 'the manifest' : `${unplaced.length} manifests`;
    throw new UserError('NO_REGION', `No AWS region is set for ${manifests} without spec.region: ${listed}.`, {
      hint: 'Set spec.region in the manifest, pass --region, or set AWS_REGION.',
      cause: error,
    });
  }
}

type ResolvedApi = Pick<ApiTarget, 'apiId' | 'apiName' | 'label'>;

/** Terraform ignores a -target that matches nothing (hashicorp/terraform#30434); a typo in CI would then plan nothing, silently. */
function refuseUnmatchedTargets(targets: TargetFilter, resolved: readonly ResolvedApi[]): void {
  const unmatched = targets.unmatched(resolved);
  if (unmatched.length === 0) return;
  const known = resolved.map((api) => `"${api.apiName}" (${api.apiId})`).join(', ') || 'none';
  throw new UsageError('TARGET_UNMATCHED', `--target ${unmatched.map((pattern) => `"${pattern}"`).join(', ')} matches none of the declared APIs: ${known}.`, {
    hint: 'A target names a declared API by its name, its id or its manifest label, and may use * and ? globs.',
  });
}

async function readDocument(
  desired: DesiredApi,
  region: string,
  ports: PortCache,
  { targets }: LiveContext,
  resolved: ResolvedApi[],
  idsFromListing: boolean,
): Promise<PlanInput | undefined> {
  const family = familyFor(desired.api.type);
  const port = await ports.get(family, region);
  const where = formatLocation(desired.source);
  const selector = desired.api.id !== undefined ? `id ${desired.api.id}` : `named "${desired.api.name}"`;
  const api = await resolveApi(desired, region, port, ports.apiListing(family, region), idsFromListing).catch((error: unknown) => {
    throw locateAwsError(error, `${where}: finding the ${apiTypeLabel(desired.api.type)} ${selector} in ${region}`);
  });
  // Resolved first, so that a target may name the API by its name or its id whichever the manifest uses.
  const label = desired.label === undefined ? {} : { label: desired.label };
  resolved.push({ apiId: api.id, apiName: api.name, ...label });
  if (targets && !targets.matches({ apiId: api.id, apiName: api.name, ...label })) return undefined;
  const [stages, authorizers] = await Promise.all([
    needsStages(desired) ? port.listStages(api.id) : Promise.resolve([]),
    port.listAuthorizers(api.id),
  ]).catch((error: unknown) => {
    throw locateAwsError(error, `${where}: reading ${apiTypeLabel(api.type)} ${api.id} ("${api.name}") in ${region}`);
  });
  const listed: LiveApi = { type: api.type, id: api.id, name: api.name, region, stages, authorizers };
  checkStages(desired, listed, family);
  const deployedStages = await readDeployedStages(desired, listed, port).catch((error: unknown) => {
    throw locateAwsError(error, `${where}: exporting the redeploy stages of ${apiTypeLabel(api.type)} ${api.id} ("${api.name}") in ${region}`);
  });
  const live: LiveApi = { ...listed, stages: deployedStages };
  return { desired, live, rules: family.rules };
}

/**
 * For each `afterChange.redeploy` stage, what its deployment runs: one export per such stage, none
 * for APIs without redeploy stages or of an API type that cannot export a stage.
 */
async function readDeployedStages(desired: DesiredApi, live: LiveApi, port: AuthorizerPort): Promise<LiveStage[]> {
  const rules = apiTypeDefinition(live.type).stageExport;
  if ('unsupported' in rules) return [...live.stages];
  return Promise.all(
    live.stages.map(async (stage): Promise<LiveStage> => {
      if (!desired.afterChange.redeploy.includes(stage.name)) return stage;
      const where = `${formatLocation(desired.source)}: stage "${stage.name}" of API ${live.id} ("${live.name}")`;
      const authorizers = readDeployedAuthorizers(await port.exportStage(live.id, stage.name), rules, where);
      return { ...stage, deployed: { authorizers } };
    }),
  );
}

async function resolveApi(
  desired: DesiredApi,
  region: string,
  port: AuthorizerPort,
  listing: () => Promise<ApiSummary[]>,
  idsFromListing: boolean,
): Promise<ApiSummary> {
  const { type, id, name } = desired.api;
  const where = formatLocation(desired.apiSource ?? desired.source);
  let api: ApiSummary | undefined;
  if (id !== undefined) {
    api = idsFromListing ? (await listing()).find((candidate) => candidate.id === id) : await port.getApi(id);
    if (!api) throw new UserError('API_NOT_FOUND', `${where}: no ${apiTypeLabel(type)} with id ${id} in ${region}.`);
  } else {
    const apis = await listing();
    const candidates = apis.filter((candidate) => candidate.name === name);
    if (candidates.length === 0) {
      throw new UserError('API_NOT_FOUND', `${where}: no ${apiTypeLabel(type)} named "${name}" in ${region}.${describeOthers(apis, type)}`, {
        hint: 'Check the name and the region, or select the API by id.',
      });
    }
    if (candidates.length > 1) {
      const ids = candidates.map((candidate) => `${candidate.id} (${apiTypeLabel(candidate.type)})`).join(', ');
      throw new UserError('API_AMBIGUOUS', `${where}: ${candidates.length} APIs are named "${name}" in ${region}: ${ids}.`, {
        hint: 'Select the API by id instead of by name.',
      });
    }
    api = candidates[0] as ApiSummary;
  }
  if (api.type !== type) {
    throw new UserError(
      'API_TYPE_MISMATCH',
      `${where}: API ${api.id} ("${api.name}") is a ${apiTypeLabel(api.type)}, but the manifest declares type ${type}.`,
    );
  }
  return api;
}

/**
 * One listing page holds up to 500 APIs, so once a region has more than a couple of APIs selected by
 * id (or any selected by name, which needs the listing anyway), resolving them all from the listing
 * costs fewer calls against the quota than one GetApi each.
 */
const GET_API_CALLS_BEFORE_LISTING = 2;

function listingKey(document: DesiredApi, region: string): string {
  return `${familyFor(document.api.type).id}:${region}`;
}

function regionsListedForIds(documents: readonly DesiredApi[], regionOf: (document: DesiredApi) => string): Set<string> {
  const byId = new Map<string, number>();
  const byName = new Set<string>();
  for (const document of documents) {
    const key = listingKey(document, regionOf(document));
    if (document.api.id === undefined) byName.add(key);
    else byId.set(key, (byId.get(key) ?? 0) + 1);
  }
  return new Set([...byId].filter(([key, count]) => byName.has(key) || count > GET_API_CALLS_BEFORE_LISTING).map(([key]) => key));
}

/** What is there instead, so that a typo or a wrong region shows at once. */
function describeOthers(apis: readonly ApiSummary[], type: ApiType): string {
  const sameType = apis.filter((api) => api.type === type);
  if (sameType.length === 0) return ` There are no ${apiTypeLabel(type)}s there.`;
  const shown = sameType.slice(0, 10).map((api) => `"${api.name}" (${api.id})`);
  const more = sameType.length > shown.length ? `, and ${sameType.length - shown.length} more` : '';
  return ` ${apiTypeLabel(type)}s there: ${shown.join(', ')}${more}.`;
}

/** Post-actions name stages; a stage that does not exist is caught now, before anything is written. */
function checkStages(desired: DesiredApi, live: LiveApi, family: Family): void {
  const stages = new Map(live.stages.map((stage) => [stage.name, stage]));
  const problems: string[] = [];
  // Each problem is located at its stage's entry in afterChange (the document's start for data built without one).
  const at = (list: 'resetCache' | 'redeploy', index: number) => formatLocation(desired.afterChangeSources?.[list][index] ?? desired.source);
  const api = `API ${live.id} ("${live.name}")`;
  desired.afterChange.resetCache.forEach((stage, index) => {
    if (!stages.has(stage)) problems.push(`${at('resetCache', index)}: ${api}: resetCache stage "${stage}" does not exist.`);
    else if (!family.cacheResetApiTypes.includes(live.type))
      problems.push(`${at('resetCache', index)}: ${api}: ${apiTypeLabel(live.type)}s have no authorizer cache to reset (stage "${stage}").`);
  });
  desired.afterChange.redeploy.forEach((stage, index) => {
    const found = stages.get(stage);
    if (!found) problems.push(`${at('redeploy', index)}: ${api}: redeploy stage "${stage}" does not exist.`);
    else if (found.autoDeploy) problems.push(`${at('redeploy', index)}: ${api}: redeploy stage "${stage}" deploys automatically; remove it from redeploy.`);
  });
  if (problems.length > 0) {
    const known = live.stages.map((stage) => stage.name).join(', ') || 'none';
    throw new UserError('STAGE_INVALID', problems.join('\n'), { hint: `The stages of ${api}: ${known}.` });
  }
}

/** The inputs `wanted` picks, with their routes or methods read; the others as they were. */
/**
 * Adds what uses each authorizer to the inputs `wanted` selects. Where `needsAllStages` also holds
 * and the stages were not listed (no afterChange), they are listed too: a replacement's plan names
 * the stages it would leave on the deleted authorizer.
 */
export async function withAttachments(
  inputs: readonly PlanInput[],
  aws: AwsAccess,
  wanted: (input: PlanInput) => boolean,
  needsAllStages: (input: PlanInput) => boolean = () => false,
): Promise<PlanInput[]> {
  const ports = new PortCache(aws);
  const limit = pLimit(READ_CONCURRENCY);
  return Promise.all(
    inputs.map((input) =>
      wanted(input)
        ? limit(async () => {
            const port = await ports.get(familyFor(input.live.type), input.live.region);
            const listStages = !needsStages(input.desired) && needsAllStages(input);
            const [attachments, stages] = await Promise.all([port.listAttachments(input.live.id), listStages ? port.listStages(input.live.id) : input.live.stages]);
            return { ...input, live: { ...input.live, stages, attachments } };
          })
        : input,
    ),
  );
}

function duplicateTargets(inputs: readonly PlanInput[]): UserError[] {
  const seen = new Map<string, PlanInput>();
  const errors: UserError[] = [];
  for (const input of inputs) {
    const key = `${input.live.region}/${input.live.id}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, input);
      continue;
    }
    errors.push(
      new UserError(
        'API_DECLARED_TWICE',
        `${formatLocation(input.desired.source)}: API ${input.live.id} in ${input.live.region} is already declared at ${formatLocation(first.desired.source)}; declare each API in one document.`,
      ),
    );
  }
  return errors;
}

/** Access problems win (exit 5); otherwise every problem is reported in one message. */
function combineFailures(failures: readonly unknown[]): unknown {
  const access = failures.find((failure) => failure instanceof AccessDeniedError);
  if (access) return access;
  if (failures.length === 1) return failures[0];
  if (!failures.every((failure) => failure instanceof UserError)) {
    return failures.find((failure) => !(failure instanceof UserError));
  }
  const messages = (failures as GatewardenError[]).map((failure) => `  - ${failure.message}`).join('\n');
  return new UserError('LIVE_READ_FAILED', `${failures.length} manifests could not be matched to live APIs:\n${messages}`);
}
