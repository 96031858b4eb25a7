// The `train` job (runs in the engine worker): loads a run's dataset splits, checks them, trains
// ARGMINN with live progress (loss components, throughput, validation curves, λ), checkpoints after
// every epoch (resume continues bit-identically on the same backend), then scores the test split
// and stores the model, history and test metrics with ROC/PR curves in one transaction.
import type Database from 'better-sqlite3';
import { defineJob } from '../jobs/context';
import type { MetricPoint } from '../../shared/api/jobs';
import { getDataset, loadSplit } from '../data/store';
import { freshSourceOf, freshEpochs } from '../data/fresh';
import { TrainConfigSchema, type TrainConfig } from './config';
import type { PoolLike } from '../jobs/pool';
import { rocCurve, prCurve, thinCurve } from './metrics';
import { jnum, type EpochRow, type TaskResult, type TestMetrics } from './runs';
import { minLength } from '../model/kinds';
import { EpochEta } from './eta';

/** Smallest split sizes we train on: fewer validation/test sequences make auROC meaningless. */
export const MIN_SPLIT = { train: 20, valid: 10, test: 10 } as const;

/** Step-level metric points are sent at most this often (ms): ≤ 5 per second. */
const EMIT_MS = 200;

interface Splits {
  train: { codes: Uint8Array[]; labels: Float32Array };
  valid: { codes: Uint8Array[]; labels: Float32Array };
  test: { codes: Uint8Array[]; labels: Float32Array };
}

/**
 * Checks a dataset's split sizes and sequence lengths for a model of filter width W, from the
 * table alone (cheap; used before a run is created). Returns a sentence, or null when fine.
 */
export function splitProblem(db: Database.Database, datasetId: number, W: number): string | null {
  const rows = db
    .prepare('SELECT split, COUNT(*) AS n, MIN(length) AS lo, MAX(length) AS hi FROM dataset_seqs WHERE dataset_id = ? GROUP BY split')
    .all(datasetId) as { split: keyof typeof MIN_SPLIT; n: number; lo: number; hi: number }[];
  const by = new Map(rows.map((r) => [r.split, r]));
  const names = { train: 'training', valid: 'validation', test: 'test' } as const;
  for (const s of ['train', 'valid', 'test'] as const) {
    const n = by.get(s)?.n ?? 0;
    if (n < MIN_SPLIT[s]) {
      return `The ${names[s]} split has ${n} sequence${n === 1 ? '' : 's'}; training needs at least ${MIN_SPLIT[s]} (train ${MIN_SPLIT.train}, validation ${MIN_SPLIT.valid}, test ${MIN_SPLIT.test}). Make the dataset larger or change its split on the Data screen.`;
    }
  }
  const lo = Math.min(...rows.map((r) => r.lo)), hi = Math.max(...rows.map((r) => r.hi));
  if (lo !== hi) return `Sequences in this dataset have different lengths (${lo}–${hi} bases); ARGMINN trains on sequences of one length. Rebuild the dataset with a fixed window length.`;
  if (lo < W) return `Sequences are ${lo} bases long, shorter than the filter width W = ${W}. Lower W (Advanced settings) or use longer sequences.`;
  return null;
}

/** Label checks on loaded splits: missing or out-of-range labels, a task with one class in training. */
export function labelProblems(s: Splits, taskNames: string[]): { error: string | null; warnings: string[] } {
  const T = taskNames.length;
  const warnings: string[] = [];
  const names = { train: 'training', valid: 'validation', test: 'test' } as const;
  for (const split of ['train', 'valid', 'test'] as const) {
    const y = s[split].labels;
    let missing = 0, outside = 0;
    for (let i = 0; i < y.length; i++) {
      if (Number.isNaN(y[i])) missing++;
      else if (y[i] < 0 || y[i] > 1) outside++;
    }
    if (missing) return { error: `${missing} label${missing === 1 ? ' is' : 's are'} missing in the ${names[split]} split; training needs a 0/1 label for every sequence and task.`, warnings };
    if (outside) return { error: `${outside} label${outside === 1 ? ' is' : 's are'} outside 0–1 in the ${names[split]} split; labels must be 0 (negative) or 1 (positive).`, warnings };
    for (let t = 0; t < T; t++) {
      let pos = 0;
      const n = y.length / T;
      for (let i = 0; i < n; i++) if (y[i * T + t] >= 0.5) pos++;
      if (pos === 0 || pos === n) {
        const what = `${names[split]} split has only ${pos ? 'positives' : 'negatives'} for task “${taskNames[t]}”`;
        if (split === 'train') return { error: `The ${what}; the model cannot learn to tell them apart. Add ${pos ? 'negatives' : 'positives'} on the Data screen.`, warnings };
        warnings.push(`The ${what}; its auROC/auPRC cannot be computed.`);
      }
    }
  }
  return { error: null, warnings };
}

function curvesFor(probs: Float32Array, labels: Float32Array, T: number, taskNames: string[], perTask: { accuracy: number; auroc: number; auprc: number }[]): TaskResult[] {
  const n = probs.length / T;
  return taskNames.map((task, t) => {
    const p = new Float32Array(n), y = new Float32Array(n);
    for (let i = 0; i < n; i++) { p[i] = probs[i * T + t]; y[i] = labels[i * T + t]; }
    const nPos = y.reduce((a, v) => a + (v >= 0.5 ? 1 : 0), 0);
    const round = (a: number[]) => a.map((v) => Math.round(v * 1e5) / 1e5);
    const roc = thinCurve(rocCurve(p, y), 200), pr = thinCurve(prCurve(p, y), 200);
    return {
      task, nPos, nNeg: n - nPos,
      accuracy: jnum(perTask[t].accuracy), auroc: jnum(perTask[t].auroc), auprc: jnum(perTask[t].auprc),
      roc: { x: round(roc.x), y: round(roc.y) }, pr: { x: round(pr.x), y: round(pr.y) },
    };
  });
}

interface RunRow { id: number; dataset_id: number | null; dataset_name: string; task_names: string; config: string; backend: string | null; warnings: string; model: Buffer | null }

export const trainJob = defineJob('train', async (ctx) => {
  const { runId } = ctx.params;
  const db = ctx.db();
  const run = db.prepare('SELECT id, dataset_id, dataset_name, task_names, config, backend, warnings, model FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
  if (!run) throw new Error('This run was deleted; there is nothing to train.');
  if (run.model) return { runId, alreadyDone: true };
  if (run.dataset_id === null) throw new Error(`The dataset “${run.dataset_name}” of this run was deleted; the run cannot continue.`);
  const cfg: TrainConfig = TrainConfigSchema.parse(JSON.parse(run.config));
  const warnings: string[] = JSON.parse(run.warnings) as string[];
  const setRun = (sql: string, ...args: unknown[]) => db.prepare(`UPDATE runs SET ${sql} WHERE id = ?`).run(...args, runId);
  const fail = (msg: string): never => {
    setRun(`state = 'failed', error = ?, warnings = ?`, msg, JSON.stringify(warnings));
    throw new Error(msg);
  };

  // ---- engine (tfjs loads only here, in the worker) and the checkpoint to resume from
  const [{ train, evaluate, checkpointFromBytes, checkpointToBytes, TrainingError }, { serializeModel }, { countModelParams, fullConfig }, { selectBackend }, { APP_VERSION }] = await Promise.all([
    import('./trainer'), import('../model/infer'), import('../model/registry'), import('../model/backend'), import('../version'),
  ]);
  const resume = ctx.checkpoint ? checkpointFromBytes(ctx.checkpoint) : undefined;
  const startEpoch = resume?.nextEpoch ?? 0;

  // ---- data, checked before any training
  ctx.progress({ fraction: Math.min(0.99, startEpoch / cfg.epochs), message: 'loading the dataset' });
  const ds = getDataset(db, run.dataset_id);
  if (!ds) fail(`The dataset of this run no longer exists.`);
  const problem = splitProblem(db, run.dataset_id, minLength(cfg.modelKind, cfg.model.W));
  if (problem) fail(problem);
  const splits: Splits = {
    train: loadSplit(db, run.dataset_id, 'train'),
    valid: loadSplit(db, run.dataset_id, 'valid'),
    test: loadSplit(db, run.dataset_id, 'test'),
  };
  const taskNames = ds!.taskNames;
  // The paper's regime on simulated data: new training sequences every epoch from the dataset's recipe.
  let freshTrain: ((epoch: number) => { codes: Uint8Array[]; labels: Float32Array }) | undefined;
  if (cfg.freshData.enabled) {
    const src = freshSourceOf(ds!);
    if (typeof src === 'string') { if (ds!.kind === 'simulated' && !warnings.includes(src)) warnings.push(src); }
    else freshTrain = freshEpochs(src, cfg.seed, cfg.freshData.stepsPerEpoch, cfg.batchSize);
  }
  const T = taskNames.length;
  const lp = labelProblems(splits, taskNames);
  if (lp.error) fail(lp.error);
  for (const w of lp.warnings) if (!warnings.includes(w)) warnings.push(w);
  ctx.throwIfCancelled();

  const backend = ctx.backend ?? (await selectBackend()).name;
  if (run.backend && run.backend !== backend) {
    warnings.push(`Resumed on the ${backend} backend after training on ${run.backend}; results are not bit-identical to an uninterrupted run on one backend.`);
  }
  setRun(`state = 'running', error = NULL, backend = COALESCE(backend, ?), started_at = COALESCE(started_at, ?), warnings = ?`, backend, new Date().toISOString(), JSON.stringify(warnings));
  if (resume) {
    // Points drawn after the checkpoint belong to epochs that will be redone: drop them.
    db.prepare('DELETE FROM job_metrics WHERE job_id = ? AND x > ?').run(ctx.jobId, startEpoch);
  }

  // ---- live progress
  const E = cfg.epochs;
  const nTrain = splits.train.codes.length;
  const t0 = performance.now();
  let stepsThisCall = 0, lastEmit = 0, peakRss = 0;
  // Regulariser terms are only computed while their λ > 0 (the trainer skips them otherwise), so they
  // are averaged over those steps only and not drawn at all during the warm-up.
  const fresh = () => ({ n: 0, bce: 0, loss: 0, ovl: 0, nOvl: 0, l1: 0, nL1: 0, ent: 0, nEnt: 0, seqs: 0, since: performance.now() });
  let acc = fresh();
  const hasAttention = cfg.modelKind === 'argminn';
  let lastMsg = '';
  let curEpoch = startEpoch, stepsPerEpoch = Math.ceil(nTrain / cfg.batchSize);
  const fractionAt = (epochFloat: number) => Math.min(0.99, epochFloat / E);
  // validation scores both strands, forward only: about a third of a training step per sequence, twice
  const trainPerEpoch = cfg.freshData.enabled && freshTrain ? cfg.freshData.stepsPerEpoch * cfg.batchSize : Math.max(1, nTrain);
  const epochEta = new EpochEta(t0, E, ((2 / 3) * splits.valid.codes.length) / trainPerEpoch);
  const eta = (epochFloat: number) => epochEta.secondsLeft(epochFloat);
  const flush = (x: number, extra: MetricPoint[] = []) => {
    const pts: MetricPoint[] = [...extra];
    if (acc.n) {
      const secs = (performance.now() - acc.since) / 1000;
      const m = (v: number) => v / acc.n;
      const step: MetricPoint[] = [{ series: 'loss', x, y: m(acc.loss) }, { series: 'bce', x, y: m(acc.bce) }];
      if (acc.nOvl) step.push({ series: 'overlap', x, y: acc.ovl / acc.nOvl });
      if (acc.nL1) step.push({ series: 'l1', x, y: acc.l1 / acc.nL1 });
      if (acc.nEnt) step.push({ series: 'entropy', x, y: acc.ent / acc.nEnt });
      step.push({ series: 'seq_per_s', x, y: secs > 0 ? acc.seqs / secs : 0 });
      pts.unshift(...step);
    }
    peakRss = Math.max(peakRss, process.memoryUsage().rss / 2 ** 20);
    const points = pts.filter((p) => Number.isFinite(p.y));
    const left = eta(x);
    ctx.progress({ fraction: fractionAt(x), message: lastMsg, etaSeconds: left, estimating: left === null, points });
    acc = fresh();
    lastEmit = performance.now();
  };

  // First epoch from which every ARGMINN filter's running mean activation was ~0 (null while any lives).
  let deadSince: number | null = null;
  let res: Awaited<ReturnType<typeof train>>;
  // Data-parallel training: the engine worker computes share 0 of each batch, helpers the others.
  const workers = cfg.workers ?? 1;
  let pool: PoolLike | null = null;
  if (workers > 1 && ctx.pool) {
    ctx.progress({ fraction: Math.min(0.99, startEpoch / cfg.epochs), message: `starting ${workers - 1} more engine worker${workers > 2 ? 's' : ''}` });
    try { pool = await ctx.pool(workers - 1); } catch (e) { fail(`Could not start ${workers} engine workers: ${(e as Error).message}. Train with fewer workers (Advanced settings).`); }
  }
  try {
    res = await train({ train: splits.train, valid: splits.valid }, cfg, {
      signal: ctx.signal,
      pool,
      resume,
      freshTrain,
      onStep: (s) => {
        stepsThisCall++;
        curEpoch = s.epoch;
        epochEta.step(s.epoch + (s.step + 1) / s.stepsInEpoch, performance.now());
        stepsPerEpoch = s.stepsInEpoch;
        acc.n++; acc.loss += s.loss; acc.bce += s.bce;
        if (s.lambdas.ovl > 0) { acc.ovl += s.ovl; acc.nOvl++; }
        if (s.lambdas.l1 > 0) { acc.l1 += s.l1; acc.nL1++; }
        // attention entropy is measured on every step of a model with attention (drawn even while its λ is 0)
        if (hasAttention && Number.isFinite(s.ent)) { acc.ent += s.ent; acc.nEnt++; }
        acc.seqs += s.batch / (cfg.reverseComplement ? 2 : 1);
        const now = performance.now();
        if (now - lastEmit >= EMIT_MS) {
          const sps = acc.seqs / Math.max(1e-3, (now - acc.since) / 1000);
          lastMsg = `epoch ${s.epoch + 1}/${E} · step ${s.step + 1}/${s.stepsInEpoch} · ${Math.round(sps)} seq/s`;
          flush(s.epoch + (s.step + 1) / s.stepsInEpoch);
        }
      },
      onWarning: (w) => {
        warnings.push(w.replace(/^out of memory/, 'Out of memory'));
        lastMsg = `out of memory: batch size halved`;
      },
      onEpoch: (e) => {
        epochEta.epochEnded(e.epoch + 1, performance.now());
        const row = toRow(e);
        lastMsg = `epoch ${e.epoch + 1}/${E} done · validation auROC ${row.validAuroc === null ? '—' : row.validAuroc.toFixed(3)}`;
        const x = e.epoch + 1;
        flush(x, [
          { series: 'train_loss', x, y: e.trainLoss }, { series: 'valid_loss', x, y: e.valid.loss },
          { series: 'valid_auroc', x, y: e.valid.auroc }, { series: 'valid_auprc', x, y: e.valid.auprc },
          { series: 'lambda_ovl', x, y: e.lambdas.ovl }, { series: 'lambda_l1', x, y: e.lambdas.l1 }, { series: 'lambda_ent', x, y: e.lambdas.ent },
        ]);
      },
      onCheckpoint: (c) => {
        const rm = c.weights.get('bn.runMean');
        if (rm && cfg.modelKind === 'argminn') {
          const alive = rm.some((v) => v > 1e-6);
          if (alive) deadSince = null; else deadSince ??= c.nextEpoch;
          // Each motif filter's activity at the end of the epoch (sd of its activation, from the BatchNorm
          // running variance): shows a filter shrinking under the penalties or dying.
          const rv = c.weights.get('bn.runVar');
          if (rv) flush(c.nextEpoch, Array.from(rv, (v, f) => ({ series: `filter_sd_${f}`, x: c.nextEpoch, y: Math.sqrt(Math.max(0, v)) })));
        }
        const bytes = checkpointToBytes(c);
        const rows = c.history.map(toRow);
        const secs = rows.reduce((a, r) => a + r.seconds, 0);
        db.transaction(() => {
          ctx.saveCheckpoint(bytes);
          setRun('epochs_done = ?, history = ?, train_seconds = ?, best_epoch = ?, warnings = ?, peak_rss_mb = ?',
            c.nextEpoch, JSON.stringify(rows), secs, c.best.epoch >= 0 ? c.best.epoch + 1 : null, JSON.stringify(warnings), Math.round(peakRss));
        })();
      },
    });
  } catch (e) {
    if (e instanceof TrainingError) {
      const msg = e.message.charAt(0).toUpperCase() + e.message.slice(1);
      fail(e.code === 'nan' ? `Training stopped: ${msg}` : msg);
    }
    throw e;
  }
  void curEpoch; void stepsPerEpoch; void stepsThisCall;

  const { model } = res;
  try {
    if (res.status === 'aborted' || ctx.signal.aborted) return { runId, cancelled: true };
    // ---- test split, model, everything stored at once
    ctx.progress({ fraction: 0.99, message: 'scoring the test split', etaSeconds: null });
    const ev = await evaluate(model, splits.test, cfg.evalBatchSize, cfg.reverseComplement); // both strands, as the trainer scores validation
    const perTask = curvesFor(ev.probs, splits.test.labels, T, taskNames, ev.perTask);
    for (const w of await healthWarnings(model, splits.valid.codes.slice(0, 500), ev.auroc, deadSince)) if (!warnings.includes(w)) warnings.push(w);
    const test: TestMetrics = { n: splits.test.codes.length, loss: jnum(ev.loss), accuracy: jnum(ev.accuracy), auroc: jnum(ev.auroc), auprc: jnum(ev.auprc), perTask };
    const rows = res.history.map(toRow);
    const finishedAt = new Date().toISOString();
    const blob = await serializeModel(model, { runId, datasetName: ds!.name, taskNames, seed: cfg.seed, backend, appVersion: APP_VERSION, trainedAt: finishedAt });
    const best = res.checkpoint?.best.epoch ?? -1;
    peakRss = Math.max(peakRss, process.memoryUsage().rss / 2 ** 20);
    ctx.throwIfCancelled();
    db.transaction(() => {
      setRun(`state = 'done', status = ?, error = NULL, finished_at = ?, epochs_done = ?, history = ?, train_seconds = ?, best_epoch = ?,
          test_metrics = ?, param_count = ?, peak_rss_mb = ?, warnings = ?, model = ?`,
        res.status, finishedAt, rows.length, JSON.stringify(rows), rows.reduce((a, r) => a + r.seconds, 0), best >= 0 ? best + 1 : null,
        JSON.stringify(test), countModelParams(fullConfig(model)), Math.round(peakRss), JSON.stringify(warnings), Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength));
    })();
    return { runId, status: res.status, epochs: rows.length, test: { accuracy: test.accuracy, auroc: test.auroc, auprc: test.auprc } };
  } finally {
    model.dispose();
  }
});

/**
 * Plain warnings a scientist must see on the run: every motif filter silent on the validation
 * sequences (exact: no activation above zero anywhere), or a test auROC at chance.
 */
export async function healthWarnings(model: { config: { F: number; W: number } }, seqs: Uint8Array[], auroc: number, deadSince: number | null): Promise<string[]> {
  const out: string[] = [];
  const { predictBatches } = await import('../model/infer');
  const { F } = model.config;
  if (seqs.length) {
    let anyFires = false;
    for await (const b of predictBatches(model as never, seqs, { withR: true })) {
      const r = b.r;
      if (!r) return out;
      for (let i = 0; i < r.length && !anyFires; i++) if (r[i] > 0) anyFires = true;
      if (anyFires) break;
    }
    if (!anyFires) out.push(`All ${F} motif filters are inactive${deadSince !== null ? ` from epoch ${deadSince} on` : ''}: none fires on any validation sequence, so this model learned no motif and its predictions do not come from motifs. Train again with another seed or the other preset.`);
  }
  if (Number.isFinite(auroc) && auroc < 0.6) out.push(`This run ended at chance (test auROC ${auroc.toFixed(2)}): its motifs, instances and variant scores are not meaningful.`);
  return out;
}

function toRow(e: { epoch: number; trainLoss: number; valid: { loss: number; auroc: number; auprc: number; accuracy: number }; lambdas: { ovl: number; l1: number; ent: number }; seconds: number; improved: boolean }): EpochRow {
  return {
    epoch: e.epoch + 1, trainLoss: jnum(e.trainLoss), validLoss: jnum(e.valid.loss), validAuroc: jnum(e.valid.auroc), validAuprc: jnum(e.valid.auprc),
    validAccuracy: jnum(e.valid.accuracy), lambdaOvl: e.lambdas.ovl, lambdaL1: e.lambdas.l1, lambdaEnt: e.lambdas.ent, seconds: e.seconds, improved: e.improved,
  };
}
