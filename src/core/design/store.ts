// Designs in the project file (migration 6): reading, writing and editing design rows with their
// provenance, the motif palette of a run, natural sequences to shuffle, the learned pair rules as
// snapping guides, and the user's vendor profiles (built-ins overridden by edits). Multi-row writes
// are one transaction. Pure design logic lives in ./design.ts, ./background.ts, ./constraints.ts.
import type Database from 'better-sqlite3';
import { APP_VERSION } from '../version';
import { listMotifs, type ProjectMotifRecord } from '../motifs/project-store';
import { decode as decodeCodes } from '../seq/alphabet';
import { getSequences, getDataset } from '../data/store';
import type { Motif } from '../pwm/types';
import { listRules, type Rule } from '../grammar/rules-store';
import type { Background } from './background';
import { createDesign, insertionEnd, type BatchRole, type Design, type Insertion, type Orientation, type Strand } from './design';
import { checkDesignReport, type Violation } from './constraints';
import { BUILTIN_PROFILES, validateProfile, type VendorProfile } from './profiles';
import type { InstanceCall } from './scoring';

export class DesignStoreError extends Error {
  constructor(message: string, readonly code: 'not_found' | 'conflict' | 'invalid_input') {
    super(message);
    this.name = 'DesignStoreError';
  }
}

export type DesignStatus = 'draft' | 'kept' | 'discarded';

export interface ScoredBy {
  runId: number;
  runName: string;
  backend: string | null;
  appVersion: string;
  at: string;
}

export interface DesignRow {
  id: number;
  name: string;
  runId: number | null;
  background: Background;
  insertions: Insertion[];
  sequence: string;
  length: number;
  prediction: number | null;
  predictions: number[] | null;
  calls: InstanceCall[];
  violations: Violation[];
  profileId: string | null;
  scoredBy: ScoredBy | null;
  batchId: number | null;
  role: BatchRole | null;
  batchInfo: Design['batch'] | null;
  status: DesignStatus;
  appVersion: string;
  createdAt: string;
  updatedAt: string;
}

interface Raw {
  id: number; name: string; run_id: number | null; background: string; insertions: string; sequence: string; length: number;
  prediction: number | null; predictions: string | null; calls: string; violations: string; profile_id: string | null; scored_by: string | null;
  batch_id: number | null; role: BatchRole | null; batch_info: string | null; status: DesignStatus; app_version: string; created_at: string; updated_at: string;
}

function toRow(r: Raw): DesignRow {
  return {
    id: r.id, name: r.name, runId: r.run_id, background: JSON.parse(r.background) as Background, insertions: JSON.parse(r.insertions) as Insertion[],
    sequence: r.sequence, length: r.length, prediction: r.prediction, predictions: r.predictions ? (JSON.parse(r.predictions) as number[]) : null,
    calls: JSON.parse(r.calls) as InstanceCall[], violations: JSON.parse(r.violations) as Violation[], profileId: r.profile_id,
    scoredBy: r.scored_by ? (JSON.parse(r.scored_by) as ScoredBy) : null, batchId: r.batch_id, role: r.role,
    batchInfo: r.batch_info ? (JSON.parse(r.batch_info) as Design['batch']) : null, status: r.status, appVersion: r.app_version,
    createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

/** The pure Design value of a row (for edits and exports). */
export function asDesign(row: DesignRow): Design {
  const d = createDesign(String(row.id), row.name, row.background, row.insertions);
  return { ...d, ...(row.batchInfo ? { batch: row.batchInfo } : {}), ...(row.scoredBy ? { scoredBy: { modelId: `run${row.scoredBy.runId}`, runId: String(row.scoredBy.runId), probability: row.prediction ?? undefined } } : {}) };
}

export function getDesign(db: Database.Database, id: number): DesignRow {
  const r = db.prepare('SELECT * FROM designs WHERE id = ?').get(id) as Raw | undefined;
  if (!r) throw new DesignStoreError(`No design ${id} in this project (it may have been deleted).`, 'not_found');
  return toRow(r);
}

export function getDesigns(db: Database.Database, ids: readonly number[]): DesignRow[] {
  const stmt = db.prepare('SELECT * FROM designs WHERE id = ?');
  const out: DesignRow[] = [];
  const missing: number[] = [];
  for (const id of ids) {
    const r = stmt.get(id) as Raw | undefined;
    if (r) out.push(toRow(r));
    else missing.push(id);
  }
  if (missing.length) throw new DesignStoreError(`Design${missing.length > 1 ? 's' : ''} ${missing.join(', ')} no longer exist${missing.length > 1 ? '' : 's'} in this project.`, 'not_found');
  return out;
}

export type DesignSort = 'prediction' | 'created' | 'name' | 'spacing';

export interface ListOptions {
  offset: number;
  limit: number;
  batchId?: number | null;
  status?: DesignStatus | 'active';
  sort?: DesignSort;
  desc?: boolean;
}

export function pageDesigns(db: Database.Database, o: ListOptions): { total: number; rows: DesignRow[] } {
  const where: string[] = [];
  const args: unknown[] = [];
  if (o.batchId === null) where.push('batch_id IS NULL');
  else if (o.batchId !== undefined) { where.push('batch_id = ?'); args.push(o.batchId); }
  if (o.status === 'active') where.push("status != 'discarded'");
  else if (o.status) { where.push('status = ?'); args.push(o.status); }
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const dir = o.desc === false ? 'ASC' : 'DESC';
  const order =
    o.sort === 'name' ? `name COLLATE NOCASE ${o.desc ? 'DESC' : 'ASC'}`
      : o.sort === 'created' ? `id ${dir}`
        : o.sort === 'spacing' ? `json_extract(batch_info, '$.spacing') ${o.desc ? 'DESC' : 'ASC'}, id`
          : `prediction IS NULL, prediction ${dir}, id`;
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM designs ${w}`).get(...args) as { n: number }).n;
  const rows = db.prepare(`SELECT * FROM designs ${w} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...args, o.limit, o.offset) as Raw[];
  return { total, rows: rows.map(toRow) };
}

export function nameTaken(db: Database.Database, name: string, exceptId?: number): boolean {
  const r = db.prepare('SELECT id FROM designs WHERE name = ? COLLATE NOCASE').get(name) as { id: number } | undefined;
  return !!r && r.id !== exceptId;
}

/** `base`, or `base_2`, `base_3`… — the first name not used by another design. */
export function uniqueName(db: Database.Database, base: string, taken: Set<string> = new Set()): string {
  let name = base;
  for (let k = 2; nameTaken(db, name) || taken.has(name.toLowerCase()); k++) name = `${base}_${k}`;
  taken.add(name.toLowerCase());
  return name;
}

export interface Scoring {
  predictions: number[] | null;
  calls: InstanceCall[];
  scoredBy: ScoredBy | null;
}

export interface NewDesignRow {
  name: string;
  runId: number | null;
  design: Design;
  scoring: Scoring;
  profile: VendorProfile;
  batchId?: number | null;
  status?: DesignStatus;
}

function checkOf(d: Design, profile: VendorProfile): Violation[] {
  // The name is checked at export time against the whole order; the canvas report is about the sequence.
  return checkDesignReport(d.sequence, d.name, profile).violations.filter((v) => v.target === 'sequence');
}

const insertStmt = (db: Database.Database) =>
  db.prepare(`INSERT INTO designs(name, run_id, background, insertions, sequence, length, prediction, predictions, calls, violations, profile_id,
    scored_by, batch_id, role, batch_info, status, app_version, created_at, updated_at) VALUES(@name, @run, @bg, @ins, @seq, @len, @pred, @preds,
    @calls, @viol, @prof, @scored, @batch, @role, @binfo, @status, @ver, @now, @now)`);

function params(n: NewDesignRow, now: string) {
  const d = n.design;
  return {
    name: n.name, run: n.runId, bg: JSON.stringify(d.background), ins: JSON.stringify(d.insertions), seq: d.sequence, len: d.length,
    pred: n.scoring.predictions?.[0] ?? null, preds: n.scoring.predictions ? JSON.stringify(n.scoring.predictions) : null,
    calls: JSON.stringify(n.scoring.calls), viol: JSON.stringify(checkOf(d, n.profile)), prof: n.profile.id,
    scored: n.scoring.scoredBy ? JSON.stringify(n.scoring.scoredBy) : null, batch: n.batchId ?? null, role: d.batch?.role ?? null,
    binfo: d.batch ? JSON.stringify(d.batch) : null, status: n.status ?? 'draft', ver: APP_VERSION, now,
  };
}

export function insertDesign(db: Database.Database, n: NewDesignRow): number {
  if (nameTaken(db, n.name)) throw new DesignStoreError(`A design named “${n.name}” already exists; choose another name.`, 'conflict');
  return Number(insertStmt(db).run(params(n, new Date().toISOString())).lastInsertRowid);
}

/** Many designs in one transaction (batch). Names must already be unique. */
export function insertDesigns(db: Database.Database, rows: NewDesignRow[]): number[] {
  const stmt = insertStmt(db);
  const now = new Date().toISOString();
  return rows.map((n) => Number(stmt.run(params(n, now)).lastInsertRowid));
}

/** Replace a design's insertions/sequence and its scoring (one row update). */
export function updateDesign(db: Database.Database, id: number, d: Design, scoring: Scoring, profile: VendorProfile): void {
  db.prepare(`UPDATE designs SET insertions=@ins, sequence=@seq, length=@len, prediction=@pred, predictions=@preds, calls=@calls, violations=@viol,
    profile_id=@prof, scored_by=@scored, updated_at=@now WHERE id=@id`).run({
    id, ins: JSON.stringify(d.insertions), seq: d.sequence, len: d.length, pred: scoring.predictions?.[0] ?? null,
    preds: scoring.predictions ? JSON.stringify(scoring.predictions) : null, calls: JSON.stringify(scoring.calls), viol: JSON.stringify(checkOf(d, profile)),
    prof: profile.id, scored: scoring.scoredBy ? JSON.stringify(scoring.scoredBy) : null, now: new Date().toISOString(),
  });
}

/** Re-check the stored constraint report under another profile (no re-scoring). */
export function recheckDesign(db: Database.Database, row: DesignRow, profile: VendorProfile): DesignRow {
  if (row.profileId === profile.id) return row;
  const violations = checkOf(asDesign(row), profile);
  db.prepare('UPDATE designs SET violations = ?, profile_id = ? WHERE id = ?').run(JSON.stringify(violations), profile.id, row.id);
  return { ...row, violations, profileId: profile.id };
}

export function renameDesign(db: Database.Database, id: number, name: string): void {
  getDesign(db, id);
  if (nameTaken(db, name, id)) throw new DesignStoreError(`A design named “${name}” already exists; choose another name.`, 'conflict');
  db.prepare('UPDATE designs SET name = ?, updated_at = ? WHERE id = ?').run(name, new Date().toISOString(), id);
}

export function setStatus(db: Database.Database, ids: readonly number[], status: DesignStatus): number {
  const stmt = db.prepare('UPDATE designs SET status = ?, updated_at = ? WHERE id = ?');
  const now = new Date().toISOString();
  return db.transaction(() => ids.reduce((n, id) => n + stmt.run(status, now, id).changes, 0))();
}

export function deleteDesigns(db: Database.Database, ids: readonly number[]): number {
  const stmt = db.prepare('DELETE FROM designs WHERE id = ?');
  return db.transaction(() => ids.reduce((n, id) => n + stmt.run(id).changes, 0))();
}

// ---- batches ------------------------------------------------------------------------------------

export interface BatchRow { id: number; name: string; runId: number | null; params: Record<string, unknown>; jobId: string | null; nDesigns: number; createdAt: string }

export function listBatches(db: Database.Database): BatchRow[] {
  return (db.prepare('SELECT b.*, (SELECT COUNT(*) FROM designs d WHERE d.batch_id = b.id) AS n FROM design_batches b ORDER BY id DESC').all() as
    { id: number; name: string; run_id: number | null; params: string; job_id: string | null; n: number; created_at: string }[]).map((b) => ({
    id: b.id, name: b.name, runId: b.run_id, params: JSON.parse(b.params) as Record<string, unknown>, jobId: b.job_id, nDesigns: b.n, createdAt: b.created_at,
  }));
}

export function insertBatch(db: Database.Database, b: { name: string; runId: number; params: unknown; jobId: string | null; nDesigns: number }): number {
  return Number(db.prepare('INSERT INTO design_batches(name, run_id, params, job_id, n_designs, created_at) VALUES(?,?,?,?,?,?)')
    .run(b.name, b.runId, JSON.stringify(b.params), b.jobId, b.nDesigns, new Date().toISOString()).lastInsertRowid);
}

export function deleteBatch(db: Database.Database, id: number): void {
  db.prepare('DELETE FROM design_batches WHERE id = ?').run(id);
}

// ---- motifs of a run (the palette) ----------------------------------------------------------------

export interface PaletteMotif {
  id: number;
  name: string;
  filter: number | null;
  passes: boolean;
  consensus: string;
  /** Trimmed PFM rows (A,C,G,T). */
  probs: number[][];
  width: number;
  trimStart: number;
  trimEnd: number;
  rcTwin: number | null;
}

/**
 * Motifs of a run as the palette shows them: one entry per motif (a reverse-complement twin with
 * the higher filter number is the same motif on the other strand and is not listed). Merged motifs
 * are hidden. Ordered by filter.
 */
export function paletteMotifs(db: Database.Database, runId: number): PaletteMotif[] {
  return listMotifs(db, { runId })
    .filter((m) => m.mergedInto === null && !(m.rcTwin !== null && m.filterIndex !== null && m.rcTwin < m.filterIndex && m.rcTwinMotifId !== null))
    .map((m) => toPalette(m));
}

function toPalette(m: ProjectMotifRecord): PaletteMotif {
  const probs = m.trimEnd > m.trimStart ? m.probs.slice(m.trimStart, m.trimEnd) : m.probs;
  return { id: m.id, name: m.name, filter: m.filterIndex, passes: m.passes, consensus: m.consensus, probs, width: probs.length, trimStart: m.trimEnd > m.trimStart ? m.trimStart : 0, trimEnd: m.trimEnd > m.trimStart ? m.trimEnd : m.probs.length, rcTwin: m.rcTwin };
}

/** A run's motif as a Motif value for placement (id = project motif id, trimmed PFM). */
export function paletteMotif(db: Database.Database, runId: number, motifId: number): { motif: Motif; palette: PaletteMotif } {
  const m = listMotifs(db, { runId }).find((x) => x.id === motifId);
  if (!m) throw new DesignStoreError(`Motif ${motifId} is not a motif of this design's run.`, 'not_found');
  const p = toPalette(m);
  return { palette: p, motif: { id: String(m.id), name: m.name.replace(/\s+/g, '_'), probs: p.probs } };
}

// ---- natural sequences to shuffle -----------------------------------------------------------------

/** Indices of a dataset's sequences that are positive (first task ≥ 0.5) or negative (all tasks < 0.5). */
export function naturalIndices(db: Database.Database, datasetId: number, kind: 'positive' | 'negative'): number[] {
  const ds = getDataset(db, datasetId);
  if (!ds) throw new DesignStoreError(`No dataset ${datasetId} in this project.`, 'not_found');
  const out: number[] = [];
  for (const r of db.prepare('SELECT idx, labels FROM dataset_seqs WHERE dataset_id = ? ORDER BY idx').iterate(datasetId) as Iterable<{ idx: number; labels: Buffer }>) {
    const f = new Float32Array(r.labels.buffer.slice(r.labels.byteOffset, r.labels.byteOffset + 4 * ds.nTasks));
    const pos = f[0] >= 0.5;
    const anyPos = Array.from(f).some((v) => v >= 0.5);
    if (kind === 'positive' ? pos : !anyPos) out.push(r.idx);
  }
  return out;
}

export function naturalSequence(db: Database.Database, datasetId: number, idx: number): { name: string; bases: string } {
  const seq = getSequences(db, datasetId, [idx]).get(idx);
  const row = db.prepare('SELECT name FROM dataset_seqs WHERE dataset_id = ? AND idx = ?').get(datasetId, idx) as { name: string } | undefined;
  if (!seq || !row) throw new DesignStoreError(`Sequence #${idx + 1} is not in dataset ${datasetId}.`, 'not_found');
  return { name: row.name, bases: decodeCodes(seq) };
}

// ---- rules as snapping guides ------------------------------------------------------------------

export interface Guide {
  rule: Rule;
  /** The motif of the design the guide is anchored on, and the partner motif to place. */
  anchorMotifId: number;
  partnerMotifId: number | null;
  partnerName: string;
  /** Where the partner goes (null when it does not fit in the design). */
  start: number | null;
  strand: Strand;
  /** 'downstream' when the partner comes after the anchor on the + strand. */
  side: 'downstream' | 'upstream';
  /** Index of an existing insertion of the partner motif that "apply rule" would move (nearest). */
  partnerIndex: number | null;
}

/**
 * Guides for insertion `index` of a design: for every learned rule of the run that involves its
 * motif, the position and strand at which the partner motif sits at the rule's modal spacing.
 *
 * Geometry (rules use full filter windows of width W; insertions are trimmed motifs): the filter
 * window of an insertion starts at start − trimStart on '+', start − (W − trimEnd) on '−'. A rule
 * (A, B, orientation o, spacing s) means window(B) − window(A) = W + s with A on o[0] and B on o[1];
 * its reverse complement (B first on ¬o[1], then A on ¬o[0]) is the same rule read on the other
 * strand, used when the anchor sits on the strand opposite to the rule's.
 */
export function guidesFor(db: Database.Database, row: DesignRow, index: number, W: number): Guide[] {
  if (row.runId === null) return [];
  const ins = row.insertions[index];
  if (!ins) throw new DesignStoreError(`Design ${row.name} has no insertion #${index + 1}.`, 'not_found');
  const motifs = listMotifs(db, { runId: row.runId });
  const byId = new Map(motifs.map((m) => [m.id, m] as const));
  const byFilter = new Map(motifs.filter((m) => m.filterIndex !== null).map((m) => [m.filterIndex!, m] as const));
  const anchor = byId.get(Number(ins.motifId));
  if (!anchor || anchor.filterIndex === null) return [];
  const rep = (m: ProjectMotifRecord) => (m.rcTwin !== null && m.rcTwin < m.filterIndex! && byFilter.has(m.rcTwin) ? byFilter.get(m.rcTwin)! : m);
  const aRep = rep(anchor);
  const trim = (m: ProjectMotifRecord) => (m.trimEnd > m.trimStart ? { ts: m.trimStart, te: m.trimEnd } : { ts: 0, te: m.probs.length });
  const windowStart = (m: ProjectMotifRecord, start: number, strand: Strand) => { const t = trim(m); return strand === '+' ? start - t.ts : start - (W - t.te); };
  const insStart = (m: ProjectMotifRecord, win: number, strand: Strand) => { const t = trim(m); return strand === '+' ? win + t.ts : win + (W - t.te); };
  const flip = (s: string): Strand => (s === '+' ? '-' : '+');
  const out: Guide[] = [];
  for (const rule of listRules(db, { runId: row.runId })) {
    for (const anchorIsA of [true, false]) {
      const aF = anchorIsA ? rule.motifA.filter : rule.motifB.filter;
      const pF = anchorIsA ? rule.motifB.filter : rule.motifA.filter;
      if (aF !== aRep.filterIndex) continue;
      if (!anchorIsA && rule.motifA.filter === rule.motifB.filter) continue; // same-motif rule: one guide per side is enough
      const partner = byFilter.get(pF);
      if (!partner) continue;
      const o = rule.orientation;
      const anchorRuleStrand = (anchorIsA ? o[0] : o[1]) as Strand;
      const partnerRuleStrand = (anchorIsA ? o[1] : o[0]) as Strand;
      // Read the rule on the anchor's strand.
      const same = ins.strand === anchorRuleStrand;
      const partnerStrand = same ? partnerRuleStrand : flip(partnerRuleStrand);
      // On the rule's strand the partner is downstream iff the anchor is A; reading on the other strand swaps it.
      const downstream = anchorIsA === same;
      const wa = windowStart(anchor, ins.start, ins.strand);
      const wp = downstream ? wa + W + rule.spacingMode : wa - W - rule.spacingMode;
      const start = insStart(partner, wp, partnerStrand);
      const width = trim(partner).te - trim(partner).ts;
      const fits = start >= 0 && start + width <= row.length;
      let partnerIndex: number | null = null, best = Infinity;
      row.insertions.forEach((o2, i) => {
        if (i === index || Number(o2.motifId) !== partner.id) return;
        const dist = Math.abs(o2.start - ins.start);
        if (dist < best) { best = dist; partnerIndex = i; }
      });
      out.push({ rule, anchorMotifId: anchor.id, partnerMotifId: partner.id, partnerName: partner.name, start: fits ? start : null, strand: partnerStrand, side: downstream ? 'downstream' : 'upstream', partnerIndex });
    }
  }
  return out;
}

/** Other insertions within `near` bp (edge to edge) of insertion `index`. */
export function neighbours(row: DesignRow, index: number, near: number): number[] {
  const a = row.insertions[index];
  return row.insertions.flatMap((b, i) => (i !== index && Math.max(b.start - insertionEnd(a), a.start - insertionEnd(b)) <= near ? [i] : []));
}

// ---- vendor profiles ------------------------------------------------------------------------

export function listProfiles(db: Database.Database): { profile: VendorProfile; builtin: boolean; edited: boolean }[] {
  const rows = db.prepare('SELECT id, profile FROM vendor_profiles ORDER BY id').all() as { id: string; profile: string }[];
  const edited = new Map(rows.map((r) => [r.id, JSON.parse(r.profile) as VendorProfile] as const));
  const out = BUILTIN_PROFILES.map((p) => ({ profile: edited.get(p.id) ?? p, builtin: true, edited: edited.has(p.id) }));
  for (const [id, p] of edited) if (!BUILTIN_PROFILES.some((b) => b.id === id)) out.push({ profile: p, builtin: false, edited: true });
  return out;
}

export function getProfile(db: Database.Database, id: string): VendorProfile {
  const p = listProfiles(db).find((x) => x.profile.id === id);
  if (!p) throw new DesignStoreError(`No vendor profile “${id}”.`, 'not_found');
  return p.profile;
}

/** Validate (throws ProfileError listing every problem) and store a profile. */
export function saveProfile(db: Database.Database, raw: unknown): VendorProfile {
  const p = validateProfile(raw);
  db.prepare('INSERT INTO vendor_profiles(id, profile, updated_at) VALUES(?,?,?) ON CONFLICT(id) DO UPDATE SET profile = excluded.profile, updated_at = excluded.updated_at')
    .run(p.id, JSON.stringify(p), new Date().toISOString());
  return p;
}

/** Built-in: back to the shipped rules; user profile: deleted. */
export function resetProfile(db: Database.Database, id: string): void {
  db.prepare('DELETE FROM vendor_profiles WHERE id = ?').run(id);
}

export type { Orientation };
