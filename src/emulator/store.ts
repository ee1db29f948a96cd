/**
 * The emulator's behaviour, in memory and pure: no I/O, no timers, clock and ids injected.
 * The wire layer (`http.ts`) is one client of it; tests in the rest of the project use it directly
 * as their fake AWS. Every operation, whichever way it arrives, goes through `invoke`: it is logged,
 * throttled (when enabled), offered to injected failures, then handled against one region's state.
 */
import { MAX_PAGE_SIZE } from './pagination.js';
import { bindClient, type Handlers, type LambdaClient, type RegionClients, type RestClient, type V2Client } from './clients.js';
import { systemClock, wholeSeconds, type Clock } from './clock.js';
import type { Handler, OperationContext, StoreLimits } from './context.js';
import { EmulatorError } from './errors.js';
import { EmulatorHang, failureFor, FailureQueue, type FailureInjection } from './failures.js';
import { createIdGenerator, type IdGenerator } from './ids.js';
import { lambdaHandlers } from './lambda.js';
import type { ServiceName } from './model.js';
import { findOperation, type OperationName } from './operations.js';
import { insertRestMethod, methodsOf, restHandlers } from './rest.js';
import { insertV2Route, v2Handlers } from './v2.js';
import type { EmulatorSeed } from './seed.js';
import { seedWorld } from './seeding.js';
import { IdentityStore } from './sts.js';
import { emptyWorld, regionOf, type World } from './state.js';
import { AccountThrottle, type ThrottleOptions } from './throttle.js';

export type { ClientOf, LambdaClient, RegionClients, RestClient, V2Client } from './clients.js';
export type { FailureInjection } from './failures.js';
export { EmulatorHang, EmulatorReset } from './failures.js';
export type { ThrottleOptions } from './throttle.js';

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
  /**
   * The most items one page holds, whatever `maxResults`/`limit` asks, for both services. Default
   * 500, AWS's maximum. gatewarden asks for the largest page, so tests lower this to make it page.
   */
  readonly maxPageSize?: number;
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
  /** An injected hang or reset: the call was never answered. */
  readonly unanswered?: true;
}

/** One operation call, as the wire layer (or any other client) hands it over. */
export interface OperationRequest {
  readonly service: ServiceName;
  readonly operation: string;
  readonly region?: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** Each service's operations; each family names its service, and the conformance test checks that every family's is here. Lambda serves the functions authorizers invoke. */
export const SERVICE_HANDLERS: Readonly<Record<ServiceName, Handlers>> = { apigatewayv2: v2Handlers, apigateway: restHandlers, lambda: lambdaHandlers };

export class EmulatorStore {
  #accountId: string;
  readonly defaultRegion: string;
  /** Operations in the default region. */
  readonly v2: V2Client;
  readonly rest: RestClient;
  /** Lambda's control plane (the functions authorizers invoke), in the default region. */
  readonly lambda: LambdaClient;

  #world: World = emptyWorld();
  readonly #calls: CallRecord[] = [];
  readonly #failures = new FailureQueue();
  readonly #regions = new Map<string, RegionClients>();
  readonly #now: Clock;
  readonly #ids: IdGenerator;
  readonly #limits: StoreLimits;
  readonly #throttle: AccountThrottle | undefined;
  readonly #identity: IdentityStore;

  constructor(options: EmulatorStoreOptions = {}) {
    this.#accountId = options.accountId ?? '123456789012';
    this.defaultRegion = options.defaultRegion ?? 'us-east-1';
    this.#now = options.now ?? systemClock;
    this.#ids = createIdGenerator(options.idSeed ?? 1);
    this.#limits = {
      pageSize: options.pageSize ?? 25,
      restPageSize: options.restPageSize ?? 25,
      maxPageSize: options.maxPageSize ?? MAX_PAGE_SIZE,
      maxAuthorizersPerApi: options.maxAuthorizersPerApi ?? 10,
    };
    this.#identity = new IdentityStore({ account: () => this.#accountId, now: this.#now, ids: this.#ids });
    this.#throttle = options.throttle === undefined || options.throttle === false ? undefined : new AccountThrottle(options.throttle);
    ({ v2: this.v2, rest: this.rest, lambda: this.lambda } = this.inRegion(this.defaultRegion));
    if (options.seed !== undefined) this.seed(options.seed);
  }

  /** The operations of another region; state is kept per region, as on AWS. */
  inRegion(region: string): RegionClients {
    let clients = this.#regions.get(region);
    if (clients === undefined) {
      const call = (service: ServiceName) => (operation: string, params: object) =>
        this.invoke({ service, operation, region, params: params as Readonly<Record<string, unknown>> });
      clients = {
        v2: bindClient<V2Client>(v2Handlers, call('apigatewayv2')),
        rest: bindClient<RestClient>(restHandlers, call('apigateway')),
        lambda: bindClient<LambdaClient>(lambdaHandlers, call('lambda')),
      };
      this.#regions.set(region, clients);
    }
    return clients;
  }

  /** The account of the emulator's credentials and of its ARNs; a seed's `account` sets it. */
  get accountId(): string {
    return this.#accountId;
  }

  /** STS: the identity behind an access key (a role's session after AssumeRole, else the account's user). */
  get identity(): IdentityStore {
    return this.#identity;
  }

  /** Every operation served so far, failed ones included. */
  get calls(): readonly CallRecord[] {
    return [...this.#calls];
  }

  clearCalls(): void {
    this.#calls.length = 0;
  }

  injectFailure(rule: FailureInjection): void {
    this.#failures.add(rule);
  }

  /** Injected failures not yet served in full. */
  get pendingFailures(): number {
    return this.#failures.size;
  }

  clearFailures(): void {
    this.#failures.clear();
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
      this.#throttle?.admit(spec, region, this.#now().getTime());
      const fail = this.#failures.take(spec, region, request.params);
      const failure = () => failureFor(fail as FailureInjection, spec, region, request.params, this.accountId);
      if (fail !== undefined && fail.afterCommit !== true) throw failure();
      const handler = SERVICE_HANDLERS[spec.service][spec.operation] as Handler<object, unknown>;
      const result = handler(this.#context(this.#world, region), request.params);
      if (fail !== undefined) throw failure();
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
    seedWorld({ world: staged, defaultRegion: this.defaultRegion, contextIn: (world, region) => this.#context(world, region) }, seed);
    this.#world = staged;
    if (seed.account !== undefined) this.#accountId = seed.account;
  }

  /**
   * Points exactly these routes (v2, e.g. `GET /pets`, `$connect`) or methods (REST, e.g. `GET /pets`) at
   * an authorizer, with the authorization type its kind needs, making missing ones; routes that used it
   * and are not named get `NONE`. A test's shortcut for the route and method calls AWS would need.
   */
  setAuthorizerReferences(target: { region?: string; apiId: string; authorizerId: string; referencedBy: readonly string[] }): void {
    const ctx = this.#context(this.#world, target.region ?? this.defaultRegion);
    const v2 = ctx.state.v2Apis.get(target.apiId);
    const rest = ctx.state.restApis.get(target.apiId);
    const v2Authorizer = v2?.authorizers.get(target.authorizerId);
    const restAuthorizer = rest?.authorizers.get(target.authorizerId);
    if (v2 !== undefined && v2Authorizer !== undefined) {
      const authorizationType = v2Authorizer.members.authorizerType === 'JWT' ? 'JWT' : 'CUSTOM';
      for (const route of v2.routes.values()) {
        if (route.authorizerId === target.authorizerId && !target.referencedBy.includes(route.routeKey)) {
          insertV2Route(ctx, v2, { routeKey: route.routeKey, authorizationType: 'NONE' });
        }
      }
      for (const routeKey of target.referencedBy) insertV2Route(ctx, v2, { routeKey, authorizationType, authorizerId: target.authorizerId });
    } else if (rest !== undefined && restAuthorizer !== undefined) {
      const authorizationType = restAuthorizer.members.type === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : 'CUSTOM';
      for (const { resource, method } of methodsOf(rest)) {
        const key = `${method.httpMethod} ${resource.path}`;
        if (method.authorizerId === target.authorizerId && !target.referencedBy.includes(key)) insertRestMethod(ctx, rest, { key, authorizationType: 'NONE' });
      }
      for (const key of target.referencedBy) insertRestMethod(ctx, rest, { key, authorizationType, authorizerId: target.authorizerId });
    } else {
      throw new Error(`No authorizer ${target.authorizerId} on API ${target.apiId}`);
    }
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
}

export function createEmulatorStore(options: EmulatorStoreOptions = {}): EmulatorStore {
  return new EmulatorStore(options);
}
