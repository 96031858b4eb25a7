// Evaluation of one run for the comparison table (runs in the engine worker; loads tfjs lazily):
// the run's first-layer motifs (extracted with the motif library's procedure if not stored yet, and
// saved to the project's motifs so they appear on the Motifs screen), their quality against the
// reference (ground truth or a library collection), instance precision/recall against planted sites
// (filter-activation calls, so every model kind is called the same way), and the interpretability
// figures of input×gradient attributions on held-out positives (high-frequency share, entropy).
import type Database from 'better-sqlite3';
import { loadSplit } from '../data/store';
import { listMotifs, asMotif, saveFilterMotifs } from '../motifs/project-store';
import { extractFilterMotifs } from '../motifs/extract';
import { getTruth } from '../data/store';
import { precisionRecall, suppress, type ScoredSite, type Site } from '../grammar/instances';
import { highFrequencyShare, attributionEntropy } from '../model/priors';
import { motifQuality, truthSimilarity } from './quality';
import type { CompareMetrics } from './store';
import type { Motif } from '../motifs/types';
import type { SeqModel } from '../model/registry';
import type { Argminn } from '../model/argminn';

export interface EvalLimits { motifSeqs: number; attributionSeqs: number }
export const EVAL_LIMITS: EvalLimits = { motifSeqs: 2000, attributionSeqs: 100 };

interface RunRow { id: number; model_kind: string; dataset_id: number | null; test_metrics: string | null; train_seconds: number; param_count: number | null; peak_rss_mb: number | null; model: Buffer | null }

export class EvalError extends Error {}

/** Loads a run's model of any kind (caller disposes it). */
export async function loadAnyModel(db: Database.Database, runId: number): Promise<{ model: SeqModel; kind: string; datasetId: number | null }> {
  const r = db.prepare('SELECT id, model_kind, dataset_id, model FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
  if (!r) throw new EvalError(`Run ${runId} no longer exists.`);
  if (!r.model) throw new EvalError(`Run ${runId} has no trained model yet.`);
  const { deserializeAny } = await import('../model/registry');
  const { model } = deserializeAny(new Uint8Array(r.model.buffer, r.model.byteOffset, r.model.byteLength));
  return { model, kind: r.model_kind, datasetId: r.dataset_id };
}

function positives(split: { codes: Uint8Array[]; labels: Float32Array; idx: number[] }, T: number, limit: number, want = true) {
  const codes: Uint8Array[] = [], idx: number[] = [];
  for (let i = 0; i < split.codes.length && codes.length < limit; i++) {
    let pos = false;
    for (let t = 0; t < T; t++) if (split.labels[i * T + t] >= 0.5) pos = true;
    if (pos === want) { codes.push(split.codes[i]); idx.push(split.idx[i]); }
  }
  return { codes, idx };
}

export async function evaluateRun(
  db: Database.Database, runId: number, datasetId: number, reference: Motif[], hasTruth: boolean,
  opts: { signal?: AbortSignal; limits?: EvalLimits; onStage?: (msg: string) => void } = {},
): Promise<CompareMetrics> {
  const t0 = performance.now();
  const lim = opts.limits ?? EVAL_LIMITS;
  const row = db.prepare('SELECT id, model_kind, dataset_id, test_metrics, train_seconds, param_count, peak_rss_mb, model FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
  if (!row) throw new EvalError(`Run ${runId} no longer exists.`);
  if (row.dataset_id !== datasetId) throw new EvalError(`Run ${runId} was trained on another dataset; a comparison holds runs of one dataset only.`);
  const { model } = await loadAnyModel(db, runId);
  try {
    const T = model.config.T;
    // ---- motifs (stored or extracted now)
    let recs = listMotifs(db, { runId }).filter((m) => m.source.startsWith('filter:'));
    if (!recs.length) {
      opts.onStage?.('reading motifs from the first-layer filters');
      const tr = loadSplit(db, datasetId, 'train');
      const pos = positives(tr, T, lim.motifSeqs).codes, neg = positives(tr, T, lim.motifSeqs, false).codes;
      const fm = await extractFilterMotifs(model as unknown as Argminn, pos, neg, { signal: opts.signal });
      saveFilterMotifs(db, runId, datasetId, fm);
      recs = listMotifs(db, { runId }).filter((m) => m.source.startsWith('filter:'));
    }
    const passingRecs = recs.filter((m) => m.passes && !m.unused && m.mergedInto === null);
    // Motif recovery counts every filter that fires (passing the IC bar or not): a model whose filters
    // are fuzzy must not look "non-redundant" for having no passing motif. Instances use passing ones.
    const used = recs.filter((m) => !m.unused && m.mergedInto === null).map((m) => asMotif(m));
    const q = reference.length ? motifQuality(used, reference) : null;

    // ---- held-out positives: instance calls and attribution figures
    const test = loadSplit(db, datasetId, 'test');
    const tp = positives(test, T, Math.max(lim.attributionSeqs, hasTruth ? 500 : 0));
    let instances: CompareMetrics['instances'] = null;
    if (hasTruth && tp.codes.length) {
      opts.onStage?.('calling motif instances on held-out positives');
      const truth = getTruth(db, datasetId);
      const wanted = new Set(tp.idx);
      const sites: Site[] = truth.filter((t) => wanted.has(t.seqIdx)).map((t) => ({ seq: t.seqIdx, start: t.start, end: t.end }));
      const calls: ScoredSite[] = [];
      const { predictBatches } = await import('../model/infer');
      const F = model.config.F, W = model.config.W;
      for await (const b of predictBatches(model as unknown as Argminn, tp.codes, { withR: true, signal: opts.signal })) {
        const Lp = b.L - W + 1, r = b.r!;
        for (let k = 0; k < b.count; k++) {
          const cand: { motif: number; start: number; end: number; score: number }[] = [];
          for (const m of passingRecs) {
            const f = m.filterIndex!;
            if (!(m.threshold > 0)) continue;
            for (let i = 0; i < Lp; i++) {
              const a = r[k * Lp * F + i * F + f];
              if (a > m.threshold) cand.push({ motif: f, start: i + m.trimStart, end: i + (m.trimEnd > m.trimStart ? m.trimEnd : W), score: a / m.threshold });
            }
          }
          for (const c of suppress(cand)) calls.push({ seq: tp.idx[b.start + k], start: c.start, end: c.end, score: c.score });
        }
      }
      const pr = precisionRecall(calls, sites);
      const last = pr.points[pr.points.length - 1];
      instances = { precision: last ? last.precision : 0, recall: pr.maxRecall, averagePrecision: pr.averagePrecision, nCalls: pr.nCalls, nTruth: pr.nTruth };
    }
    let attribution: CompareMetrics['attribution'] = null;
    const aSeqs = tp.codes.slice(0, lim.attributionSeqs);
    if (aSeqs.length) {
      opts.onStage?.('scoring attributions on held-out positives');
      const { inputXGradient, magnitudes } = await import('../interpret/attribution');
      const res = await inputXGradient(model, aSeqs, { signal: opts.signal });
      let hf = 0, ent = 0;
      for (const r of res) { const a = magnitudes(r.scores); hf += highFrequencyShare(a); ent += attributionEntropy(a); }
      attribution = { method: 'input_x_gradient', n: res.length, highFreqShare: hf / res.length, entropy: ent / res.length };
    }
    const tm = row.test_metrics ? (JSON.parse(row.test_metrics) as { accuracy: number | null; auroc: number | null; auprc: number | null }) : null;
    return {
      test: tm ? { accuracy: tm.accuracy, auroc: tm.auroc, auprc: tm.auprc } : null,
      motifs: { total: recs.length, passing: passingRecs.length, unused: recs.filter((m) => m.unused).length },
      relevant: q ? q.relevant : null, referenceSize: reference.length, redundancy: q ? q.redundancy : null, extraneous: q ? q.extraneous : null,
      // similarity to the truth over every used filter (a weak model may have no passing motif yet)
      truthSimilarity: hasTruth ? truthSimilarity(used, reference) : null,
      instances, attribution,
      trainSeconds: row.train_seconds, params: row.param_count, peakRssMb: row.peak_rss_mb,
      matches: q ? q.matches : [], evalSeconds: (performance.now() - t0) / 1000,
    };
  } finally {
    model.dispose();
  }
}
