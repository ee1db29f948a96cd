/** What the emulator keeps of a Lambda function: only what authorizers need (docs/aws-behaviour.md#lambda). */

/** `$LATEST` or a published version. */
export interface LambdaVersionState {
  readonly version: string;
  readonly revisionId: string;
  /** AWS's format: `2024-03-01T12:00:00.000+0000`. */
  readonly lastModified: string;
}

export interface LambdaAliasState {
  readonly name: string;
  readonly functionVersion: string;
  readonly revisionId: string;
}

export interface LambdaFunctionState {
  readonly name: string;
  readonly runtime: string;
  readonly handler: string;
  readonly role: string;
  readonly versions: Map<string, LambdaVersionState>;
  readonly aliases: Map<string, LambdaAliasState>;
  /**
   * Resource-based policies by qualifier (`$LATEST` for the function's own), as the text GetPolicy
   * answers: a seed may hold any text, to test how clients read odd policies.
   */
  readonly policies: Map<string, string>;
}

/** The unqualified function's key in `versions` and `policies`. */
export const LATEST = '$LATEST';
