/** Builders for planner inputs, so tests state only what matters to them. */
import type { AuthorizerFields, DesiredApi, LiveApi } from '../../src/core/model.js';
import type { PlanInput } from '../../src/core/plan.js';
import { familyFor } from '../../src/families/registry.js';
import type { ApiType } from '../../src/core/model.js';

const source = { file: 'test.yaml', line: 1, col: 1 };

export function desiredApi(
  type: ApiType,
  authorizers: AuthorizerFields[],
  afterChange: Partial<DesiredApi['afterChange']> = {},
): DesiredApi {
  return {
    region: 'eu-west-1',
    api: { type, id: 'api0000001' },
    afterChange: { resetCache: [], redeploy: [], ...afterChange },
    authorizers: authorizers.map((fields) => ({ name: String(fields.name), fields, source })),
    source,
  };
}

export function liveApi(type: ApiType, authorizers: (AuthorizerFields & { id: string })[]): LiveApi {
  return {
    type,
    id: 'api0000001',
    name: 'orders',
    region: 'eu-west-1',
    stages: [{ name: '$default', autoDeploy: true }, { name: 'prod', autoDeploy: false }],
    authorizers: authorizers.map(({ id, ...fields }) => ({ id, name: String(fields.name), fields })),
  };
}

export function planInput(desired: DesiredApi, live: LiveApi): PlanInput {
  return { desired, live, rules: familyFor(desired.api.type).rules };
}

export const lambdaUri =
  'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:authz/invocations';
