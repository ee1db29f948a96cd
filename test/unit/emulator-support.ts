/** Shared fixtures for the emulator store tests: seeded APIs, authorizer inputs, and error capture. */
import { createManualClock, EmulatorError, EmulatorStore, type EmulatorStoreOptions, type SeedApi } from '../../src/emulator/index.js';

export const LAMBDA = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations';
export const POOL = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc';
export const POOL_2 = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_def';
export const HTTP_ID = 'httpapi001';
export const WS_ID = 'wsapi00001';
export const REST_ID = 'restapi001';

export const httpRequest = { name: 'lambda', authorizerType: 'REQUEST', authorizerUri: LAMBDA, authorizerPayloadFormatVersion: '2.0', identitySource: ['$request.header.Authorization'] } as const;
export const jwt = { name: 'jwt', authorizerType: 'JWT', identitySource: ['$request.header.Authorization'], jwtConfiguration: { issuer: 'https://issuer.example.com', audience: ['a'] } } as const;
export const token = { name: 'token', type: 'TOKEN', authorizerUri: LAMBDA, identitySource: 'method.request.header.Authorization' } as const;
export const cognito = { name: 'pool', type: 'COGNITO_USER_POOLS', providerARNs: [POOL], identitySource: 'method.request.header.Authorization' } as const;

export const APIS: SeedApi[] = [
  { type: 'http', id: HTTP_ID, name: 'orders', stages: [{ name: '$default', autoDeploy: true }, { name: 'prod' }] },
  { type: 'websocket', id: WS_ID, name: 'chat', stages: [{ name: 'live' }] },
  { type: 'rest', id: REST_ID, name: 'legacy', stages: [{ name: 'prod' }] },
];

export function makeStore(options: EmulatorStoreOptions = {}, apis: SeedApi[] = APIS): EmulatorStore {
  return new EmulatorStore({ now: createManualClock().now, ...options, seed: { apis } });
}

/** The AWS error a store call throws, as data. */
export function failure(run: () => unknown): { code: string; status: number; message: string; members?: Record<string, string>; retryAfterSeconds?: number } {
  try {
    run();
  } catch (error) {
    if (error instanceof EmulatorError) {
      return { code: error.code, status: error.status, message: error.message, ...(error.members ? { members: { ...error.members } } : {}), ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }) };
    }
    throw error;
  }
  throw new Error('expected an AWS error');
}
