/** Manifests: files → YAML with positions → schema → rules → `DesiredApi`s, with every problem located. */
export { checkManifests, loadManifests, type LoadedManifests, type LoadOptions } from './load.js';
export { compareIssues, formatIssue, formatLocation, manifestIssueCodes, type ManifestIssue, type ManifestIssueCode } from './issues.js';
export type { ManifestSource } from './parse.js';
export { describeQuota } from './rules.js';
export {
  checkEnvironmentSource,
  environmentDirectories,
  isEnvironmentFile,
  listEnvironmentFiles,
  loadEnvironment,
  readEnvironment,
  ENVIRONMENTS_DIRECTORY,
  type CheckedEnvironment,
} from './environment.js';
