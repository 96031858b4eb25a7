// The comparison table of one dataset (issue 7): one row per run (model, prior, seed) with its
// stored evaluation (compare_evals, migration 7), rows grouped by (model, prior) into mean ± sd over
// seeds, and the table as CSV. Pure SQLite + JSON: safe on the main thread.
import type Database from 'better-sqlite3';
import { listRuns, type RunSummary } from '../train/runs';
import { APP_VERSION } from '../version';
import { modelKindLabel } from '../model/kinds';
import type { InstanceFigures } from './strict';

export interface PriorInfo { kind: 'none' | 'fourier' | 'tv'; lambda: number; T?: number | null; c?: number | null; sigma?: number }

/** Instance figures of one caller against the planted sites (stored as compare/strict.ts computes them). */
export type StrictInstanceFigures = InstanceFigures;

/**
 * The strict figures (MODEL.md §6, compare/strict.ts). Absent in evaluations stored before they
 * existed: such rows were judged with the old, lenient definitions and must be re-evaluated.
 */
export interface StrictMetrics {
  version: 1;
  /** Filters per usage verdict; `units` = used filters with RC twins counted once. */
  usage: { used: number; units: number; silent: number; rare: number; notEnriched: number; noNegatives: number };
  allInactive: boolean;
  /** Why motif figures are missing (e.g. "recovery needs a JASPAR collection with TF families"), else null. */
  note: string | null;
  /** The known-motif collection motifs were judged against. */
  collection: string | null;
  /** Planted motifs (simulated data). */
  recovery: {
    recovered: number; total: number; redundancy: number | null; extraneous: number;
    planted: { id: string; name: string; entryId: string; recovered: boolean; filters: number[]; units: number }[];
  } | null;
  /** Real data: distinct collection entries that are a used unit's best match with q < 0.05. */
  known: { distinct: number; redundancy: number | null; extraneous: number } | null;
  /** Every filter: usage verdict, firing fractions, Fisher p; best match and planted assignment when used. */
  filters: { filter: number; verdict: string; role?: 'activating' | 'repressing'; fracPos: number; fracNeg: number | null; p: number | null; best: { id: string; name: string; q: number } | null; planted: string | null }[];
  /** Planted sites: filter-activation calls (every model), ARGMINN's attention calls, FIMO with the model's motifs and with the true ones. */
  instances: {
    model: StrictInstanceFigures;
    attention: StrictInstanceFigures | null;
    fimoModel: StrictInstanceFigures | null;
    fimoTrue: StrictInstanceFigures | null;
  } | null;
  /** The planted pair rule among the syntax explorer's top rules (found null = not applicable, see note). */
  rule: {
    found: boolean | null;
    arrangements: { a: string; b: string; gap: [number, number]; orientation: string; found: boolean; rank: number | null; globalRank: number | null; pairRules: number }[];
    note: string | null;
  } | null;
  /**
   * Importance-score discovery on this run (compare/discovery-figures.ts; the paper benchmark's
   * "importance discovery" baseline, run on the standard CNN): discovered motifs that pass stand where
   * used filters do; their seqlets are the instance calls.
   */
  discovery?: {
    method: string; nSeqs: number; nSeqlets: number; nMotifs: number; passing: number; note: string | null;
    recovery: {
      recovered: number; total: number; redundancy: number | null; extraneous: number;
      planted: { id: string; name: string; recovered: boolean; motifs: number[] }[];
    } | null;
    instances: StrictInstanceFigures | null;
  };
}

export interface CompareMetrics {
  test: { accuracy: number | null; auroc: number | null; auprc: number | null } | null;
  motifs: { total: number; passing: number; unused: number };
  /**
   * relevant / referenceSize / redundancy / extraneous / matches / instances: since the strict
   * evaluation these repeat its figures (recovered planted motifs, merged calls); evaluations stored
   * before it hold the old, lenient figures. The table reads `strict` only.
   */
  relevant: number | null;
  referenceSize: number;
  redundancy: number | null;
  extraneous: number | null;
  truthSimilarity: number | null;
  instances: { precision: number; recall: number; averagePrecision: number; nCalls: number; nTruth: number } | null;
  attribution: { method: string; n: number; highFreqShare: number; entropy: number } | null;
  trainSeconds: number;
  params: number | null;
  peakRssMb: number | null;
  matches: { motif: string; target: string; q: number }[];
  evalSeconds: number;
  strict?: StrictMetrics;
}

export interface Reference { kind: 'truth' | 'collection' | 'none'; name: string; collectionId?: number | null }

export interface CompareRow {
  runId: number;
  name: string;
  modelKind: RunSummary['modelKind'];
  prior: PriorInfo;
  group: string;
  seed: number;
  state: RunSummary['state'];
  hasModel: boolean;
  evaluated: boolean;
  reference: Reference | null;
  metrics: CompareMetrics | null;
  evaluatedAt: string | null;
  /** strictStatus of the metrics (all filters inactive, missing collection, old definitions), else null. */
  status: string | null;
}

const recovered = (m: CompareMetrics) => m.strict ? (m.strict.recovery?.recovered ?? m.strict.known?.distinct ?? null) : null;
const inst = (m: CompareMetrics, k: 'model' | 'attention' | 'fimoModel' | 'fimoTrue') => m.strict?.instances?.[k] ?? null;
const ruleFound = (m: CompareMetrics) => { const f = m.strict?.rule?.found; return f === true ? 1 : f === false ? 0 : null; };

/**
 * Numeric columns of the table: key, header, accessor. Motif and instance columns read the strict
 * figures only (MODEL.md §6); rows evaluated before them show no value there.
 */
export const COLUMNS: { key: string; label: string; get: (m: CompareMetrics) => number | null; digits: number; truthOnly?: boolean }[] = [
  { key: 'accuracy', label: 'Test accuracy', get: (m) => m.test?.accuracy ?? null, digits: 3 },
  { key: 'auroc', label: 'Test auROC', get: (m) => m.test?.auroc ?? null, digits: 3 },
  { key: 'auprc', label: 'Test auPRC', get: (m) => m.test?.auprc ?? null, digits: 3 },
  { key: 'passing', label: 'Motifs passing', get: (m) => m.motifs.passing, digits: 0 },
  { key: 'used', label: 'Filters used', get: (m) => m.strict?.usage.used ?? null, digits: 0 },
  { key: 'relevant', label: 'Motifs recovered', get: recovered, digits: 0 },
  { key: 'redundancy', label: 'Redundancy', get: (m) => m.strict ? (m.strict.recovery?.redundancy ?? m.strict.known?.redundancy ?? null) : null, digits: 2 },
  { key: 'extraneous', label: 'Extraneous', get: (m) => m.strict ? (m.strict.recovery?.extraneous ?? m.strict.known?.extraneous ?? null) : null, digits: 0 },
  { key: 'truthSimilarity', label: 'Similarity to truth', get: (m) => m.truthSimilarity, digits: 2, truthOnly: true },
  { key: 'p80', label: 'Precision at recall 0.8', get: (m) => inst(m, 'model')?.precisionAtRecall80 ?? null, digits: 2, truthOnly: true },
  { key: 'recallAtN', label: 'Top-k recall, k = planted sites', get: (m) => inst(m, 'model')?.recallAtN ?? null, digits: 2, truthOnly: true },
  { key: 'attP80', label: 'Attention calls: precision at recall 0.8', get: (m) => inst(m, 'attention')?.precisionAtRecall80 ?? null, digits: 2, truthOnly: true },
  { key: 'attRecallAtN', label: 'Attention calls: top-k recall', get: (m) => inst(m, 'attention')?.recallAtN ?? null, digits: 2, truthOnly: true },
  { key: 'fimoModelP80', label: 'FIMO, model motifs: precision at recall 0.8', get: (m) => inst(m, 'fimoModel')?.precisionAtRecall80 ?? null, digits: 2, truthOnly: true },
  { key: 'fimoModelRecallAtN', label: 'FIMO, model motifs: top-k recall', get: (m) => inst(m, 'fimoModel')?.recallAtN ?? null, digits: 2, truthOnly: true },
  { key: 'fimoTrueP80', label: 'FIMO, true motifs: precision at recall 0.8', get: (m) => inst(m, 'fimoTrue')?.precisionAtRecall80 ?? null, digits: 2, truthOnly: true },
  { key: 'fimoTrueRecallAtN', label: 'FIMO, true motifs: top-k recall', get: (m) => inst(m, 'fimoTrue')?.recallAtN ?? null, digits: 2, truthOnly: true },
  { key: 'ruleFound', label: 'Planted rule found (1 = yes)', get: ruleFound, digits: 2, truthOnly: true },
  // the importance-discovery baseline, computed on the standard CNN's rows (compare/discovery-figures.ts)
  { key: 'discRecovered', label: 'Importance discovery: motifs recovered', get: (m) => m.strict?.discovery?.recovery?.recovered ?? null, digits: 0, truthOnly: true },
  { key: 'discRedundancy', label: 'Importance discovery: redundancy', get: (m) => m.strict?.discovery?.recovery?.redundancy ?? null, digits: 2, truthOnly: true },
  { key: 'discExtraneous', label: 'Importance discovery: extraneous', get: (m) => m.strict?.discovery?.recovery?.extraneous ?? null, digits: 0, truthOnly: true },
  { key: 'discP80', label: 'Importance discovery seqlets: precision at recall 0.8', get: (m) => m.strict?.discovery?.instances?.precisionAtRecall80 ?? null, digits: 2, truthOnly: true },
  { key: 'highFreq', label: 'Attribution high-freq. share', get: (m) => m.attribution?.highFreqShare ?? null, digits: 3 },
  { key: 'entropy', label: 'Attribution entropy (bits)', get: (m) => m.attribution?.entropy ?? null, digits: 2 },
  { key: 'trainSeconds', label: 'Training time (s)', get: (m) => m.trainSeconds, digits: 0 },
  { key: 'params', label: 'Parameters', get: (m) => m.params, digits: 0 },
  { key: 'peakRssMb', label: 'Peak memory (MB)', get: (m) => m.peakRssMb, digits: 0 },
];

/** The state a row's figures cannot show as numbers: all filters dead, missing collection, old definitions. */
export function strictStatus(m: CompareMetrics | null): string | null {
  if (!m) return null;
  if (!m.strict) return 'evaluated with the old, lenient definitions: re-evaluate';
  if (m.strict.allInactive) return 'all filters inactive';
  return m.strict.note;
}


export function priorOf(config: unknown): PriorInfo {
  const p = (config as { prior?: Partial<PriorInfo> } | null)?.prior;
  if (!p || !p.kind || p.kind === 'none') return { kind: 'none', lambda: 0 };
  return { kind: p.kind, lambda: p.lambda ?? 1, T: p.T ?? null, c: p.c ?? null, sigma: p.sigma };
}

export function priorLabel(p: PriorInfo): string {
  if (p.kind === 'none') return 'no prior';
  if (p.kind === 'tv') return `TV prior λ=${p.lambda}`;
  return `Fourier prior λ=${p.lambda}${p.T ? `, T=${p.T}` : ''}`;
}

export function groupKey(modelKind: string, prior: PriorInfo): string {
  return `${modelKindLabel(modelKind)} · ${priorLabel(prior)}`;
}

export function saveEvaluation(db: Database.Database, runId: number, datasetId: number, reference: Reference, metrics: CompareMetrics, jobId: string | null): void {
  db.prepare(`INSERT INTO compare_evals(run_id, dataset_id, reference, metrics, job_id, app_version, created_at) VALUES(?,?,?,?,?,?,?)
    ON CONFLICT(run_id) DO UPDATE SET dataset_id=excluded.dataset_id, reference=excluded.reference, metrics=excluded.metrics, job_id=excluded.job_id,
      app_version=excluded.app_version, created_at=excluded.created_at`)
    .run(runId, datasetId, JSON.stringify(reference), JSON.stringify(metrics), jobId, APP_VERSION, new Date().toISOString());
}

/** Runs of one dataset with their evaluations, oldest first. */
export function comparisonRows(db: Database.Database, datasetId: number): CompareRow[] {
  const evals = new Map(
    (db.prepare('SELECT run_id, reference, metrics, created_at FROM compare_evals WHERE dataset_id = ?').all(datasetId) as { run_id: number; reference: string; metrics: string; created_at: string }[])
      .map((r) => [r.run_id, r]),
  );
  const configs = new Map((db.prepare('SELECT id, config FROM runs WHERE dataset_id = ?').all(datasetId) as { id: number; config: string }[]).map((r) => [r.id, r.config]));
  return listRuns(db).filter((r) => r.datasetId === datasetId).reverse().map((r) => {
    const e = evals.get(r.id);
    const prior = priorOf(JSON.parse(configs.get(r.id) ?? '{}'));
    const metrics = e ? (JSON.parse(e.metrics) as CompareMetrics) : null;
    return {
      runId: r.id, name: r.name, modelKind: r.modelKind, prior, group: groupKey(r.modelKind, prior), seed: r.seed, state: r.state, hasModel: r.hasModel,
      evaluated: !!e, reference: e ? (JSON.parse(e.reference) as Reference) : null, metrics, evaluatedAt: e?.created_at ?? null, status: strictStatus(metrics),
    };
  });
}

export interface Stat { mean: number | null; sd: number | null; n: number }
export interface CompareGroup { group: string; modelKind: string; prior: PriorInfo; runIds: number[]; seeds: number[]; stats: Record<string, Stat> }

/** Mean ± sample sd over the evaluated runs of each (model, prior) group. */
export function groupRows(rows: CompareRow[]): CompareGroup[] {
  const by = new Map<string, CompareRow[]>();
  for (const r of rows) { let l = by.get(r.group); if (!l) by.set(r.group, (l = [])); l.push(r); }
  return [...by.entries()].map(([group, rs]) => {
    const ev = rs.filter((r) => r.metrics);
    const stats: Record<string, Stat> = {};
    for (const c of COLUMNS) {
      const v = ev.map((r) => c.get(r.metrics!)).filter((x): x is number => x !== null && Number.isFinite(x));
      const n = v.length;
      const mean = n ? v.reduce((a, b) => a + b, 0) / n : null;
      const sd = n >= 2 ? Math.sqrt(v.reduce((a, b) => a + (b - mean!) ** 2, 0) / (n - 1)) : null;
      stats[c.key] = { mean, sd, n };
    }
    return { group, modelKind: rs[0].modelKind, prior: rs[0].prior, runIds: rs.map((r) => r.runId), seeds: [...new Set(rs.map((r) => r.seed))].sort((a, b) => a - b), stats };
  });
}

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const fmt = (v: number | null, d: number) => (v === null || !Number.isFinite(v) ? '' : d === 0 ? String(Math.round(v)) : v.toFixed(Math.max(d, 3)));

/** CSV: one line per run, then one line per group with mean and sd columns; `status` says why motif figures are missing. */
export function comparisonCsv(datasetName: string, rows: CompareRow[], groups: CompareGroup[]): string {
  const head = ['row', 'dataset', 'run_id', 'run', 'model', 'prior', 'seed', 'reference', ...COLUMNS.map((c) => c.key), 'status'];
  const lines = [head.join(',')];
  for (const r of rows) {
    lines.push([
      'run', datasetName, r.runId, r.name, r.modelKind, priorLabel(r.prior), r.seed, r.reference ? `${r.reference.kind}:${r.reference.name}` : '',
      ...COLUMNS.map((c) => (r.metrics ? fmt(c.get(r.metrics), c.digits) : '')), r.status ?? '',
    ].map(csvCell).join(','));
  }
  for (const g of groups) {
    lines.push(['mean', datasetName, '', g.group, g.modelKind, priorLabel(g.prior), g.seeds.join(' '), '', ...COLUMNS.map((c) => fmt(g.stats[c.key].mean, c.digits)), ''].map(csvCell).join(','));
    lines.push(['sd', datasetName, '', g.group, g.modelKind, priorLabel(g.prior), g.seeds.join(' '), '', ...COLUMNS.map((c) => fmt(g.stats[c.key].sd, 3)), ''].map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}
