/**
 * Writes the files a user asked for (`plan --out`, `export --out`, `adopt`). The file system's refusals
 * (a missing folder, a directory in the way, no permission, a full disk) are the user's to fix, so
 * they are reported by path and reason, never as a bug in gatewarden.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { UserError } from '../errors.js';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a directory',
  EEXIST: 'it already exists',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
};

/** `what` names the file in the message: "the saved plan", "the exported manifest". */
export async function writeUserFile(file: string, text: string, what: string, flag: 'w' | 'wx' = 'w'): Promise<void> {
  await refusedAsUserError(() => writeFile(file, text, { flag }), `Cannot write ${what} to ${file}`, REASONS);
}

export async function makeUserDirectory(directory: string): Promise<void> {
  // mkdir's EEXIST means something that is not a folder has the name.
  await refusedAsUserError(() => mkdir(directory, { recursive: true }), `Cannot create the folder ${directory}`, { ...REASONS, EEXIST: 'a file is in the way' });
}

async function refusedAsUserError(work: () => Promise<unknown>, failure: string, reasons: Readonly<Record<string, string>>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    const reason = reasons[code] ?? (error as Error).message;
    throw new UserError('OUTPUT_UNWRITABLE', `${failure}: ${reason} (${code}).`, { hint: 'Choose another path, or fix the folder, and run the command again.', cause: error });
  }
}
