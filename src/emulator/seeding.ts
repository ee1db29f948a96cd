/**
 * Loading a seed into a copy of the world: ids are claimed first, authorizers go through
 * CreateAuthorizer's own rules, and every failure names the file, the API and the authorizer.
 */
import type { OperationContext } from './context.js';
import { EmulatorError } from './errors.js';
import { API_ID, SHORT_ID } from './ids.js';
import { createRestAuthorizer, insertRestApi, insertStage } from './rest.js';
import { readRestDraft } from './rest-rules.js';
import { EmulatorSeedError, type EmulatorSeed, type SeedRestApi, type SeedV2Api } from './seed.js';
import type { World } from './state.js';
import { createV2Authorizer, insertV2Api, insertV2Stage } from './v2.js';
import { readV2Draft } from './v2-rules.js';

export interface SeedTarget {
  /** A staged copy of the world; the caller keeps it only when the whole seed loaded. */
  readonly world: World;
  readonly defaultRegion: string;
  readonly contextIn: (world: World, region: string) => OperationContext;
}

export function seedWorld(target: SeedTarget, seed: EmulatorSeed): void {
  const source = seed.source ?? 'seed';
  seed.apis.forEach((api, index) => {
    const where = `apis[${index}] (${api.type} API '${api.name}')`;
    const ctx = target.contextIn(target.world, api.region ?? target.defaultRegion);
    const claim = (id: string, format: RegExp, at: string): void => claimId(target.world, id, format, source, at);
    if (api.id !== undefined) claim(api.id, API_ID, where);
    if (api.type === 'rest') seedRestApi(ctx, api, source, where, claim);
    else seedV2Api(ctx, api, source, where, claim);
  });
}

type Claim = (id: string, format: RegExp, where: string) => void;

function claimId(world: World, id: string, format: RegExp, source: string, where: string): void {
  if (!format.test(id)) throw new EmulatorSeedError(source, [`${where}: id '${id}' does not look like an AWS id`]);
  if (world.usedIds.has(id)) throw new EmulatorSeedError(source, [`${where}: id '${id}' is used twice`]);
  world.usedIds.add(id);
}

function seedV2Api(ctx: OperationContext, seed: SeedV2Api, source: string, where: string, claim: Claim): void {
  const api = insertV2Api(ctx, {
    id: seed.id,
    name: seed.name,
    protocolType: seed.type === 'http' ? 'HTTP' : 'WEBSOCKET',
    description: seed.description,
    tags: seed.tags,
  });
  seedAuthorizers(seed.authorizers, source, where, claim, (authorizer, seedOnly) =>
    createV2Authorizer(ctx, api, readV2Draft(authorizer, 'createAuthorizerInput'), seedOnly),
  );
  for (const stage of seed.stages ?? []) {
    asSeedError(source, `${where} stage '${stage.name}'`, () => insertV2Stage(ctx, api, { ...stage, stageName: stage.name }));
  }
}

function seedRestApi(ctx: OperationContext, seed: SeedRestApi, source: string, where: string, claim: Claim): void {
  const api = insertRestApi(ctx, seed);
  seedAuthorizers(seed.authorizers, source, where, claim, (authorizer, seedOnly) =>
    createRestAuthorizer(ctx, api, readRestDraft(authorizer, 'createAuthorizerInput'), seedOnly),
  );
  for (const stage of seed.stages ?? []) {
    asSeedError(source, `${where} stage '${stage.name}'`, () => insertStage(ctx, api, { ...stage, stageName: stage.name }));
  }
}

interface SeedAuthorizer {
  readonly name?: unknown;
  readonly id?: string;
  readonly referencedBy?: readonly string[];
}

function seedAuthorizers<A extends SeedAuthorizer>(
  authorizers: readonly A[] | undefined,
  source: string,
  where: string,
  claim: Claim,
  create: (authorizer: A, seedOnly: { authorizerId?: string; referencedBy?: readonly string[] }) => unknown,
): void {
  (authorizers ?? []).forEach((authorizer, index) => {
    const at = `${where} authorizers[${index}] ('${String(authorizer.name)}')`;
    if (authorizer.id !== undefined) claim(authorizer.id, SHORT_ID, at);
    asSeedError(source, at, () => create(authorizer, { authorizerId: authorizer.id, referencedBy: authorizer.referencedBy }));
  });
}

function asSeedError<T>(source: string, where: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof EmulatorError) throw new EmulatorSeedError(source, [`${where}: ${error.message}`]);
    throw error;
  }
}
