/**
 * Reads one manifest file defensively: manifests come from pull requests, so a path may name a FIFO,
 * a device, a huge file or bytes that are not text. Each is refused by name before it can block the
 * run, fill memory or be parsed as something it is not.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import type { ManifestIssue, ManifestIssueCode } from './issues.js';
import type { ManifestSource } from './parse.js';

/** 1 MiB: about 5,000 authorizers, far beyond any API's quota; a larger file is not a manifest. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

/**
 * The file's text, or why it cannot be a manifest. `stat` comes first so that a FIFO is never opened
 * (opening one blocks until a writer appears); the descriptor is then checked again, so that a file
 * swapped for a FIFO or device between the two calls is refused too. O_NONBLOCK makes that open return
 * at once even then. The calls are synchronous: for a fleet of small files, handing each of five calls
 * per file to the thread pool cost more CPU (about 30 ms for 300 files) than the calls themselves.
 */
export function readManifestFile(file: string): ManifestSource | ManifestIssue {
  try {
    const refused = refuseNonManifest(statSync(file));
    if (refused) return pathIssue(file, refused.code, refused.message);
    const descriptor = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const info = fstatSync(descriptor);
      const refusedNow = refuseNonManifest(info);
      if (refusedNow) return pathIssue(file, refusedNow.code, refusedNow.message);
      // One byte more than the limit tells a file that grew since `stat` from one exactly at the limit.
      const buffer = Buffer.alloc(Math.min(info.size, MAX_MANIFEST_BYTES) + 1);
      let length = 0;
      while (length < buffer.length) {
        const bytesRead = readSync(descriptor, buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > MAX_MANIFEST_BYTES) return pathIssue(file, 'load.too-large', tooLarge(length, true));
      return decodeManifest(file, buffer.subarray(0, length));
    } finally {
      closeSync(descriptor);
    }
  } catch (error) {
    return fileSystemIssue(file, error);
  }
}

interface Refusal {
  readonly code: ManifestIssueCode;
  readonly message: string;
}

function refuseNonManifest(info: Stats): Refusal | undefined {
  if (info.isFile()) {
    return info.size > MAX_MANIFEST_BYTES ? { code: 'load.too-large', message: tooLarge(info.size, false) } : undefined;
  }
  return { code: 'load.not-a-file', message: `expected a regular file, found ${fileKind(info)}; only regular files are read` };
}

function fileKind(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'a special file';
}

function tooLarge(size: number, atLeast: boolean): string {
  return `expected a manifest of at most ${MAX_MANIFEST_BYTES} bytes (1 MiB), found ${atLeast ? 'more than that' : `${size} bytes`}; split it into one file per API`;
}

/**
 * UTF-8 only, as YAML 1.2 files in practice are: a replacement character would otherwise become part
 * of an authorizer's name. A leading byte-order mark is dropped (editors on Windows write one).
 */
function decodeManifest(file: string, bytes: Buffer): ManifestSource | ManifestIssue {
  const invalidAt = firstInvalidUtf8(bytes);
  if (invalidAt !== undefined) {
    const before = bytes.subarray(0, invalidAt).toString('utf8').replace(/^\uFEFF/, '');
    const lineStart = before.lastIndexOf('\n') + 1;
    const line = before.split('\n').length;
    return { file, line, col: before.length - lineStart + 1, code: 'load.invalid-utf8', message: 'invalid UTF-8' };
  }
  return { file, text: bytes.toString('utf8').replace(/^\uFEFF/, '') };
}

/**
 * The offset of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), or undefined when all of it is.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] as number;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    // [length, lowest and highest allowed second byte]; the rest are continuation bytes 80..BF.
    const shape: readonly [number, number, number] | undefined =
      lead >= 0xc2 && lead <= 0xdf ? [2, 0x80, 0xbf]
      : lead === 0xe0 ? [3, 0xa0, 0xbf]
      : lead === 0xed ? [3, 0x80, 0x9f]
      : lead >= 0xe1 && lead <= 0xef ? [3, 0x80, 0xbf]
      : lead === 0xf0 ? [4, 0x90, 0xbf]
      : lead === 0xf4 ? [4, 0x80, 0x8f]
      : lead >= 0xf1 && lead <= 0xf3 ? [4, 0x80, 0xbf]
      : undefined;
    if (!shape) return index;
    const [length, low, high] = shape;
    const second = bytes[index + 1];
    if (second === undefined || second < low || second > high) return index;
    for (let offset = 2; offset < length; offset++) {
      const next = bytes[index + offset];
      if (next === undefined || next < 0x80 || next > 0xbf) return index;
    }
    index += length;
  }
  return undefined;
}

export function fileSystemIssue(file: string, error: unknown): ManifestIssue {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return pathIssue(file, 'load.not-found', 'no such file or directory');
  if (code === 'ELOOP') return pathIssue(file, 'load.unreadable', 'cannot be read: too many levels of symbolic links (a symlink loop)');
  if (code === 'EACCES' || code === 'EPERM') return pathIssue(file, 'load.unreadable', 'cannot be read: permission denied');
  const reason = error instanceof Error ? error.message : String(error);
  return pathIssue(file, 'load.unreadable', `cannot be read: ${reason}`);
}

export function pathIssue(file: string, code: ManifestIssueCode, message: string): ManifestIssue {
  return { file, line: 1, col: 1, code, message };
}
