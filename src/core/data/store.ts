// Reading and writing datasets in a project file. Sequences are stored packed (2 bits/base + N
// runs); training code pulls whole splits, the UI pages through rows.
import type Database from 'better-sqlite3';
import { pack, packedToBytes, packedFromBytes, unpack } from '../seq/pack';
import { N } from '../seq/alphabet';
import { APP_VERSION } from '../version';
import { DatasetStats, type DatasetSource } from '../../shared/api/data';

export type SplitName = 'train' | 'valid' | 'test';

export interface DatasetRecord {
  id: number;
  name: string;
  kind: 'fasta' | 'peaks' | 'simulated';
  nTasks: number;
  taskNames: string[];
  seqLength: number | null;
  nSeqs: number;
  sources: DatasetSource[];
  params: Record<string, unknown>;
  seed: number | null;
  /** null: stored by an older version in another shape. */
  stats: DatasetStats | null;
  genome: string | null;
  appVersion: string;
  createdAt: string;
}

export interface NewSequence {
  name: string;
  split: SplitName;
  labels: ArrayLike<number>; // length nTasks
  codes: Uint8Array;
  chrom?: string | null;
  start?: number | null;
  end?: number | null;
  strand?: string | null;
  origin?: string;
}

export interface TruthInstance {
  seqIdx: number;
  motifId: string;
  motifName: string;
  start: number;
  end: number;
  strand: '+' | '-';
  role?: string | null;
}

export interface NewDataset {
  name: string;
  kind: DatasetRecord['kind'];
  taskNames: string[];
  sources?: DatasetSource[];
  params?: Record<string, unknown>;
  seed?: number | null;
  stats?: DatasetStats;
  genome?: string | null;
}

interface DatasetRow {
  id: number;
  name: string;
  kind: DatasetRecord['kind'];
  n_tasks: number;
  task_names: string;
  seq_length: number | null;
  n_seqs: number;
  sources: string;
  params: string;
  seed: number | null;
  stats: string;
  genome: string | null;
  app_version: string;
  created_at: string;
}

// Stored JSON read through the contract's schemas: a dataset written by an older version keeps what
// still reads (a source without a size, say) and shows no stats rather than a wrong shape.
function parseSources(json: string): DatasetSource[] {
  const raw = JSON.parse(json) as unknown;
  if (!Array.isArray(raw)) return [];
  return raw.map((x) => {
    const o = (x && typeof x === 'object' ? x : {}) as Record<string, unknown>;
    const path = typeof o.path === 'string' ? o.path : '';
    return {
      role: typeof o.role === 'string' ? o.role : 'input', path, file: typeof o.file === 'string' ? o.file : path.split(/[\\/]/).pop() ?? path,
      format: typeof o.format === 'string' ? o.format : 'unknown', sizeBytes: typeof o.sizeBytes === 'number' ? o.sizeBytes : null,
    };
  });
}

function parseStats(json: string): DatasetStats | null {
  const r = DatasetStats.safeParse(JSON.parse(json));
  return r.success ? r.data : null;
}

function toRecord(r: DatasetRow): DatasetRecord {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    nTasks: r.n_tasks,
    taskNames: JSON.parse(r.task_names) as string[],
    seqLength: r.seq_length,
    nSeqs: r.n_seqs,
    sources: parseSources(r.sources),
    params: JSON.parse(r.params) as Record<string, unknown>,
    seed: r.seed,
    stats: parseStats(r.stats),
    genome: r.genome,
    appVersion: r.app_version,
    createdAt: r.created_at,
  };
}

export function listDatasets(db: Database.Database): DatasetRecord[] {
  return (db.prepare("SELECT * FROM datasets WHERE status = 'ready' ORDER BY id DESC").all() as DatasetRow[]).map(toRecord);
}

export function getDataset(db: Database.Database, id: number): DatasetRecord | null {
  const r = db.prepare("SELECT * FROM datasets WHERE id = ? AND status = 'ready'").get(id) as DatasetRow | undefined;
  return r ? toRecord(r) : null;
}

function insertMeta(db: Database.Database, meta: NewDataset): number {
  const info = db
    .prepare(
      `INSERT INTO datasets(name, kind, n_tasks, task_names, sources, params, seed, stats, genome, app_version, created_at)
       VALUES(?,?,?,?,?,?,?,?,?,?,?)`,
    )
    .run(
      meta.name,
      meta.kind,
      meta.taskNames.length,
      JSON.stringify(meta.taskNames),
      JSON.stringify(meta.sources ?? []),
      JSON.stringify(meta.params ?? {}),
      meta.seed ?? null,
      JSON.stringify(meta.stats ?? {}),
      meta.genome ?? null,
      APP_VERSION,
      new Date().toISOString(),
    );
  return Number(info.lastInsertRowid);
}

const IS_GC = new Uint8Array(256), IS_N = new Uint8Array(256);
IS_GC[1] = 1; IS_GC[2] = 1; IS_N[N] = 1;

/** Row writer of one dataset: insert(s) stores the next sequence; finish() stores truth and totals. */
function rowWriter(db: Database.Database, id: number, nTasks: number) {
  const ins = db.prepare(
    `INSERT INTO dataset_seqs(dataset_id, idx, name, split, labels, length, gc, n_count, chrom, start, end, strand, origin, packed)
     VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  let n = 0;
  let len: number | null | undefined;
  return {
    get count() {
      return n;
    },
    insert(s: NewSequence): void {
      const labels = new Float32Array(nTasks);
      for (let t = 0; t < nTasks; t++) labels[t] = s.labels[t] ?? NaN;
      // Branchless table lookups: several times faster than per-base branches on real (random-ish) DNA.
      let nCount = 0, gcCount = 0;
      const c = s.codes;
      for (let i = 0; i < c.length; i++) { const x = c[i]; gcCount += IS_GC[x]; nCount += IS_N[x]; }
      const gc = c.length > nCount ? gcCount / (c.length - nCount) : NaN;
      ins.run(
        id, n, s.name, s.split, Buffer.from(labels.buffer), s.codes.length, Number.isNaN(gc) ? null : gc, nCount,
        s.chrom ?? null, s.start ?? null, s.end ?? null, s.strand ?? null, s.origin ?? 'positive',
        Buffer.from(packedToBytes(pack(s.codes))),
      );
      len = len === undefined ? s.codes.length : len === s.codes.length ? len : null;
      n++;
    },
    finish(truth: Iterable<TruthInstance>): void {
      const tIns = db.prepare('INSERT INTO dataset_truth(dataset_id, seq_idx, motif_id, motif_name, start, end, strand, role) VALUES(?,?,?,?,?,?,?,?)');
      for (const t of truth) tIns.run(id, t.seqIdx, t.motifId, t.motifName, t.start, t.end, t.strand, t.role ?? null);
      db.prepare('UPDATE datasets SET n_seqs = ?, seq_length = ? WHERE id = ?').run(n, len ?? null, id);
    },
  };
}

/**
 * Writes a whole dataset in one transaction (all or nothing). `sequences` may be an iterable so
 * that large imports stream from the importer into SQLite without a second copy in memory.
 */
export function writeDataset(
  db: Database.Database,
  meta: NewDataset,
  sequences: Iterable<NewSequence>,
  truth: Iterable<TruthInstance> = [],
  onRow?: (n: number) => void,
): number {
  return db.transaction(() => {
    const id = insertMeta(db, meta);
    const w = rowWriter(db, id, meta.taskNames.length);
    for (const s of sequences) {
      w.insert(s);
      if (onRow && w.count % 1000 === 0) onRow(w.count);
    }
    w.finish(truth);
    return id;
  })();
}

/**
 * Same result as writeDataset (one transaction, all or nothing), but yields to the event loop every
 * `yieldEvery` rows so that a job's cancel message is seen while a large dataset is being saved; an
 * abort (or any error) rolls the whole dataset back. Do not report job progress while this runs:
 * the transaction holds the project's write lock until it commits.
 */
export async function writeDatasetAsync(
  db: Database.Database,
  meta: NewDataset,
  sequences: Iterable<NewSequence>,
  truth: Iterable<TruthInstance> = [],
  opts: { signal?: AbortSignal; yieldEvery?: number } = {},
): Promise<number> {
  // Large imports are staged: the dataset is written as 'importing' in chunk transactions so the
  // project's write lock is released between chunks (the app stays usable), then made visible in
  // one final transaction. Failure, cancel or a crash (see removeStagedDatasets) leaves nothing.
  const every = opts.yieldEvery ?? 5000;
  const id = db.transaction(() => {
    const newId = insertMeta(db, meta);
    db.prepare("UPDATE datasets SET status = 'importing' WHERE id = ?").run(newId);
    return newId;
  })();
  const abortIfAsked = () => {
    if (opts.signal?.aborted) throw opts.signal.reason ?? new DOMException('Aborted', 'AbortError');
  };
  try {
    const w = rowWriter(db, id, meta.taskNames.length);
    const it = sequences[Symbol.iterator]();
    for (;;) {
      let done = false;
      db.transaction(() => {
        for (let k = 0; k < every; k++) {
          const next = it.next();
          if (next.done) {
            done = true;
            return;
          }
          w.insert(next.value);
        }
      })();
      if (done) break;
      await new Promise((r) => setImmediate(r));
      abortIfAsked();
    }
    abortIfAsked();
    db.transaction(() => {
      w.finish(truth);
      db.prepare("UPDATE datasets SET status = 'ready' WHERE id = ?").run(id);
    })();
    return id;
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
    throw e;
  }
}

/** Removes datasets left half-written by an import that died with the app (called on project open). */
export function removeStagedDatasets(db: Database.Database): number {
  return db.prepare("DELETE FROM datasets WHERE status = 'importing'").run().changes;
}

export function deleteDataset(db: Database.Database, id: number): void {
  db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
}

export function renameDataset(db: Database.Database, id: number, name: string): void {
  db.prepare('UPDATE datasets SET name = ? WHERE id = ?').run(name, id);
}

function decode(row: { packed: Buffer }): Uint8Array {
  const b = row.packed;
  return unpack(packedFromBytes(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));
}

function labelsOf(b: Buffer, nTasks: number): Float32Array {
  const out = new Float32Array(nTasks);
  out.set(new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + 4 * nTasks)));
  return out;
}

/** One split as training input: codes per sequence and labels n×T row-major (NaN = missing). */
export function loadSplit(db: Database.Database, datasetId: number, split: SplitName): { codes: Uint8Array[]; labels: Float32Array; idx: number[] } {
  const ds = getDataset(db, datasetId);
  if (!ds) throw new Error(`dataset ${datasetId} not found`);
  const rows = db.prepare('SELECT idx, labels, packed FROM dataset_seqs WHERE dataset_id = ? AND split = ? ORDER BY idx').all(datasetId, split) as {
    idx: number;
    labels: Buffer;
    packed: Buffer;
  }[];
  const labels = new Float32Array(rows.length * ds.nTasks);
  const codes = rows.map((r, i) => {
    labels.set(labelsOf(r.labels, ds.nTasks), i * ds.nTasks);
    return decode(r);
  });
  return { codes, labels, idx: rows.map((r) => r.idx) };
}

export interface SeqRow {
  idx: number;
  name: string;
  split: SplitName;
  labels: number[];
  length: number;
  gc: number | null;
  nCount: number;
  chrom: string | null;
  start: number | null;
  end: number | null;
  strand: string | null;
  origin: string;
}

/** A page of sequence rows (metadata only), optionally filtered by split. */
export function pageSequences(db: Database.Database, datasetId: number, opts: { offset: number; limit: number; split?: SplitName }): { total: number; rows: SeqRow[] } {
  const ds = getDataset(db, datasetId);
  if (!ds) throw new Error(`dataset ${datasetId} not found`);
  const where = opts.split ? 'dataset_id = ? AND split = ?' : 'dataset_id = ?';
  const args: unknown[] = opts.split ? [datasetId, opts.split] : [datasetId];
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM dataset_seqs WHERE ${where}`).get(...args) as { n: number }).n;
  const rows = db
    .prepare(`SELECT idx, name, split, labels, length, gc, n_count, chrom, start, end, strand, origin FROM dataset_seqs WHERE ${where} ORDER BY idx LIMIT ? OFFSET ?`)
    .all(...args, opts.limit, opts.offset) as (Omit<SeqRow, 'labels' | 'nCount'> & { labels: Buffer; n_count: number })[];
  return {
    total,
    rows: rows.map(({ labels, n_count, ...r }) => ({ ...r, nCount: n_count, labels: Array.from(labelsOf(labels, ds.nTasks), (v) => (Number.isNaN(v) ? -1 : v)) })),
  };
}

/** Sequences by index (for the track view, scanning, design backgrounds). */
export function getSequences(db: Database.Database, datasetId: number, idxs: number[]): Map<number, Uint8Array> {
  const stmt = db.prepare('SELECT idx, packed FROM dataset_seqs WHERE dataset_id = ? AND idx = ?');
  const out = new Map<number, Uint8Array>();
  for (const i of idxs) {
    const r = stmt.get(datasetId, i) as { idx: number; packed: Buffer } | undefined;
    if (r) out.set(r.idx, decode(r));
  }
  return out;
}

export function getTruth(db: Database.Database, datasetId: number, seqIdx?: number): TruthInstance[] {
  const rows = (seqIdx === undefined
    ? db.prepare('SELECT * FROM dataset_truth WHERE dataset_id = ? ORDER BY seq_idx, start').all(datasetId)
    : db.prepare('SELECT * FROM dataset_truth WHERE dataset_id = ? AND seq_idx = ? ORDER BY start').all(datasetId, seqIdx)) as {
    seq_idx: number; motif_id: string; motif_name: string; start: number; end: number; strand: '+' | '-'; role: string | null;
  }[];
  return rows.map((r) => ({ seqIdx: r.seq_idx, motifId: r.motif_id, motifName: r.motif_name, start: r.start, end: r.end, strand: r.strand, role: r.role }));
}
