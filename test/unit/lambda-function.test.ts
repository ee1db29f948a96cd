import { describe, expect, it } from 'vitest';
import { checkLambdaFunction } from '../../src/core/checks/lambda-function.js';
import { parseLambdaUri } from '../../src/core/checks/lambda-uri.js';

const uri = (functionArn: string) => parseLambdaUri(`arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${functionArn}/invocations`);
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:authz';

describe('lambda-function', () => {
  it('is ok when GetFunction found the function with its qualifier', () => {
    expect(checkLambdaFunction(uri(`${ARN}:live`), { kind: 'found' })).toEqual({ check: 'lambda-function', status: 'ok', message: `function authz with qualifier live exists (${ARN}:live)` });
  });

  it('is an error naming the qualifier when it does not exist', () => {
    const finding = checkLambdaFunction(uri(`${ARN}:canary`), { kind: 'not-found' });
    expect(finding).toMatchObject({ status: 'error', message: expect.stringContaining('function authz with qualifier canary does not exist in account 123456789012, region us-east-1'), fix: expect.stringContaining('create the alias canary') });
  });

  it('is an error for a function that does not exist', () => {
    expect(checkLambdaFunction(uri(ARN), { kind: 'not-found' })).toMatchObject({ status: 'error', fix: expect.stringContaining('create the function') });
  });

  it('is unknown, naming what would verify it, when it could not be read', () => {
    expect(checkLambdaFunction(uri(ARN), { kind: 'unreadable', reason: 'gatewarden may not call lambda:GetFunction' })).toMatchObject({
      status: 'unknown',
      message: `function authz could not be read: gatewarden may not call lambda:GetFunction; aws lambda get-function --function-name ${ARN} would verify it`,
    });
  });

  it('is unknown for a function chosen by a stage variable, and an error for a URI that is not Lambda\'s', () => {
    expect(checkLambdaFunction(uri('arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}'), undefined)).toMatchObject({ status: 'unknown', message: expect.stringContaining('stage variable') });
    expect(checkLambdaFunction(parseLambdaUri('https://example.com'), undefined)).toMatchObject({ status: 'error', message: expect.stringContaining('not a Lambda invocation URI') });
  });
});
