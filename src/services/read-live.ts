/** Reads the live state every manifest document refers to: one API resolution and one listing per API. */
import pLimit from 'p-limit';
import type { ApiSummary, AuthorizerPort, AwsAccess } from '../aws/ports.js';
import { PortCache } from './port-cache.js';
import type { ApiType, DesiredApi, LiveApi } from '../core/model.js';
import type { PlanInput } from '../core/plan.js';
import { AccessDeniedError, GatewardenError, UserError } from '../errors.js';
import { apiTypeLabel, familyFor, type Family } from '../families/registry.js';
import { formatLocation } from '../manifest/index.js';
import type { OutputPort } from './output.js';

/** Bounded so that a fleet of manifests stays under AWS's 10 requests per second with a burst of 40. */
const READ_CONCURRENCY = 8;

/**
 * The rate reads are expected to proceed at, for progress estimates: AWS's account quota
 * (docs/aws-behaviour.md#quotas-and-throttling). The one place to swap for the run's pacer rate.
 */
export const ASSUMED_REQUESTS_PER_SECOND = 10;

/** Reads of fewer APIs finish in a few seconds at the quota: no progress events for them. */
export const LONG_READ_APIS = 10;

export interface LiveContext {
  readonly aws: AwsAccess;
  readonly output: OutputPort;
}

/** Returns the inputs of the planner, one per document, or throws every problem found at once. */
export async function readLiveState(documents: readonly DesiredApi[], context: LiveContext): Promise<PlanInput[]> {
  const ports = new PortCache(context.aws);
  const defaultRegion = documents.some((document) => !document.region)
    ? await context.aws.defaultRegion()
    : undefined;
  const limit = pLimit(READ_CONCURRENCY);
  const progress = readProgress(documents, context.output);
  const results = await Promise.allSettled(
    documents.map((document) =>
      limit(async () => {
        try {
          const input = await readDocument(document, document.region ?? (defaultRegion as string), ports);
          progress(document, input.live.name);
          context.output.emit({
            code: 'live.read',
            target: { apiType: input.live.type, apiId: input.live.id, apiName: input.live.name, region: input.live.region },
            authorizers: input.live.authorizers.length,
          });
          return input;
        } catch (error) {
          progress(document, document.api.name ?? document.api.id ?? '');
          throw error;
        }
      }),
    ),
  );
  const inputs = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  failures.push(...duplicateTargets(inputs));
  if (failures.length > 0) throw combineFailures(failures);
  return inputs;
}

/**
 * Counts documents as they finish and emits `live.progress` for long reads. The calls left are
 * estimated per document, without the region listings by-name selection shares (a few per run).
 */
function readProgress(documents: readonly DesiredApi[], output: OutputPort): (document: DesiredApi, apiName: string) => void {
  const total = documents.length;
  let done = 0;
  let remainingCalls = documents.reduce((sum, document) => sum + estimatedReadCalls(document), 0);
  return (document, apiName) => {
    done += 1;
    remainingCalls -= estimatedReadCalls(document);
    if (total < LONG_READ_APIS) return;
    output.emit({ code: 'live.progress', done, total, apiName, remainingCalls, requestsPerSecond: ASSUMED_REQUESTS_PER_SECOND });
  };
}

/** What `readDocument` calls for one document when each listing fits one page. */
function estimatedReadCalls(desired: DesiredApi): number {
  const getApi = desired.api.id !== undefined ? 1 : 0;
  return getApi + 1 + (needsStages(desired) ? 1 : 0);
}

// Stages matter only to post-actions; skipping the listing saves a call per API against AWS's 10 requests/s quota.
function needsStages(desired: DesiredApi): boolean {
  return desired.afterChange.resetCache.length + desired.afterChange.redeploy.length > 0;
}

async function readDocument(desired: DesiredApi, region: string, ports: PortCache): Promise<PlanInput> {
  const family = familyFor(desired.api.type);
  const port = await ports.get(family, region);
  const api = await resolveApi(desired, region, port, ports.apiListing(family, region));
  const [stages, authorizers] = await Promise.all([
    needsStages(desired) ? port.listStages(api.id) : Promise.resolve([]),
    port.listAuthorizers(api.id),
  ]);
  const live: LiveApi = { type: api.type, id: api.id, name: api.name, region, stages, authorizers };
  checkStages(desired, live, family);
  return { desired, live, rules: family.rules };
}

async function resolveApi(
  desired: DesiredApi,
  region: string,
  port: AuthorizerPort,
  listing: () => Promise<ApiSummary[]>,
): Promise<ApiSummary> {
  const { type, id, name } = desired.api;
  const where = formatLocation(desired.source);
  let api: ApiSummary | undefined;
  if (id !== undefined) {
    api = await port.getApi(id);
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
  for (const stage of desired.afterChange.resetCache) {
    if (!stages.has(stage)) problems.push(`resetCache stage "${stage}" does not exist`);
    else if (!family.cacheResetApiTypes.includes(live.type))
      problems.push(`${apiTypeLabel(live.type)}s have no authorizer cache to reset (stage "${stage}")`);
  }
  for (const stage of desired.afterChange.redeploy) {
    const found = stages.get(stage);
    if (!found) problems.push(`redeploy stage "${stage}" does not exist`);
    else if (found.autoDeploy) problems.push(`redeploy stage "${stage}" deploys automatically; remove it from redeploy`);
  }
  if (problems.length > 0) {
    const where = formatLocation(desired.source);
    const known = live.stages.map((stage) => stage.name).join(', ') || 'none';
    throw new UserError(
      'STAGE_INVALID',
      `${where}: API ${live.id} ("${live.name}"): ${problems.join('; ')}. Stages: ${known}.`,
    );
  }
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
