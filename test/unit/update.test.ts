import { describe, expect, it } from 'vitest';
import { planApi } from '../../src/core/plan.js';
import { buildCreateMembers, buildUpdateRequest } from '../../src/core/update.js';
import { familyFor } from '../../src/families/registry.js';
import type { UpdateAction } from '../../src/core/model.js';
import { desiredApi, lambdaUri, liveApi, planInput } from './helpers.js';

function updateOf(input: ReturnType<typeof planInput>): UpdateAction {
  const action = planApi(input).actions[0];
  if (action?.kind !== 'update') throw new Error(`expected an update, got ${action?.kind}`);
  return action;
}

const HTTP_LAMBDA = {
  name: 'r',
  authorizerType: 'REQUEST',
  authorizerUri: lambdaUri,
  authorizerPayloadFormatVersion: '2.0',
  identitySource: ['$request.header.Authorization'],
};

describe('merge updates (apigatewayv2)', () => {
  const rules = familyFor('http').rules;
  const base = HTTP_LAMBDA;

  it('sends only changed members and clears omitted ones with their clear value', () => {
    const live = liveApi('http', [
      { id: 'abc123', ...base, authorizerCredentialsArn: 'arn:aws:iam::1:role/x', authorizerResultTtlInSeconds: 300 },
    ]);
    const action = updateOf(planInput(desiredApi('http', [base]), live));
    expect(buildUpdateRequest(rules, action)).toEqual({
      kind: 'merge',
      members: { authorizerCredentialsArn: '', authorizerResultTtlInSeconds: 0 },
    });
  });

  it('sends jwtConfiguration whole when one of its members changes', () => {
    const jwt = {
      name: 'j',
      authorizerType: 'JWT',
      identitySource: ['$request.header.Authorization'],
      jwtConfiguration: { issuer: 'https://a', audience: ['x', 'y'] },
    };
    const live = liveApi('http', [{ id: 'abc123', ...jwt, jwtConfiguration: { issuer: 'https://a', audience: ['x'] } }]);
    expect(buildUpdateRequest(rules, updateOf(planInput(desiredApi('http', [jwt]), live)))).toEqual({
      kind: 'merge',
      members: { jwtConfiguration: { issuer: 'https://a', audience: ['x', 'y'] } },
    });
  });

  it('creates with nested wire members', () => {
    expect(
      buildCreateMembers(rules, { name: 'j', authorizerType: 'JWT', 'jwtConfiguration.issuer': 'https://a' }),
    ).toEqual({ name: 'j', authorizerType: 'JWT', jwtConfiguration: { issuer: 'https://a' } });
  });
});

describe('JSON-Patch updates (REST)', () => {
  const rules = familyFor('rest').rules;
  const cognito = {
    name: 'c',
    type: 'COGNITO_USER_POOLS',
    providerARNs: ['arn:pool/b', 'arn:pool/c'],
    identitySource: 'method.request.header.Authorization',
  };

  it('adds new provider ARNs before removing dropped ones', () => {
    const live = liveApi('rest', [{ id: 'abc123', ...cognito, providerARNs: ['arn:pool/a'] }]);
    expect(buildUpdateRequest(rules, updateOf(planInput(desiredApi('rest', [cognito]), live)))).toEqual({
      kind: 'json-patch',
      operations: [
        { op: 'add', path: '/providerARNs', value: 'arn:pool/b' },
        { op: 'add', path: '/providerARNs', value: 'arn:pool/c' },
        { op: 'remove', path: '/providerARNs', value: 'arn:pool/a' },
      ],
    });
  });

  it('sends every value as a string, identity sources comma-joined, cleared members as ""', () => {
    const token = {
      name: 't',
      type: 'TOKEN',
      authorizerUri: lambdaUri,
      identitySource: ['method.request.header.X-Token'],
      authorizerResultTtlInSeconds: 60,
    };
    const live = liveApi('rest', [
      {
        id: 'abc123',
        ...token,
        identitySource: 'method.request.header.Authorization',
        authorizerResultTtlInSeconds: 300,
        identityValidationExpression: '^x$',
      },
    ]);
    expect(buildUpdateRequest(rules, updateOf(planInput(desiredApi('rest', [token]), live)))).toEqual({
      kind: 'json-patch',
      operations: [
        { op: 'replace', path: '/authorizerResultTtlInSeconds', value: '60' },
        { op: 'replace', path: '/identitySource', value: 'method.request.header.X-Token' },
        { op: 'replace', path: '/identityValidationExpression', value: '' },
      ],
    });
  });
});

// Where AWS's answer is unverified (what it does with a member that does not apply to the type, the
// TTL it stores when none is sent), gatewarden sends nothing that does not apply and every TTL explicitly.
describe('members that apply to the type, and explicit TTLs', () => {
  const http = familyFor('http').rules;
  const rest = familyFor('rest').rules;
  const lambda = HTTP_LAMBDA;
  const jwt = {
    name: 'r',
    authorizerType: 'JWT',
    identitySource: ['$request.header.Authorization'],
    jwtConfiguration: { issuer: 'https://a' },
  };

  it('creates an HTTP REQUEST authorizer with its TTL sent as 0, and a JWT one without Lambda members', () => {
    const plan = planApi(planInput(desiredApi('http', [lambda, { ...jwt, name: 'j' }]), liveApi('http', [])));
    const members = plan.actions.map((action) => (action.kind === 'create' ? buildCreateMembers(http, action.after) : undefined));
    expect(members).toEqual([
      { ...jwt, name: 'j' },
      { ...lambda, authorizerResultTtlInSeconds: 0, enableSimpleResponses: false },
    ]);
  });

  it('creates every REST type with its TTL sent as 300', () => {
    const token = { name: 't', type: 'TOKEN', authorizerUri: lambdaUri, identitySource: 'method.request.header.A' };
    const cognito = { name: 'c', type: 'COGNITO_USER_POOLS', providerARNs: ['arn:pool/a'], identitySource: 'method.request.header.A' };
    const plan = planApi(planInput(desiredApi('rest', [token, cognito]), liveApi('rest', [])));
    const ttls = plan.actions.map((action) => (action.kind === 'create' ? buildCreateMembers(rest, action.after).authorizerResultTtlInSeconds : undefined));
    expect(ttls).toEqual([300, 300]);
  });

  // Routes authorize with JWT or CUSTOM according to the authorizer's kind, so a change of kind moves
  // them to a new authorizer instead of updating this one in place (issue 10).
  it('plans a change between a Lambda and a JWT authorizer as a replacement forced by authorizerType, both ways', () => {
    const toJwt = planApi(planInput(desiredApi('http', [jwt]), liveApi('http', [{ id: 'abc123', ...lambda, authorizerResultTtlInSeconds: 300 }]))).actions[0];
    const toLambda = planApi(planInput(desiredApi('http', [lambda]), liveApi('http', [{ id: 'abc123', ...jwt }]))).actions[0];
    expect(toJwt).toMatchObject({ kind: 'replace', replacePaths: ['authorizerType'] });
    expect(toLambda).toMatchObject({ kind: 'replace', replacePaths: ['authorizerType'] });
  });

  it('turns a REST TOKEN authorizer into a REQUEST one without clearing the TOKEN-only validation expression', () => {
    const token = { name: 't', type: 'TOKEN', authorizerUri: lambdaUri, identitySource: 'method.request.header.A', identityValidationExpression: '^x$' };
    const live = liveApi('rest', [{ id: 'abc123', ...token, authorizerResultTtlInSeconds: 300 }]);
    const desired = desiredApi('rest', [{ ...token, type: 'REQUEST', identityValidationExpression: undefined }]);
    expect(buildUpdateRequest(rest, updateOf(planInput(desired, live)))).toEqual({
      kind: 'json-patch',
      operations: [{ op: 'replace', path: '/type', value: 'REQUEST' }],
    });
  });
});
