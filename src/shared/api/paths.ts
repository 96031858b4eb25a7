// File paths in commands: always a full (absolute) path, the same rule in every command. A relative
// path ("peaks.bed", "../x", "~/x") would silently mean "relative to wherever the server happened to
// start", so it is refused with a sentence instead. Absolute means POSIX "/…", a Windows drive
// ("C:\…", "C:/…") or a UNC share ("\\server\…"). The folder browser (files.list) is the one
// exception: a folder given there without a full path is looked up from the home folder.
import { z } from 'zod';

export function isFullPath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

const FULL_PATH_MESSAGE = 'give the full path of the file, starting at the top of the disk (e.g. /home/you/data/peaks.bed or C:\\data\\peaks.bed); relative paths and ~ are not used';

/** A user-chosen file or folder path: trimmed, non-empty, absolute. */
export const UserPath = z
  .string()
  .trim()
  .min(1, 'choose a file')
  .max(4096)
  .refine(isFullPath, FULL_PATH_MESSAGE);
