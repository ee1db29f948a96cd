/**
 * The authorizers-per-API quota as the real SDK clients read it from the emulator: v1 answers with
 * its modelled LimitExceededException, v2 with ConflictException, both with HTTP 429
 * (docs/aws-behaviour.md#error-texts). The code decides other clients' retries: the Go SDK retries
 * LimitExceededException as throttling, not a 429 ConflictException.
 */
import { APIGatewayClient, CreateAuthorizerCommand as RestCreateAuthorizer, LimitExceededException } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, ConflictException, CreateAuthorizerCommand } from '@aws-sdk/client-apigatewayv2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, EmulatorStore, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { rejection } from '../store-calls.js';

const LAMBDA = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations';
const config = (endpoint: string) => ({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });

describe('the eleventh authorizer over the wire', () => {
  let running: RunningEmulator;
  beforeEach(async () => {
    const store = new EmulatorStore({
      now: createManualClock('2024-03-01T12:00:00Z').now,
      maxAuthorizersPerApi: 1,
      seed: { apis: [{ type: 'rest', id: 'restapi001', name: 'legacy' }, { type: 'http', id: 'httpapi001', name: 'orders' }] },
    });
    running = await startEmulator({ store });
  });
  afterEach(async () => {
    await running.close();
  });

  it("REST: 429 LimitExceededException, in v1's quota wording", async () => {
    const rest = new APIGatewayClient(config(running.url));
    const token = (name: string) =>
      new RestCreateAuthorizer({ restApiId: 'restapi001', name, type: 'TOKEN', authorizerUri: LAMBDA, identitySource: 'method.request.header.Authorization' });
    await rest.send(token('first'));
    const error = await rejection(rest.send(token('second')));
    expect(error).toBeInstanceOf(LimitExceededException);
    expect(error).toMatchObject({
      message: 'Maximum number of Authorizers for this API has been reached.  Please contact AWS if you need additional Authorizers.',
      $metadata: { httpStatusCode: 429 },
    });
  });

  it('HTTP: 429 ConflictException, in the recorded v2 wording', async () => {
    const v2 = new ApiGatewayV2Client(config(running.url));
    const jwt = (name: string) =>
      new CreateAuthorizerCommand({
        ApiId: 'httpapi001',
        Name: name,
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: { Issuer: 'https://issuer.example.com', Audience: ['a'] },
      });
    await v2.send(jwt('first'));
    const error = await rejection(v2.send(jwt('second')));
    expect(error).toBeInstanceOf(ConflictException);
    expect(error).toMatchObject({
      message: 'Maximum number of Authorizers for this API has been reached. Please contact AWS if you need additional Authorizers.',
      $metadata: { httpStatusCode: 429 },
    });
  });
});
