/**
 * Static security checks for .github/workflows/*.yml, examples/github/*.yml and action.yml: least-privilege permissions,
 * actions pinned to full commit SHAs, no untrusted expressions expanded inside shell scripts, no
 * pull_request_target, checkouts without persisted credentials, and deploy jobs that never cancel
 * an apply in flight. Inline bad examples prove that each check bites.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');
const EXAMPLES = join(ROOT, 'examples', 'github');
/** How the examples name the action; this repository's copies run it from the checkout instead. */
const RELEASED_ACTION = 'OWNER/gatewarden@0000000000000000000000000000000000000000 # v0.1.0';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Mapping = { [key: string]: Json };

function isMapping(value: Json | undefined): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parse(text: string, problems: string[]): Mapping | undefined {
  const document = parseDocument(text, { prettyErrors: false });
  if (document.errors.length > 0) {
    problems.push(...document.errors.map((error) => `does not parse: ${error.message}`));
    return undefined;
  }
  const value = document.toJS() as Json;
  if (!isMapping(value)) {
    problems.push('is not a YAML mapping');
    return undefined;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// The checks

const SHA_PINNED = /^[^@\s]+@[0-9a-f]{40}$/;
/** Expressions an attacker can fill (PR titles, branch names, issue bodies, workflow inputs). */
const UNTRUSTED_IN_SCRIPT = /\$\{\{[^}]*(github\.event\b(?!_name)|github\.head_ref|\binputs\.)[^}]*\}\}/;

function checkUses(uses: string, where: string, text: string, problems: string[]): void {
  if (uses.startsWith('./')) return;
  if (uses.startsWith('docker://')) {
    if (!/@sha256:[0-9a-f]{64}$/.test(uses)) problems.push(`${where}: docker image ${uses} is not pinned by digest`);
    return;
  }
  if (!SHA_PINNED.test(uses)) {
    problems.push(`${where}: ${uses} is not pinned to a full 40-hex commit SHA`);
    return;
  }
  // Every pin names the release it stands for, so that reviewers and Dependabot can read it.
  const line = text.split('\n').find((candidate) => candidate.includes(uses));
  const version = line === undefined ? null : /#\s*v(\d+)(\.\d+){0,2}\b/.exec(line);
  if (version === null) {
    problems.push(`${where}: ${uses} has no "# vX.Y.Z" comment`);
    return;
  }
  checkNode24(uses, Number(version[1]), where, problems);
}

/**
 * The first major release of each JavaScript action we use whose runtime is Node 24 (Node 20 is past
 * its end of life; the runner warns about, and will refuse, actions still on it): the actions'
 * release notes. gatewarden's own action is composite and runs on the job's Node.
 */
const NODE24_SINCE: Readonly<Record<string, number>> = {
  'actions/checkout': 5,
  'actions/setup-node': 5,
  'actions/upload-artifact': 6,
  'actions/download-artifact': 7,
  'aws-actions/configure-aws-credentials': 5,
};

function checkNode24(uses: string, major: number, where: string, problems: string[]): void {
  const action = uses.slice(0, uses.indexOf('@'));
  if (action.endsWith('/gatewarden')) return;
  const since = NODE24_SINCE[action];
  if (since === undefined) problems.push(`${where}: ${action} is not known to run on Node 24 (add its first Node 24 major to NODE24_SINCE)`);
  else if (major < since) problems.push(`${where}: ${action} v${major} runs on Node 20; v${since} or later runs on Node 24`);
}

function checkStep(step: Json, where: string, text: string, problems: string[]): void {
  if (!isMapping(step)) return;
  if (typeof step.uses === 'string') {
    checkUses(step.uses, where, text, problems);
    if (step.uses.startsWith('actions/checkout@')) {
      const persist = isMapping(step.with) ? step.with['persist-credentials'] : undefined;
      if (persist !== false) problems.push(`${where}: actions/checkout without persist-credentials: false`);
    }
  }
  if (typeof step.run === 'string' && UNTRUSTED_IN_SCRIPT.test(step.run)) {
    problems.push(`${where}: run script expands an untrusted expression (${UNTRUSTED_IN_SCRIPT.exec(step.run)?.[0]}); pass it through env:`);
  }
}

/** `{}`, `read-all` or only read/none scopes. */
function isRestrictive(permissions: Json | undefined): boolean {
  if (permissions === 'read-all') return true;
  if (!isMapping(permissions)) return false;
  return Object.values(permissions).every((level) => level === 'read' || level === 'none');
}

function triggers(on: Json | undefined): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.filter((entry): entry is string => typeof entry === 'string');
  return isMapping(on) ? Object.keys(on) : [];
}

function checkWorkflow(name: string, text: string): string[] {
  const problems: string[] = [];
  const workflow = parse(text, problems);
  if (!workflow) return problems;

  if (triggers(workflow.on).includes('pull_request_target')) {
    problems.push('uses pull_request_target (write token and secrets in reach of PR code); use pull_request');
  }
  if (!('permissions' in workflow)) problems.push('sets no workflow-level permissions');
  else if (!isRestrictive(workflow.permissions)) problems.push('workflow-level permissions grant more than read; grant writes per job');

  const jobs = isMapping(workflow.jobs) ? workflow.jobs : {};
  if (Object.keys(jobs).length === 0) problems.push('has no jobs');
  for (const [id, job] of Object.entries(jobs)) {
    if (!isMapping(job)) continue;
    // A job may inherit only an explicitly restrictive workflow-level setting.
    if (!('permissions' in job) && !isRestrictive(workflow.permissions)) problems.push(`job ${id} sets no permissions`);
    if (job.permissions === 'write-all') problems.push(`job ${id} grants write-all`);
    if (typeof job.uses === 'string') checkUses(job.uses, `job ${id}`, text, problems);
    const steps = Array.isArray(job.steps) ? job.steps : [];
    steps.forEach((step, index) => checkStep(step, `job ${id} step ${index + 1}`, text, problems));
    // A job that deploys to an environment must queue behind a running one, never cancel it.
    const deploys = 'environment' in job || name.startsWith('apply');
    if (deploys) checkNeverCancels(id, job.concurrency ?? workflow.concurrency, problems);
  }
  return problems;
}

function checkNeverCancels(id: string, concurrency: Json | undefined, problems: string[]): void {
  if (concurrency === undefined) {
    problems.push(`job ${id} deploys without a concurrency group`);
    return;
  }
  if (isMapping(concurrency) && concurrency['cancel-in-progress'] !== false) {
    problems.push(`job ${id} deploys with a concurrency group that may cancel an apply in progress`);
  }
}

function checkAction(text: string): string[] {
  const problems: string[] = [];
  const action = parse(text, problems);
  if (!action) return problems;
  const runs = isMapping(action.runs) ? action.runs : {};
  if (runs.using !== 'composite') problems.push('is not a composite action');
  const steps = Array.isArray(runs.steps) ? runs.steps : [];
  steps.forEach((step, index) => checkStep(step, `step ${index + 1}`, text, problems));
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The repository's files

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort();
}

const workflowFiles = yamlFiles(WORKFLOWS);
const exampleFiles = yamlFiles(EXAMPLES);

function load(file: string, dir = WORKFLOWS): Mapping {
  return parseDocument(readFileSync(join(dir, file), 'utf8')).toJS() as Mapping;
}

/** Every setup-node step of a workflow, with its node-version. */
function nodeVersions(workflow: Mapping): (Json | undefined)[] {
  return Object.values(isMapping(workflow.jobs) ? workflow.jobs : {}).flatMap((job) =>
    isMapping(job) && Array.isArray(job.steps)
      ? job.steps.filter((step) => isMapping(step) && String(step.uses).startsWith('actions/setup-node@')).map((step) => (step as Mapping).with)
      : [],
  );
}

describe('examples/github (workflows for a configuration repository)', () => {
  it('has the plan, apply and drift workflows', () => {
    expect(exampleFiles).toEqual(['apply.yml', 'drift.yml', 'plan.yml']);
  });

  for (const file of exampleFiles) {
    it(`${file} passes the security checks and runs gatewarden only through the released action on Node 24`, () => {
      const text = readFileSync(join(EXAMPLES, file), 'utf8');
      expect(checkWorkflow(file, text)).toEqual([]);
      expect(text).not.toMatch(/npm (ci|install)|bin\/run\.js|uses: \.\//);
      expect(text).toContain(`uses: ${RELEASED_ACTION}`);
      expect(nodeVersions(load(file, EXAMPLES))).toEqual([expect.objectContaining({ 'node-version': 24 })]);
    });

    it(`${file} is this repository's .github/workflows/${file}, with the action pinned instead of ./`, () => {
      const ours = readFileSync(join(WORKFLOWS, file), 'utf8');
      const example = readFileSync(join(EXAMPLES, file), 'utf8');
      const header = (text: string) => text.slice(0, text.indexOf('\nname:'));
      const body = (text: string) => text.slice(text.indexOf('\nname:'));
      expect(body(ours)).toBe(body(example).replaceAll(`uses: ${RELEASED_ACTION}`, 'uses: ./'));
      expect(header(ours)).toContain(`examples/github/${file}`);
    });
  }
});

describe('examples/github/environments (one job per environment file, one merged comment)', () => {
  const dir = join(EXAMPLES, 'environments');
  it('has the plan and apply workflows', () => {
    expect(yamlFiles(dir)).toEqual(['apply.yml', 'plan.yml']);
  });

  for (const file of yamlFiles(dir)) {
    it(`${file} passes the security checks, runs gatewarden only through the released action, and fans out over the environments`, () => {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(checkWorkflow(file, text)).toEqual([]);
      expect(text).not.toMatch(/npm (ci|install)|bin\/run\.js|uses: \.\//);
      expect(text).toContain('command: environments');
      expect(text).toContain('matrix: ${{ fromJSON(needs.environments.outputs.matrix) }}');
      expect(text).toContain('--env ${{ matrix.file }}');
    });
  }
});

describe('.github/workflows', () => {
  it('has the ci, plan, apply and drift workflows', () => {
    expect(workflowFiles).toEqual(expect.arrayContaining(['apply.yml', 'ci.yml', 'drift.yml', 'plan.yml']));
  });

  for (const file of workflowFiles) {
    it(`${file} passes the security checks`, () => {
      expect(checkWorkflow(file, readFileSync(join(WORKFLOWS, file), 'utf8'))).toEqual([]);
    });
  }

  it('plan.yml comments one sticky comment per environment and skips AWS for forks', () => {
    const text = readFileSync(join(WORKFLOWS, 'plan.yml'), 'utf8');
    expect(text).toContain('command: github plan-comment');
    expect(text).toContain('--detailed-exitcode');
    const steps = (load('plan.yml').jobs as Mapping).plan as Mapping;
    const awsStep = (steps.steps as Mapping[]).find((step) => String(step.uses).startsWith('aws-actions/configure-aws-credentials@'));
    expect(awsStep?.if).toBe("env.FROM_FORK != 'true'");
  });

  it('drift.yml runs hourly at an odd minute and may write issues only', () => {
    const drift = load('drift.yml');
    const schedule = (drift.on as Mapping).schedule as Mapping[];
    expect(schedule[0]?.cron).toMatch(/^([1-9]|[1-5][0-9]) \* \* \* \*$/);
    const job = (drift.jobs as Mapping).drift as Mapping;
    expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write', issues: 'write' });
  });

  it('apply.yml runs each environment behind its GitHub Environment', () => {
    const job = (load('apply.yml').jobs as Mapping).apply as Mapping;
    expect(job.environment).toBe('${{ matrix.environment }}');
    expect(job.concurrency).toEqual({ group: 'gatewarden-apply-${{ matrix.environment }}', 'cancel-in-progress': false });
  });
});

describe('action.yml', () => {
  const text = readFileSync(join(ROOT, 'action.yml'), 'utf8');

  it('passes the security checks', () => {
    expect(checkAction(text)).toEqual([]);
  });

  it('declares the documented inputs', () => {
    const inputs = (parseDocument(text).toJS() as Mapping).inputs as Mapping;
    expect(Object.keys(inputs)).toEqual(expect.arrayContaining(['command', 'paths', 'args', 'working-directory']));
  });
});

// ---------------------------------------------------------------------------------------------
// The checks bite

const goodJob = `
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2
        with:
          persist-credentials: false
      - run: echo "$TITLE"
        env:
          TITLE: \${{ github.event.pull_request.title }}
`;

describe('the checks reject bad workflows', () => {
  it('accepts a good one', () => {
    expect(checkWorkflow('good.yml', `on: pull_request\npermissions: {}\njobs:\n  build:${goodJob}`)).toEqual([]);
  });

  it('rejects actions pinned to a tag, a branch or a short SHA, or without a version comment', () => {
    const bad = goodJob.replace('@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2', '@v4');
    expect(checkWorkflow('bad.yml', `on: push\npermissions: {}\njobs:\n  build:${bad}`)).toEqual([
      'job build step 1: actions/checkout@v4 is not pinned to a full 40-hex commit SHA',
    ]);
    const short = goodJob.replace('@de0fac2e4500dabe0009e67214ff5f5447ce83dd', '@de0fac2');
    expect(checkWorkflow('bad.yml', `on: push\npermissions: {}\njobs:\n  build:${short}`)).toHaveLength(1);
    const unlabelled = goodJob.replace(' # v6.0.2', '');
    expect(checkWorkflow('bad.yml', `on: push\npermissions: {}\njobs:\n  build:${unlabelled}`)[0]).toMatch(/no "# vX.Y.Z" comment/);
  });

  it('rejects actions that still run on Node 20, and actions it does not know', () => {
    const node20 = goodJob.replace('@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2', '@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2');
    expect(checkWorkflow('bad.yml', `on: push\npermissions: {}\njobs:\n  build:${node20}`)).toEqual([
      'job build step 1: actions/checkout v4 runs on Node 20; v5 or later runs on Node 24',
    ]);
    const unknown = goodJob.replace('actions/checkout@', 'someone/checkout@');
    expect(checkWorkflow('bad.yml', `on: push\npermissions: {}\njobs:\n  build:${unknown}`)[0]).toMatch(/someone\/checkout is not known to run on Node 24/);
  });

  it('rejects untrusted expressions inside run scripts', () => {
    const scripts = [
      'echo "${{ github.event.pull_request.title }}"',
      'git checkout ${{ github.head_ref }}',
      'gatewarden plan ${{ inputs.paths }}',
    ];
    for (const script of scripts) {
      const bad = goodJob.replace('echo "$TITLE"', script);
      const problems = checkWorkflow('bad.yml', `on: push\npermissions: {}\njobs:\n  build:${bad}`);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/run script expands an untrusted expression/);
    }
    // The event name is not attacker-controlled.
    const fine = goodJob.replace('echo "$TITLE"', 'echo "${{ github.event_name }}"');
    expect(checkWorkflow('ok.yml', `on: push\npermissions: {}\njobs:\n  build:${fine}`)).toEqual([]);
  });

  it('rejects pull_request_target, missing or broad permissions, and persisted checkout credentials', () => {
    expect(checkWorkflow('bad.yml', `on: [pull_request_target]\npermissions: {}\njobs:\n  build:${goodJob}`)).toEqual([
      'uses pull_request_target (write token and secrets in reach of PR code); use pull_request',
    ]);
    const noJobPermissions = goodJob.replace('    permissions:\n      contents: read\n', '');
    expect(checkWorkflow('bad.yml', `on: push\njobs:\n  build:${noJobPermissions}`)).toEqual([
      'sets no workflow-level permissions',
      'job build sets no permissions',
    ]);
    expect(checkWorkflow('bad.yml', `on: push\npermissions: write-all\njobs:\n  build:${goodJob}`)).toEqual([
      'workflow-level permissions grant more than read; grant writes per job',
    ]);
    const persisting = goodJob.replace('        with:\n          persist-credentials: false\n', '');
    expect(checkWorkflow('bad.yml', `on: push\npermissions: {}\njobs:\n  build:${persisting}`)).toEqual([
      'job build step 1: actions/checkout without persist-credentials: false',
    ]);
  });

  it('rejects deploy jobs that could cancel an apply in progress', () => {
    const deploying = `${goodJob}    environment: production\n`;
    expect(checkWorkflow('deploy.yml', `on: push\npermissions: {}\njobs:\n  apply:${deploying}`)).toEqual([
      'job apply deploys without a concurrency group',
    ]);
    const cancelling = `${deploying}    concurrency:\n      group: apply-production\n      cancel-in-progress: true\n`;
    expect(checkWorkflow('deploy.yml', `on: push\npermissions: {}\njobs:\n  apply:${cancelling}`)).toEqual([
      'job apply deploys with a concurrency group that may cancel an apply in progress',
    ]);
  });

  it('rejects YAML that does not parse', () => {
    expect(checkWorkflow('bad.yml', 'on: push\njobs: [\n')[0]).toMatch(/^does not parse/);
  });

  it('rejects an action whose script expands its inputs', () => {
    const action = [
      'name: bad',
      'runs:',
      '  using: composite',
      '  steps:',
      '    - shell: bash',
      '      run: node bin/run.js ${{ inputs.command }}',
    ].join('\n');
    expect(checkAction(action)).toEqual([
      'step 1: run script expands an untrusted expression (${{ inputs.command }}); pass it through env:',
    ]);
  });
});
