// Write failures of the disk under a project file (full disk, I/O error), turned into a sentence a
// person can act on: which file, what happened, how much space is left where.
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { ApiError } from '../../shared/api/errors';

/** Below this much free space an I/O error is put down to a full disk. */
const NEARLY_FULL_BYTES = 4 * 1024 * 1024;

function codeOf(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' ? code : '';
}

/** Bytes free to this user in the file system holding `folder`, or null when it cannot be told. */
export function freeBytes(folder: string): number | null {
  try {
    const s = statfsSync(folder);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

function spaceNote(folder: string): string {
  const free = freeBytes(folder);
  if (free === null) return `at ${folder}`;
  return `${Math.floor(free / (1024 * 1024))} MB free at ${folder}`;
}

/** A disk-level failure (SQLite SQLITE_FULL / SQLITE_IOERR*, or ENOSPC / EDQUOT / EIO from the OS). */
export function isStorageError(e: unknown): boolean {
  const code = codeOf(e);
  return code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR') || code === 'ENOSPC' || code === 'EDQUOT' || code === 'EIO';
}

/** True when the failure is (or, for an I/O error, almost certainly is) a full disk. */
export function isDiskFull(e: unknown, folder?: string): boolean {
  const code = codeOf(e);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return true;
  if (!folder || !(code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN' || code === 'EIO')) return false;
  const free = freeBytes(folder);
  return free !== null && free < NEARLY_FULL_BYTES;
}

/**
 * The sentence for a failed write to `file` (a project file or an export): names the file, says
 * "the disk is full (N MB free at <folder>)" when that is the cause, else the I/O error.
 */
export function describeStorageError(e: unknown, file: string, doing = 'write to'): string {
  const folder = dirname(file);
  const kept = doing === 'write to' ? '; the project keeps everything up to its last saved change' : '';
  if (isDiskFull(e, folder)) {
    return `Could not ${doing} ${file}: the disk is full (${spaceNote(folder)}). Free some space and try again${kept}.`;
  }
  const code = codeOf(e) || 'error';
  return `Could not ${doing} ${file}: the disk reported an input/output error (${code}: ${(e as Error)?.message ?? String(e)}). Check the disk and try again${kept}.`;
}

/** The same as an ApiError('storage') for the API, or null when `e` is not a disk failure. */
export function storageApiError(e: unknown, file: string, doing?: string): ApiError | null {
  if (e instanceof ApiError) return null;
  if (!isStorageError(e) && !isDiskFull(e, dirname(file))) return null;
  return new ApiError('storage', describeStorageError(e, file, doing));
}
