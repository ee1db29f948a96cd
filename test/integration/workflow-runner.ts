/**
 * Runs a GitHub Actions workflow job the way the runner does, closely enough to test ours: `run:`
 * steps in order under `bash -eo pipefail`, this repository's action.yml and dist-action/ (copied
 * apart from node_modules) for `uses: ./` and `uses: OWNER/gatewarden@…`, the runner's environment (GITHUB_EVENT_PATH, GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY, …), `${{ }}` expressions for the forms our workflows use, `if:` with the
 * status functions and `fromJSON`. Third-party actions are stood in for: checkout copies the
 * repository's files, setup-node does nothing (this Node is on PATH), configure-aws-credentials sets
 * dummy credentials, upload-artifact and download-artifact copy files through a folder shared by the
 * jobs of one `runWorkflow` (and are skipped without one), anything else is skipped. `runWorkflow`
 * runs every job of a workflow in order, with `needs`, job `if:`, job outputs and a matrix read from
 * another job's output.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import picomatch from 'picomatch';
import { parseDocument } from 'yaml';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Scope = Record<string, unknown>;
type Step = { id?: string; name?: string; if?: string; uses?: string; run?: string; env?: Record<string, Json>; with?: Record<string, Json>; 'working-directory'?: string };

export const ACTION_ROOT = join(import.meta.dirname, '..', '..');

let actionCopy: string | undefined;

/**
 * What `uses: OWNER/gatewarden@REF` checks out: the action's files without node_modules, in a folder
 * with no node_modules above it, so that a bundle still needing an installed package fails here as
 * it would in a consumer's job.
 */
function actionPath(): string {
  if (actionCopy === undefined) {
    actionCopy = mkdtempSync(join(tmpdir(), 'gatewarden-action-'));
    for (const entry of ['action.yml', 'dist-action']) cpSync(join(ACTION_ROOT, entry), join(actionCopy, entry), { recursive: true });
  }
  return actionCopy;
}

export interface JobRun {
  readonly workflow: string;
  readonly matrix: Record<string, Json>;
  /** The files actions/checkout "checks out". */
  readonly repository: string;
  readonly workspace: string;
  readonly event: { readonly name: string; readonly payload: Json };
  readonly vars: Record<string, string>;
  readonly sha: string;
  /** What `github.token` evaluates to. */
  readonly token: string;
  readonly env: Record<string, string>;
  /** The `needs` context: the jobs this one waits for, with their outputs. */
  readonly needs?: Record<string, { readonly result: string; readonly outputs: Record<string, string> }>;
  /** Where upload-artifact puts files and download-artifact finds them (one folder per artifact). */
  readonly artifacts?: string;
}

export interface StepResult {
  readonly name: string;
  readonly outcome: 'success' | 'failure' | 'skipped';
  readonly output: string;
}

export interface JobResult {
  readonly failed: boolean;
  readonly steps: readonly StepResult[];
  /** The job's `outputs:`, evaluated after its steps. */
  readonly outputs: Record<string, string>;
}

export function loadYaml(file: string): Record<string, Json> {
  return parseDocument(readFileSync(file, 'utf8')).toJS() as Record<string, Json>;
}

/** The matrix combinations of a job, in order (only the `include:` and single-list forms). */
export function matrixOf(job: Record<string, Json>): Record<string, Json>[] {
  const matrix = ((job.strategy as Record<string, Json> | undefined)?.matrix ?? {}) as Record<string, Json>;
  if (Array.isArray(matrix.include)) return matrix.include as Record<string, Json>[];
  const [key, values] = Object.entries(matrix)[0] ?? [];
  return key && Array.isArray(values) ? values.map((value) => ({ [key]: value })) : [{}];
}

export async function runJob(jobId: string, run: JobRun): Promise<JobResult> {
  const workflow = loadYaml(run.workflow);
  const job = (workflow.jobs as Record<string, Record<string, Json>>)[jobId] ?? {};
  const temp = mkdtempSync(join(tmpdir(), 'gatewarden-runner-'));
  const eventPath = join(temp, 'event.json');
  writeFileSync(eventPath, JSON.stringify(run.event.payload));
  const summary = join(temp, 'step-summary.md');
  writeFileSync(summary, '');
  const github = githubContext(run);
  const base: Record<string, string> = {
    PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: temp,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: run.event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_SHA: run.sha,
    GITHUB_WORKSPACE: run.workspace,
    GITHUB_RUN_ID: '4242',
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_TEMP: temp,
    ...run.env,
  };
  const steps: Record<string, { outputs: Record<string, string>; outcome: string }> = {};
  const scope = (env: Record<string, string>): Scope => ({ github, matrix: run.matrix, vars: run.vars, inputs: {}, steps, env, needs: run.needs ?? {} });
  const jobEnv = evaluateMap((job.env ?? {}) as Record<string, Json>, scope({}));
  const added: Record<string, string> = {};
  const results: StepResult[] = [];
  let failed = false;
  for (const [index, step] of ((job.steps ?? []) as Step[]).entries()) {
    const name = step.name ?? step.uses ?? `step ${index + 1}`;
    const env = { ...jobEnv, ...added };
    const condition = step.if ?? 'success()';
    if (!truthy(evaluate(stripBraces(condition), { ...scope(env), $failed: failed }))) {
      results.push({ name, outcome: 'skipped', output: '' });
      if (step.id) steps[step.id] = { outputs: {}, outcome: 'skipped' };
      continue;
    }
    const stepEnv = { ...base, ...env, ...evaluateMap(step.env ?? {}, scope(env)) };
    let outcome: { ok: boolean; outputs: Record<string, string>; output: string };
    if (step.run !== undefined) {
      outcome = await runScript(interpolate(step.run, scope(env)), run.workspace, stepEnv, temp);
    } else if (step.uses === './' || /^[^/]+\/gatewarden@/.test(step.uses ?? '')) {
      outcome = await runAction(evaluateMap(step.with ?? {}, scope(env)), run.workspace, stepEnv, temp, github);
    } else if (step.uses?.startsWith('actions/checkout@')) {
      cpSync(run.repository, run.workspace, { recursive: true });
      outcome = { ok: true, outputs: {}, output: '' };
    } else if (step.uses?.startsWith('aws-actions/configure-aws-credentials@')) {
      const inputs = evaluateMap(step.with ?? {}, scope(env));
      const ok = Boolean(inputs['role-to-assume']);
      Object.assign(added, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_SESSION_TOKEN: 'test', AWS_REGION: inputs['aws-region'] ?? '' });
      outcome = { ok, outputs: {}, output: ok ? '' : 'role-to-assume is empty' };
    } else if (run.artifacts !== undefined && step.uses?.startsWith('actions/upload-artifact@')) {
      outcome = uploadArtifact(evaluateMap(step.with ?? {}, scope(env)), run.workspace, run.artifacts);
    } else if (run.artifacts !== undefined && step.uses?.startsWith('actions/download-artifact@')) {
      outcome = downloadArtifacts(evaluateMap(step.with ?? {}, scope(env)), run.workspace, run.artifacts);
    } else {
      outcome = { ok: true, outputs: {}, output: `(${step.uses} stood in for: skipped)` };
    }
    if (!outcome.ok) failed = true;
    results.push({ name, outcome: outcome.ok ? 'success' : 'failure', output: outcome.output });
    if (step.id) steps[step.id] = { outputs: outcome.outputs, outcome: outcome.ok ? 'success' : 'failure' };
  }
  const outputs = evaluateMap((job.outputs ?? {}) as Record<string, Json>, scope({ ...jobEnv, ...added }));
  return { failed, steps: results, outputs };
}

export interface WorkflowJobResult {
  readonly result: 'success' | 'failure' | 'skipped';
  /** One run per matrix combination, in order. */
  readonly runs: readonly { readonly matrix: Record<string, Json>; readonly result: JobResult }[];
}

/**
 * Every job of a workflow, in file order (a job's `needs` come before it in ours), each matrix
 * combination in a fresh workspace. A job whose needs did not all succeed, or whose `if:` is false,
 * is skipped; a matrix may be an expression over `needs` (`fromJSON(needs.x.outputs.matrix)`).
 */
export async function runWorkflow(
  file: string,
  run: Omit<JobRun, 'workflow' | 'matrix' | 'workspace' | 'needs' | 'artifacts'>,
): Promise<Record<string, WorkflowJobResult>> {
  const jobs = (loadYaml(file).jobs ?? {}) as Record<string, Record<string, Json>>;
  const artifacts = mkdtempSync(join(tmpdir(), 'gatewarden-artifacts-'));
  const results: Record<string, WorkflowJobResult> = {};
  for (const [jobId, job] of Object.entries(jobs)) {
    const needed = typeof job.needs === 'string' ? [job.needs] : Array.isArray(job.needs) ? job.needs.map(String) : [];
    const needs = Object.fromEntries(
      needed.map((id) => {
        const done = results[id];
        if (done === undefined) throw new Error(`job ${jobId} needs ${id}, which does not come before it`);
        const outputs = Object.assign({}, ...done.runs.map((entry) => entry.result.outputs)) as Record<string, string>;
        return [id, { result: done.result, outputs }];
      }),
    );
    const scope: Scope = { github: githubContext({ ...run, workspace: '' }), vars: run.vars, needs };
    const ready = Object.values(needs).every((need) => need.result === 'success');
    if (!ready || (job.if !== undefined && !truthy(evaluate(stripBraces(String(job.if)), scope)))) {
      results[jobId] = { result: 'skipped', runs: [] };
      continue;
    }
    const matrix = (job.strategy as Record<string, Json> | undefined)?.matrix;
    const expanded = typeof matrix === 'string' ? { ...job, strategy: { matrix: evaluate(/^\s*\$\{\{(.*)\}\}\s*$/s.exec(matrix)?.[1] ?? matrix, scope) as Json } } : job;
    const runs = [];
    for (const combination of matrixOf(expanded)) {
      const result = await runJob(jobId, {
        ...run,
        workflow: file,
        matrix: combination,
        workspace: mkdtempSync(join(tmpdir(), 'gatewarden-workspace-')),
        needs,
        artifacts,
      });
      runs.push({ matrix: combination, result });
    }
    results[jobId] = { result: runs.some((entry) => entry.result.failed) ? 'failure' : 'success', runs };
  }
  return results;
}

function githubContext(run: Pick<JobRun, 'event' | 'env' | 'sha' | 'token' | 'workspace'>): Scope {
  return {
    event_name: run.event.name,
    event: run.event.payload,
    repository: run.env.GITHUB_REPOSITORY,
    sha: run.sha,
    token: run.token,
    run_id: '4242',
    workspace: run.workspace,
  };
}

type Outcome = { ok: boolean; outputs: Record<string, string>; output: string };

/** upload-artifact: the file `path` of the workspace into the artifact `name`. */
function uploadArtifact(inputs: Record<string, string>, workspace: string, artifacts: string): Outcome {
  const source = join(workspace, inputs.path ?? '');
  if (!existsSync(source)) {
    const ok = inputs['if-no-files-found'] !== 'error';
    return { ok, outputs: {}, output: `upload-artifact: no file ${inputs.path ?? ''}` };
  }
  const target = join(artifacts, inputs.name ?? 'artifact');
  mkdirSync(target, { recursive: true });
  cpSync(source, join(target, basename(source)), { recursive: true });
  return { ok: true, outputs: {}, output: '' };
}

/** download-artifact: the artifact `name`, or every one matching `pattern` (`merge-multiple`: into one folder). */
function downloadArtifacts(inputs: Record<string, string>, workspace: string, artifacts: string): Outcome {
  const matches = picomatch(inputs.pattern ?? inputs.name ?? '*');
  const names = readdirSync(artifacts).filter((name) => matches(name));
  for (const name of names) {
    const target = inputs['merge-multiple'] === 'true' || inputs.name !== undefined ? workspace : join(workspace, name);
    cpSync(join(artifacts, name), target, { recursive: true });
  }
  return { ok: names.length > 0, outputs: {}, output: names.length > 0 ? '' : 'download-artifact: no artifact matches' };
}

/** action.yml's composite steps, with its inputs' defaults and its declared outputs. */
async function runAction(
  given: Record<string, string>,
  workspace: string,
  env: Record<string, string>,
  temp: string,
  github: Scope,
): Promise<{ ok: boolean; outputs: Record<string, string>; output: string }> {
  const root = actionPath();
  const action = loadYaml(join(root, 'action.yml'));
  const declared = (action.inputs ?? {}) as Record<string, { default?: string }>;
  const inputs = Object.fromEntries(Object.entries(declared).map(([key, input]) => [key, given[key] ?? input.default ?? '']));
  const steps: Record<string, { outputs: Record<string, string> }> = {};
  const scope: Scope = { inputs, steps, github: { ...github, action_path: root }, env };
  let output = '';
  for (const step of ((action.runs as { steps: Step[] }).steps)) {
    const cwd = join(workspace, interpolate(step['working-directory'] ?? '.', scope));
    const stepEnv = { ...env, GITHUB_ACTION_PATH: root, ...evaluateMap(step.env ?? {}, scope) };
    const result = await runScript(interpolate(step.run ?? '', scope), cwd, stepEnv, temp);
    output += result.output;
    if (step.id) steps[step.id] = { outputs: result.outputs };
    if (!result.ok) return { ok: false, outputs: {}, output };
  }
  const outputs = Object.fromEntries(
    Object.entries((action.outputs ?? {}) as Record<string, { value: string }>).map(([key, value]) => [key, interpolate(value.value, scope)]),
  );
  return { ok: true, outputs, output };
}

async function runScript(
  script: string,
  cwd: string,
  env: Record<string, string>,
  temp: string,
): Promise<{ ok: boolean; outputs: Record<string, string>; output: string }> {
  const file = join(mkdtempSync(join(temp, 'step-')), 'script.sh');
  const outputFile = `${file}.output`;
  writeFileSync(file, script);
  writeFileSync(outputFile, '');
  // Asynchronous: the emulator and the fake GitHub the script talks to live in this process.
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], { cwd, env: { ...env, GITHUB_OUTPUT: outputFile } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { ok: code === 0, outputs, output };
}

// ---------------------------------------------------------------------------------------------
// Expressions: literals, contexts (a.b, a[b], names with dashes), ! == != && ||, parentheses and
// the status functions; `&&`/`||` yield an operand, as GitHub's do.

function evaluateMap(map: Record<string, Json>, scope: Scope): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, interpolate(String(value), scope)]));
}

function interpolate(text: string, scope: Scope): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_, expression: string) => show(evaluate(expression, scope)));
}

function stripBraces(condition: string): string {
  const match = /^\s*\$\{\{(.*)\}\}\s*$/s.exec(condition);
  const expression = match ? (match[1] ?? '') : condition;
  // A condition without a status function runs only while the job succeeds.
  return /\b(always|success|failure)\(\)/.test(expression) ? expression : `success() && (${expression})`;
}

function show(value: unknown): string {
  return value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function truthy(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false && value !== '' && value !== 0;
}

export function evaluate(expression: string, scope: Scope): unknown {
  const tokens = expression.match(/'(?:[^']|'')*'|==|!=|&&|\|\||[!()[\].]|[A-Za-z_][A-Za-z0-9_-]*|\d+/g) ?? [];
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++] ?? '';
  const or = (): unknown => {
    let left = and();
    while (peek() === '||') {
      next();
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const and = (): unknown => {
    let left = equality();
    while (peek() === '&&') {
      next();
      const right = equality();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const equality = (): unknown => {
    const left = unary();
    if (peek() === '==' || peek() === '!=') {
      const operator = next();
      const same = show(left) === show(unary());
      return operator === '==' ? same : !same;
    }
    return left;
  };
  const unary = (): unknown => {
    if (peek() === '!') {
      next();
      return !truthy(unary());
    }
    return primary();
  };
  const primary = (): unknown => {
    const token = next();
    if (token === '(') {
      const value = or();
      next();
      return value;
    }
    if (token.startsWith("'")) return token.slice(1, -1).replaceAll("''", "'");
    if (/^\d+$/.test(token)) return Number(token);
    if (token === 'true' || token === 'false') return token === 'true';
    if (peek() === '(') {
      next();
      const argument = peek() === ')' ? undefined : or();
      next();
      if (token === 'fromJSON') return JSON.parse(show(argument)) as unknown;
      if (token === 'always') return true;
      return token === 'failure' ? scope.$failed === true : scope.$failed !== true;
    }
    let value: unknown = scope[token];
    for (;;) {
      if (peek() === '.') {
        next();
        value = (value as Scope | undefined)?.[next()];
      } else if (peek() === '[') {
        next();
        const key = show(or());
        next();
        value = (value as Scope | undefined)?.[key];
      } else return value;
    }
  };
  return or();
}
