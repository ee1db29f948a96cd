/**
 * The emulator's behaviour, in memory and pure: no I/O, no timers, clock and ids injected.
 * The wire layer (`http.ts`) is one client of it; tests in the rest of the project use it directly
 * as their fake AWS. Every operation, whichever way it arrives, goes through `invoke`: it is logged,
 * throttled (when enabled), offered to injected failures, then handled against one region's state.
 */
import { systemClock, wholeSeconds, type Clock } from './clock.js';
import type { Handler, OperationContext, StoreLimits } from './context.js';
import { EmulatorError, errorFromSpec, TOO_MANY_REQUESTS, type InjectedErrorSpec } from './errors.js';
import { API_ID, createIdGenerator, SHORT_ID, type IdGenerator } from './ids.js';
import type { ServiceName } from './model.js';
import { concretePath, findOperation, type OperationName, type OperationSpec } from './operations.js';
import { restHandlers, createRestAuthorizer, insertRestApi, insertStage } from './rest.js';
import { readRestDraft } from './rest-rules.js';
import { EmulatorSeedError, type EmulatorSeed, type SeedRestApi, type SeedV2Api } from './seed.js';
import { emptyWorld, regionOf, type World } from './state.js';
import { AWS_ACCOUNT_RATE_LIMIT, TokenBucket, type RateLimit } from './throttle.js';
import { createV2Authorizer, insertV2Api, insertV2Stage, v2Handlers } from './v2.js';
import { readV2Draft } from './v2-rules.js';

export interface ThrottleOptions {
  /** The account-wide bucket per region, shared by both services. Default: AWS's 10 rps, burst 40. */
  readonly account?: RateLimit;
  /** Extra per-operation buckets, e.g. `AWS_OPERATION_RATE_LIMITS`. None by default. */
  readonly operations?: Readonly<Partial<Record<OperationName, RateLimit>>>;
}

export interface EmulatorStoreOptions {
  /** Appears in v1 "Invalid API identifier" texts and IAM refusals. Default `123456789012`. */
  readonly accountId?: string;
  /** Region of calls that name none. Default `us-east-1`. */
  readonly defaultRegion?: string;
  /** Default: the system clock. Tests pass `createManualClock().now`. */
  readonly now?: Clock;
  /** Seeds the id generator; equal seeds give equal ids. Default 1. */
  readonly idSeed?: number;
  /** v2 page size when `maxResults` is absent (AWS documents none). Default 25. */
  readonly pageSize?: number;
  /** v1 page size when `limit` is absent. Default 25, as on AWS. */
  readonly restPageSize?: number;
  /** AWS's default quota is 10 for every API type. */
  readonly maxAuthorizersPerApi?: number;
  /** Off by default; `true` means AWS's account quota. */
  readonly throttle?: boolean | ThrottleOptions;
  readonly seed?: EmulatorSeed;
}

/** One served operation, in order of arrival. */
export interface CallRecord {
  readonly service: ServiceName;
  readonly operation: OperationName;
  readonly region: string;
  /** Path labels, query and body members as received. */
  readonly params: Readonly<Record<string, unknown>>;
  /** The AWS error code the call was answered with; absent when it succeeded. */
  readonly error?: string;
  /** An injected hang: the call was never answered. */
  readonly unanswered?: true;
}

/** A failure served instead of the normal answer, to matching calls. Every criterion given must match. */
export interface FailureInjection {
  readonly operation?: OperationName | readonly OperationName[];
  readonly service?: ServiceName;
  readonly region?: string;
  /** Matches `apiId` (v2) or `restApiId` (v1). */
  readonly apiId?: string;
  /** Other parameters that must be equal, e.g. `{ authorizerId: 'abc123' }`. */
  readonly where?: Readonly<Record<string, unknown>>;
  /** Matching calls to let through before failing. Default 0. */
  readonly skip?: number;
  /** How many matching calls fail. Default 1; `Infinity` for all. */
  readonly times?: number;
  /** An AWS error code (status and text then default, e.g. the IAM refusal text) or a full error. */
  readonly error?: string | InjectedErrorSpec;
  /** Instead of an error: never answer (the wire layer holds the request until the client gives up or the server closes). */
  readonly hang?: boolean;
  /** Serve the operation (its effect stays) before answering with the failure, as when AWS commits and the answer is lost. */
  readonly afterCommit?: boolean;
}

/** Thrown by `invoke` for an injected hang; the wire layer answers nothing. */
export class EmulatorHang extends Error {
  constructor(readonly operation: string) {
    super(`injected hang: ${operation} is never answered`);
    this.name = 'EmulatorHang';
  }
}

/** One operation call, as the wire layer (or any other client) hands it over. */
export interface OperationRequest {
  readonly service: ServiceName;
  readonly operation: string;
  readonly region?: string;
  readonly params: Readonly<Record<string, unknown>>;
}

type Handlers = Readonly<Record<string, Handler<never, unknown>>>;

/** `GetAuthorizers` → `getAuthorizers(params)`, with each handler's own parameter and result types. */
export type ClientOf<H> = {
  readonly [K in keyof H & string as Uncapitalize<K>]: H[K] extends (ctx: OperationContext, ...args: infer A) => infer R
    ? (...args: A) => R
    : never;
};
export type V2Client = ClientOf<typeof v2Handlers>;
export type RestClient = ClientOf<typeof restHandlers>;

export interface RegionClients {
  readonly v2: V2Client;
  readonly rest: RestClient;
}

const HANDLERS: Readonly<Record<ServiceName, Handlers>> = { apigatewayv2: v2Handlers, apigateway: restHandlers };

interface PendingFailure {
  readonly rule: FailureInjection;
  skip: number;
  times: number;
}

export class EmulatorStore {
  readonly accountId: string;
  readonly defaultRegion: string;
  /** Operations in the default region. */
  readonly v2: V2Client;
  readonly rest: RestClient;

  #world: World = emptyWorld();
  readonly #calls: CallRecord[] = [];
  readonly #failures: PendingFailure[] = [];
  readonly #regions = new Map<string, RegionClients>();
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #now: Clock;
  readonly #ids: IdGenerator;
  readonly #limits: StoreLimits;
  readonly #throttle: Required<ThrottleOptions> | undefined;

  constructor(options: EmulatorStoreOptions = {}) {
    this.accountId = options.accountId ?? '123456789012';
    this.defaultRegion = options.defaultRegion ?? 'us-east-1';
    this.#now = options.now ?? systemClock;
    this.#ids = createIdGenerator(options.idSeed ?? 1);
    this.#limits = {
      pageSize: options.pageSize ?? 25,
      restPageSize: options.restPageSize ?? 25,
      maxAuthorizersPerApi: options.maxAuthorizersPerApi ?? 10,
    };
    this.#throttle = resolveThrottle(options.throttle);
    ({ v2: this.v2, rest: this.rest } = this.inRegion(this.defaultRegion));
    if (options.seed !== undefined) this.seed(options.seed);
  }

  /** The operations of another region; state is kept per region, as on AWS. */
  inRegion(region: string): RegionClients {
    let clients = this.#regions.get(region);
    if (clients === undefined) {
      const call = (service: ServiceName) => (operation: string, params: object) =>
        this.invoke({ service, operation, region, params: params as Readonly<Record<string, unknown>> });
      clients = { v2: bindClient<V2Client>(v2Handlers, call('apigatewayv2')), rest: bindClient<RestClient>(restHandlers, call('apigateway')) };
      this.#regions.set(region, clients);
    }
    return clients;
  }

  /** Every operation served so far, failed ones included. */
  get calls(): readonly CallRecord[] {
    return [...this.#calls];
  }

  clearCalls(): void {
    this.#calls.length = 0;
  }

  injectFailure(rule: FailureInjection): void {
    if ((rule.error === undefined) === (rule.hang !== true)) throw new Error('A failure injection needs exactly one of error and hang');
    this.#failures.push({ rule, skip: rule.skip ?? 0, times: rule.times ?? 1 });
  }

  /** Injected failures not yet served in full. */
  get pendingFailures(): number {
    return this.#failures.length;
  }

  clearFailures(): void {
    this.#failures.length = 0;
  }

  /** Serves one operation. Throws `EmulatorError` for every AWS error answer. */
  invoke(request: OperationRequest): unknown {
    const spec = findOperation(request.service, request.operation);
    if (spec === undefined) throw new Error(`The emulator has no operation ${request.service}:${request.operation}`);
    const region = request.region ?? this.defaultRegion;
    const record: { -readonly [K in keyof CallRecord]: CallRecord[K] } = {
      service: spec.service,
      operation: spec.operation,
      region,
      params: structuredClone(request.params),
    };
    this.#calls.push(record);
    try {
      const fail = this.#admit(spec, region, request.params);
      if (fail !== undefined && fail.afterCommit !== true) throw this.#failureFor(fail, spec, region, request.params);
      const handler = HANDLERS[spec.service][spec.operation] as Handler<object, unknown>;
      const result = handler(this.#context(this.#world, region), request.params);
      if (fail !== undefined) throw this.#failureFor(fail, spec, region, request.params);
      return result;
    } catch (error) {
      if (error instanceof EmulatorError) record.error = error.code;
      if (error instanceof EmulatorHang) record.unanswered = true;
      throw error;
    }
  }

  /**
   * Adds the seed's APIs. Authorizers pass CreateAuthorizer's rules; a bad seed throws
   * `EmulatorSeedError` naming the file, the API and the authorizer, and changes nothing.
   */
  seed(seed: EmulatorSeed): void {
    const staged = structuredClone(this.#world);
    const source = seed.source ?? 'seed';
    seed.apis.forEach((api, index) => {
      const where = `apis[${index}] (${api.type} API '${api.name}')`;
      const ctx = this.#context(staged, api.region ?? this.defaultRegion);
      if (api.id !== undefined) this.#claimId(staged, api.id, API_ID, source, where);
      if (api.type === 'rest') this.#seedRestApi(ctx, staged, api, source, where);
      else this.#seedV2Api(ctx, staged, api, source, where);
    });
    this.#world = staged;
  }

  /** Records which routes (v2) or methods (REST, e.g. `GET /pets`) use an authorizer; AWS then refuses to delete it. */
  setAuthorizerReferences(target: { region?: string; apiId: string; authorizerId: string; referencedBy: readonly string[] }): void {
    const state = regionOf(this.#world, target.region ?? this.defaultRegion);
    const v2 = state.v2Apis.get(target.apiId)?.authorizers;
    const rest = state.restApis.get(target.apiId)?.authorizers;
    const authorizers: Map<string, { referencedBy: readonly string[] }> | undefined = v2 ?? rest;
    const record = authorizers?.get(target.authorizerId);
    if (authorizers === undefined || record === undefined) {
      throw new Error(`No authorizer ${target.authorizerId} on API ${target.apiId}`);
    }
    authorizers.set(target.authorizerId, { ...record, referencedBy: [...target.referencedBy] });
  }

  /** Throttles, then returns the injected failure this call is to get, if any. */
  #admit(spec: OperationSpec, region: string, params: Readonly<Record<string, unknown>>): FailureInjection | undefined {
    this.#checkThrottle(spec, region);
    const failure = this.#failures.find((pending) => matches(pending.rule, spec, region, params) && consume(pending));
    if (failure === undefined) return undefined;
    if (failure.times <= 0) this.#failures.splice(this.#failures.indexOf(failure), 1);
    return failure.rule;
  }

  #failureFor(rule: FailureInjection, spec: OperationSpec, region: string, params: Readonly<Record<string, unknown>>): Error {
    if (rule.error === undefined) return new EmulatorHang(spec.operation);
    const error = typeof rule.error === 'string' ? { code: rule.error } : rule.error;
    return errorFromSpec(error, { accountId: this.accountId, region, method: spec.method, path: concretePath(spec, params) });
  }

  #checkThrottle(spec: OperationSpec, region: string): void {
    if (this.#throttle === undefined) return;
    const nowMs = this.#now().getTime();
    const buckets = [this.#bucket(region, this.#throttle.account, nowMs)];
    const operationLimit = this.#throttle.operations[spec.operation];
    if (operationLimit !== undefined) buckets.push(this.#bucket(`${region} ${spec.operation}`, operationLimit, nowMs));
    for (const bucket of buckets) {
      const verdict = bucket.check(nowMs);
      if (!verdict.ok) {
        throw new EmulatorError({
          code: 'TooManyRequestsException',
          status: 429,
          message: TOO_MANY_REQUESTS,
          // v1 models Retry-After on its 429s; v2 does not.
          ...(spec.service === 'apigateway' ? { retryAfterSeconds: verdict.retryAfterSeconds } : {}),
        });
      }
    }
    for (const bucket of buckets) bucket.take(nowMs);
  }

  #bucket(key: string, limit: RateLimit, nowMs: number): TokenBucket {
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      bucket = new TokenBucket(limit, nowMs);
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }

  #context(world: World, region: string): OperationContext {
    return {
      region,
      accountId: this.accountId,
      state: regionOf(world, region),
      limits: this.#limits,
      now: () => wholeSeconds(this.#now()),
      newId: (length) => {
        const id = this.#ids.next(length, (candidate) => world.usedIds.has(candidate));
        world.usedIds.add(id);
        return id;
      },
    };
  }

  #claimId(world: World, id: string, format: RegExp, source: string, where: string): void {
    if (!format.test(id)) throw new EmulatorSeedError(source, [`${where}: id '${id}' does not look like an AWS id`]);
    if (world.usedIds.has(id)) throw new EmulatorSeedError(source, [`${where}: id '${id}' is used twice`]);
    world.usedIds.add(id);
  }

  #seedV2Api(ctx: OperationContext, world: World, seed: SeedV2Api, source: string, where: string): void {
    const api = insertV2Api(ctx, {
      id: seed.id,
      name: seed.name,
      protocolType: seed.type === 'http' ? 'HTTP' : 'WEBSOCKET',
      description: seed.description,
      tags: seed.tags,
    });
    (seed.authorizers ?? []).forEach((authorizer, index) => {
      const at = `${where} authorizers[${index}] ('${String(authorizer.name)}')`;
      if (authorizer.id !== undefined) this.#claimId(world, authorizer.id, SHORT_ID, source, at);
      asSeedError(source, at, () =>
        createV2Authorizer(ctx, api, readV2Draft(authorizer, 'createAuthorizerInput'), {
          authorizerId: authorizer.id,
          referencedBy: authorizer.referencedBy,
        }),
      );
    });
    for (const stage of seed.stages ?? []) {
      asSeedError(source, `${where} stage '${stage.name}'`, () => insertV2Stage(ctx, api, { ...stage, stageName: stage.name }));
    }
  }

  #seedRestApi(ctx: OperationContext, world: World, seed: SeedRestApi, source: string, where: string): void {
    const api = insertRestApi(ctx, seed);
    (seed.authorizers ?? []).forEach((authorizer, index) => {
      const at = `${where} authorizers[${index}] ('${String(authorizer.name)}')`;
      if (authorizer.id !== undefined) this.#claimId(world, authorizer.id, SHORT_ID, source, at);
      asSeedError(source, at, () =>
        createRestAuthorizer(ctx, api, readRestDraft(authorizer, 'createAuthorizerInput'), {
          authorizerId: authorizer.id,
          referencedBy: authorizer.referencedBy,
        }),
      );
    });
    for (const stage of seed.stages ?? []) {
      asSeedError(source, `${where} stage '${stage.name}'`, () => insertStage(ctx, api, { ...stage, stageName: stage.name }));
    }
  }
}

export function createEmulatorStore(options: EmulatorStoreOptions = {}): EmulatorStore {
  return new EmulatorStore(options);
}

function resolveThrottle(option: EmulatorStoreOptions['throttle']): Required<ThrottleOptions> | undefined {
  if (option === undefined || option === false) return undefined;
  const chosen = option === true ? {} : option;
  return { account: chosen.account ?? AWS_ACCOUNT_RATE_LIMIT, operations: chosen.operations ?? {} };
}

function bindClient<C>(handlers: Handlers, call: (operation: string, params: object) => unknown): C {
  const client: Record<string, (params?: object) => unknown> = {};
  for (const operation of Object.keys(handlers)) {
    client[operation.charAt(0).toLowerCase() + operation.slice(1)] = (params = {}) => call(operation, params);
  }
  return client as C;
}

function matches(rule: FailureInjection, spec: OperationSpec, region: string, params: Readonly<Record<string, unknown>>): boolean {
  const operations: readonly string[] | undefined = typeof rule.operation === 'string' ? [rule.operation] : rule.operation;
  if (operations !== undefined && !operations.includes(spec.operation)) return false;
  if (rule.service !== undefined && rule.service !== spec.service) return false;
  if (rule.region !== undefined && rule.region !== region) return false;
  if (rule.apiId !== undefined && params.apiId !== rule.apiId && params.restApiId !== rule.apiId) return false;
  return Object.entries(rule.where ?? {}).every(([key, value]) => JSON.stringify(params[key]) === JSON.stringify(value));
}

/** Counts one matching call against the rule; true when this call is to fail. */
function consume(pending: PendingFailure): boolean {
  if (pending.skip > 0) {
    pending.skip -= 1;
    return false;
  }
  pending.times -= 1;
  return true;
}

function asSeedError<T>(source: string, where: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof EmulatorError) throw new EmulatorSeedError(source, [`${where}: ${error.message}`]);
    throw error;
  }
}

