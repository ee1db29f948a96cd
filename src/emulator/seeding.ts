/**
 * Loading a seed into a copy of the world: ids are claimed first, authorizers go through
 * CreateAuthorizer's own rules, and every failure names the file, the API and the authorizer.
 */
import type { OperationContext } from './context.js';
import { EmulatorError } from './errors.js';
import { API_ID, SHORT_ID } from './ids.js';
import { insertSeedFunction, lambdaTimestamp } from './lambda-seed.js';
import { createRestAuthorizer, insertRestApi, insertRestMethod, insertStage } from './rest.js';
import { readRestDraft } from './rest-rules.js';
import { EmulatorSeedError, type EmulatorSeed, type SeedDeployedAuthorizers, type SeedRestApi, type SeedRestMethod, type SeedV2Api, type SeedV2Route } from './seed.js';
import type { World } from './state.js';
import { createV2Authorizer, deployV2Stage, insertV2Api, insertV2Route, insertV2Stage } from './v2.js';
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
  seed.functions?.forEach((fn, index) => {
    const ctx = target.contextIn(target.world, fn.region ?? target.defaultRegion);
    try {
      insertSeedFunction(ctx, fn, lambdaTimestamp(ctx.now()));
    } catch (error) {
      throw new EmulatorSeedError(source, [`functions[${index}] ('${fn.name}'): ${error instanceof Error ? error.message : String(error)}`]);
    }
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
  seedAttachments(seed, source, where, 'route', (name) => [...api.authorizers.values()].find((record) => record.members.name === name), (route: SeedV2Route, authorizer) => {
    const needs = authorizer === undefined ? 'NONE' : authorizer.members.authorizerType === 'JWT' ? 'JWT' : 'CUSTOM';
    insertV2Route(ctx, api, { ...route, routeKey: route.key, authorizerId: authorizer?.authorizerId, authorizationType: route.authorizationType ?? needs });
  });
  for (const { deployedAuthorizers, ...stage } of seed.stages ?? []) {
    const at = `${where} stage '${stage.name}'`;
    asSeedError(source, at, () => insertV2Stage(ctx, api, { ...stage, stageName: stage.name }));
    if (deployedAuthorizers === undefined) continue;
    const deploymentId = api.stages.get(stage.name)?.deploymentId ?? deployV2Stage(ctx, api, stage.name);
    freezeOlder(api.snapshots, deploymentId, deployedAuthorizers, source, at);
  }
}

function seedRestApi(ctx: OperationContext, seed: SeedRestApi, source: string, where: string, claim: Claim): void {
  const api = insertRestApi(ctx, seed);
  seedAuthorizers(seed.authorizers, source, where, claim, (authorizer, seedOnly) =>
    createRestAuthorizer(ctx, api, readRestDraft(authorizer, 'createAuthorizerInput'), seedOnly),
  );
  seedAttachments(seed, source, where, 'method', (name) => [...api.authorizers.values()].find((record) => record.members.name === name), (method: SeedRestMethod, authorizer) => {
    const needs = authorizer === undefined ? 'NONE' : authorizer.members.type === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : 'CUSTOM';
    insertRestMethod(ctx, api, { ...method, authorizerId: authorizer?.id, authorizationType: method.authorizationType ?? needs });
  });
  for (const { deployedAuthorizers, ...stage } of seed.stages ?? []) {
    const at = `${where} stage '${stage.name}'`;
    const inserted = asSeedError(source, at, () => insertStage(ctx, api, { ...stage, stageName: stage.name }));
    if (deployedAuthorizers !== undefined) freezeOlder(api.snapshots, inserted.deploymentId, deployedAuthorizers, source, at);
  }
}

/** Makes a stage's deployment differ from the live authorizers by the given members, as they are. */
function freezeOlder<R extends { readonly members: { readonly name?: string | undefined } }>(
  snapshots: Map<string, readonly R[]>,
  deploymentId: string,
  older: SeedDeployedAuthorizers,
  source: string,
  where: string,
): void {
  const frozen = snapshots.get(deploymentId) ?? [];
  const unknown = Object.keys(older).filter((name) => !frozen.some((record) => record.members.name === name));
  if (unknown.length > 0) {
    throw new EmulatorSeedError(source, [`${where}: deployedAuthorizers names no authorizer of its deployment: ${unknown.join(', ')}`]);
  }
  snapshots.set(
    deploymentId,
    frozen.map((record) => {
      const members = older[record.members.name ?? ''];
      return members === undefined ? record : { ...record, members: { ...record.members, ...members } };
    }),
  );
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
  create: (authorizer: A, seedOnly: { authorizerId?: string }) => unknown,
): void {
  (authorizers ?? []).forEach((authorizer, index) => {
    const at = `${where} authorizers[${index}] ('${String(authorizer.name)}')`;
    if (authorizer.id !== undefined) claim(authorizer.id, SHORT_ID, at);
    asSeedError(source, at, () => create(authorizer, { authorizerId: authorizer.id }));
  });
}

/** Adds each route or method with the seeded authorizer it names; an unknown name is a seed error. */
function seedAttachments<A extends { readonly key: string; readonly authorizer?: string }, R = unknown>(
  seed: SeedV2Api | SeedRestApi,
  source: string,
  where: string,
  noun: 'route' | 'method',
  byName: (name: string) => R | undefined,
  insert: (attachment: A, authorizer: R | undefined) => void,
): void {
  for (const attachment of attachmentsOf<A>(seed)) {
    const at = `${where} ${noun} '${attachment.key}'`;
    const authorizer = attachment.authorizer === undefined ? undefined : byName(attachment.authorizer);
    if (attachment.authorizer !== undefined && authorizer === undefined) throw new EmulatorSeedError(source, [`${at}: no authorizer named '${attachment.authorizer}'`]);
    asSeedError(source, at, () => insert(attachment, authorizer));
  }
}

/** The API's routes or methods: those listed, then those its authorizers' `referencedBy` name. */
function attachmentsOf<A extends { readonly key: string; readonly authorizer?: string }>(seed: SeedV2Api | SeedRestApi): A[] {
  const listed = ((seed.type === 'rest' ? seed.methods : seed.routes) ?? []) as unknown as A[];
  const referenced = (seed.authorizers ?? []).flatMap((authorizer) =>
    (authorizer.referencedBy ?? []).map((key) => ({ key, authorizer: authorizer.name }) as unknown as A),
  );
  return [...listed, ...referenced];
}

function asSeedError<T>(source: string, where: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof EmulatorError) throw new EmulatorSeedError(source, [`${where}: ${error.message}`]);
    throw error;
  }
}
