/** Environments for the commands: `--env NAME|FILE`, every environment found, and validation across them. */
import path from 'node:path';
import type { Environment } from '../core/environment.js';
import type { DesiredApi } from '../core/model.js';
import { InvalidManifestError } from '../manifest/issues.js';
import {
  compareIssues,
  environmentDirectories,
  isEnvironmentFile,
  listEnvironmentFiles,
  loadEnvironment,
  readEnvironment,
  type CheckedEnvironment,
  type ManifestIssue,
} from '../manifest/index.js';
import type { OutputPort } from './output.js';
import { loadValidManifests, reportInvalid } from './plan.js';

/** The environment `--env` names, checked; an unknown or invalid one is reported like a manifest (exit 3). */
export async function requireEnvironment(reference: string, manifestPaths: readonly string[], output: OutputPort): Promise<Environment> {
  return onlyValid([await loadEnvironment(reference, manifestPaths)], output)[0] as Environment;
}

/**
 * An `--env` value that finds `environment` from `manifestPaths`, for the commands gatewarden suggests:
 * the value given when it is a file or a name found from there, else the environment's file.
 */
export async function environmentReference(given: string, environment: Environment, manifestPaths: readonly string[]): Promise<string> {
  if (isEnvironmentFile(given)) return given;
  const found = (await environmentDirectories(manifestPaths)).includes(path.dirname(path.normalize(environment.file)));
  return found ? given : environment.file;
}

/** Every environment file found for these manifest paths (environments/*.yaml), checked, sorted by name. */
export async function findEnvironments(manifestPaths: readonly string[], output: OutputPort): Promise<Environment[]> {
  const files = await listEnvironmentFiles(manifestPaths);
  const environments = onlyValid(await Promise.all(files.map(readEnvironment)), output);
  return environments.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function onlyValid(checked: readonly CheckedEnvironment[], output: OutputPort): Environment[] {
  const issues = checked.flatMap((result) => result.issues).sort(compareIssues);
  if (issues.length > 0) reportInvalid(output, issues, fileCount(issues, 'environment file'));
  return checked.flatMap((result) => (result.environment ? [result.environment] : []));
}

export interface ValidatedManifests {
  /** The documents as resolved for the first environment (or without one). */
  readonly documents: DesiredApi[];
  /** The environments the manifests were checked against, in order. */
  readonly environments: readonly Environment[];
}

/**
 * Checks the manifests once per environment, so that one run proves them valid everywhere. A problem
 * found with some environments only says which; one found with all of them is reported once.
 */
export async function validateForEnvironments(
  paths: readonly string[],
  environments: readonly Environment[],
  output: OutputPort,
): Promise<ValidatedManifests> {
  if (environments.length === 0) return { documents: await loadValidManifests(paths, output), environments };
  const runs = await Promise.all(
    environments.map(async (environment) => {
      // Each run reports into its own recording, so that the issues can be merged before anything is shown.
      const events: ManifestIssue[] = [];
      const warnings: string[] = [];
      const recorder: OutputPort = {
        emit: (event) => {
          if (event.code === 'manifest.invalid') events.push(...event.issues);
          else if (event.code === 'warning') warnings.push(event.message);
          else output.emit(event);
        },
      };
      try {
        return { environment, documents: await loadValidManifests(paths, recorder, environment), issues: events, warnings };
      } catch (error) {
        if (!(error instanceof InvalidManifestError)) throw error;
        return { environment, documents: [], issues: events, warnings };
      }
    }),
  );
  for (const warning of runs.flatMap((run) => run.warnings)) output.emit({ code: 'warning', message: warning });
  const issues = mergeIssues(runs);
  if (issues.length > 0) {
    reportInvalid(output, issues, `${fileCount(issues, 'file')} across ${environments.length} ${environments.length === 1 ? 'environment' : 'environments'}`);
  }
  return { documents: runs[0]?.documents ?? [], environments };
}

function mergeIssues(runs: readonly { environment: Environment; issues: readonly ManifestIssue[] }[]): ManifestIssue[] {
  const byKey = new Map<string, { issue: ManifestIssue; names: string[] }>();
  for (const { environment, issues } of runs) {
    for (const issue of issues) {
      const key = `${issue.file}:${issue.line}:${issue.col}:${issue.code}:${issue.message}`;
      const entry = byKey.get(key) ?? { issue, names: [] };
      entry.names.push(environment.name);
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()]
    .map(({ issue, names }) =>
      // The undefined-variable message names its environment file already.
      names.length === runs.length || issue.code === 'vars.undefined' ? issue : { ...issue, message: `${issue.message} (with ${plural(names)} ${names.join(', ')})` },
    )
    .sort(compareIssues);
}

function fileCount(issues: readonly ManifestIssue[], noun: string): string {
  const files = new Set(issues.map((issue) => issue.file)).size;
  return `${files} ${noun}${files === 1 ? '' : 's'}`;
}

function plural(names: readonly string[]): string {
  return names.length === 1 ? 'environment' : 'environments';
}

/** The rows `gatewarden environments --json` prints, one per environment, as a GitHub matrix's `include`. */
export interface EnvironmentRow {
  readonly name: string;
  readonly account: string;
  readonly region?: string;
  /** Relative to the working directory, with forward slashes, for `--env FILE` in any job. */
  readonly file: string;
}

export function environmentRows(environments: readonly Environment[]): EnvironmentRow[] {
  return environments.map(({ name, account, region, file }) => ({
    name,
    account,
    ...(region !== undefined && { region }),
    file: file.split(path.sep).join('/'),
  }));
}
