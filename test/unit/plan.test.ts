import { describe, expect, it } from 'vitest';
import { planApi, planChanges } from '../../src/core/plan.js';
import { summarizePlan } from '../../src/core/plan-summary.js';
import { desiredApi, lambdaUri, liveApi, planInput } from './helpers.js';

const httpRequest = {
  name: 'lambda-req',
  authorizerType: 'REQUEST',
  authorizerUri: lambdaUri,
  authorizerPayloadFormatVersion: '2.0',
  identitySource: ['$request.header.Authorization'],
};

describe('planApi for HTTP APIs', () => {
  it('creates what is declared but missing', () => {
    const plan = planApi(planInput(desiredApi('http', [httpRequest]), liveApi('http', [])));
    expect(plan.actions).toEqual([
      {
        kind: 'create',
        name: 'lambda-req',
        after: {
          name: 'lambda-req',
          authorizerType: 'REQUEST',
          authorizerUri: lambdaUri,
          authorizerPayloadFormatVersion: '2.0',
          authorizerResultTtlInSeconds: 0,
          enableSimpleResponses: false,
          identitySource: ['$request.header.Authorization'],
        },
      },
    ]);
  });

  it('treats an omitted TTL as 0 and an absent enableSimpleResponses as false', () => {
    const live = liveApi('http', [{ id: 'abc123', ...httpRequest, authorizerResultTtlInSeconds: 0, enableSimpleResponses: false }]);
    expect(planApi(planInput(desiredApi('http', [httpRequest]), live)).actions).toEqual([
      { kind: 'no-op', name: 'lambda-req', authorizerId: 'abc123' },
    ]);
  });

  it('compares identity sources and audiences as sets', () => {
    const jwt = {
      name: 'jwt',
      authorizerType: 'JWT',
      identitySource: ['$request.header.Authorization'],
      jwtConfiguration: { issuer: 'https://issuer.example', audience: ['b', 'a'] },
    };
    const live = liveApi('http', [
      { id: 'abc123', ...jwt, jwtConfiguration: { issuer: 'https://issuer.example', audience: ['a', 'b', 'a'] } },
    ]);
    expect(planApi(planInput(desiredApi('http', [jwt]), live)).actions[0]?.kind).toBe('no-op');
  });

  it('shows a value set out of band on an omitted field as a change that clears it', () => {
    const live = liveApi('http', [
      { id: 'abc123', ...httpRequest, authorizerCredentialsArn: 'arn:aws:iam::123456789012:role/x' },
    ]);
    const [action] = planApi(planInput(desiredApi('http', [httpRequest]), live)).actions;
    expect(action).toMatchObject({
      kind: 'update',
      fields: [{ path: 'authorizerCredentialsArn', before: 'arn:aws:iam::123456789012:role/x', after: undefined }],
    });
  });

  it('ignores members AWS adds on read or that do not apply to the type', () => {
    const live = liveApi('http', [
      { id: 'abc123', ...httpRequest, identityValidationExpression: 'x', jwtConfiguration: { issuer: 'https://x' } },
    ]);
    expect(planApi(planInput(desiredApi('http', [httpRequest]), live)).actions[0]?.kind).toBe('no-op');
  });

  it('reports undeclared live authorizers as unmanaged and never plans to touch them', () => {
    const live = liveApi('http', [{ id: 'zzz999', name: 'legacy', authorizerType: 'JWT' }]);
    const plan = planApi(planInput(desiredApi('http', []), live));
    expect(plan.actions).toEqual([]);
    expect(plan.unmanaged).toEqual([{ name: 'legacy', authorizerId: 'zzz999' }]);
  });

  it('plans post-actions only when the API has changes', () => {
    const desired = desiredApi('http', [httpRequest], { resetCache: ['$default'] });
    expect(planApi(planInput(desired, liveApi('http', []))).postActions).toEqual([{ kind: 'reset-cache', stage: '$default' }]);
    const unchanged = liveApi('http', [{ id: 'abc123', ...httpRequest }]);
    expect(planApi(planInput(desired, unchanged)).postActions).toEqual([]);
  });

  it('ignores TTL and payload version on WebSocket APIs, where they do not apply', () => {
    const ws = { name: 'ws', authorizerType: 'REQUEST', authorizerUri: lambdaUri, identitySource: ['route.request.header.Auth'] };
    const live = liveApi('websocket', [{ id: 'abc123', ...ws, authorizerPayloadFormatVersion: '', authorizerResultTtlInSeconds: 0 }]);
    expect(planApi(planInput(desiredApi('websocket', [ws]), live)).actions[0]?.kind).toBe('no-op');
  });
});

describe('planApi for REST APIs', () => {
  const token = {
    name: 'token-auth',
    type: 'TOKEN',
    authorizerUri: lambdaUri,
    identitySource: 'method.request.header.Authorization',
  };

  it('treats an omitted TTL as 300 and ignores authType unless declared', () => {
    const live = liveApi('rest', [{ id: 'abc123', ...token, authorizerResultTtlInSeconds: 300, authType: 'custom' }]);
    expect(planApi(planInput(desiredApi('rest', [token]), live)).actions[0]?.kind).toBe('no-op');
    const declared = { ...token, authType: 'oauth' };
    expect(planApi(planInput(desiredApi('rest', [declared]), live)).actions[0]).toMatchObject({
      kind: 'update',
      fields: [{ path: 'authType', before: 'custom', after: 'oauth' }],
    });
  });

  it('compares identitySource written as a list with the comma-separated live string', () => {
    const request = {
      name: 'req',
      type: 'REQUEST',
      authorizerUri: lambdaUri,
      identitySource: ['method.request.querystring.key', 'method.request.header.Auth'],
    };
    const live = liveApi('rest', [
      { id: 'abc123', ...request, identitySource: 'method.request.header.Auth, method.request.querystring.key' },
    ]);
    expect(planApi(planInput(desiredApi('rest', [request]), live)).actions[0]?.kind).toBe('no-op');
  });

  it('plans a replacement across the Cognito boundary, an update between TOKEN and REQUEST', () => {
    const cognito = {
      name: 'token-auth',
      type: 'COGNITO_USER_POOLS',
      providerARNs: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc'],
      identitySource: 'method.request.header.Authorization',
    };
    const live = liveApi('rest', [{ id: 'abc123', ...token }]);
    expect(planApi(planInput(desiredApi('rest', [cognito]), live)).actions[0]).toMatchObject({
      kind: 'replace',
      replacePaths: ['type'],
    });
    const request = { ...token, type: 'REQUEST' };
    expect(planApi(planInput(desiredApi('rest', [request]), live)).actions[0]?.kind).toBe('update');
  });
});

describe('planChanges', () => {
  it('orders actions by severity, then name, and counts them', () => {
    const a = { ...httpRequest, name: 'a' };
    const b = { ...httpRequest, name: 'b' };
    const c = { ...httpRequest, name: 'c', authorizerResultTtlInSeconds: 60 };
    const live = liveApi('http', [
      { id: 'bbb000', ...b },
      { id: 'ccc000', ...c, authorizerResultTtlInSeconds: 300 },
      { id: 'ddd000', ...httpRequest, name: 'd' },
    ]);
    const plan = planChanges([planInput(desiredApi('http', [b, a, c]), live)]);
    expect(plan.apis[0]?.actions.map((action) => `${action.kind}:${action.name}`)).toEqual(['update:c', 'create:a', 'no-op:b']);
    expect(summarizePlan(plan)).toEqual({ delete: 0, create: 1, update: 1, replace: 0, unchanged: 1, unmanaged: 1, postActions: 0 });
  });
});

describe('a redeploy stage compared through its export', () => {
  const pool = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_a';
  const cognito = { name: 'users', type: 'COGNITO_USER_POOLS', providerARNs: [pool], identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 60 };
  const withDeployed = (deployedFields: Record<string, unknown>) => {
    const live = liveApi('rest', [{ id: 'a1', ...cognito }]);
    return {
      ...live,
      stages: [{ name: 'prod', autoDeploy: false, deployed: { authorizers: [{ name: 'users', fields: { name: 'users', ...deployedFields } }] } }],
    };
  };
  const postActions = (deployedFields: Record<string, unknown>) =>
    planApi(planInput(desiredApi('rest', [cognito], { redeploy: ['prod'] }), withDeployed(deployedFields))).postActions;

  it('never counts a member the export does not carry as a difference', () => {
    expect(postActions({ type: 'COGNITO_USER_POOLS', providerARNs: [pool] })).toEqual([]);
  });

  it('names only the members the export shows differently', () => {
    expect(postActions({ type: 'COGNITO_USER_POOLS', providerARNs: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_old'] })).toEqual([
      {
        kind: 'redeploy',
        stage: 'prod',
        lagging: [{ name: 'users', fields: [{ path: 'providerARNs', before: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_old'], after: [pool] }] }],
      },
    ]);
  });
});
