// "Save a copy…": a consistent snapshot of a project written to a file the user chose. VACUUM INTO
// reads one transaction's view of the database, so the copy is whole even while a job is writing,
// and it is a single file (no -wal beside it). The copy is written under a temporary name in the
// target folder and renamed into place, so a full disk never leaves half a project; an existing
// file is never overwritten.
import Database from 'better-sqlite3';
import { existsSync, linkSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import { dbOptions, inspectProjectFile, openFailure, PROJECT_EXTENSION } from './project-db';
import { storageApiError } from './storage-errors';

export function saveProjectCopy(open: Database.Database | null, path: string, targetIn: string): { path: string; sizeBytes: number } {
  const target = targetIn.endsWith(PROJECT_EXTENSION) ? targetIn : targetIn + PROJECT_EXTENSION;
  if (target === path) throw new ApiError('conflict', 'Choose another file for the copy: this is the project itself.');
  if (existsSync(target)) throw new ApiError('conflict', `A file already exists at ${target}; Cisgram does not overwrite it. Choose another name.`);
  const folder = dirname(target);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new ApiError('not_found', `The folder ${folder} does not exist.`);
  let db = open;
  if (!db) {
    inspectProjectFile(path);
    try {
      db = new Database(path, dbOptions({ readonly: true, fileMustExist: true }));
    } catch (e) {
      throw openFailure(e, path);
    }
  }
  const tmp = join(folder, `.${basename(target)}.${process.pid}.partial`);
  try {
    db.prepare('VACUUM INTO ?').run(tmp);
    // link + unlink: appears under its name only when whole, and fails rather than replace a file
    // that appeared meanwhile.
    linkSync(tmp, target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new ApiError('conflict', `A file already exists at ${target}; Cisgram does not overwrite it.`);
    const code = String((e as { code?: unknown })?.code ?? '');
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') throw openFailure(e, path);
    throw storageApiError(e, target, 'write') ?? new ApiError('storage', `Could not write ${target}: ${(e as Error)?.message ?? String(e)}.`);
  } finally {
    rmSync(tmp, { force: true });
    if (!open) db.close();
  }
  return { path: target, sizeBytes: statSync(target).size };
}
