// Opening, creating and migrating project files. A project is one SQLite file (WAL, foreign keys on)
// stamped with our application_id; anything else is refused before a single byte is written.
import Database from 'better-sqlite3';
import { openSync, readSync, closeSync, existsSync, statSync, rmSync } from 'node:fs';
import { ApiError } from '../../shared/api/errors';
import { MIGRATIONS, LATEST_SCHEMA } from './migrations/index';
import { APP_VERSION } from '../version';
import { storageApiError } from './storage-errors';

/** 'CISG' as a 32-bit integer: PRAGMA application_id of every Cisgram project. */
export const APPLICATION_ID = 0x43495347;
export const PROJECT_EXTENSION = '.cisgram';

const SQLITE_MAGIC = 'SQLite format 3\u0000';

export interface OpenOptions {
  /** Path to a better-sqlite3 native binding built for another runtime (Electron). */
  nativeBinding?: string;
}

// Electron builds of the app point this at a better-sqlite3 binding compiled for Electron's ABI.
let defaultNativeBinding: string | undefined = process.env.CISGRAM_SQLITE_BINDING || undefined;
/** Electron main sets this to a better-sqlite3 build for Electron's ABI. */
export function setNativeBinding(path: string | undefined): void {
  defaultNativeBinding = path;
}

export function dbOptions(extra: Database.Options = {}): Database.Options {
  return defaultNativeBinding ? { ...extra, nativeBinding: defaultNativeBinding } : extra;
}

function readMagic(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return buf.subarray(0, n).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/**
 * The sentence for a project file that could not be opened: a full or failing disk says so (with
 * the free space), anything else is a bad_project naming the file.
 */
export function openFailure(e: unknown, path: string): ApiError {
  if (e instanceof ApiError) return e;
  const disk = storageApiError(e, path, 'open');
  if (disk) return disk;
  const code = String((e as { code?: unknown })?.code ?? '');
  const why = (e as Error)?.message ?? String(e);
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new ApiError('bad_project', `${path} is damaged and cannot be opened (SQLite: ${why}). The file was not changed; open a copy or a duplicate of this project if you have one.`);
  }
  return new ApiError('bad_project', `${path} could not be opened: ${why}.`);
}

/** Checks a file without changing it; throws ApiError('bad_project') with a sentence a person can act on. */
export function inspectProjectFile(path: string): { schemaVersion: number } {
  if (!existsSync(path)) throw new ApiError('not_found', `No file at ${path}.`);
  if (statSync(path).isDirectory()) throw new ApiError('bad_project', `${path} is a folder, not a Cisgram project file.`);
  if (statSync(path).size === 0) throw new ApiError('bad_project', `${path} is empty; it is not a Cisgram project.`);
  if (readMagic(path) !== SQLITE_MAGIC) {
    throw new ApiError('bad_project', `${path} is not a Cisgram project (it is not an SQLite database).`);
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(path, dbOptions({ readonly: true, fileMustExist: true }));
    const appId = db.pragma('application_id', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    if (appId !== APPLICATION_ID) {
      throw new ApiError('bad_project', `${path} is an SQLite database but not a Cisgram project.`);
    }
    if (version > LATEST_SCHEMA) {
      throw new ApiError(
        'bad_project',
        `${path} was made by a newer Cisgram (project schema ${version}; this version reads up to ${LATEST_SCHEMA}). Update Cisgram to open it.`,
      );
    }
    return { schemaVersion: version };
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw openFailure(e, path);
  } finally {
    db?.close();
  }
}

/**
 * Makes db.transaction(fn)() begin IMMEDIATE (take the write lock up front, waiting up to
 * busy_timeout) instead of DEFERRED. Several connections write one project file (the main thread
 * and the engine worker); a deferred transaction that reads and then writes fails at once with
 * "database is locked" (SQLITE_BUSY_SNAPSHOT) if the other connection committed in between.
 */
export function immediateTransactions(db: Database.Database): Database.Database {
  const make = db.transaction.bind(db);
  db.transaction = (<F extends (...args: any[]) => any>(fn: F) => {
    const t = make(fn);
    return Object.assign((...args: unknown[]) => (t.immediate as (...a: unknown[]) => ReturnType<F>)(...args), {
      default: t.immediate,
      deferred: t.deferred,
      immediate: t.immediate,
      exclusive: t.exclusive,
    });
  }) as Database.Database['transaction'];
  return db;
}

function configure(db: Database.Database): void {
  immediateTransactions(db);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = MIGRATIONS.filter((m) => m.version > current);
  if (!pending.length) return;
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
    db.prepare(`INSERT INTO meta(key,value) VALUES('app_version_last_migrated',?) ON CONFLICT(key) DO UPDATE SET value=excluded.value`).run(APP_VERSION);
  })();
}

/** Creates a new project file; refuses to overwrite. */
export function createProjectFile(path: string, name: string): Database.Database {
  if (existsSync(path)) throw new ApiError('conflict', `A file already exists at ${path}.`);
  let db: Database.Database;
  try {
    db = new Database(path, dbOptions());
  } catch (e) {
    throw storageApiError(e, path, 'create') ?? e;
  }
  try {
    configure(db);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(db);
    const now = new Date().toISOString();
    const put = db.prepare('INSERT INTO meta(key,value) VALUES(?,?)');
    db.transaction(() => {
      put.run('name', name);
      put.run('created_at', now);
      put.run('app_version', APP_VERSION);
      put.run('uuid', crypto.randomUUID());
    })();
    return db;
  } catch (e) {
    // Never leave half a project behind (a full disk mid-creation): the file did not exist before.
    db.close();
    for (const p of [path, `${path}-wal`, `${path}-shm`]) rmSync(p, { force: true });
    throw storageApiError(e, path, 'create') ?? e;
  }
}

/** Opens an existing project read-write after inspecting it; migrates older schemas forward. */
export function openProjectFile(path: string, options: OpenOptions = {}): Database.Database {
  inspectProjectFile(path);
  const db = new Database(path, { ...dbOptions({ fileMustExist: true }), ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  try {
    configure(db);
    migrate(db);
    return db;
  } catch (e) {
    db.close();
    throw openFailure(e, path);
  }
}

export function getMeta(db: Database.Database, key: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setMeta(db: Database.Database, key: string, value: string): void {
  db.prepare('INSERT INTO meta(key,value) VALUES(?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value').run(key, value);
}
