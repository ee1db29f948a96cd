/**
 * Every error code gatewarden reports, with what it means. The table in docs/exit-and-error-codes.md is
 * generated from this list (a test keeps them equal), and error constructors accept only these codes.
 */
export const ERROR_CODES = {
  // Usage (exit 64)
  USAGE_INVALID: 'The command line was refused (unknown flag, bad flag value, missing or unexpected argument); with --json it is reported as this error object.',
  NO_PATHS: 'A command that reads manifests was given no file or directory.',
  ENDPOINT_URL_INVALID: '--endpoint-url is not an http:// or https:// URL (e.g. 127.0.0.1:4567 without its scheme).',
  APPROVAL_REQUIRED: 'apply needs confirmation and there is no terminal: pass --auto-approve.',
  REPLACE_NOT_ALLOWED: 'The plan replaces authorizers (create the new one, move routes and methods to it, delete the old one) and --allow-replace was not given.',
  DELETE_NOT_ALLOWED: 'The plan deletes undeclared authorizers of spec.prune documents and --allow-delete was not given; nothing was written.',
  DIGEST_NEEDS_PLAN_FILE: '--expect-digest was given with manifests instead of a saved plan file.',
  ENVIRONMENT_INVALID: 'An environment name with characters other than letters, digits, ".", "_" and "-".',
  GITHUB_TOKEN_MISSING: 'A github command ran without GITHUB_TOKEN.',
  GITHUB_REPOSITORY_MISSING: 'A github command ran without GITHUB_REPOSITORY.',
  PLAN_WITH_PATHS: 'apply was given a saved plan together with other paths; a saved plan is applied on its own.',
  APPLY_INPUT_INVALID: 'apply was given a JSON file that is neither a manifest nor a saved plan (e.g. a drift report); the message says what it is.',
  TARGET_UNMATCHED: 'A --target pattern matches none of the declared APIs (by name, id or label); the declared APIs are listed.',
  TARGET_WITH_SAVED_PLAN: '--target was given with a saved plan, which applies exactly what it holds; target when planning instead.',
  PULL_REQUEST_UNKNOWN: 'github plan-comment ran without --pull-request outside a pull_request event.',
  // Manifests (exit 3)
  MANIFEST_INVALID: 'One or more manifests (or the ignore file, or an environment file) are invalid; each problem is reported with its location.',
  // Live state and plans (exit 1)
  NO_REGION: 'No --region, AWS_REGION or profile region is set, for export or for a manifest without spec.region (the message names each such manifest).',
  API_NOT_FOUND: 'No API of the declared type has the declared id or name in the region; the APIs that are there are listed.',
  API_AMBIGUOUS: 'Several APIs have the declared name; their ids are listed. Select the API by id.',
  API_TYPE_MISMATCH: "The API's protocol differs from the manifest's api.type.",
  API_DECLARED_TWICE: 'Two documents resolve to the same API (for example one by name, one by id).',
  AUTHORIZER_QUOTA_EXCEEDED:
    "An API would end with more authorizers (declared plus unmanaged) than AWS's quota of 10, or spec.quotas.authorizersPerApi: apply refuses before any write, and plan shows the plan, then this as the reason it cannot be applied (drift reports the drift as usual).",
  STAGE_INVALID: 'An afterChange stage does not exist, cannot reset its cache, or deploys automatically.',
  REPLACE_STAGE_NOT_REDEPLOYED: 'A replaced authorizer is in use and a stage that does not deploy by itself is not in afterChange.redeploy: it would keep serving the deleted authorizer. The plan shows it; apply refuses before any write.',
  LIVE_READ_FAILED: 'Several manifests could not be matched to live APIs; each problem is listed.',
  EXPORT_UNSUPPORTED: 'export or adopt found authorizers a manifest cannot declare (each is listed with why); pass --skip-unsupported to leave them out.',
  OUTPUT_UNWRITABLE: 'A file gatewarden was asked to write (plan --out, export --out, the manifests adopt edits) cannot be written; the message names the path and why.',
  EXPORT_FILE_EXISTS: 'export --out would overwrite existing files; pass --force to overwrite.',
  APPLY_CANCELLED: 'The apply prompt was answered with something other than "yes".',
  AUTHORIZER_IN_USE: 'AWS refused to delete an authorizer that methods or routes still reference.',
  AUTHORIZER_EXISTS_DIFFERENT: 'A create was refused because the name is taken, and the existing authorizer differs from the plan.',
  REPLACEMENT_DIFFERS: "An authorizer under a replacement's temporary name (NAME-gatewarden-next) differs from the plan in a way no update can change (another kind), so it is not taken over.",
  PLAN_UNREADABLE: 'The saved plan file cannot be read or is not JSON.',
  IGNORE_FILE_UNREADABLE: 'The ignore file named by --ignore-file cannot be read.',
  DRIFT_REPORT_UNREADABLE: 'The drift report given to github drift-issue cannot be read.',
  DRIFT_REPORT_INVALID: 'The drift report given to github drift-issue is not a drift report.',
  NO_PULL_REQUEST: 'The commit did not reach its branch through a pull request, so no plan was reviewed.',
  NO_REVIEWED_PLAN: 'The pull request shows no gatewarden plan for the environment.',
  GITHUB_API: "GitHub's API refused a request or could not be reached.",
  SEED_UNREADABLE: 'An emulator seed file cannot be read.',
  SEED_INVALID: 'An emulator seed file is invalid; each problem is listed.',
  EMULATOR_LISTEN_FAILED: 'The emulator cannot listen on the address and port.',
  // Saved plans (exit 4)
  PLAN_STALE: 'AWS changed since the saved plan was made, or the plan is not the reviewed one; nothing was written.',
  PLAN_UNSUPPORTED: 'The saved plan is of another format version than this gatewarden reads; the message names both.',
  PLAN_INVALID: 'The file is not a saved plan: each member that does not match schemas/saved-plan.schema.json is reported with its location.',
  PLAN_WRONG_ACCOUNT: 'The saved plan was made for an environment in another account than the credentials (or --env) are; nothing was written.',
  PLAN_TAMPERED: 'The saved plan does not match its digest: it was edited or damaged after planning.',
  // Environments (exit 6)
  WRONG_ACCOUNT: "The credentials belong to another account than the environment's spec.account; no API Gateway call was made. The message names both accounts and the credential source.",
  // AWS (exit 5 for access, 1 otherwise)
  AWS_ACCESS_DENIED: 'AWS refused the credentials or a permission; the message names the IAM action and resource.',
  ANSWER_UNREADABLE:
    "An AWS call was answered with something that is not AWS's (an HTML page from a proxy, a load balancer, or an endpoint that is not API Gateway); the message names the call, the HTTP status, the content type and the body's first line. A 5xx is retried first, a 4xx is not.",
  STAGE_EXPORT_UNREADABLE: "A stage's export (GetExport, ExportApi) has a shape gatewarden does not recognise; nothing was planned from it.",
  'AWS_<Name>': 'Any other AWS error, named after the AWS error code, e.g. AWS_ConflictException.',
  // Our own bug (exit 1)
  BUG: 'An internal invariant broke: please report it.',
} as const;

export type ErrorCode = Exclude<keyof typeof ERROR_CODES, 'AWS_<Name>'> | `AWS_${string}`;

/** A Markdown table of codes and their meanings, as docs/exit-and-error-codes.md shows them. */
export function codeTable(codes: Readonly<Record<string, string>>): string {
  const rows = Object.entries(codes).map(([code, meaning]) => `| \`${code}\` | ${meaning.replace(/\|/g, '\\|')} |`);
  return ['| Code | Meaning |', '|---|---|', ...rows].join('\n');
}
