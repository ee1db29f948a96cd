import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkInvokePermission } from '../../src/core/checks/lambda-permission.js';
import { parseFunctionArn } from '../../src/core/checks/lambda-uri.js';
import { createManualClock, EmulatorSeedError, EmulatorStore, parseSeed, type EmulatorSeed } from '../../src/emulator/index.js';
import { failure } from './emulator-support.js';

const ACCOUNT = '123456789012';
const ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:authz`;
const SOURCE = `arn:aws:execute-api:us-east-1:${ACCOUNT}:a1b2c3d4e5/authorizers/abc123`;

const SEED: EmulatorSeed = {
  apis: [],
  functions: [
    { name: 'authz', versions: [1, 2], aliases: { live: 2 } },
    { name: 'seeded', policy: { Version: '2012-10-17', Statement: [{ Sid: 'old', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: '*' }] } },
    { name: 'odd', policy: 'not { json', policies: {} },
  ],
};

function makeStore(seed: EmulatorSeed = SEED): EmulatorStore {
  return new EmulatorStore({ now: createManualClock('2024-03-01T12:00:00Z').now, seed });
}

const permission = (extra: Record<string, unknown> = {}) => ({
  FunctionName: 'authz',
  StatementId: 'gatewarden-a1b2c3d4e5-abc123',
  Action: 'lambda:InvokeFunction',
  Principal: 'apigateway.amazonaws.com',
  SourceArn: SOURCE,
  ...extra,
});

describe('Lambda: GetFunction', () => {
  it('answers the configuration of the function, a version or an alias, by name, partial ARN or ARN', () => {
    const store = makeStore();
    expect(store.lambda.getFunction({ FunctionName: 'authz' })).toMatchObject({
      Configuration: { FunctionName: 'authz', FunctionArn: ARN, Version: '$LATEST', Runtime: 'nodejs22.x', State: 'Active', LastModified: '2024-03-01T12:00:00.000+0000' },
      Code: { RepositoryType: 'S3' },
    });
    expect(store.lambda.getFunction({ FunctionName: `${ACCOUNT}:function:authz:live` })).toMatchObject({ Configuration: { FunctionArn: `${ARN}:live`, Version: '2' } });
    expect(store.lambda.getFunction({ FunctionName: ARN, Qualifier: '1' })).toMatchObject({ Configuration: { FunctionArn: `${ARN}:1`, Version: '1' } });
    expect(store.lambda.getFunction({ FunctionName: `${ARN}:live`, Qualifier: 'live' })).toMatchObject({ Configuration: { Version: '2' } });
  });

  it.each([
    [{ FunctionName: 'nope' }, 404, `Function not found: arn:aws:lambda:us-east-1:${ACCOUNT}:function:nope`],
    [{ FunctionName: 'authz', Qualifier: 'canary' }, 404, `Function not found: ${ARN}:canary`],
    [{ FunctionName: `${ARN}:7` }, 404, `Function not found: ${ARN}:7`],
    [{ FunctionName: `${ARN}:live`, Qualifier: '1' }, 400, 'The derived qualifier from the function name does not match the specified qualifier.'],
    [{ FunctionName: 'arn:aws:lambda:eu-west-1:123456789012:function:authz' }, 404, "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')"],
  ])('refuses %j with AWS\'s text', (params, status, message) => {
    expect(failure(() => makeStore().lambda.getFunction(params))).toMatchObject({ status, message });
  });

  it('refuses a name outside Lambda\'s pattern with a validation error', () => {
    expect(failure(() => makeStore().lambda.getFunction({ FunctionName: 'no spaces' }))).toMatchObject({ code: 'ValidationException', status: 400, message: expect.stringContaining("Value 'no spaces' at 'functionName'") });
  });
});

describe('Lambda: AddPermission, GetPolicy, RemovePermission', () => {
  it('writes the statement as AWS does and GetPolicy answers the policy as a JSON string', () => {
    const store = makeStore();
    const statement = {
      Sid: 'gatewarden-a1b2c3d4e5-abc123',
      Effect: 'Allow',
      Principal: { Service: 'apigateway.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: ARN,
      Condition: { ArnLike: { 'AWS:SourceArn': SOURCE } },
    };
    expect(store.lambda.addPermission(permission())).toEqual({ Statement: JSON.stringify(statement) });
    const answer = store.lambda.getPolicy({ FunctionName: 'authz' }) as { Policy: string; RevisionId: string };
    expect(answer.Policy).toBe(JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: [statement] }));
    expect(answer.RevisionId).toMatch(/^[a-z0-9]{8}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{12}$/);
  });

  it('keeps one policy per qualifier, whose statements name the qualified ARN', () => {
    const store = makeStore();
    store.lambda.addPermission(permission({ Qualifier: 'live', SourceAccount: ACCOUNT }));
    expect(failure(() => store.lambda.getPolicy({ FunctionName: 'authz' }))).toMatchObject({ code: 'ResourceNotFoundException', message: 'The resource you requested does not exist.' });
    const policy = JSON.parse((store.lambda.getPolicy({ FunctionName: 'authz:live' }) as { Policy: string }).Policy) as { Statement: Record<string, unknown>[] };
    expect(policy.Statement[0]).toMatchObject({ Resource: `${ARN}:live`, Condition: { StringEquals: { 'AWS:SourceAccount': ACCOUNT }, ArnLike: { 'AWS:SourceArn': SOURCE } } });
  });

  it('moves the revision on every change and refuses a stale one', () => {
    const store = makeStore();
    store.lambda.addPermission(permission());
    const { RevisionId: first } = store.lambda.getPolicy({ FunctionName: 'authz' }) as { RevisionId: string };
    store.lambda.addPermission(permission({ StatementId: 'second', RevisionId: first }));
    const { RevisionId: second } = store.lambda.getPolicy({ FunctionName: 'authz' }) as { RevisionId: string };
    expect(second).not.toBe(first);
    expect(failure(() => store.lambda.addPermission(permission({ StatementId: 'third', RevisionId: first })))).toMatchObject({
      code: 'PreconditionFailedException',
      status: 412,
      message: 'The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id',
    });
    expect(failure(() => store.lambda.removePermission({ FunctionName: 'authz', StatementId: 'second', RevisionId: first }))).toMatchObject({ code: 'PreconditionFailedException', status: 412 });
  });

  it('removes statements, and the policy with its last one', () => {
    const store = makeStore();
    store.lambda.addPermission(permission());
    store.lambda.addPermission(permission({ StatementId: 'other' }));
    expect(store.lambda.removePermission({ FunctionName: 'authz', StatementId: 'other' })).toBeUndefined();
    expect(JSON.parse((store.lambda.getPolicy({ FunctionName: 'authz' }) as { Policy: string }).Policy).Statement).toHaveLength(1);
    store.lambda.removePermission({ FunctionName: ARN, StatementId: 'gatewarden-a1b2c3d4e5-abc123' });
    expect(failure(() => store.lambda.getPolicy({ FunctionName: 'authz' }))).toMatchObject({ code: 'ResourceNotFoundException' });
  });

  it.each([
    ['an existing statement id', [permission()], permission(), 'ResourceConflictException', 409, 'The statement id (gatewarden-a1b2c3d4e5-abc123) provided already exists. Please provide a new statement id, or remove the existing statement.'],
    ['an unknown function', [], permission({ FunctionName: 'nope' }), 'ResourceNotFoundException', 404, `Function not found: arn:aws:lambda:us-east-1:${ACCOUNT}:function:nope`],
    ['an unknown alias', [], permission({ Qualifier: 'canary' }), 'ResourceNotFoundException', 404, `Cannot find alias arn: ${ARN}:canary`],
    ['an unknown version', [], permission({ Qualifier: '9' }), 'ResourceNotFoundException', 404, `Function not found: ${ARN}:9`],
    ['$LATEST', [], permission({ Qualifier: '$LATEST' }), 'InvalidParameterValueException', 400, 'We currently do not support adding policies for $LATEST.'],
    ['a statement id outside the pattern', [], permission({ StatementId: 'example.com' }), 'ValidationException', 400, "1 validation error detected: Value 'example.com' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)"],
    ['an invalid principal', [], permission({ Principal: 'someone' }), 'InvalidParameterValueException', 400, 'The provided principal was invalid. Please check the principal and try again.'],
    ['no action', [], { ...permission(), Action: undefined }, 'ValidationException', 400, "1 validation error detected: Value null at 'action' failed to satisfy constraint: Member must not be null"],
  ])('AddPermission refuses %s', (_, before, params, code, status, message) => {
    const store = makeStore();
    for (const earlier of before) store.lambda.addPermission(earlier);
    expect(failure(() => store.lambda.addPermission(params))).toMatchObject({ code, status, message });
  });

  it('refuses a statement that would take the policy over 20 KB, storing nothing', () => {
    const store = makeStore();
    for (let index = 0; index < 30; index += 1) store.lambda.addPermission(permission({ StatementId: `s${index}`, SourceArn: `${SOURCE}${'x'.repeat(200)}` }));
    const before = store.lambda.getPolicy({ FunctionName: 'authz' });
    const refused = failure(() => {
      for (let index = 30; index < 200; index += 1) store.lambda.addPermission(permission({ StatementId: `s${index}`, SourceArn: `${SOURCE}${'x'.repeat(200)}` }));
    });
    expect(refused).toMatchObject({ code: 'PolicyLengthExceededException', status: 400, message: expect.stringMatching(/^The final policy size \(\d+\) is bigger than the limit \(20480\)\.$/) });
    const policy = (store.lambda.getPolicy({ FunctionName: 'authz' }) as { Policy: string }).Policy;
    expect(Buffer.byteLength(policy)).toBeLessThanOrEqual(20_480);
    expect(policy.length).toBeGreaterThan((before as { Policy: string }).Policy.length);
  });

  it.each([
    [{ FunctionName: 'nope', StatementId: 's' }, `No policy found for: arn:aws:lambda:us-east-1:${ACCOUNT}:function:nope`],
    [{ FunctionName: 'authz', StatementId: 's', Qualifier: 'canary' }, `Cannot find alias arn: ${ARN}:canary`],
    [{ FunctionName: 'authz', StatementId: 's' }, 'No policy is associated with the given resource.'],
    [{ FunctionName: 'seeded', StatementId: 'missing' }, 'Statement missing is not found in resource policy.'],
  ])('RemovePermission refuses %j with AWS\'s text', (params, message) => {
    expect(failure(() => makeStore().lambda.removePermission(params))).toMatchObject({ code: 'ResourceNotFoundException', status: 404, message, members: { Type: 'User' } });
  });

  it('serves seeded policies as they are, odd ones included', () => {
    const store = makeStore();
    expect((store.lambda.getPolicy({ FunctionName: 'odd' }) as { Policy: string }).Policy).toBe('not { json');
    expect(failure(() => store.lambda.addPermission(permission({ FunctionName: 'odd' })))).toMatchObject({ code: 'ServiceException', status: 500 });
    store.lambda.addPermission(permission({ FunctionName: 'seeded' }));
    expect(JSON.parse((store.lambda.getPolicy({ FunctionName: 'seeded' }) as { Policy: string }).Policy)).toMatchObject({ Version: '2012-10-17', Statement: [{ Sid: 'old' }, { Sid: 'gatewarden-a1b2c3d4e5-abc123' }] });
  });

  it('logs Lambda calls and serves injected failures like any other', () => {
    const store = makeStore();
    store.injectFailure({ service: 'lambda', operation: 'GetPolicy', error: 'AccessDeniedException' });
    expect(failure(() => store.lambda.getPolicy({ FunctionName: 'authz' }))).toMatchObject({
      status: 403,
      message: `User: arn:aws:iam::${ACCOUNT}:user/gatewarden-emulator is not authorized to perform: lambda:GetPolicy on resource: ${ARN} because no identity-based policy allows the lambda:GetPolicy action`,
    });
    expect(store.calls).toEqual([{ service: 'lambda', operation: 'GetPolicy', region: 'us-east-1', params: { FunctionName: 'authz' }, error: 'AccessDeniedException' }]);
  });

  it('the statement AddPermission writes for an authorizer always satisfies the lambda-permission check', () => {
    const id = fc.stringMatching(/^[a-z0-9]{6}$/);
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]{10}$/), id, fc.constantFrom(undefined, 'live', '1'), fc.boolean(), (apiId, authorizerId, qualifier, withAccount) => {
        const store = makeStore();
        const sourceArn = `arn:aws:execute-api:us-east-1:${ACCOUNT}:${apiId}/authorizers/${authorizerId}`;
        store.lambda.addPermission(permission({ StatementId: `gatewarden-${apiId}-${authorizerId}`, SourceArn: sourceArn, ...(qualifier && { Qualifier: qualifier }), ...(withAccount && { SourceAccount: ACCOUNT }) }));
        const { Policy } = store.lambda.getPolicy({ FunctionName: 'authz', ...(qualifier && { Qualifier: qualifier }) }) as { Policy: string };
        const fn = parseFunctionArn(qualifier === undefined ? ARN : `${ARN}:${qualifier}`);
        if (fn === undefined) throw new Error('unreachable');
        const findings = checkInvokePermission(Policy, { function: fn, api: { partition: 'aws', region: 'us-east-1', account: ACCOUNT, apiId }, authorizerId });
        expect(findings).toEqual([expect.objectContaining({ status: 'ok' })]);
        // And not for any other authorizer of the API.
        expect(checkInvokePermission(Policy, { function: fn, api: { partition: 'aws', region: 'us-east-1', account: ACCOUNT, apiId }, authorizerId: `${authorizerId}x` })[0]?.status).toBe('error');
      }),
      { numRuns: 50 },
    );
  });
});

describe('Lambda seeds', () => {
  it('reads functions from YAML, policies as mappings or strings', () => {
    const seed = parseSeed(
      ['apis: []', 'functions:', '  - name: authz', '    versions: [1]', '    aliases: { live: 1 }', '    policies:', '      live: { Statement: [] }', '  - { name: raw, region: eu-west-1, policy: "<html>" }'].join('\n'),
      'seed.yaml',
    );
    const store = new EmulatorStore({ seed });
    expect(store.lambda.getPolicy({ FunctionName: 'authz', Qualifier: 'live' })).toMatchObject({ Policy: '{"Statement":[]}' });
    expect(store.inRegion('eu-west-1').lambda.getPolicy({ FunctionName: 'raw' })).toMatchObject({ Policy: '<html>' });
  });

  it('reports every problem with its place', () => {
    const text = ['apis: []', 'functions:', '  - name: "bad name"', '    versions: [0]', '    aliases: { "1": 1, live: 3 }', '    policies: { canary: {} }', '    colour: blue'].join('\n');
    let issues: readonly string[] = [];
    try {
      parseSeed(text, 'seed.yaml');
    } catch (error) {
      if (error instanceof EmulatorSeedError) issues = error.issues;
    }
    expect(issues).toEqual([
      expect.stringMatching(/^seed\.yaml:3:\d+: functions\[0\]\.name: expected a function name/),
      expect.stringMatching(/^seed\.yaml:4:\d+: functions\[0\]\.versions: expected a list of version numbers/),
      expect.stringMatching(/^seed\.yaml:5:\d+: functions\[0\]\.aliases: alias '1' is not a valid alias name/),
      expect.stringMatching(/^seed\.yaml:7:\d+: functions\[0\]\.colour: unknown key/),
      expect.stringMatching(/^seed\.yaml:5:\d+: functions\[0\]\.aliases\.1: points at version 1, which `versions` does not list/),
      expect.stringMatching(/^seed\.yaml:5:\d+: functions\[0\]\.aliases\.live: points at version 3/),
      expect.stringMatching(/^seed\.yaml:6:\d+: functions\[0\]\.policies\.canary: names neither a listed version nor an alias/),
    ]);
  });

  it('refuses a function seeded twice in one region, changing nothing', () => {
    const store = makeStore();
    expect(() => store.seed({ apis: [], functions: [{ name: 'fresh' }, { name: 'authz' }] })).toThrow("functions[1] ('authz'): function 'authz' is seeded twice in us-east-1");
    expect(failure(() => store.lambda.getFunction({ FunctionName: 'fresh' }))).toMatchObject({ status: 404 });
  });
});
