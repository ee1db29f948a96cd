/** What the apigatewayv2 reconcile tests share: authorizer builders, seeds, and plan/apply through the services. */
import { stringify } from 'yaml';
import type { Plan } from '../../src/core/model.js';
import { applyPlan } from '../../src/services/apply.js';
import { planFromManifests } from '../../src/services/plan.js';
import { LAMBDA, type Harness } from './support.js';

export const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc';

export function jwt(name: string, audience: string[] = ['client-a']) {
  return { name, authorizerType: 'JWT', identitySource: ['$request.header.Authorization'], jwtConfiguration: { issuer: ISSUER, audience } };
}

export function lambda(name: string, extra: Record<string, unknown> = {}) {
  return { name, authorizerType: 'REQUEST', authorizerUri: LAMBDA, authorizerPayloadFormatVersion: '2.0', ...extra };
}

/** A seed with the HTTP API orders0001 ("orders") holding these authorizers. */
export function ordersSeed(authorizers: readonly object[], extra: Record<string, unknown> = {}): string {
  return stringify({ apis: [{ type: 'http', id: 'orders0001', name: 'orders', ...extra, authorizers }] });
}

export const stagesSeed = `
apis:
  - type: http
    id: orders0001
    name: orders
    stages: [{ name: $default, autoDeploy: true }, { name: prod }]
    authorizers:
      - { id: jwt001, name: main, authorizerType: JWT, identitySource: [$request.header.Authorization], jwtConfiguration: { issuer: ${ISSUER}, audience: [old] } }
  - type: websocket
    id: chat000001
    name: chat
    stages: [{ name: production }, { name: live, autoDeploy: true }]
`;

export function kinds(plan: Plan): Record<string, string> {
  return Object.fromEntries(plan.apis.flatMap((api) => api.actions.map((action) => [`${api.target.apiName}/${action.name}`, action.kind])));
}

export function allNoOp(plan: Plan): boolean {
  return plan.apis.every((api) => api.actions.every((action) => action.kind === 'no-op') && api.postActions.length === 0);
}

export async function planOf(h: Harness, paths: string[]) {
  return (await planFromManifests(paths, h.options)).plan;
}

export async function apply(h: Harness, paths: string[]) {
  return applyPlan(await planOf(h, paths), { ...h.options, allowReplace: false });
}
