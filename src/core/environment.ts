import type { SourceLocation } from './location.js';

/** An environment: the AWS account a run must be in, its default region, and the manifests' variables. */
export interface Environment {
  readonly name: string;
  /** 12 digits; a run whose credentials are another account's is refused before any API Gateway call. */
  readonly account: string;
  readonly region?: string;
  /** Assumed before any call when given. */
  readonly roleArn?: string;
  readonly vars: Readonly<Record<string, string>>;
  /** Where each variable's name is written in the file, for warnings about it (absent for data built in code). */
  readonly varSources?: Readonly<Record<string, SourceLocation>>;
  /** The environment file, as messages name it. */
  readonly file: string;
}

/** What plans and saved plans record of the environment they were made in. */
export interface EnvironmentRef {
  readonly name: string;
  readonly account: string;
}

export function environmentRef(environment: Environment): EnvironmentRef {
  return { name: environment.name, account: environment.account };
}

/** The STS session name: it shows in CloudTrail which tool and environment acted (`[\w+=,.@-]{2,64}`). */
export function roleSessionName(environment: Pick<Environment, 'name'>): string {
  return `gatewarden-${environment.name}`.slice(0, 64);
}
