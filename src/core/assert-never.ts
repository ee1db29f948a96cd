import { BugError } from '../errors.js';

/** The default branch of an exhaustive switch: the compiler proves it unreachable, this proves it at run time. */
export function assertNever(value: never): never {
  throw new BugError(`unexpected value: ${JSON.stringify(value)}`);
}
