/** Drift detection: plan, read the other way round, with ignore rules. Reads only. */
import { readFile } from 'node:fs/promises';
import { detectDrift, type DriftReport } from '../core/drift.js';
import { ignoreNothing, parseIgnoreFile, type IgnoreRules } from '../core/ignore.js';
import { UserError } from '../errors.js';
import type { OutputPort } from './output.js';
import { reportInvalid, reviewFromManifests, type PlanServiceOptions } from './plan.js';

export const DEFAULT_IGNORE_FILE = '.gatewardenignore';

export async function detectDriftFromManifests(
  paths: readonly string[],
  ignoreFile: string | undefined,
  options: PlanServiceOptions,
): Promise<DriftReport> {
  const ignore = await loadIgnoreRules(ignoreFile, options.output);
  // Drift writes nothing: a plan that apply would refuse (an API past its authorizer quota) still shows the drift.
  const { plan } = await reviewFromManifests(paths, options);
  return detectDrift(plan, ignore);
}

/**
 * An explicitly named ignore file must exist; the default one is optional. Its problems are reported
 * like a manifest's, one located line each.
 */
export async function loadIgnoreRules(path: string | undefined, output: OutputPort): Promise<IgnoreRules> {
  const file = path ?? DEFAULT_IGNORE_FILE;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (!path && (error as NodeJS.ErrnoException).code === 'ENOENT') return ignoreNothing;
    throw new UserError('IGNORE_FILE_UNREADABLE', `Cannot read the ignore file ${file}: ${(error as Error).message}`, { cause: error });
  }
  const { rules, problems } = parseIgnoreFile(text);
  if (problems.length > 0) {
    const issues = problems.map((problem) => ({ file, line: problem.line, col: 1, code: 'ignore.syntax' as const, message: problem.message }));
    reportInvalid(output, issues, `the ignore file ${file}`);
  }
  return rules;
}
