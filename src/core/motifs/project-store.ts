// Project-side motif storage (migration 4): filter motifs of trained runs with the user's names,
// annotations, stars and merges; cached TomTom matches; FIMO-style scans and their hits, with
// TSV/BED export. Every multi-row write is one transaction.
import type Database from 'better-sqlite3';
import { consensus, motifPasses } from '../pwm/matrix';
import { bestColumnSimilarity, rcMatrix } from '../interpret/filters';
import type { FilterMotif, FilterReading } from './extract';
import type { Motif } from '../pwm/types';
import { UNIFORM_BG, type Bg } from '../pwm/matrix';
import { backgroundInfo, type BackgroundInfo } from '../pwm/background';
import { motifDisplayName } from '../../shared/motif-name';

export interface ProjectMotifRecord extends FilterReading {
  id: number;
  runId: number | null;
  filterIndex: number | null;
  datasetId: number | null;
  name: string;
  defaultName: string;
  userName: string | null;
  annotation: string;
  starred: boolean;
  probs: number[][];
  weights: number[][] | null;
  consensus: string;
  rcTwinMotifId: number | null;
  mergedInto: number | null;
  source: string;
  createdAt: string;
}

interface MotifRow {
  id: number; run_id: number | null; filter_index: number | null; dataset_id: number | null; name: string; user_name: string | null;
  annotation: string; starred: number; probs: string; weights: string | null; n_sites: number; max_activation: number; threshold: number;
  trim_start: number; trim_end: number; mean_ic: number; passes: number; unused: number; fires_pos: number; fires_neg: number;
  n_pos: number; n_neg: number; rc_twin: number | null; rc_twin_score: number | null; merged_into: number | null; source: string;
  created_at: string; twin_id?: number | null;
}

function toRecord(r: MotifRow): ProjectMotifRecord {
  const probs = JSON.parse(r.probs) as number[][];
  const trimmed = r.trim_end > r.trim_start ? probs.slice(r.trim_start, r.trim_end) : probs;
  return {
    id: r.id, runId: r.run_id, filterIndex: r.filter_index, datasetId: r.dataset_id,
    name: r.user_name?.trim() || r.name, defaultName: r.name, userName: r.user_name, annotation: r.annotation, starred: !!r.starred,
    probs, weights: r.weights ? (JSON.parse(r.weights) as number[][]) : null, consensus: consensus(trimmed),
    nSites: r.n_sites, maxActivation: r.max_activation, threshold: r.threshold, trimStart: r.trim_start, trimEnd: r.trim_end,
    meanIC: r.mean_ic, passes: !!r.passes, unused: !!r.unused, firesPos: r.fires_pos, firesNeg: r.fires_neg, nPos: r.n_pos, nNeg: r.n_neg,
    rcTwin: r.rc_twin, rcTwinMotifId: r.twin_id ?? null, rcTwinScore: r.rc_twin_score, mergedInto: r.merged_into, source: r.source, createdAt: r.created_at,
  };
}

const SELECT = `SELECT m.*, t.id AS twin_id FROM motifs m LEFT JOIN motifs t ON t.run_id = m.run_id AND t.filter_index = m.rc_twin`;

export function listMotifs(db: Database.Database, opts: { runId?: number } = {}): ProjectMotifRecord[] {
  const rows = (opts.runId !== undefined
    ? db.prepare(`${SELECT} WHERE m.run_id = ? ORDER BY m.filter_index, m.id`).all(opts.runId)
    : db.prepare(`${SELECT} ORDER BY m.run_id DESC, m.filter_index, m.id`).all()) as MotifRow[];
  return rows.map(toRecord);
}

export function getMotif(db: Database.Database, id: number): ProjectMotifRecord | null {
  const r = db.prepare(`${SELECT} WHERE m.id = ?`).get(id) as MotifRow | undefined;
  return r ? toRecord(r) : null;
}

/** A project motif as a Motif value (trimmed by default, as used for matching, scanning and export). */
export function asMotif(m: ProjectMotifRecord, trimmed = true): Motif {
  const probs = trimmed && m.trimEnd > m.trimStart ? m.probs.slice(m.trimStart, m.trimEnd) : m.probs;
  const id = m.runId !== null && m.filterIndex !== null ? `run${m.runId}_filter${m.filterIndex + 1}` : `motif${m.id}`;
  return { id, name: m.name.replace(/\s+/g, '_'), probs, ...(m.nSites > 0 ? { nsites: m.nSites } : {}), source: m.source, meta: m.annotation ? { annotation: m.annotation } : {} };
}

/**
 * Store the filter motifs of a run (one transaction). Re-extracting a run updates the computed
 * columns and keeps the user's names, annotations and stars; cached matches of those motifs are dropped.
 */
export function saveFilterMotifs(db: Database.Database, runId: number | null, datasetId: number | null, motifs: FilterMotif[]): number[] {
  return db.transaction(() => {
    const now = new Date().toISOString();
    const find = db.prepare('SELECT id FROM motifs WHERE run_id IS ? AND filter_index = ?');
    const ins = db.prepare(`INSERT INTO motifs(run_id, filter_index, dataset_id, name, probs, weights, n_sites, max_activation, threshold,
      trim_start, trim_end, mean_ic, passes, unused, fires_pos, fires_neg, n_pos, n_neg, rc_twin, rc_twin_score, source, created_at)
      VALUES(@run, @f, @ds, @name, @probs, @weights, @nSites, @maxA, @thr, @ts, @te, @ic, @passes, @unused, @fp, @fn, @np, @nn, @twin, @twinScore, @source, @now)`);
    const upd = db.prepare(`UPDATE motifs SET dataset_id=@ds, name=@name, probs=@probs, weights=@weights, n_sites=@nSites, max_activation=@maxA, threshold=@thr,
      trim_start=@ts, trim_end=@te, mean_ic=@ic, passes=@passes, unused=@unused, fires_pos=@fp, fires_neg=@fn, n_pos=@np, n_neg=@nn,
      rc_twin=@twin, rc_twin_score=@twinScore, merged_into=NULL, created_at=@now WHERE id=@id`);
    const dropMatches = db.prepare('DELETE FROM motif_matches WHERE motif_id = ?');
    const ids: number[] = [];
    for (const m of motifs) {
      const p = {
        run: runId, f: m.filter, ds: datasetId, name: motifDisplayName({ filterIndex: m.filter }), probs: JSON.stringify(m.probs.map((r) => r.map(round6))),
        weights: JSON.stringify(m.weights.map((r) => r.map(round6))), nSites: m.nSites, maxA: m.maxActivation, thr: m.threshold,
        ts: m.trimStart, te: m.trimEnd, ic: m.meanIC, passes: m.passes ? 1 : 0, unused: m.unused ? 1 : 0, fp: m.firesPos, fn: m.firesNeg,
        np: m.nPos, nn: m.nNeg, twin: m.rcTwin, twinScore: m.rcTwinScore, source: `filter:${runId ?? 'none'}:${m.filter}`, now,
      };
      const old = runId === null ? undefined : (find.get(runId, m.filter) as { id: number } | undefined);
      if (old) {
        upd.run({ ...p, id: old.id });
        dropMatches.run(old.id);
        ids.push(old.id);
      } else ids.push(Number(ins.run(p).lastInsertRowid));
    }
    return ids;
  })();
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function updateMotif(db: Database.Database, id: number, patch: { userName?: string | null; annotation?: string; starred?: boolean }): void {
  db.transaction(() => {
    if (patch.userName !== undefined) db.prepare('UPDATE motifs SET user_name = ? WHERE id = ?').run(patch.userName?.trim() ? patch.userName.trim() : null, id);
    if (patch.annotation !== undefined) db.prepare('UPDATE motifs SET annotation = ? WHERE id = ?').run(patch.annotation, id);
    if (patch.starred !== undefined) db.prepare('UPDATE motifs SET starred = ? WHERE id = ?').run(patch.starred ? 1 : 0, id);
  })();
}

/**
 * Merge motifs into one: each merged motif's trimmed PFM is placed at its best offset and strand
 * inside the target's PFM (mean column Pearson, bestColumnSimilarity) and the aligned columns are
 * averaged weighted by site counts; trim, IC and the verdict are recomputed; the merged motifs are
 * marked merged_into (they stay, hidden, and can be exported on their own). Firing counts keep
 * the target's values. Returns the alignment used per merged motif.
 */
export function mergeMotifs(db: Database.Database, intoId: number, fromIds: number[]): { id: number; offset: number; strand: '+' | '-'; similarity: number }[] {
  return db.transaction(() => {
    const into = getMotif(db, intoId);
    if (!into) throw new Error(`motif ${intoId} not found`);
    const probs = into.probs.map((r) => r.slice());
    let n = Math.max(1, into.nSites);
    const used: { id: number; offset: number; strand: '+' | '-'; similarity: number }[] = [];
    for (const id of fromIds) {
      if (id === intoId) continue;
      const m = getMotif(db, id);
      if (!m) throw new Error(`motif ${id} not found`);
      const t = m.trimEnd > m.trimStart ? m.probs.slice(m.trimStart, m.trimEnd) : m.probs;
      if (t.length > probs.length) throw new Error(`${m.name} (${t.length} columns after trimming) is wider than ${into.name} (${probs.length}); merge it the other way round`);
      const sim = bestColumnSimilarity(probs.flat(), t.flat());
      const flat = sim.strand === '-' ? Array.from(rcMatrix(t.flat())) : t.flat();
      const nm = Math.max(1, m.nSites);
      for (let k = 0; k < t.length; k++)
        for (let b = 0; b < 4; b++) probs[sim.offset + k][b] = (probs[sim.offset + k][b] * n + flat[k * 4 + b] * nm) / (n + nm);
      n += nm;
      used.push({ id, offset: sim.offset, strand: sim.strand, similarity: sim.score });
      db.prepare('UPDATE motifs SET merged_into = ? WHERE id = ?').run(intoId, id);
    }
    const v = motifPasses({ id: 'm', name: 'm', probs, nsites: n });
    db.prepare('UPDATE motifs SET probs = ?, n_sites = ?, trim_start = ?, trim_end = ?, mean_ic = ?, passes = ? WHERE id = ?')
      .run(JSON.stringify(probs.map((r) => r.map(round6))), n, v.start, v.end, v.meanIC, v.passes && !into.unused ? 1 : 0, intoId);
    db.prepare('DELETE FROM motif_matches WHERE motif_id = ?').run(intoId);
    return used;
  })();
}

export function getCachedMatches(db: Database.Database, motifId: number, collectionId: number, metric: string): unknown[] | null {
  const r = db.prepare('SELECT results FROM motif_matches WHERE motif_id = ? AND collection_id = ? AND metric = ?').get(motifId, collectionId, metric) as { results: string } | undefined;
  return r ? (JSON.parse(r.results) as unknown[]) : null;
}

export function putCachedMatches(db: Database.Database, motifId: number, collectionId: number, metric: string, results: unknown[]): void {
  db.prepare(`INSERT INTO motif_matches(motif_id, collection_id, metric, results, computed_at) VALUES(?,?,?,?,?)
    ON CONFLICT(motif_id, collection_id, metric) DO UPDATE SET results = excluded.results, computed_at = excluded.computed_at`)
    .run(motifId, collectionId, metric, JSON.stringify(results), new Date().toISOString());
}

// ---- scans ----

export interface ScanMotifRef { key: string; id: string; name: string; width: number }
export interface ScanRecord {
  id: number; name: string; source: Record<string, unknown>; motifs: ScanMotifRef[]; params: Record<string, unknown>;
  /** The background of the scan's p-values (params.background; derived for scans stored before it was recorded). */
  background: BackgroundInfo;
  nSeqs: number; nBases: number; nTests: number; nHits: number; truncated: boolean; genomic: boolean; jobId: string | null; createdAt: string;
}
export interface ScanHitRow {
  rank: number; motifIdx: number; seqIdx: number; seqName: string; start: number; end: number; strand: '+' | '-';
  score: number; p: number; q: number; matched: string; chrom: string | null; gstart: number | null; gend: number | null; gstrand: string | null;
}

interface ScanRowDb { id: number; name: string; source: string; motifs: string; params: string; n_seqs: number; n_bases: number; n_tests: number; n_hits: number; truncated: number; genomic: number; job_id: string | null; created_at: string }
/** The recorded background; scans from before it was recorded had bg 'uniform' or 'sequences' and bgValues. */
function scanBackground(params: Record<string, unknown>): BackgroundInfo {
  const b = params.background as BackgroundInfo | undefined;
  if (b && Array.isArray(b.values) && b.values.length === 4) return b;
  const values = (Array.isArray(params.bgValues) && params.bgValues.length === 4 ? params.bgValues : UNIFORM_BG) as Bg;
  return backgroundInfo(params.bg === 'sequences' ? 'sequences' : params.bg === 'meme' ? 'meme' : 'uniform', values);
}

const toScan = (r: ScanRowDb): ScanRecord => {
  const params = JSON.parse(r.params) as Record<string, unknown>;
  return {
    id: r.id, name: r.name, source: JSON.parse(r.source), motifs: JSON.parse(r.motifs), params, background: scanBackground(params), nSeqs: r.n_seqs, nBases: r.n_bases,
    nTests: r.n_tests, nHits: r.n_hits, truncated: !!r.truncated, genomic: !!r.genomic, jobId: r.job_id, createdAt: r.created_at,
  };
};

export function writeScan(db: Database.Database, scan: Omit<ScanRecord, 'id' | 'createdAt' | 'nHits' | 'background'>, hits: Iterable<Omit<ScanHitRow, 'rank'>>): number {
  return db.transaction(() => {
    const info = db.prepare(`INSERT INTO motif_scans(name, source, motifs, params, n_seqs, n_bases, n_tests, n_hits, truncated, genomic, job_id, created_at)
      VALUES(?,?,?,?,?,?,?,0,?,?,?,?)`).run(scan.name, JSON.stringify(scan.source), JSON.stringify(scan.motifs), JSON.stringify(scan.params),
      scan.nSeqs, scan.nBases, scan.nTests, scan.truncated ? 1 : 0, scan.genomic ? 1 : 0, scan.jobId, new Date().toISOString());
    const id = Number(info.lastInsertRowid);
    const ins = db.prepare(`INSERT INTO scan_hits(scan_id, rank, motif_idx, seq_idx, seq_name, start, end, strand, score, p, q, matched, chrom, gstart, gend, gstrand)
      VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
    let rank = 0;
    for (const h of hits) {
      ins.run(id, rank++, h.motifIdx, h.seqIdx, h.seqName, h.start, h.end, h.strand, h.score, h.p, h.q, h.matched, h.chrom, h.gstart, h.gend, h.gstrand);
    }
    db.prepare('UPDATE motif_scans SET n_hits = ? WHERE id = ?').run(rank, id);
    return id;
  })();
}

export function listScans(db: Database.Database): ScanRecord[] {
  return (db.prepare('SELECT * FROM motif_scans ORDER BY id DESC').all() as ScanRowDb[]).map(toScan);
}
export function getScan(db: Database.Database, id: number): ScanRecord | null {
  const r = db.prepare('SELECT * FROM motif_scans WHERE id = ?').get(id) as ScanRowDb | undefined;
  return r ? toScan(r) : null;
}
export function deleteScan(db: Database.Database, id: number): boolean {
  return db.prepare('DELETE FROM motif_scans WHERE id = ?').run(id).changes > 0;
}

interface HitRowDb { rank: number; motif_idx: number; seq_idx: number; seq_name: string; start: number; end: number; strand: '+' | '-'; score: number; p: number; q: number; matched: string; chrom: string | null; gstart: number | null; gend: number | null; gstrand: string | null }
const toHit = (r: HitRowDb): ScanHitRow => ({
  rank: r.rank, motifIdx: r.motif_idx, seqIdx: r.seq_idx, seqName: r.seq_name, start: r.start, end: r.end, strand: r.strand, score: r.score,
  p: r.p, q: r.q, matched: r.matched, chrom: r.chrom, gstart: r.gstart, gend: r.gend, gstrand: r.gstrand,
});

export function pageHits(db: Database.Database, scanId: number, opts: { offset: number; limit: number; motifIdx?: number }): { total: number; rows: ScanHitRow[] } {
  const where = opts.motifIdx !== undefined ? 'scan_id = ? AND motif_idx = ?' : 'scan_id = ?';
  const args: unknown[] = opts.motifIdx !== undefined ? [scanId, opts.motifIdx] : [scanId];
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM scan_hits WHERE ${where}`).get(...args) as { n: number }).n;
  const rows = (db.prepare(`SELECT * FROM scan_hits WHERE ${where} ORDER BY rank LIMIT ? OFFSET ?`).all(...args, opts.limit, opts.offset) as HitRowDb[]).map(toHit);
  return { total, rows };
}

export function* iterateHits(db: Database.Database, scanId: number): Generator<ScanHitRow> {
  for (const r of db.prepare('SELECT * FROM scan_hits WHERE scan_id = ? ORDER BY rank').iterate(scanId) as IterableIterator<HitRowDb>) yield toHit(r);
}

const gfmt = (x: number) => (x === 0 ? '0' : Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6 ? x.toExponential(3) : String(+x.toPrecision(4)));

/**
 * FIMO-style TSV: motif_id, motif_alt_id, sequence_name, start, stop, strand, score, p-value,
 * q-value, matched_sequence — start/stop 1-based inclusive on the scanned sequence, as FIMO writes
 * them; plus chrom/genome_start/genome_end (0-based half-open, BED convention) when known. Closing
 * '#' comment lines (as MEME 5's fimo.tsv has) name the background and the threshold.
 */
export function scanToTsv(db: Database.Database, scan: ScanRecord): string {
  const head = ['motif_id', 'motif_alt_id', 'sequence_name', 'start', 'stop', 'strand', 'score', 'p-value', 'q-value', 'matched_sequence'];
  if (scan.genomic) head.push('chrom', 'genome_start', 'genome_end', 'genome_strand');
  const lines = [head.join('\t')];
  for (const h of iterateHits(db, scan.id)) {
    const m = scan.motifs[h.motifIdx];
    const row = [m.id, m.name, h.seqName, String(h.start + 1), String(h.end), h.strand, h.score.toFixed(4), gfmt(h.p), gfmt(h.q), h.matched];
    if (scan.genomic) row.push(h.chrom ?? '', h.gstart === null ? '' : String(h.gstart), h.gend === null ? '' : String(h.gend), h.gstrand ?? '');
    lines.push(row.join('\t'));
  }
  lines.push(`# background: ${scan.background.label}`);
  if (typeof scan.params.pThreshold === 'number') lines.push(`# p-value threshold: ${scan.params.pThreshold}; q-values: Benjamini–Hochberg over ${scan.nTests} tests`);
  return lines.join('\n') + '\n';
}

/**
 * BED6: chrom, start, end (0-based half-open), name (motif), score (min(1000, round(−10·log10 p))),
 * strand. Genome coordinates when the scanned sequences came from peaks; otherwise the sequence
 * name stands for the chromosome and positions are within the sequence.
 */
export function scanToBed(db: Database.Database, scan: ScanRecord): string {
  const lines = [`track name="${scan.name.replace(/"/g, "'")}" description="Cisgram motif scan" useScore=1`];
  for (const h of iterateHits(db, scan.id)) {
    const m = scan.motifs[h.motifIdx];
    const name = `${m.name}`.replace(/\s+/g, '_');
    const score = Math.min(1000, Math.max(0, Math.round(-10 * Math.log10(Math.max(h.p, 1e-300)))));
    if (h.chrom !== null && h.gstart !== null && h.gend !== null) lines.push([h.chrom, h.gstart, h.gend, name, score, h.gstrand ?? h.strand].join('\t'));
    else lines.push([h.seqName.replace(/\s+/g, '_'), h.start, h.end, name, score, h.strand].join('\t'));
  }
  return lines.join('\n') + '\n';
}
