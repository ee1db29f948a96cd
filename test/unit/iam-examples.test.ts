/**
 * examples/iam/ against the calls gatewarden makes: every API Gateway call in the families' live.ts
 * (`callAws(read('Op', path))`, `callAws(write('Op', 'METHOD', path))`) must be allowed by the
 * apply role's policy, and every read by the plan role's, or a team that copies the policies gets an
 * AccessDenied (exit 5) in the middle of an apply.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const REGION = 'eu-west-1';

interface Call {
  readonly operation: string;
  readonly action: string;
  readonly resource: string;
}

/** The calls of every family, with each `${…}` of a path filled with a sample id. */
function familyCalls(): Call[] {
  const families = join(ROOT, 'src', 'families');
  const pattern = /callAws\((read|write)\('(\w+)'(?:, '([A-Z]+)')?, (`[^`]*`|'[^']*')\)/g;
  return readdirSync(families, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => [...readFileSync(join(families, entry.name, 'live.ts'), 'utf8').matchAll(pattern)])
    .map(([, kind, operation = '', method, path = '']) => ({
      operation,
      action: `apigateway:${kind === 'read' ? 'GET' : method}`,
      resource: `arn:aws:apigateway:${REGION}::${path.slice(1, -1).replace(/\$\{[^}]+\}/g, 'abc123')}`,
    }));
}

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: string | string[];
}

/** IAM's wildcards: `*` any run of characters (slashes too), `?` one character. */
function matches(pattern: string, value: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(value);
}

function allows(policyFile: string, call: Call): boolean {
  const policy = JSON.parse(readFileSync(join(ROOT, 'examples', 'iam', policyFile), 'utf8')) as { Statement: Statement[] };
  const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);
  return policy.Statement.some(
    (statement) =>
      statement.Effect === 'Allow' &&
      list(statement.Action).some((action) => matches(action, call.action)) &&
      list(statement.Resource).some((resource) => matches(resource, call.resource)),
  );
}

describe('examples/iam', () => {
  const calls = familyCalls();

  it('finds the calls of both families in their live.ts', () => {
    expect(calls.map((call) => call.operation)).toEqual(
      expect.arrayContaining(['GetApis', 'GetAuthorizers', 'GetRestApis', 'GetResources', 'CreateAuthorizer', 'UpdateRoute', 'UpdateMethod', 'CreateDeployment']),
    );
  });

  it('the apply role allows every call apply makes', () => {
    expect(calls.filter((call) => !allows('apply-role-policy.json', call))).toEqual([]);
  });

  it('the plan role allows every read, and no write', () => {
    const reads = calls.filter((call) => call.action === 'apigateway:GET');
    expect(reads.filter((call) => !allows('plan-role-policy.json', call))).toEqual([]);
    expect(calls.filter((call) => call.action !== 'apigateway:GET' && allows('plan-role-policy.json', call))).toEqual([]);
  });
});
