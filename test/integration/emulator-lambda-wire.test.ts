/**
 * The emulator's Lambda face as an unmodified LambdaClient sees it, on the same port as API Gateway:
 * paths and labels (ARNs with colons, qualifiers), statuses, typed exceptions with their members.
 */
import {
  AddPermissionCommand,
  GetFunctionCommand,
  GetPolicyCommand,
  LambdaClient,
  LambdaServiceException,
  PolicyLengthExceededException,
  PreconditionFailedException,
  RemovePermissionCommand,
  ResourceConflictException,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { GetApisCommand, ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, EmulatorStore, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:authz`;
const SOURCE = `arn:aws:execute-api:${REGION}:${ACCOUNT}:a1b2c3d4e5/authorizers/abc123`;
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

describe('Lambda over the wire', () => {
  let store: EmulatorStore;
  let running: RunningEmulator;
  let lambda: LambdaClient;

  beforeEach(async () => {
    store = new EmulatorStore({
      now: createManualClock('2024-03-01T12:00:00Z').now,
      defaultRegion: 'us-east-1',
      seed: { apis: [{ type: 'http', name: 'orders', region: REGION }], functions: [{ name: 'authz', region: REGION, versions: [1], aliases: { live: 1 } }] },
    });
    running = await startEmulator({ store });
    lambda = new LambdaClient({ endpoint: running.url, region: REGION, credentials, maxAttempts: 1 });
  });
  afterEach(async () => {
    lambda.destroy();
    await running.close();
  });

  async function refusal(send: Promise<unknown>): Promise<Error & { $metadata: { httpStatusCode?: number } }> {
    try {
      await send;
    } catch (error) {
      return error as Error & { $metadata: { httpStatusCode?: number } };
    }
    throw new Error('expected a refusal');
  }

  it('reads a function by full ARN with a qualifier, in the region the request is signed for', async () => {
    const answer = await lambda.send(new GetFunctionCommand({ FunctionName: `${ARN}:live` }));
    expect(answer.Configuration).toMatchObject({ FunctionName: 'authz', FunctionArn: `${ARN}:live`, Version: '1', State: 'Active' });
    expect(answer.$metadata.httpStatusCode).toBe(200);
    // The same port still serves API Gateway.
    const apigw = new ApiGatewayV2Client({ endpoint: running.url, region: REGION, credentials });
    expect((await apigw.send(new GetApisCommand({}))).Items?.map((api) => api.Name)).toEqual(['orders']);
    apigw.destroy();
  });

  it('adds, reads and removes a permission: 201 with the statement as a JSON string, then 204', async () => {
    const added = await lambda.send(
      new AddPermissionCommand({ FunctionName: 'authz', Qualifier: 'live', StatementId: 'gw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: SOURCE }),
    );
    expect(added.$metadata.httpStatusCode).toBe(201);
    expect(JSON.parse(added.Statement ?? '')).toEqual({
      Sid: 'gw',
      Effect: 'Allow',
      Principal: { Service: 'apigateway.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: `${ARN}:live`,
      Condition: { ArnLike: { 'AWS:SourceArn': SOURCE } },
    });
    const policy = await lambda.send(new GetPolicyCommand({ FunctionName: 'authz', Qualifier: 'live' }));
    expect(JSON.parse(policy.Policy ?? '')).toMatchObject({ Version: '2012-10-17', Id: 'default', Statement: [{ Sid: 'gw' }] });
    expect(policy.RevisionId).toEqual(expect.any(String));
    const removed = await lambda.send(new RemovePermissionCommand({ FunctionName: `${ARN}:live`, StatementId: 'gw', RevisionId: policy.RevisionId }));
    expect(removed.$metadata.httpStatusCode).toBe(204);
    expect(store.calls.map((call) => [call.service, call.operation, call.region])).toEqual([
      ['lambda', 'AddPermission', REGION],
      ['lambda', 'GetPolicy', REGION],
      ['lambda', 'RemovePermission', REGION],
    ]);
  });

  it('raises the typed exceptions, with their status, message and Type', async () => {
    const missing = await refusal(lambda.send(new GetPolicyCommand({ FunctionName: 'authz' })));
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(missing).toMatchObject({ message: 'The resource you requested does not exist.', Type: 'User', $metadata: { httpStatusCode: 404 } });

    const alias = await refusal(lambda.send(new GetFunctionCommand({ FunctionName: 'authz', Qualifier: 'canary' })));
    expect(alias).toMatchObject({ name: 'ResourceNotFoundException', message: `Function not found: ${ARN}:canary` });

    const permission = { FunctionName: 'authz', StatementId: 'gw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: SOURCE };
    await lambda.send(new AddPermissionCommand(permission));
    const conflict = await refusal(lambda.send(new AddPermissionCommand(permission)));
    expect(conflict).toBeInstanceOf(ResourceConflictException);
    expect(conflict).toMatchObject({ message: expect.stringContaining('The statement id (gw) provided already exists'), Type: 'User', $metadata: { httpStatusCode: 409 } });

    const stale = await refusal(lambda.send(new AddPermissionCommand({ ...permission, StatementId: 'gw2', RevisionId: 'stale' })));
    expect(stale).toBeInstanceOf(PreconditionFailedException);
    expect(stale.$metadata.httpStatusCode).toBe(412);

    const invalid = await refusal(lambda.send(new GetFunctionCommand({ FunctionName: 'no spaces' })));
    expect(invalid).toBeInstanceOf(LambdaServiceException);
    expect(invalid).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
  });

  it('refuses a policy over 20 KB with PolicyLengthExceededException', async () => {
    const add = (index: number) =>
      lambda.send(new AddPermissionCommand({ FunctionName: 'authz', StatementId: `s${index}`, Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: `${SOURCE}${'x'.repeat(400)}` }));
    let refused: Error | undefined;
    for (let index = 0; index < 60 && refused === undefined; index += 1) refused = await add(index).then(() => undefined, (error: Error) => error);
    expect(refused).toBeInstanceOf(PolicyLengthExceededException);
    expect(refused?.message).toMatch(/^The final policy size \(\d+\) is bigger than the limit \(20480\)\.$/);
  });
});
