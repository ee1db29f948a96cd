/** Time is injected so the store stays deterministic; `createManualClock` is the tests' clock. */

export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export interface ManualClock {
  readonly now: Clock;
  advance(milliseconds: number): void;
  set(at: Date | string): void;
}

export function createManualClock(start: Date | string = '2024-01-01T00:00:00Z'): ManualClock {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    advance: (milliseconds) => {
      current += milliseconds;
    },
    set: (at) => {
      current = new Date(at).getTime();
    },
  };
}

/** AWS stores and reports control-plane timestamps with whole seconds. */
export function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
