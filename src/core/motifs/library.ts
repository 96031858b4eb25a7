// The known-motif library "kept with the app": one SQLite file (motif-library.sqlite) in the app's
// data folder, shared by every project, holding imported collections (JASPAR, HOCOMOCO, a lab's own
// MEME file…) and their motifs. Imports are all-or-nothing: the whole file is parsed first (a
// malformed file names file, motif and line and adds nothing), then written in one transaction.
// TomTom databases are built once per collection and cached in memory.
import Database from 'better-sqlite3';
import { readFileSync, statSync } from 'node:fs';
import { looksLikeUtf16, UTF16_FOUND } from '../io/utf16';
import { basename } from 'node:path';
import { dbOptions, immediateTransactions } from '../store/project-db';
import { parseMotifs, detectMotifFormat, type MotifFormat } from '../pwm/formats';
import { buildTomtomDb, type TomtomDb } from '../pwm/tomtom';
import type { Motif } from '../pwm/types';

export const LIBRARY_FILE = 'motif-library.sqlite';
/** Largest motif file we read into memory (JASPAR's full set is < 5 MB). */
export const MAX_MOTIF_FILE_BYTES = 64 * 1024 * 1024;

const LIBRARY_MIGRATIONS: { version: number; up: (db: Database.Database) => void }[] = [
  {
    version: 1,
    up: (db) =>
      db.exec(`
        CREATE TABLE collections (
          id INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: project match caches key on it
          name TEXT NOT NULL,
          file TEXT NOT NULL,
          format TEXT NOT NULL,
          count INTEGER NOT NULL,
          imported_at TEXT NOT NULL
        );
        CREATE TABLE lib_motifs (
          id INTEGER PRIMARY KEY,
          collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
          idx INTEGER NOT NULL,
          motif_id TEXT NOT NULL,
          name TEXT NOT NULL,
          width INTEGER NOT NULL,
          probs TEXT NOT NULL,   -- JSON width×4 (A,C,G,T)
          nsites INTEGER,
          meta TEXT NOT NULL DEFAULT '{}',
          UNIQUE (collection_id, idx)
        );
        CREATE INDEX lib_motifs_name ON lib_motifs(collection_id, name);
      `),
  },
];

export interface CollectionRecord {
  id: number;
  name: string;
  file: string;
  format: string;
  count: number;
  importedAt: string;
}

export interface LibraryMotifRow {
  id: number;
  collectionId: number;
  index: number;
  motifId: string;
  name: string;
  width: number;
  nsites: number | null;
  probs: number[][];
  meta: Record<string, string>;
}

export class MotifFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MotifFileError';
  }
}

interface MotifRowDb { id: number; collection_id: number; idx: number; motif_id: string; name: string; width: number; probs: string; nsites: number | null; meta: string }
const toRow = (r: MotifRowDb): LibraryMotifRow => ({
  id: r.id, collectionId: r.collection_id, index: r.idx, motifId: r.motif_id, name: r.name, width: r.width,
  nsites: r.nsites, probs: JSON.parse(r.probs) as number[][], meta: JSON.parse(r.meta) as Record<string, string>,
});
const toCollection = (r: { id: number; name: string; file: string; format: string; count: number; imported_at: string }): CollectionRecord => ({
  id: r.id, name: r.name, file: r.file, format: r.format, count: r.count, importedAt: r.imported_at,
});

/** Parse a motif file completely (throws MotifFormatError naming file, motif and line). */
export function readMotifFile(path: string, format?: MotifFormat): { motifs: Motif[]; format: MotifFormat } {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new MotifFileError(`${path} is a folder, not a motif file.`);
    size = st.size;
  } catch (e) {
    if (e instanceof MotifFileError) throw e;
    throw new MotifFileError(`Cannot read ${path}: no such file.`);
  }
  if (size > MAX_MOTIF_FILE_BYTES) throw new MotifFileError(`${basename(path)} is ${(size / 1048576).toFixed(0)} MB; motif files above 64 MB are not supported.`);
  const raw = readFileSync(path);
  if (looksLikeUtf16(raw.subarray(0, 64))) throw new MotifFileError(`${basename(path)}: expected plain text (UTF-8 or ASCII), found ${UTF16_FOUND}.`);
  const text = raw.toString('utf8');
  const file = basename(path);
  const fmt = format ?? detectMotifFormat(text, file);
  const motifs = parseMotifs(text, { file, format: fmt });
  if (!motifs.length) throw new MotifFileError(`${file}: no motifs found.`);
  return { motifs, format: fmt };
}

export class MotifLibrary {
  readonly db: Database.Database;
  private readonly dbs = new Map<number, { db: TomtomDb; rows: LibraryMotifRow[] }>();

  constructor(readonly path: string, opts: { readonly?: boolean } = {}) {
    this.db = new Database(path, dbOptions(opts.readonly ? { readonly: true, fileMustExist: true } : {}));
    if (!opts.readonly) immediateTransactions(this.db); // shared by the main thread and the engine worker
    this.db.pragma('busy_timeout = 10000');
    this.db.pragma('foreign_keys = ON');
    if (!opts.readonly) {
      this.db.pragma('journal_mode = WAL');
      const v = this.db.pragma('user_version', { simple: true }) as number;
      this.db.transaction(() => {
        for (const m of LIBRARY_MIGRATIONS) if (m.version > v) m.up(this.db);
        this.db.pragma(`user_version = ${LIBRARY_MIGRATIONS[LIBRARY_MIGRATIONS.length - 1].version}`);
      })();
    }
  }

  close(): void {
    this.dbs.clear();
    this.db.close();
  }

  /** Import a motif file as a new collection; all or nothing. */
  importFile(path: string, opts: { name?: string; format?: MotifFormat } = {}): CollectionRecord {
    const { motifs, format } = readMotifFile(path, opts.format);
    const name = opts.name?.trim() || basename(path).replace(/(\.(txt|meme|transfac|jaspar|pfm|motifs?|homer))+$/i, '') || basename(path);
    return this.addCollection(name, basename(path), format, motifs);
  }

  addCollection(name: string, file: string, format: string, motifs: Motif[]): CollectionRecord {
    const id = this.db.transaction(() => {
      const info = this.db
        .prepare('INSERT INTO collections(name, file, format, count, imported_at) VALUES(?,?,?,?,?)')
        .run(name, file, format, motifs.length, new Date().toISOString());
      const cid = Number(info.lastInsertRowid);
      const ins = this.db.prepare('INSERT INTO lib_motifs(collection_id, idx, motif_id, name, width, probs, nsites, meta) VALUES(?,?,?,?,?,?,?,?)');
      motifs.forEach((m, i) => ins.run(cid, i, m.id, m.name || m.id, m.probs.length, JSON.stringify(m.probs), m.nsites ?? null, JSON.stringify(m.meta ?? {})));
      return cid;
    })();
    return this.collection(id)!;
  }

  collections(): CollectionRecord[] {
    return (this.db.prepare('SELECT * FROM collections ORDER BY id').all() as Parameters<typeof toCollection>[0][]).map(toCollection);
  }

  collection(id: number): CollectionRecord | null {
    const r = this.db.prepare('SELECT * FROM collections WHERE id = ?').get(id) as Parameters<typeof toCollection>[0] | undefined;
    return r ? toCollection(r) : null;
  }

  deleteCollection(id: number): boolean {
    this.dbs.delete(id);
    return this.db.prepare('DELETE FROM collections WHERE id = ?').run(id).changes > 0;
  }

  renameCollection(id: number, name: string): void {
    this.db.prepare('UPDATE collections SET name = ? WHERE id = ?').run(name, id);
  }

  /** A page of a collection's motifs, optionally filtered by a case-insensitive substring of name or ID. */
  browse(collectionId: number, opts: { offset: number; limit: number; search?: string }): { total: number; rows: LibraryMotifRow[] } {
    const s = opts.search?.trim();
    const where = s ? "collection_id = ? AND (name LIKE ? ESCAPE '\\' OR motif_id LIKE ? ESCAPE '\\')" : 'collection_id = ?';
    const like = s ? `%${s.replace(/[\\%_]/g, (c) => '\\' + c)}%` : '';
    const args: unknown[] = s ? [collectionId, like, like] : [collectionId];
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM lib_motifs WHERE ${where}`).get(...args) as { n: number }).n;
    const rows = (this.db.prepare(`SELECT * FROM lib_motifs WHERE ${where} ORDER BY idx LIMIT ? OFFSET ?`).all(...args, opts.limit, opts.offset) as MotifRowDb[]).map(toRow);
    return { total, rows };
  }

  motif(id: number): LibraryMotifRow | null {
    const r = this.db.prepare('SELECT * FROM lib_motifs WHERE id = ?').get(id) as MotifRowDb | undefined;
    return r ? toRow(r) : null;
  }

  motifsByIds(ids: number[]): LibraryMotifRow[] {
    const stmt = this.db.prepare('SELECT * FROM lib_motifs WHERE id = ?');
    return ids.map((id) => {
      const r = stmt.get(id) as MotifRowDb | undefined;
      if (!r) throw new MotifFileError(`Library motif ${id} no longer exists.`);
      return toRow(r);
    });
  }

  /** How many of a collection's motifs carry a TF family (JASPAR's `tf_family`, read into meta by the TRANSFAC reader). */
  familyCount(collectionId: number): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM lib_motifs WHERE collection_id = ? AND json_extract(meta, '$.tf_family') IS NOT NULL`).get(collectionId) as { n: number }).n;
  }

  /** All motifs of a collection as Motif values (in file order), with their library row ids. */
  collectionMotifs(collectionId: number): LibraryMotifRow[] {
    return this.tomtom(collectionId).rows;
  }

  /** The TomTom database of a collection (built on first use, then cached). */
  tomtom(collectionId: number): { db: TomtomDb; rows: LibraryMotifRow[] } {
    let c = this.dbs.get(collectionId);
    if (!c) {
      const rows = (this.db.prepare('SELECT * FROM lib_motifs WHERE collection_id = ? ORDER BY idx').all(collectionId) as MotifRowDb[]).map(toRow);
      c = { db: buildTomtomDb(rows.map(rowToMotif)), rows };
      this.dbs.set(collectionId, c);
    }
    return c;
  }
}

export function rowToMotif(r: LibraryMotifRow): Motif {
  return { id: r.motifId, name: r.name, probs: r.probs, ...(r.nsites !== null ? { nsites: r.nsites } : {}), meta: r.meta };
}
