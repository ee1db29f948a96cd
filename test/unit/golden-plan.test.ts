/**
 * Golden files for planning: each folder under test/golden/plan holds a manifest, the live API it is
 * planned against, and the expected text plan, JSON plan and AWS requests. UPDATE_GOLDEN=1 rewrites them.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LiveApi, Plan } from '../../src/core/model.js';
import { planChanges } from '../../src/core/plan.js';
import { buildCreateMembers, buildUpdateRequest } from '../../src/core/update.js';
import { familyFor } from '../../src/families/registry.js';
import { loadManifests } from '../../src/manifest/index.js';
import { planToJson } from '../../src/render/json.js';
import { renderPlanText } from '../../src/render/text.js';

const root = join('test', 'golden', 'plan');
const update = process.env.UPDATE_GOLDEN === '1';

function readLive(folder: string): LiveApi {
  const raw = JSON.parse(readFileSync(join(folder, 'live.json'), 'utf8')) as Omit<LiveApi, 'authorizers'> & {
    authorizers: ({ id: string; name: string } & Record<string, unknown>)[];
  };
  return { ...raw, authorizers: raw.authorizers.map(({ id, ...fields }) => ({ id, name: String(fields.name), fields })) };
}

/** What apply would send for each action, in plan order: the golden record of the update strategies. */
function requestsOf(plan: Plan): unknown[] {
  return plan.apis.flatMap((api) => {
    const rules = familyFor(api.target.apiType).rules;
    return api.actions.flatMap((action): unknown[] => {
      switch (action.kind) {
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

function expectGolden(file: string, actual: string): void {
  if (update || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('golden plans', () => {
  for (const name of readdirSync(root).sort()) {
    it(name, async () => {
      const folder = join(root, name);
      const { documents, issues } = await loadManifests([join(folder, 'manifest.yaml')]);
      expect(issues).toEqual([]);
      const live = readLive(folder);
      const plan = planChanges(documents.map((desired) => ({ desired, live, rules: familyFor(desired.api.type).rules })));
      expectGolden(join(folder, 'plan.txt'), renderPlanText(plan));
      expectGolden(join(folder, 'plan.json'), `${JSON.stringify(planToJson(plan), null, 2)}\n`);
      expectGolden(join(folder, 'requests.json'), `${JSON.stringify(requestsOf(plan), null, 2)}\n`);
    });
  }
});
