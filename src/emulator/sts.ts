/**
 * STS, as far as the account guard uses it: GetCallerIdentity and AssumeRole (docs/aws-behaviour.md#sts).
 * Credentials are not checked, only told apart: the access key of an assumed role's session reports
 * the role's account (the one in the role ARN) and an assumed-role ARN; any other key is the
 * emulator account's user. Pure apart from the injected clock and ids; the wire is in sts-http.ts.
 */
import type { Clock } from './clock.js';
import type { IdGenerator } from './ids.js';

export interface CallerIdentityAnswer {
  readonly Account: string;
  readonly Arn: string;
  readonly UserId: string;
}

export interface AssumeRoleAnswer {
  readonly Credentials: {
    readonly AccessKeyId: string;
    readonly SecretAccessKey: string;
    readonly SessionToken: string;
    readonly Expiration: Date;
  };
  readonly AssumedRoleUser: { readonly Arn: string; readonly AssumedRoleId: string };
}

export interface StsCall {
  readonly action: 'GetCallerIdentity' | 'AssumeRole';
  /** The access key the request was signed with. */
  readonly accessKeyId?: string;
  readonly roleArn?: string;
  readonly roleSessionName?: string;
  /** The STS error code the call was answered with; absent when it succeeded. */
  readonly error?: string;
}

/** An STS error answer: `Sender` faults are the caller's. */
export class StsError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'StsError';
  }
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

interface Session extends CallerIdentityAnswer {
  readonly expiresAt: number;
}

export interface IdentityStoreOptions {
  readonly account: () => string;
  readonly now: Clock;
  readonly ids: IdGenerator;
}

export class IdentityStore {
  readonly #sessions = new Map<string, Session>();
  readonly #calls: StsCall[] = [];
  readonly #refused = new Set<string>();

  constructor(private readonly options: IdentityStoreOptions) {}

  /** Every STS call served so far, in order. API Gateway calls are in `EmulatorStore.calls`. */
  get calls(): readonly StsCall[] {
    return [...this.#calls];
  }

  /** AssumeRole of this role is answered AccessDenied, as when its trust policy does not name the caller. */
  refuseRole(roleArn: string): void {
    this.#refused.add(roleArn);
  }

  getCallerIdentity(accessKeyId: string | undefined): CallerIdentityAnswer {
    return this.#record({ action: 'GetCallerIdentity', ...(accessKeyId && { accessKeyId }) }, () => {
      const session = accessKeyId === undefined ? undefined : this.#sessions.get(accessKeyId);
      if (session !== undefined && session.expiresAt <= this.options.now().getTime()) {
        throw new StsError('ExpiredToken', 400, 'The security token included in the request is expired');
      }
      const { Account, Arn, UserId } = this.#identityOf(accessKeyId);
      return { Account, Arn, UserId };
    });
  }

  assumeRole(params: { RoleArn?: string; RoleSessionName?: string; DurationSeconds?: string }, accessKeyId: string | undefined): AssumeRoleAnswer {
    const { RoleArn: roleArn, RoleSessionName: roleSessionName } = params;
    const call: StsCall = { action: 'AssumeRole', ...(accessKeyId && { accessKeyId }), ...(roleArn && { roleArn }), ...(roleSessionName && { roleSessionName }) };
    return this.#record(call, () => {
      const role = roleArn === undefined ? null : ROLE_ARN.exec(roleArn);
      if (role === null || roleArn === undefined) throw new StsError('ValidationError', 400, `1 validation error detected: Value '${roleArn ?? ''}' at 'roleArn' failed to satisfy constraint: Member must be a role ARN`);
      if (roleSessionName === undefined || !SESSION_NAME.test(roleSessionName)) {
        throw new StsError('ValidationError', 400, `1 validation error detected: Value '${roleSessionName ?? ''}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
      }
      const caller = this.#identityOf(accessKeyId);
      if (this.#refused.has(roleArn)) {
        throw new StsError('AccessDenied', 403, `User: ${caller.Arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
      }
      const [, account = '', roleName = ''] = role;
      const duration = Number(params.DurationSeconds ?? 3600);
      const expiration = new Date(this.options.now().getTime() + duration * 1000);
      const key = `ASIA${this.#id(16)}`;
      const roleId = `AROA${this.#id(17)}`;
      const arn = `arn:aws:sts::${account}:assumed-role/${roleName}/${roleSessionName}`;
      this.#sessions.set(key, { Account: account, Arn: arn, UserId: `${roleId}:${roleSessionName}`, expiresAt: expiration.getTime() });
      return {
        Credentials: { AccessKeyId: key, SecretAccessKey: this.#id(40), SessionToken: this.#id(64), Expiration: expiration },
        AssumedRoleUser: { Arn: arn, AssumedRoleId: `${roleId}:${roleSessionName}` },
      };
    });
  }

  #identityOf(accessKeyId: string | undefined): CallerIdentityAnswer {
    const session = accessKeyId === undefined ? undefined : this.#sessions.get(accessKeyId);
    const account = this.options.account();
    return session ?? { Account: account, Arn: `arn:aws:iam::${account}:user/gatewarden-emulator`, UserId: 'AIDAEMULATOREXAMPLE' };
  }

  #id(length: number): string {
    return this.options.ids.next(length, () => false).toUpperCase();
  }

  #record<T>(call: StsCall, serve: () => T): T {
    try {
      const answer = serve();
      this.#calls.push(call);
      return answer;
    } catch (error) {
      this.#calls.push({ ...call, ...(error instanceof StsError && { error: error.code }) });
      throw error;
    }
  }
}
