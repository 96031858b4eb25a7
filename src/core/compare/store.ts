// The comparison table of one dataset (issue 7): one row per run (model, prior, seed) with its
// stored evaluation (compare_evals, migration 7), rows grouped by (model, prior) into mean ± sd over
// seeds, and the table as CSV. Pure SQLite + JSON: safe on the main thread.
import type Database from 'better-sqlite3';
import { listRuns, type RunSummary } from '../train/runs';
import { APP_VERSION } from '../version';
import { modelKindLabel } from '../model/kinds';
import type { InstanceFigures } from './strict';
import { COLUMNS } from '../../shared/compare-columns';

export interface PriorInfo { kind: 'none' | 'fourier' | 'tv'; lambda: number; T?: number | null; c?: number | null; sigma?: number }

/** Instance figures of one caller against the planted sites (stored as compare/strict.ts computes them). */
export type StrictInstanceFigures = InstanceFigures;

// The figures of one evaluated run: the contract's types (src/shared/api/compare.ts), one definition.
export type { StrictMetrics, CompareMetrics } from '../../shared/api/compare';
import type { CompareMetrics } from '../../shared/api/compare';

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

export { COLUMNS };

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
