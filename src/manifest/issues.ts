import { formatLocation } from '../core/location.js';
import { ExitCode, GatewardenError } from '../errors.js';

/** A located problem in a manifest. Every problem in every file is collected before anything is reported. */
export interface ManifestIssue {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /**
   * Stable identifier of the rule that failed, e.g. `schema.required`, `rules.duplicate-api`. Typed by
   * the table below, so a code cannot be reported without being documented.
   */
  readonly code: ManifestIssueCode;
  /** What was expected, what was found, and the valid values where there is a short list. */
  readonly message: string;
}

/**
 * Every code a `ManifestIssue` can carry, with its meaning. This is the documented table: tools
 * (CI annotations, `--json` consumers) should branch on the code, never on the message text.
 */
export const manifestIssueCodes = {
  'load.not-found': 'A path given to load does not exist (reported at line 1, column 1 of that path).',
  'load.unreadable': 'A file or directory exists but could not be read (permissions, a symlink loop).',
  'load.not-a-file': 'A path names a FIFO, socket, device or other special file; only regular files are read.',
  'load.too-large': 'A manifest file is larger than 1 MiB; it is refused before it is parsed.',
  'load.invalid-utf8': 'A manifest file is not valid UTF-8; the location is that of the first invalid byte.',
  'load.no-manifests': 'A directory (searched recursively) holds no *.yaml or *.yml file.',
  'load.empty-file': 'A manifest file holds no YAML document.',
  'yaml.syntax': 'The text is not valid YAML, or uses a YAML feature the manifest does not allow (e.g. unknown tags).',
  'yaml.duplicate-key': 'A mapping lists the same key twice.',
  'yaml.too-deep': 'Values are nested more than 64 levels deep (no manifest needs more than about 8).',
  'yaml.alias-limit': 'Aliases would expand the document beyond the allowed count (a "billion laughs" alias bomb).',
  'schema.required': 'A required field is missing.',
  'schema.unknown-field': 'A field the manifest format does not define.',
  'schema.forbidden-field': 'A known field that is not allowed for this API type or authorizer type.',
  'schema.type': 'A value of the wrong type (e.g. a string where a list is expected).',
  'schema.value': 'A value outside its fixed set of allowed values.',
  'schema.format': 'A string that does not have the required form (ARN, URL, identity source expression, ...).',
  'schema.length': 'A string that is too short or too long.',
  'schema.range': 'A number outside its allowed range.',
  'schema.count': 'A list with too few or too many entries.',
  'schema.duplicate-entry': 'A list that is a set (identity sources, audiences, ARNs, stages) names an entry twice.',
  'schema.combination': 'Fields that must appear in a particular combination do not (e.g. both api.id and api.name).',
  'schema.invalid': 'Any other schema violation.',
  'rules.duplicate-name': 'Two authorizers of one API have the same name.',
  'rules.duplicate-header': 'Two identity sources name the same header, differing only in letter case.',
  'rules.duplicate-api': 'Two documents manage the same API.',
  'rules.prune-glob': 'A spec.prune.keep glob uses a character keep globs do not support ([ ] { } \\ !); globs know only * and ?.',
  'rules.authorizer-quota': "A document declares more authorizers than AWS's quota per API (10, or spec.quotas.authorizersPerApi).",
  'vars.undefined': 'A manifest uses ${vars.NAME} and the environment does not define NAME (or no environment was given); the defined variables are listed.',
  'vars.malformed': 'A manifest writes ${vars. without a valid NAME and closing brace; ${{ writes a literal ${.',
  'environment.not-found': 'The environment named by --env does not exist; the paths looked at are listed.',
  'environment.invalid': 'An environment file does not hold exactly one Environment document.',
  'ignore.syntax': 'A line of the ignore file is not API, API/AUTHORIZER or API/AUTHORIZER/FIELD.',
} as const;

export type ManifestIssueCode = keyof typeof manifestIssueCodes;

export function compareIssues(a: ManifestIssue, b: ManifestIssue): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.message.localeCompare(b.message);
}

/** `manifests/orders.yaml:12:7`, the form editors and terminals turn into links. */
export { formatLocation };

export function formatIssue(issue: ManifestIssue): string {
  return `${formatLocation(issue)}: ${issue.message}`;
}

/** One or more manifests are invalid; the issues themselves are reported before this is thrown. */
export class InvalidManifestError extends GatewardenError {
  readonly code = 'MANIFEST_INVALID';
  readonly exitCode = ExitCode.invalidManifest;
  constructor(
    message: string,
    readonly issues: readonly ManifestIssue[],
  ) {
    super(message);
  }
}
