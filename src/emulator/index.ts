/** The emulator's public surface: the store (the fake AWS), its wire layer, and seeds. */
export { EmulatorHang, EmulatorReset, EmulatorStore, createEmulatorStore } from './store.js';
export type {
  CallRecord,
  ClientOf,
  EmulatorStoreOptions,
  FailureInjection,
  LambdaClient,
  OperationRequest,
  RegionClients,
  RestClient,
  ThrottleOptions,
  V2Client,
} from './store.js';
export { startEmulator, serveRequest } from './http.js';
export type { EmulatorServerOptions, RunningEmulator, WireRequest, WireResponse } from './http.js';
export { parseSeed, EmulatorSeedError } from './seed.js';
export type { SeedFunction } from './lambda-seed.js';
export type {
  EmulatorSeed,
  SeedApi,
  SeedRestApi,
  SeedRestAuthorizer,
  SeedRestStage,
  SeedV2Api,
  SeedV2Authorizer,
  SeedV2Stage,
} from './seed.js';
export { EmulatorError, CONCURRENT_MODIFICATION, MAX_AUTHORIZERS_REACHED, REST_MAX_AUTHORIZERS_REACHED } from './errors.js';
export type { AwsErrorShape, InjectedErrorSpec } from './errors.js';
export { createManualClock, systemClock } from './clock.js';
export type { Clock, ManualClock } from './clock.js';
export { AWS_ACCOUNT_RATE_LIMIT, AWS_OPERATION_RATE_LIMITS } from './throttle.js';
export type { RateLimit } from './throttle.js';
export { OPERATIONS } from './operations.js';
export type { HttpMethod, LambdaOperationName, OperationName, OperationSpec, RestOperationName, V2OperationName } from './operations.js';
export type * from './model.js';
export { IdentityStore, StsError } from './sts.js';
export type { AssumeRoleAnswer, CallerIdentityAnswer, StsCall } from './sts.js';
