/** A saved plan in the model's terms, which core/saved-plan.ts builds and checks and core/saved-plan-format.ts maps to and from the file. */
import type { ApiTarget, Plan } from './model.js';

/** The live authorizer an action was planned against, or the promise that none exists. */
export interface LiveFingerprint {
  readonly apiType: ApiTarget['apiType'];
  readonly apiId: string;
  readonly region: string;
  readonly name: string;
  readonly authorizerId?: string;
  /** `absent` for creates. */
  readonly fingerprint: string;
}

/** A saved plan in the model's terms; core/saved-plan-format.ts maps it to and from the file. */
export interface SavedPlan {
  readonly toolVersion: string;
  readonly createdAt: string;
  readonly plan: Plan;
  readonly fingerprints: readonly LiveFingerprint[];
  /** Over plan and fingerprints: equal plans of equal live state have equal digests. */
  readonly digest: string;
  /** The format a plan read from a file was written in, which its digest covers; absent: this release's. */
  readonly formatVersion?: number;
}
