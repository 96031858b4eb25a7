// Project storage of the grammar feature (migration 5): instance sets and their calls (paged,
// filtered, sorted, exported as BED/TSV), syntax analyses, and the example sequences of a rule.
// Multi-row writes are one transaction each.
import type Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import type { Evaluation } from './evaluate';
import type { SyntaxResult } from './syntax';
import { nameOfFilter } from '../../shared/motif-name';
import { runMotifNames } from '../motifs/current-names';

export interface SetMotif { filter: number; twin: number | null; name: string; trimStart: number; trimEnd: number; meanPos: number; passes: boolean; probs?: number[][] }

export interface InstanceSetInfo {
  id: number; runId: number; datasetId: number; datasetName: string; split: string; params: Record<string, unknown>;
  motifs: SetMotif[]; nSeqs: number; nCalls: number; genomic: boolean; evaluation: Evaluation | null; jobId: string | null; createdAt: string;
}

export interface InstanceRow {
  id: number; seqIdx: number; seqName: string; positive: boolean; motif: number; motifName: string; filter: number; start: number; end: number;
  strand: '+' | '-'; attention: number; activation: number; score: number; chrom: string | null; gstart: number | null; gend: number | null; gstrand: string | null;
}

export interface NewCall {
  seqIdx: number; seqName: string; positive: boolean; motif: number; filter: number; start: number; end: number; strand: '+' | '-';
  attention: number; activation: number; score: number; heads: Float32Array | null;
  chrom: string | null; gstart: number | null; gend: number | null; gstrand: string | null;
}

interface SetRow { id: number; run_id: number; dataset_id: number; split: string; params: string; motifs: string; n_seqs: number; n_calls: number; genomic: number; evaluation: string | null; job_id: string | null; created_at: string; dname: string | null }

const setInfo = (r: SetRow): InstanceSetInfo => ({
  id: r.id, runId: r.run_id, datasetId: r.dataset_id, datasetName: r.dname ?? `dataset ${r.dataset_id}`, split: r.split, params: JSON.parse(r.params),
  motifs: JSON.parse(r.motifs), nSeqs: r.n_seqs, nCalls: r.n_calls, genomic: !!r.genomic, evaluation: r.evaluation ? JSON.parse(r.evaluation) : null,
  jobId: r.job_id, createdAt: r.created_at,
});

const SET_SQL = 'SELECT s.*, d.name AS dname FROM instance_sets s LEFT JOIN datasets d ON d.id = s.dataset_id';

export function listInstanceSets(db: Database.Database, runId?: number): InstanceSetInfo[] {
  const rows = (runId === undefined ? db.prepare(`${SET_SQL} ORDER BY s.id DESC`).all() : db.prepare(`${SET_SQL} WHERE s.run_id = ? ORDER BY s.id DESC`).all(runId)) as SetRow[];
  return rows.map(setInfo);
}

export function getInstanceSet(db: Database.Database, id: number): InstanceSetInfo | null {
  const r = db.prepare(`${SET_SQL} WHERE s.id = ?`).get(id) as SetRow | undefined;
  return r ? setInfo(r) : null;
}

export function deleteInstanceSet(db: Database.Database, id: number): void {
  db.prepare('DELETE FROM instance_sets WHERE id = ?').run(id);
}

/** Write a whole instance set in one transaction; returns its id. */
export function saveInstanceSet(
  db: Database.Database,
  s: { runId: number; datasetId: number; split: string; params: Record<string, unknown>; motifs: SetMotif[]; nSeqs: number; genomic: boolean; evaluation: Evaluation | null; jobId: string | null },
  calls: NewCall[],
): number {
  return db.transaction(() => {
    const id = Number(db.prepare(`INSERT INTO instance_sets(run_id, dataset_id, split, params, motifs, n_seqs, n_calls, genomic, evaluation, job_id, created_at)
      VALUES(?,?,?,?,?,?,?,?,?,?,?)`).run(s.runId, s.datasetId, s.split, JSON.stringify(s.params), JSON.stringify(s.motifs), s.nSeqs, calls.length, s.genomic ? 1 : 0,
      s.evaluation ? JSON.stringify(s.evaluation) : null, s.jobId, new Date().toISOString()).lastInsertRowid);
    const ins = db.prepare(`INSERT INTO instances(set_id, id, seq_idx, seq_name, positive, motif, filter, start, end, strand, attention, activation, score, heads, chrom, gstart, gend, gstrand)
      VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
    calls.forEach((c, i) => ins.run(id, i, c.seqIdx, c.seqName, c.positive ? 1 : 0, c.motif, c.filter, c.start, c.end, c.strand, c.attention, c.activation, c.score,
      c.heads ? Buffer.from(c.heads.buffer, c.heads.byteOffset, c.heads.byteLength) : null, c.chrom, c.gstart, c.gend, c.gstrand));
    return id;
  })();
}

export type InstanceSort = 'score' | 'attention' | 'activation' | 'position' | 'motif';

function where(setId: number, f: { motif?: number | null; positive?: boolean | null; seqIdx?: number | null }): { sql: string; args: unknown[] } {
  const w = ['set_id = ?']; const args: unknown[] = [setId];
  if (f.motif !== undefined && f.motif !== null) { w.push('motif = ?'); args.push(f.motif); }
  if (f.positive !== undefined && f.positive !== null) { w.push('positive = ?'); args.push(f.positive ? 1 : 0); }
  if (f.seqIdx !== undefined && f.seqIdx !== null) { w.push('seq_idx = ?'); args.push(f.seqIdx); }
  return { sql: w.join(' AND '), args };
}

const ORDER: Record<InstanceSort, string> = { score: 'score', attention: 'attention', activation: 'activation', position: 'seq_idx, start', motif: 'motif, score' };

export function pageInstances(
  db: Database.Database, setId: number,
  o: { offset: number; limit: number; motif?: number | null; positive?: boolean | null; seqIdx?: number | null; sort?: InstanceSort; desc?: boolean },
): { total: number; rows: InstanceRow[] } {
  const set = getInstanceSet(db, setId);
  if (!set) throw new Error(`instance set ${setId} not found`);
  const names = runMotifNames(db, set.runId, set.motifs.map((m) => [m.filter, m.name]));
  const w = where(setId, o);
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM instances WHERE ${w.sql}`).get(...w.args) as { n: number }).n;
  const sort = o.sort ?? 'score', dir = (o.desc ?? sort !== 'position') ? 'DESC' : 'ASC';
  const ord = ORDER[sort].split(', ').map((c) => `${c} ${dir}`).join(', ');
  const rows = db.prepare(`SELECT * FROM instances WHERE ${w.sql} ORDER BY ${ord}, id LIMIT ? OFFSET ?`).all(...w.args, o.limit, o.offset) as Record<string, any>[];
  return { total, rows: rows.map((r) => toRow(r, names)) };
}

function toRow(r: Record<string, any>, names: Map<number, string>): InstanceRow {
  return {
    id: r.id, seqIdx: r.seq_idx, seqName: r.seq_name, positive: !!r.positive, motif: r.motif, motifName: nameOfFilter(names, r.motif), filter: r.filter,
    start: r.start, end: r.end, strand: r.strand, attention: r.attention, activation: r.activation, score: r.score, chrom: r.chrom, gstart: r.gstart, gend: r.gend, gstrand: r.gstrand,
  };
}

/** Calls of a set grouped by sequence (for the syntax statistics). */
export function callsBySequence(db: Database.Database, setId: number): { seq: number; positive: boolean; calls: { motif: number; start: number; end: number; strand: '+' | '-'; heads: Float32Array | null }[] }[] {
  const out = new Map<number, { seq: number; positive: boolean; calls: { motif: number; start: number; end: number; strand: '+' | '-'; heads: Float32Array | null }[] }>();
  for (const r of db.prepare('SELECT seq_idx, positive, motif, start, end, strand, heads FROM instances WHERE set_id = ? ORDER BY seq_idx, start').iterate(setId) as Iterable<{ seq_idx: number; positive: number; motif: number; start: number; end: number; strand: '+' | '-'; heads: Buffer | null }>) {
    let s = out.get(r.seq_idx);
    if (!s) out.set(r.seq_idx, (s = { seq: r.seq_idx, positive: !!r.positive, calls: [] }));
    s.calls.push({ motif: r.motif, start: r.start, end: r.end, strand: r.strand, heads: r.heads ? new Float32Array(r.heads.buffer.slice(r.heads.byteOffset, r.heads.byteOffset + r.heads.byteLength)) : null });
  }
  return [...out.values()];
}

/** Export calls as BED (genome coordinates when the dataset came from peaks, else sequence names) or TSV. */
export function exportInstances(db: Database.Database, setId: number, file: string, format: 'bed' | 'tsv', motif?: number | null): { path: string; count: number } {
  const set = getInstanceSet(db, setId);
  if (!set) throw new Error(`instance set ${setId} not found`);
  const names = runMotifNames(db, set.runId, set.motifs.map((m) => [m.filter, m.name]));
  const w = where(setId, { motif });
  const lines: string[] = [];
  if (format === 'tsv') lines.push(['sequence', 'seq_index', 'positive', 'motif', 'filter', 'start', 'end', 'strand', 'attention', 'activation', 'score', 'chrom', 'genome_start', 'genome_end'].join('\t'));
  else lines.push(`track name="${set.datasetName.replace(/"/g, '')} instances" description="Cisgram motif instances, run ${set.runId}"`);
  let n = 0;
  for (const r of db.prepare(`SELECT * FROM instances WHERE ${w.sql} ORDER BY seq_idx, start`).iterate(...w.args) as Iterable<Record<string, any>>) {
    const row = toRow(r, names);
    const name = row.motifName.replace(/\s+/g, '_');
    if (format === 'tsv') lines.push([row.seqName, row.seqIdx, row.positive ? 1 : 0, row.motifName, row.filter + 1, row.start, row.end, row.strand, row.attention.toFixed(4), row.activation.toFixed(4), row.score.toFixed(4), row.chrom ?? '', row.gstart ?? '', row.gend ?? ''].join('\t'));
    else if (row.chrom !== null && row.gstart !== null) lines.push([row.chrom, row.gstart, row.gend, name, Math.min(1000, Math.round(row.score * 100)), row.gstrand ?? row.strand].join('\t'));
    else lines.push([row.seqName.split(/\s/)[0], row.start, row.end, name, Math.min(1000, Math.round(row.score * 100)), row.strand].join('\t'));
    n++;
  }
  writeFileSync(file, lines.join('\n') + '\n');
  return { path: file, count: n };
}

// ---- syntax analyses ----
export interface AnalysisInfo { id: number; runId: number; setId: number; control: string; params: Record<string, unknown>; jobId: string | null; createdAt: string }

export function saveAnalysis(db: Database.Database, a: { runId: number; setId: number; control: string; params: Record<string, unknown>; jobId: string | null }, result: SyntaxResult): number {
  return Number(db.prepare('INSERT INTO syntax_analyses(run_id, set_id, params, control, result, job_id, created_at) VALUES(?,?,?,?,?,?,?)')
    .run(a.runId, a.setId, JSON.stringify(a.params), a.control, JSON.stringify(result), a.jobId, new Date().toISOString()).lastInsertRowid);
}

export function listAnalyses(db: Database.Database, setId?: number): AnalysisInfo[] {
  const rows = (setId === undefined ? db.prepare('SELECT id, run_id, set_id, control, params, job_id, created_at FROM syntax_analyses ORDER BY id DESC').all()
    : db.prepare('SELECT id, run_id, set_id, control, params, job_id, created_at FROM syntax_analyses WHERE set_id = ? ORDER BY id DESC').all(setId)) as { id: number; run_id: number; set_id: number; control: string; params: string; job_id: string | null; created_at: string }[];
  return rows.map((r) => ({ id: r.id, runId: r.run_id, setId: r.set_id, control: r.control, params: JSON.parse(r.params), jobId: r.job_id, createdAt: r.created_at }));
}

export function getAnalysis(db: Database.Database, id: number): (AnalysisInfo & { result: SyntaxResult }) | null {
  const r = db.prepare('SELECT * FROM syntax_analyses WHERE id = ?').get(id) as { id: number; run_id: number; set_id: number; control: string; params: string; result: string; job_id: string | null; created_at: string } | undefined;
  return r ? { id: r.id, runId: r.run_id, setId: r.set_id, control: r.control, params: JSON.parse(r.params), jobId: r.job_id, createdAt: r.created_at, result: JSON.parse(r.result) } : null;
}
