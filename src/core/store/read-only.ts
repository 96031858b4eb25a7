// Read-only opens: a project that another Cisgram window has open (and locked) can still be looked
// at from a second window. The connection is opened SQLITE_OPEN_READONLY, so SQLite itself refuses
// every write; dispatch turns that refusal into a sentence (readOnlyRefusal below). No lock file is
// written, no job is marked interrupted, no migration runs.
import Database from 'better-sqlite3';
import { ApiError } from '../../shared/api/errors';
import { LATEST_SCHEMA } from './migrations/index';
import { dbOptions, inspectProjectFile, openFailure } from './project-db';

/** Opens `path` for reading only; refuses an older schema (it cannot be migrated without writing). */
export function openReadOnlyProject(path: string): Database.Database {
  const { schemaVersion } = inspectProjectFile(path);
  if (schemaVersion < LATEST_SCHEMA) {
    throw new ApiError(
      'bad_project',
      `${path} was made by an older Cisgram and must be updated before it can be read; open it normally (not read-only) once no other window has it open.`,
    );
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(path, dbOptions({ readonly: true, fileMustExist: true }));
    db.pragma('busy_timeout = 5000');
    db.prepare('SELECT count(*) FROM meta').get(); // damage past the header shows here, not later
    return db;
  } catch (e) {
    db?.close();
    throw openFailure(e, path);
  }
}

/** True for SQLite's "attempt to write a readonly database" (and its extended codes). */
export function isReadOnlyError(e: unknown): boolean {
  return String((e as { code?: unknown })?.code ?? '').startsWith('SQLITE_READONLY');
}

/** The sentence for a change attempted in a project opened read-only. */
export function readOnlyRefusal(path: string): ApiError {
  return new ApiError(
    'read_only',
    `${path} is open read-only in this window (another Cisgram window has it open for changes), so nothing was changed. Close it in the other window and open it again here to make changes, or use “Save a copy…” to work on a copy.`,
  );
}
