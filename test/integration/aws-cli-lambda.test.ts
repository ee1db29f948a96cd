/**
 * The emulator's Lambda face as the AWS CLI (botocore) sees it: get-function, get-policy,
 * add-permission and remove-permission, and their errors. Skipped, saying so, where no `aws` exists.
 */
import { describe, expect, it } from 'vitest';
import { createManualClock, EmulatorStore } from '../../src/emulator/index.js';
import { AWS, cliAgainstEmulator, type CliRun } from './aws-cli-support.js';

if (AWS === undefined) console.warn('test/integration/aws-cli-lambda.test.ts: SKIPPED, no `aws` command (install Debian\'s awscli to run it)');

const REGION = 'eu-west-1';
const ARN = `arn:aws:lambda:${REGION}:123456789012:function:authz`;
const SOURCE = `arn:aws:execute-api:${REGION}:123456789012:a1b2c3d4e5/authorizers/abc123`;

describe.skipIf(AWS === undefined)('the AWS CLI against the emulator: Lambda', () => {
  const session = cliAgainstEmulator(REGION, () =>
    new EmulatorStore({ now: createManualClock('2024-03-01T12:00:00Z').now, defaultRegion: REGION, seed: { apis: [], functions: [{ name: 'authz', versions: [1], aliases: { live: 1 } }] } }),
  );
  const { aws } = session;
  const addPermission = (...extra: string[]) =>
    aws('lambda', 'add-permission', '--function-name', 'authz', '--statement-id', 'gw', '--action', 'lambda:InvokeFunction', '--principal', 'apigateway.amazonaws.com', '--source-arn', SOURCE, ...extra);

  /** botocore's text, which may name the retries between the operation and the message. */
  function expectError(run: CliRun, code: string, operation: string, message: string): void {
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`An error occurred (${code}) when calling the ${operation} operation`);
    expect(run.stderr.trim().endsWith(`: ${message}`), run.stderr).toBe(true);
  }

  it('get-function reads a function through an alias', async () => {
    const run = await aws('lambda', 'get-function', '--function-name', `${ARN}:live`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json).toMatchObject({ Configuration: { FunctionName: 'authz', FunctionArn: `${ARN}:live`, Version: '1' }, Code: { RepositoryType: 'S3' } });
  });

  it('add-permission, get-policy and remove-permission round-trip a statement', async () => {
    const added = await addPermission('--qualifier', 'live');
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.json.Statement as string)).toMatchObject({ Sid: 'gw', Resource: `${ARN}:live`, Condition: { ArnLike: { 'AWS:SourceArn': SOURCE } } });
    const policy = await aws('lambda', 'get-policy', '--function-name', 'authz', '--qualifier', 'live');
    expect(policy.code, policy.stderr).toBe(0);
    expect(JSON.parse(policy.json.Policy as string)).toMatchObject({ Version: '2012-10-17', Statement: [{ Sid: 'gw', Principal: { Service: 'apigateway.amazonaws.com' } }] });
    const removed = await aws('lambda', 'remove-permission', '--function-name', 'authz', '--qualifier', 'live', '--statement-id', 'gw', '--revision-id', policy.json.RevisionId as string);
    expect(removed.code, removed.stderr).toBe(0);
    const gone = await aws('lambda', 'get-policy', '--function-name', 'authz', '--qualifier', 'live');
    expect(gone.code).not.toBe(0);
    expectError(gone, 'ResourceNotFoundException', 'GetPolicy', 'The resource you requested does not exist.');
  });

  it.each([
    [['lambda', 'get-function', '--function-name', 'authz', '--qualifier', 'canary'], 'ResourceNotFoundException', 'GetFunction', `Function not found: ${ARN}:canary`],
    [['lambda', 'remove-permission', '--function-name', 'authz', '--statement-id', 'gw'], 'ResourceNotFoundException', 'RemovePermission', 'No policy is associated with the given resource.'],
  ])('names the error of %j as AWS does', async (args, code, operation, message) => {
    const run = await aws(...args);
    expectError(run, code, operation, message);
  });

  it('add-permission refuses a statement id used twice', async () => {
    expect((await addPermission()).code).toBe(0);
    const again = await addPermission();
    expectError(again, 'ResourceConflictException', 'AddPermission', 'The statement id (gw) provided already exists. Please provide a new statement id, or remove the existing statement.');
  });
});
