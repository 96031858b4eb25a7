// Job handlers of the compare area (engine worker): `compare.evaluate` (figures of every chosen run
// into compare_evals, one transaction per run), `compare.attribute` (importance scores of one
// sequence under one run, stored as a logo track) and `compare.discover` (importance scores on the
// positives → seqlets → clustered motifs saved to the project's motifs, with TomTom matches cached).
import { z } from 'zod';

import { defineJob, jobWorkers, type JobContext } from '../jobs/context';
import { getDataset, getSequences, loadSplit } from '../data/store';
import { decode } from '../seq/alphabet';
import { existsSync } from 'node:fs';
import { MotifLibrary, rowToMotif } from '../motifs/library';
import { putCachedMatches } from '../motifs/project-store';
import { matchMotif } from '../pwm/match';
import { motifPasses } from '../pwm/matrix';
import { truthMotifs } from './quality';
import { saveEvaluation, type Reference } from './store';
import { evaluateRun, loadAnyModel, EvalError, type EvalCollection } from './evaluate';
import { NEEDS_FAMILIES } from './strict';
import { runModelBytes } from '../train/runs';
import type { Motif } from '../pwm/types';

const Method = z.enum(['input_x_gradient', 'integrated_gradients', 'ism', 'deepshap']);


/** The reference motifs of a comparison: planted truth when the dataset has it, else a library collection. */
export function referenceFor(db: ReturnType<JobContext['db']>, datasetId: number, collectionId: number | null, libraryPath: string): { ref: Reference; motifs: Motif[]; hasTruth: boolean } {
  const truth = truthMotifs(db, datasetId);
  if (truth.length) return { ref: { kind: 'truth', name: `planted motifs (${truth.map((m) => m.name).join(', ')})` }, motifs: truth, hasTruth: true };
  if (collectionId !== null) {
    const lib = new MotifLibrary(libraryPath, { readonly: true });
    try {
      const c = lib.collection(collectionId);
      if (!c) throw new EvalError(`The motif collection ${collectionId} is no longer in the library.`);
      const motifs = lib.collectionMotifs(collectionId).map((r) => ({ id: r.motifId, name: r.name, probs: r.probs, ...(r.nsites ? { nsites: r.nsites } : {}) }));
      return { ref: { kind: 'collection', name: c.name, collectionId }, motifs, hasTruth: false };
    } finally { lib.close(); }
  }
  return { ref: { kind: 'none', name: 'no reference motifs' }, motifs: [], hasTruth: false };
}

/**
 * The whole known-motif collection planted motifs are recovered against (MODEL.md §6): the chosen
 * collection when at least half of its motifs carry a TF family, else the library's largest such
 * collection; null with the reason when there is none.
 */
export function recoveryCollection(libraryPath: string, collectionId: number | null): { collection: EvalCollection | null; note: string | null } {
  const none = `${NEEDS_FAMILIES}: import JASPAR CORE in TRANSFAC format (it carries tf_family) into the motif library on the Motifs screen`;
  if (!existsSync(libraryPath)) return { collection: null, note: none };
  const lib = new MotifLibrary(libraryPath, { readonly: true });
  try {
    const withFamilies = lib.collections().filter((c) => c.count > 0 && lib.familyCount(c.id) >= 0.5 * c.count);
    const chosen = withFamilies.find((c) => c.id === collectionId) ?? withFamilies.sort((a, b) => b.count - a.count)[0];
    if (!chosen) return { collection: null, note: none };
    return { collection: { name: chosen.name, motifs: lib.collectionMotifs(chosen.id).map(rowToMotif) }, note: null };
  } finally { lib.close(); }
}

export const evaluateJob = defineJob('compare.evaluate', async (ctx) => {
  const p = ctx.params;
  const db = ctx.db();
  if (!getDataset(db, p.datasetId)) throw new Error('The dataset of this comparison was deleted.');
  const { selectBackend } = await import('../model/backend');
  if (!ctx.backend) await selectBackend();
  const { ref, motifs, hasTruth } = referenceFor(db, p.datasetId, p.collectionId, p.libraryPath);
  // simulated data: planted motifs are recovered against a whole collection with TF families;
  // real data: the chosen collection is the reference itself
  const rc = hasTruth ? recoveryCollection(p.libraryPath, p.collectionId) : { collection: motifs.length ? { name: ref.name, motifs } : null, note: null };
  if (hasTruth && rc.collection) ref.name += `; recovery judged against ${rc.collection.name} (${rc.collection.motifs.length} motifs, TF families)`;
  const done: number[] = [], skipped: { runId: number; reason: string }[] = [];
  const { workers, pool: helpers } = await jobWorkers(ctx);
  const pool = workers > 1 ? { pool: helpers, workers } : null;
  for (const [i, runId] of p.runIds.entries()) {
    ctx.throwIfCancelled();
    const base = i / p.runIds.length;
    ctx.progress({ fraction: base, message: `run ${i + 1} of ${p.runIds.length}` });
    try {
      const m = await evaluateRun(db, runId, p.datasetId, motifs, hasTruth, {
        signal: ctx.signal, collection: rc.collection, pool,
        onStage: (msg) => ctx.progress({ fraction: base, message: `run ${i + 1} of ${p.runIds.length}: ${msg}` }),
      });
      ctx.throwIfCancelled();
      if (m.strict?.note === NEEDS_FAMILIES && rc.note) m.strict.note = rc.note;
      db.transaction(() => saveEvaluation(db, runId, p.datasetId, ref, m, ctx.jobId))();
      done.push(runId);
    } catch (e) {
      if (ctx.signal.aborted) throw e;
      if (e instanceof EvalError) { skipped.push({ runId, reason: e.message }); continue; }
      throw e;
    }
  }
  ctx.progress({ fraction: 1, message: `${done.length} run(s) evaluated` });
  return { evaluated: done, skipped, reference: ref, recoveryNote: rc.note };
});

export const attributeJob = defineJob('compare.attribute', async (ctx) => {
  const p = ctx.params;
  const db = ctx.db();
  const seq = getSequences(db, p.datasetId, [p.seqIdx]).get(p.seqIdx);
  if (!seq) throw new Error(`Sequence ${p.seqIdx + 1} is not in this dataset.`);
  const name = (db.prepare('SELECT name FROM dataset_seqs WHERE dataset_id = ? AND idx = ?').get(p.datasetId, p.seqIdx) as { name: string } | undefined)?.name ?? `sequence ${p.seqIdx + 1}`;
  const { selectBackend } = await import('../model/backend');
  if (!ctx.backend) await selectBackend();
  ctx.progress({ fraction: 0.05, message: 'loading the model' });
  const { model } = await loadAnyModel(db, p.runId);
  try {
    const { attribute } = await import('../interpret/attribution');
    const t0 = performance.now();
    ctx.progress({ fraction: 0.2, message: 'computing importance scores' });
    const [r] = await attribute(model, p.method, [seq], { task: p.task, steps: p.steps, reference: p.reference, refs: p.refs, seed: p.seed, signal: ctx.signal });
    const seconds = (performance.now() - t0) / 1000;
    ctx.throwIfCancelled();
    const round = (a: Float32Array) => Array.from(a, (v) => Math.round(v * 1e5) / 1e5);
    const id = Number(db.prepare(`INSERT INTO attributions(run_id, dataset_id, seq_idx, seq_name, sequence, method, params, per_base, scores, logit, ref_logit, sum, convergence, seconds, job_id, created_at)
      VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`).run(p.runId, p.datasetId, p.seqIdx, name, decode(seq), p.method,
      JSON.stringify({ task: p.task, steps: p.steps ?? null, reference: p.reference ?? null, refs: p.refs ?? null, seed: p.seed }),
      JSON.stringify(round(r.perBase)), JSON.stringify(round(r.scores)), r.logit, r.refLogit ?? null, r.sum ?? null, r.convergence ?? null, seconds, ctx.jobId,
      new Date().toISOString()).lastInsertRowid);
    return { attributionId: id, convergence: r.convergence ?? null, seconds };
  } finally {
    model.dispose();
  }
});

export const discoverJob = defineJob('compare.discover', async (ctx) => {
  const p = ctx.params;
  const db = ctx.db();
  const { selectBackend } = await import('../model/backend');
  if (!ctx.backend) await selectBackend();
  const { model } = await loadAnyModel(db, p.runId);
  try {
    const T = model.config.T;
    const tr = loadSplit(db, p.datasetId, 'train');
    const pos: Uint8Array[] = [];
    for (let i = 0; i < tr.codes.length && pos.length < p.maxSequences; i++) if (tr.labels[i * T + p.task] >= 0.5) pos.push(tr.codes[i]);
    if (pos.length < 10) throw new Error(`Only ${pos.length} positive sequence(s) for this task in the training split; discovery needs at least 10.`);
    const { importanceDiscovery } = await import('../interpret/importance-discovery');
    const { discoveryExplanation } = await import('../interpret/seqlets');
    // Engine workers (jobs/pool.ts): each round deals whole blocks to the workers; same scores.
    const { workers, pool } = await jobWorkers(ctx);
    const parallel = workers > 1 ? { pool, workers, modelBytes: runModelBytes(db, p.runId), key: `${ctx.jobId}:${p.runId}` } : null;
    const { seqlets, threshold, calibration, motifs: found } = await importanceDiscovery(model, pos, {
      method: p.method, task: p.task, steps: p.steps, signal: ctx.signal, parallel,
      onProgress: (done, total) => {
        ctx.throwIfCancelled();
        ctx.progress({ fraction: 0.9 * (done / total), message: `importance scores: ${done} of ${total} sequences (half are shuffled nulls)` });
        if (done === total) ctx.progress({ fraction: 0.92, message: 'finding and clustering seqlets' });
      },
    });
    ctx.throwIfCancelled();
    const source = `seqlets:${p.runId}:${p.method}`;
    const now = new Date().toISOString();
    const ids = db.transaction(() => {
      db.prepare('DELETE FROM motifs WHERE run_id = ? AND filter_index IS NULL AND source LIKE ?').run(p.runId, `${source}:%`);
      const ins = db.prepare(`INSERT INTO motifs(run_id, filter_index, dataset_id, name, probs, weights, n_sites, max_activation, threshold, trim_start, trim_end, mean_ic,
        passes, unused, fires_pos, fires_neg, n_pos, n_neg, source, created_at) VALUES(?, NULL, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, 0, ?, 0, ?, 0, ?, ?)`);
      return found.map((m, k) => {
        const verdict = motifPasses({ id: 'q', name: 'q', probs: m.probs });
        const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
        return Number(ins.run(p.runId, p.datasetId, `Importance cluster ${k + 1} (${METHOD_SHORT[p.method]})`, JSON.stringify(m.probs.map((r) => r.map(r6))),
          JSON.stringify(m.cwm.map((r) => r.map(r6))), m.nSeqlets, threshold, verdict.start, verdict.end, verdict.meanIC, verdict.passes ? 1 : 0,
          new Set(m.members.map((x) => x.seq)).size, pos.length, `${source}:${k}`, now).lastInsertRowid);
      });
    })();
    // TomTom matches against a library collection, cached like the Motifs screen's own.
    if (p.collectionId !== null && found.length) {
      const lib = new MotifLibrary(p.libraryPath, { readonly: true });
      try {
        if (lib.collection(p.collectionId)) {
          const { db: tdb, rows } = lib.tomtom(p.collectionId);
          db.transaction(() => found.forEach((m, k) => {
            const v = motifPasses({ id: 'q', name: 'q', probs: m.probs });
            const q: Motif = { id: `motif${ids[k]}`, name: `cluster${k + 1}`, probs: m.probs.slice(v.start, v.end > v.start ? v.end : m.probs.length) };
            putCachedMatches(db, ids[k], p.collectionId!, 'pearson', matchMotif(q, tdb, rows.map((r) => r.id), 'pearson').map((x) => ({ ...x, targetProbs: rows[x.targetIndex].probs })));
          }))();
        }
      } finally { lib.close(); }
    }
    const passing = found.filter((m) => m.passes).length;
    return {
      motifs: ids.length, seqlets: seqlets.length, threshold: Number.isFinite(threshold) ? threshold : null, passing,
      calibration: { ...calibration, threshold: Number.isFinite(calibration.threshold) ? calibration.threshold : null },
      reason: discoveryExplanation(calibration, seqlets.length, found.length, passing),
    };
  } finally {
    model.dispose();
  }
});

const METHOD_SHORT: Record<z.infer<typeof Method>, string> = { input_x_gradient: 'input×gradient', integrated_gradients: 'IG', ism: 'ISM', deepshap: 'SHAP-style' };
