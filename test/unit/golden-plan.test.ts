/**
 * Golden files for planning: each folder under test/golden/plan holds a manifest, the live API it is
 * planned against as the AWS SDK returns it (live.json: the family's wire shapes, e.g. apigatewayv2's
 * PascalCase `Authorizer`, REST's camelCase one), and the expected text plan, JSON plan and AWS requests.
 * live.json goes through the family's own live mapping, so a change to that mapping shows here too.
 * UPDATE_GOLDEN=1 npx vitest run test/unit/golden-plan.test.ts rewrites the expected files.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiSummary } from '../../src/aws/ports.js';
import type { LiveApi, LiveAuthorizer, LiveStage, Plan } from '../../src/core/model.js';
import { planChanges } from '../../src/core/plan.js';
import { buildCreateMembers, buildUpdateRequest } from '../../src/core/update.js';
import * as apigatewayv2Live from '../../src/families/apigatewayv2/live.js';
import { familyFor, type Family } from '../../src/families/registry.js';
import * as restLive from '../../src/families/rest/live.js';
import { loadManifests } from '../../src/manifest/index.js';
import { planToJson } from '../../src/render/plan-json.js';
import { renderPlanText } from '../../src/render/text.js';
import { expectGolden, goldenCases, goldenJson, readGoldenJson } from './golden.js';

/** Each family's pure mapping from the SDK's output shapes; the adapters in live.ts use the same functions. */
interface WireMapping {
  apiSummaryFromSdk(api: never): ApiSummary;
  liveStageFromSdk(stage: never): LiveStage;
  liveAuthorizerFromSdk(authorizer: never): LiveAuthorizer;
}
const WIRE_MAPPINGS: Readonly<Record<string, WireMapping>> = { apigatewayv2: apigatewayv2Live, apigateway: restLive };

/** What GetApi (or GetRestApi), GetStages and GetAuthorizers returned, in the SDK's shapes. */
interface WireLive {
  readonly region: string;
  readonly api: unknown;
  readonly stages: readonly unknown[];
  readonly authorizers: readonly unknown[];
}

/** The same assembly as services/read-live.ts, from the mapped parts. */
function liveFromWire(family: Family, wire: WireLive): LiveApi {
  const mapping = WIRE_MAPPINGS[family.id];
  if (!mapping) throw new Error(`no wire mapping for family ${family.id}`);
  const api = mapping.apiSummaryFromSdk(wire.api as never);
  return {
    type: api.type,
    id: api.id,
    name: api.name,
    region: wire.region,
    stages: wire.stages.map((stage) => mapping.liveStageFromSdk(stage as never)),
    authorizers: wire.authorizers.map((authorizer) => mapping.liveAuthorizerFromSdk(authorizer as never)),
  };
}

/** What apply would send for each action, in plan order: the golden record of the update strategies. */
function requestsOf(plan: Plan): unknown[] {
  return plan.apis.flatMap((api) => {
    const rules = familyFor(api.target.apiType).rules;
    return api.actions.flatMap((action): unknown[] => {
      switch (action.kind) {
        case 'delete':
          return [{ DeleteAuthorizer: action.authorizerId }];
        case 'create':
          return [{ CreateAuthorizer: action.name, members: buildCreateMembers(rules, action.after) }];
        case 'update':
          return [{ UpdateAuthorizer: action.authorizerId, request: buildUpdateRequest(rules, action) }];
        case 'replace':
          return [
            { DeleteAuthorizer: action.authorizerId },
            { CreateAuthorizer: action.name, members: buildCreateMembers(rules, action.after) },
          ];
        case 'no-op':
          return [];
      }
    });
  });
}

describe('golden plans', () => {
  for (const { name, folder } of goldenCases('plan')) {
    it(name, async () => {
      const { documents, issues } = await loadManifests([join(folder, 'manifest.yaml')]);
      expect(issues).toEqual([]);
      const wire = readGoldenJson<WireLive>(folder, 'live.json');
      const plan = planChanges(
        documents.map((desired) => {
          const family = familyFor(desired.api.type);
          const live = liveFromWire(family, wire);
          // A wire object of the other API type would be a broken case, not a plan to pin.
          expect(live.type).toBe(desired.api.type);
          return { desired, live, rules: family.rules };
        }),
      );
      expectGolden(join(folder, 'plan.txt'), renderPlanText(plan));
      expectGolden(join(folder, 'plan.json'), goldenJson(planToJson(plan)));
      expectGolden(join(folder, 'requests.json'), goldenJson(requestsOf(plan)));
    });
  }
});
