// Project storage of scored variant sets (migration 5): one transaction per set; ranked paging;
// TSV export; the two windows of one variant for the side-by-side tracks.
import type Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { pack, packedToBytes, packedFromBytes, unpack } from '../seq/pack';
import type { VariantWindow, ScoredVariant, InstanceBrief, VariantMetrics, WindowReport } from './score';
import { parseChanges, type Change } from './pairs';

export interface VariantSetInfo {
  id: number; runId: number; name: string; source: Record<string, unknown>; params: Record<string, unknown>;
  report: Record<string, unknown>; metrics: VariantMetrics | null; nVariants: number; jobId: string | null; createdAt: string;
}

export interface VariantRow {
  idx: number; name: string; chrom: string | null; pos: number | null; ref: string; alt: string; label: number | null;
  pRef: number; pAlt: number; delta: number; offset: number; lost: InstanceBrief[]; gained: InstanceBrief[]; rank: number;
  changes?: Change[];
  /** Pairs: 1-based position in the submitted sequence of the window's first base (≤ 0 when padded). */
  windowStart?: number;
}

interface SetRow { id: number; run_id: number; name: string; source: string; params: string; report: string; metrics: string | null; n_variants: number; job_id: string | null; created_at: string }
const info = (r: SetRow): VariantSetInfo => ({
  id: r.id, runId: r.run_id, name: r.name, source: JSON.parse(r.source), params: JSON.parse(r.params), report: JSON.parse(r.report),
  metrics: r.metrics ? JSON.parse(r.metrics) : null, nVariants: r.n_variants, jobId: r.job_id, createdAt: r.created_at,
});

export function listVariantSets(db: Database.Database, runId?: number): VariantSetInfo[] {
  return ((runId === undefined ? db.prepare('SELECT * FROM variant_sets ORDER BY id DESC').all() : db.prepare('SELECT * FROM variant_sets WHERE run_id = ? ORDER BY id DESC').all(runId)) as SetRow[]).map(info);
}
export function getVariantSet(db: Database.Database, id: number): VariantSetInfo | null {
  const r = db.prepare('SELECT * FROM variant_sets WHERE id = ?').get(id) as SetRow | undefined;
  return r ? info(r) : null;
}
export function deleteVariantSet(db: Database.Database, id: number): void { db.prepare('DELETE FROM variant_sets WHERE id = ?').run(id); }

export function saveVariantSet(
  db: Database.Database,
  s: { runId: number; name: string; source: Record<string, unknown>; params: Record<string, unknown>; report: WindowReport | Record<string, unknown>; metrics: VariantMetrics | null; jobId: string | null },
  windows: VariantWindow[], scored: ScoredVariant[],
): number {
  return db.transaction(() => {
    const id = Number(db.prepare('INSERT INTO variant_sets(run_id, name, source, params, report, metrics, n_variants, job_id, created_at) VALUES(?,?,?,?,?,?,?,?,?)')
      .run(s.runId, s.name, JSON.stringify(s.source), JSON.stringify(s.params), JSON.stringify(s.report), s.metrics ? JSON.stringify(s.metrics) : null, windows.length, s.jobId, new Date().toISOString()).lastInsertRowid);
    const ins = db.prepare(`INSERT INTO variants(set_id, idx, name, chrom, pos, ref, alt, label, p_ref, p_alt, delta, ref_seq, alt_seq, offset, lost, gained)
      VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
    windows.forEach((w, i) => {
      const v = scored[i];
      ins.run(id, i, w.name, w.chrom, w.pos, w.ref, w.alt, w.label, v.pRef, v.pAlt, v.delta, Buffer.from(packedToBytes(pack(w.refSeq))), Buffer.from(packedToBytes(pack(w.altSeq))), w.offset, JSON.stringify(v.lost), JSON.stringify(v.gained));
    });
    return id;
  })();
}

export type VariantSort = 'abs' | 'delta' | 'position' | 'label';

export function pageVariants(db: Database.Database, setId: number, o: { offset: number; limit: number; sort?: VariantSort; desc?: boolean; search?: string }): { total: number; rows: VariantRow[] } {
  const w: string[] = ['set_id = ?']; const args: unknown[] = [setId];
  if (o.search?.trim()) { w.push('(name LIKE ? OR chrom LIKE ?)'); args.push(`%${o.search.trim()}%`, `%${o.search.trim()}%`); }
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM variants WHERE ${w.join(' AND ')}`).get(...args) as { n: number }).n;
  const sort = o.sort ?? 'abs', desc = o.desc ?? true;
  const ord = sort === 'abs' ? 'ABS(delta)' : sort === 'delta' ? 'delta' : sort === 'label' ? 'label' : 'chrom, pos, idx';
  const dir = desc ? 'DESC' : 'ASC';
  const rows = db.prepare(`SELECT * FROM (SELECT idx, name, chrom, pos, ref, alt, label, p_ref, p_alt, delta, offset, lost, gained,
      ROW_NUMBER() OVER (ORDER BY ABS(delta) DESC, idx) AS rank FROM variants WHERE set_id = ?) AS v
      WHERE ${w.slice(1).join(' AND ') || '1'} ORDER BY ${ord.split(', ').map((c) => `${c} ${dir}`).join(', ')}, idx LIMIT ? OFFSET ?`).all(...args, o.limit, o.offset) as Record<string, any>[];
  return {
    total,
    rows: rows.map((r) => {
      const changes = r.chrom === null ? parseChanges(r.ref, r.alt) : null;
      if (changes) return { idx: r.idx, name: r.name, chrom: null, pos: null, ref: r.ref, alt: r.alt, label: r.label, pRef: r.p_ref, pAlt: r.p_alt, delta: r.delta, offset: r.offset, lost: JSON.parse(r.lost), gained: JSON.parse(r.gained), rank: r.rank, changes, windowStart: r.pos ?? 1 };
      return { idx: r.idx, name: r.name, chrom: r.chrom, pos: r.pos, ref: r.ref, alt: r.alt, label: r.label, pRef: r.p_ref, pAlt: r.p_alt, delta: r.delta, offset: r.offset, lost: JSON.parse(r.lost), gained: JSON.parse(r.gained), rank: r.rank };
    }),
  };
}

export function variantWindows(db: Database.Database, setId: number, idx: number): { ref: Uint8Array; alt: Uint8Array; offset: number; name: string } | null {
  const r = db.prepare('SELECT name, ref_seq, alt_seq, offset FROM variants WHERE set_id = ? AND idx = ?').get(setId, idx) as { name: string; ref_seq: Buffer; alt_seq: Buffer; offset: number } | undefined;
  if (!r) return null;
  const dec = (b: Buffer) => unpack(packedFromBytes(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));
  return { ref: dec(r.ref_seq), alt: dec(r.alt_seq), offset: r.offset, name: r.name };
}

/**
 * The ranked table as TSV. Lines starting with '#' come first: the set, the model warning when the
 * model cannot support motif-level conclusions, and what was done to the input (skipped pairs,
 * windows cut or padded). Instances: name(strand)@start-end:activation→activation on the other allele.
 */
export function exportVariants(db: Database.Database, setId: number, file: string): { path: string; count: number } {
  const { rows } = pageVariants(db, setId, { offset: 0, limit: 10_000_000, sort: 'abs' });
  const set = getVariantSet(db, setId);
  const act = (c: InstanceBrief) => (c.otherActivation === undefined ? '' : `:${c.activation.toFixed(2)}→${c.otherActivation.toFixed(2)}`);
  // pairs: instance positions 1-based inclusive in the submitted sequence, like the changes
  const fmt = (l: InstanceBrief[], ws?: number) => l.map((c) => `${c.name}(${c.strand})@${ws === undefined ? `${c.start}-${c.end}` : `${c.start + ws}-${c.end + ws - 1}`}${act(c)}`).join(',');
  const lines: string[] = [];
  if (set) {
    const rep = set.report as { warning?: string | null; notes?: string[] };
    lines.push(`# Cisgram variant set "${set.name}" (run ${set.runId}), ${set.nVariants} scored, ${set.createdAt}`);
    if (rep.warning) lines.push(`# WARNING: ${rep.warning}`);
    for (const n of rep.notes ?? []) lines.push(`# ${n}`);
    const m = set.metrics;
    if (m) {
      const f = (v: number | null | undefined) => (v === null || v === undefined ? 'NA' : v.toFixed(3));
      const one = (x: Omit<VariantMetrics, 'baseline'>) => `n=${x.n} sign_accuracy=${f(x.signAccuracy)} auROC=${f(x.auroc)} auPRC=${f(x.auprc)} Pearson=${f(x.pearson)} Spearman=${f(x.spearman)}`;
      lines.push(`# metrics (model, ${m.kind} labels): ${one(m)}`);
      if (m.baseline) lines.push(`# metrics (PWM baseline ${m.baseline.name}, best log-odds alt − ref): ${one(m.baseline.metrics)}`);
    }
  }
  const paired = rows.some((r) => r.changes);
  lines.push(['rank', 'name', 'chrom', 'pos', 'ref', 'alt', ...(paired ? ['n_changes', 'changes'] : []), 'p_ref', 'p_alt', 'delta', 'label', 'instances_lost', 'instances_gained'].join('\t'));
  for (const r of rows) {
    const ch = r.changes ? [r.changes.length, r.changes.map((c) => `${c.ref}${c.pos}${c.alt}`).join(';')] : paired ? ['', ''] : [];
    lines.push([r.rank, r.name, r.chrom ?? '', r.pos ?? '', r.ref, r.alt, ...ch, r.pRef.toFixed(5), r.pAlt.toFixed(5), r.delta.toFixed(5), r.label ?? '', fmt(r.lost, r.windowStart), fmt(r.gained, r.windowStart)].join('\t'));
  }
  writeFileSync(file, lines.join('\n') + '\n');
  return { path: file, count: rows.length };
}
