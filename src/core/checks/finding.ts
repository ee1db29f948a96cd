/**
 * What a preflight check found about one authorizer (issue 20): plain data, the contract between the
 * pure checks in this folder and the services and renderers that will report them.
 */

/** The checks, named as `plan --json` will carry them. */
export type CheckName = 'lambda-function' | 'lambda-permission' | 'role-trust' | 'oidc-discovery' | 'cognito-user-pool';

/**
 * `unknown`: the check could not be made (a value only known at request time, a read gatewarden may
 * not do, a policy shape it cannot evaluate); the message says why and what would verify it.
 */
export type CheckStatus = 'ok' | 'warning' | 'error' | 'unknown';

export interface Finding {
  readonly check: CheckName;
  readonly status: CheckStatus;
  readonly message: string;
  /** A command or a manifest change that fixes it, where one exists. */
  readonly fix?: string;
}

/** Severity order, worst first, for sorting and for a run's summary. */
export const CHECK_STATUS_ORDER: readonly CheckStatus[] = ['error', 'unknown', 'warning', 'ok'];
