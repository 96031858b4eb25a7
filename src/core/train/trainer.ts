// The training loop (MODEL.md §1.4) of every model kind — ARGMINN and the baselines of §2 through
// the SeqModel interface of ../model/registry — over an in-memory dataset, callable from a worker
// thread: optional attribution prior on the positives of each batch (§3, gradient of a gradient),
// RC-doubled batches, Adam + global-norm clipping (own implementation so its state checkpoints),
// λ annealing, per-step/per-epoch callbacks, early stopping, AbortSignal cancel, an epoch checkpoint
// (weights + Adam moments + epoch + RNG state) that resumes bit-identically, NaN guard, OOM back-off.
import * as tf from '@tensorflow/tfjs';
import { createModel, modelConfig, minLength, archOf, type SeqModel, type AnyModelConfig } from '../model/registry';
import type { PriorSpec } from '../model/priors';
import { bceWithLogits } from '../model/losses';
import { lossAndGrads } from '../model/objective';
import { oneHotWithRc, oneHotBatch } from '../model/ops';
import { packBlob, unpackBlob } from '../model/infer';
import { TrainConfigSchema, type TrainConfig } from './config';
import { lambdasAt, holdStart, totalEpochs, type Lambdas } from './schedule';
import { TrainRng, type RngState } from '../seq/random';
import { taskMetrics, meanMetric, type TaskMetrics } from './metrics';
import { parallelStep } from './parallel';
import { PoolError, type PoolLike } from '../jobs/pool';

export interface Dataset { codes: Uint8Array[]; labels: Float32Array }   // labels n×T row-major
export interface DataSplits { train: Dataset; valid: Dataset; test?: Dataset }

export interface StepInfo {
  epoch: number; step: number; stepsInEpoch: number; batch: number;
  loss: number; bce: number; ovl: number; l1: number; ent: number; prior: number;
  lambdas: Lambdas; seqPerSec: number; ms: number;
}
export interface EvalResult { loss: number; auroc: number; auprc: number; accuracy: number; perTask: TaskMetrics[] }
export interface EpochInfo {
  epoch: number; trainLoss: number; valid: EvalResult; lambdas: Lambdas; seconds: number; improved: boolean;
}
export interface Checkpoint {
  version: 1;
  config: TrainConfig;
  modelConfig: AnyModelConfig;
  nextEpoch: number;            // first epoch still to run
  adamT: number;
  weights: Map<string, Float32Array>;   // incl. bn.runMean / bn.runVar
  adamM: Map<string, Float32Array>;
  adamV: Map<string, Float32Array>;
  rngState: RngState;
  batchSize: number;
  best: { loss: number; epoch: number; badEpochs: number; weights: Map<string, Float32Array> | null };
  history: EpochInfo[];
}
export interface TrainCallbacks {
  onStep?: (s: StepInfo) => void;
  onEpoch?: (e: EpochInfo) => void;
  onCheckpoint?: (c: Checkpoint) => void | Promise<void>;
  onWarning?: (msg: string) => void;
}
export interface TrainOptions extends TrainCallbacks {
  signal?: AbortSignal;
  resume?: Checkpoint;
  /** Stop after this many epochs in this call (for tests / staged runs); the checkpoint can resume. */
  maxEpochsThisCall?: number;
  /**
   * Fresh training data per epoch (MODEL.md §6): called once per epoch with the epoch number; must be
   * deterministic in it (resume redraws the same sequences). Its order is used as is (the source
   * arranges balanced batches); `data.train` is then only checked, not trained on.
   */
  freshTrain?: (epoch: number) => Dataset;
  /**
   * Helper engine workers for `config.workers` > 1 (./parallel.ts): share k ≥ 1 of each batch runs on
   * pool worker (k−1) mod size. Without a pool every share runs here, with the same result bits.
   */
  pool?: PoolLike | null;
}
export interface TrainResult {
  status: 'done' | 'early-stopped' | 'aborted' | 'paused';
  /** Caller owns it (dispose when done). Any kind, used through SeqModel. */
  model: SeqModel;
  checkpoint: Checkpoint | null;
  history: EpochInfo[];
  test?: EvalResult;
}

export class TrainingError extends Error {
  constructor(message: string, readonly code: 'nan' | 'data' | 'oom' | 'worker', readonly lastCheckpoint: Checkpoint | null) {
    super(message);
    this.name = 'TrainingError';
  }
}

function validate(d: Dataset, name: string, W: number): { L: number; T: number } {
  const n = d.codes.length;
  if (!n) throw new TrainingError(`${name} set is empty`, 'data', null);
  const L = d.codes[0].length;
  for (let i = 0; i < n; i++) if (d.codes[i].length !== L)
    throw new TrainingError(`${name} sequence ${i + 1} has length ${d.codes[i].length}; all sequences must have length ${L}`, 'data', null);
  if (L < W) throw new TrainingError(`${name} sequences have length ${L}, shorter than the filter width W=${W}`, 'data', null);
  if (d.labels.length % n !== 0) throw new TrainingError(`${name} labels (${d.labels.length}) are not a multiple of ${n} sequences`, 'data', null);
  return { L, T: d.labels.length / n };
}

const isOom = (e: unknown) => /out of memory|oom|cannot allocate|allocation fail|array buffer allocation|memory access out of bounds|invalid array length/i.test(String((e as Error)?.message ?? e));

class Adam {
  m: tf.Variable[]; v: tf.Variable[]; t = 0;
  constructor(vars: tf.Variable[], readonly lr: number, readonly b1 = 0.9, readonly b2 = 0.999, readonly eps = 1e-8) {
    this.m = vars.map((x) => tf.variable(tf.zerosLike(x), false));
    this.v = vars.map((x) => tf.variable(tf.zerosLike(x), false));
  }
  /** Clip by global norm then one Adam step (PyTorch semantics, bias-corrected). */
  apply(vars: tf.Variable[], grads: tf.Tensor[], clip: number): void {
    this.t++;
    const t = this.t;
    tf.tidy(() => {
      const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
      const coef = tf.minimum(1, tf.div(clip, tf.add(norm, 1e-6)));
      const c1 = 1 - Math.pow(this.b1, t), c2 = 1 - Math.pow(this.b2, t);
      const step = this.lr / c1;
      for (let i = 0; i < vars.length; i++) {
        const g = tf.mul(grads[i], coef);
        this.m[i].assign(tf.add(tf.mul(this.m[i], this.b1), tf.mul(g, 1 - this.b1)));
        this.v[i].assign(tf.add(tf.mul(this.v[i], this.b2), tf.mul(tf.square(g), 1 - this.b2)));
        const denom = tf.add(tf.div(tf.sqrt(this.v[i]), Math.sqrt(c2)), this.eps);
        vars[i].assign(tf.sub(vars[i], tf.mul(tf.div(this.m[i], denom), step)));
      }
    });
  }
  dispose(): void { for (const x of [...this.m, ...this.v]) x.dispose(); }
}

/**
 * Score a dataset (BN running stats): mean BCE and metrics. With `bothStrands` (used when the model was
 * trained on reverse-complement-doubled batches) the logit of each sequence is the mean of its forward
 * and reverse-complement logits: ARGMINN learns each strand with separate filters, so a single strand's
 * score depends on which strand a site happens to lie on; averaging makes the score strand-invariant
 * (simulated single-motif data: test auROC 0.948 → 0.962 for the same weights).
 */
export async function evaluate(model: SeqModel, d: Dataset, batchSize = 256, bothStrands = false): Promise<EvalResult & { probs: Float32Array }> {
  const n = d.codes.length, T = d.labels.length / n, L = d.codes[0].length;
  const probs = new Float32Array(n * T);
  let lossSum = 0;
  for (let s = 0; s < n; s += batchSize) {
    const e = Math.min(n, s + batchSize), b = e - s;
    const [p, l] = tf.tidy(() => {
      const seqs = d.codes.slice(s, e);
      const y = tf.tensor2d(d.labels.subarray(s * T, e * T), [b, T]);
      let logits: tf.Tensor2D;
      if (bothStrands) {
        const o = model.forward(tf.tensor3d(oneHotWithRc(seqs, L), [2 * b, L, 4]), false);
        logits = tf.mul(tf.add(tf.slice(o.logits, [0, 0], [b, T]), tf.slice(o.logits, [b, 0], [b, T])), 0.5) as tf.Tensor2D;
      } else logits = model.forward(tf.tensor3d(oneHotBatch(seqs, L), [b, L, 4]), false).logits;
      return [tf.sigmoid(logits), tf.mul(bceWithLogits(logits, y), b * T)];
    });
    probs.set((await p.data()) as Float32Array, s * T);
    lossSum += (await l.data())[0];
    p.dispose(); l.dispose();
  }
  const perTask = taskMetrics(probs, d.labels, T);
  return {
    loss: lossSum / (n * T), perTask, probs,
    auroc: meanMetric(perTask, 'auroc'), auprc: meanMetric(perTask, 'auprc'), accuracy: meanMetric(perTask, 'accuracy'),
  };
}

async function snapshot(vars: tf.Variable[], names: string[]): Promise<Map<string, Float32Array>> {
  const m = new Map<string, Float32Array>();
  for (let i = 0; i < vars.length; i++) m.set(names[i], (await vars[i].data()) as Float32Array);
  return m;
}

const yieldToEventLoop = () => new Promise<void>((r) => (typeof setImmediate === 'function' ? setImmediate(r) : setTimeout(r, 0)));

/**
 * Train a model of `config.modelKind`. `config` is parsed with TrainConfigSchema (defaults filled). The active tf backend is
 * used as is (call selectBackend() first). Throws TrainingError for bad data and NaN losses.
 */
export async function train(data: DataSplits, config: Partial<TrainConfig> | TrainConfig, opts: TrainOptions = {}): Promise<TrainResult> {
  const cfg = TrainConfigSchema.parse(opts.resume?.config ?? config);
  const W = minLength(cfg.modelKind, cfg.model.W);
  const { L, T } = validate(data.train, 'training', W);
  validate(data.valid, 'validation', W);
  if (data.test) validate(data.test, 'test', W);
  const mc = modelConfig(cfg.modelKind, T, L, cfg.model);
  const res = opts.resume;
  // (checkpoints written before `released` existed lack the field: absent = false)
  const sameShape = (a: AnyModelConfig, b: AnyModelConfig) => JSON.stringify({ released: false, ...a }) === JSON.stringify({ released: false, ...b });
  if (res && !sameShape(res.modelConfig, mc))
    throw new TrainingError('checkpoint does not match this dataset/model configuration', 'data', null);
  const priorSpec: PriorSpec | null = cfg.prior.kind !== 'none' && cfg.prior.lambda > 0 ? { ...cfg.prior } : null;
  if (priorSpec) {
    let pos = 0;
    for (let i = 0; i < data.train.labels.length; i++) if (data.train.labels[i] >= 0.5) pos++;
    if (!pos) throw new TrainingError('the attribution prior is applied to positive sequences only, and the training set has none; add positives or train without a prior', 'data', null);
  }

  // Separate streams: initialisation and data order (only the latter continues across epochs).
  const model = createModel(mc, res?.weights, new TrainRng(cfg.seed));
  const dataRng = res ? TrainRng.fromState(res.rngState) : new TrainRng((cfg.seed ^ 0x5bd1e995) >>> 0);
  const vars = model.trainable();
  const names = model.specs.map((s) => s.name);
  const adam = new Adam(vars, cfg.lr);
  if (res) {
    adam.t = res.adamT;
    names.forEach((nm, i) => { adam.m[i].assign(tf.tensor(res.adamM.get(nm)!, vars[i].shape)); adam.v[i].assign(tf.tensor(res.adamV.get(nm)!, vars[i].shape)); });
  }
  let batchSize = res?.batchSize ?? cfg.batchSize;
  const history: EpochInfo[] = res ? [...res.history] : [];
  const best = res ? { ...res.best } : { loss: Infinity, epoch: -1, badEpochs: 0, weights: null as Map<string, Float32Array> | null };
  let lastCkpt: Checkpoint | null = res ?? null;
  const startEpoch = res?.nextEpoch ?? 0;
  // The run's length can grow while it trains (warm-up until plateau): re-read it after every epoch.
  const stopAt = () => { const E = totalEpochs(cfg, history); return opts.maxEpochsThisCall ? Math.min(E, startEpoch + opts.maxEpochsThisCall) : E; };
  let status: TrainResult['status'] = 'done';
  // ExplaiNN's dropout masks follow a per-model step counter, which shares on other threads would not share.
  const workers = archOf(cfg.modelKind) === 'explainn' ? 1 : (cfg.workers ?? 1);
  if (workers < (cfg.workers ?? 1) && startEpoch === 0) opts.onWarning?.('ExplaiNN trains on one worker: its dropout masks follow one random stream per model.');
  let lastYield = performance.now();

  const makeCheckpoint = async (nextEpoch: number): Promise<Checkpoint> => ({
    version: 1, config: cfg, modelConfig: mc, nextEpoch, adamT: adam.t,
    weights: await model.getWeights(),
    adamM: await snapshot(adam.m, names), adamV: await snapshot(adam.v, names),
    rngState: dataRng.getState(), batchSize,
    best: { ...best }, history: [...history],
  });

  try {
    for (let epoch = startEpoch; epoch < stopAt(); epoch++) {
      const t0 = performance.now();
      const lam = lambdasAt(epoch, cfg, history);
      const trainSet = opts.freshTrain ? opts.freshTrain(epoch) : data.train;
      if (opts.freshTrain) validate(trainSet, 'fresh training', W);
      const nTrain = trainSet.codes.length;
      const yAll = trainSet.labels;
      const order = opts.freshTrain ? Uint32Array.from({ length: nTrain }, (_, i) => i) : dataRng.shuffle(Uint32Array.from({ length: nTrain }, (_, i) => i));
      let pos = 0, step = 0, lossSum = 0, lossN = 0;
      while (pos < nTrain) {
        // Let the host event loop run now and then (≤ every 50 ms) so a cancel message can arrive:
        // on wasm/cpu, data() resolves as a microtask and the loop would otherwise never yield.
        if (opts.signal && performance.now() - lastYield > 50) { await yieldToEventLoop(); lastYield = performance.now(); }
        if (opts.signal?.aborted) { status = 'aborted'; break; }
        const bs = Math.min(batchSize, nTrain - pos);
        const ids = order.subarray(pos, pos + bs);
        const seqs = Array.from(ids, (i) => trainSet.codes[i]);
        const rc = cfg.reverseComplement;
        const nb = rc ? 2 * bs : bs;
        const yb = new Float32Array(nb * T);
        ids.forEach((id, k) => { const row = yAll.subarray(id * T, id * T + T); yb.set(row, k * T); if (rc) yb.set(row, (bs + k) * T); });
        const ts = performance.now();
        let out: ReturnType<typeof lossAndGrads>;
        try {
          if (workers > 1) {
            const st = await parallelStep(model, mc, opts.pool ?? null, workers, { codes: seqs, labels: yb.subarray(0, bs * T), L, T, rc, lam, prior: priorSpec });
            out = { parts: tf.tensor1d(st.parts), grads: st.grads, bnMean: st.bnMean, bnVar: st.bnVar };
          } else out = tf.tidy(() => {
            const x = tf.tensor3d(rc ? oneHotWithRc(seqs, L) : oneHotBatch(seqs, L), [nb, L, 4]);
            const y = tf.tensor2d(yb, [nb, T]);
            let positives: Int32Array | null = null;
            if (priorSpec) {
              const p: number[] = [];
              for (let k = 0; k < nb; k++) { let isPos = false; for (let t = 0; t < T; t++) if (yb[k * T + t] >= 0.5) isPos = true; if (isPos) p.push(k); }
              positives = Int32Array.from(p);
            }
            const r = lossAndGrads(model, x, y, lam, priorSpec && positives ? { spec: priorSpec, positives } : null);
            return { ...r, grads: r.grads.map((g) => tf.keep(g)) };
          });
        } catch (e) {
          if (e instanceof PoolError)
            throw new TrainingError(`training stopped at epoch ${epoch + 1}, step ${step + 1}: ${e.message}. The project is unchanged and the last good checkpoint is kept; resume the run, or train with fewer workers.`, 'worker', lastCkpt);
          if (isOom(e) && batchSize > 1) {
            batchSize = Math.max(1, Math.floor(batchSize / 2));
            opts.onWarning?.(`out of memory with batch ${bs}; continuing with batch ${batchSize} (${String((e as Error).message).slice(0, 120)})`);
            continue;
          }
          if (priorSpec && /gradient function not found|cannot compute gradient|not yet implemented/i.test(String((e as Error)?.message ?? e))) {
            throw new TrainingError(`the attribution prior needs second derivatives of the model, and the ${tf.getBackend()} backend cannot compute them for this model (${String((e as Error).message).split('\n')[0].slice(0, 160)}); train without the prior, or on the cpu backend`, 'data', lastCkpt);
          }
          throw e;
        }
        const parts = (await out.parts.data()) as Float32Array;
        if (!parts.every(Number.isFinite)) {
          tf.dispose([out.parts, out.bnMean, out.bnVar, ...out.grads]);
          throw new TrainingError(
            `loss became ${parts[0]} at epoch ${epoch + 1}, step ${step + 1} (bce ${parts[1]}, overlap ${parts[2]}, L1 ${parts[3]}); ` +
            'training stopped; the last good checkpoint is kept. Try a lower learning rate or regulariser weights.', 'nan', lastCkpt);
        }
        adam.apply(vars, out.grads, cfg.clipNorm);
        model.updateBnStats(out.bnMean, out.bnVar, nb * (L - mc.W + 1));
        tf.dispose([out.parts, out.bnMean, out.bnVar, ...out.grads]);
        const ms = performance.now() - ts;
        lossSum += parts[0] * bs; lossN += bs;
        opts.onStep?.({
          epoch, step, stepsInEpoch: Math.ceil(nTrain / batchSize), batch: nb,
          loss: parts[0], bce: parts[1], ovl: parts[2], l1: parts[3], ent: parts[4], prior: parts[5], lambdas: lam,
          seqPerSec: (nb / ms) * 1000, ms,
        });
        pos += bs; step++;
      }
      if (status === 'aborted') break;
      const valid = await evaluate(model, data.valid, cfg.evalBatchSize, cfg.reverseComplement);
      let improved = false;
      const hold = holdStart(cfg, history);
      const counting = epoch >= hold;
      // The best epoch is chosen among the counted epochs only (penalties at their end values). Before,
      // a lower validation loss from the ramp stayed the bar, so no hold epoch was ever saved as best
      // and the run kept its last weights while reporting a ramp epoch as its best.
      if (epoch === hold) { best.loss = Infinity; best.epoch = -1; best.badEpochs = 0; best.weights = null; }
      if (valid.loss < best.loss - cfg.earlyStopping.minDelta || !counting) {
        if (counting || best.epoch < 0 || valid.loss < best.loss) { best.loss = valid.loss; best.epoch = epoch; }
        if (counting) { best.badEpochs = 0; improved = true; if (cfg.earlyStopping.enabled) best.weights = await model.getWeights(); }
      } else best.badEpochs++;
      const { probs: _p, ...validRes } = valid; void _p;
      const info: EpochInfo = { epoch, trainLoss: lossN ? lossSum / lossN : NaN, valid: validRes, lambdas: lam, seconds: (performance.now() - t0) / 1000, improved };
      history.push(info);
      opts.onEpoch?.(info);
      lastCkpt = await makeCheckpoint(epoch + 1);
      await opts.onCheckpoint?.(lastCkpt);
      if (cfg.earlyStopping.enabled && counting && best.badEpochs >= cfg.earlyStopping.patience) {
        status = 'early-stopped';
        if (best.weights) model.setWeights(best.weights);
        break;
      }
    }
    if (status === 'done' && stopAt() < totalEpochs(cfg, history)) status = 'paused';
    // With early stopping on, the model kept is the best-validation epoch among the counted ones (from the last ramp epoch on) however the run ended.
    if (status === 'done' && cfg.earlyStopping.enabled && best.weights && best.epoch < history.length - 1) model.setWeights(best.weights);
    let test: EvalResult | undefined;
    if (data.test && (status === 'done' || status === 'early-stopped')) {
      const { probs: _q, ...t } = await evaluate(model, data.test, cfg.evalBatchSize, cfg.reverseComplement); void _q;
      test = t;
    }
    return { status, model, checkpoint: lastCkpt, history, test };
  } catch (e) {
    model.dispose();
    if (e instanceof TrainingError) throw e;
    if (isOom(e)) throw new TrainingError(`out of memory even with batch ${batchSize}: ${(e as Error).message}`, 'oom', lastCkpt);
    throw e;
  } finally {
    adam.dispose();
  }
}

/** Checkpoint ⇄ one binary blob (same container as models) for storage. */
export function checkpointToBytes(c: Checkpoint): Uint8Array {
  const arrays = new Map<string, Float32Array>();
  for (const [k, v] of c.weights) arrays.set('w/' + k, v);
  for (const [k, v] of c.adamM) arrays.set('m/' + k, v);
  for (const [k, v] of c.adamV) arrays.set('v/' + k, v);
  if (c.best.weights) for (const [k, v] of c.best.weights) arrays.set('b/' + k, v);
  const { weights: _w, adamM: _m, adamV: _v, best, ...rest } = c; void _w; void _m; void _v;
  return packBlob({ kind: 'argminn-checkpoint', ...rest, best: { ...best, weights: !!best.weights }, bestLoss: String(best.loss) }, arrays);
}
export function checkpointFromBytes(bytes: Uint8Array): Checkpoint {
  const { header, arrays } = unpackBlob(bytes);
  if (header.kind !== 'argminn-checkpoint') throw new Error('not an ARGMINN checkpoint');
  const pick = (p: string) => new Map([...arrays].filter(([k]) => k.startsWith(p)).map(([k, v]) => [k.slice(p.length), v]));
  const { kind: _k, arrays: _a, bestLoss, best, ...rest } = header; void _k; void _a;
  return {
    ...(rest as Omit<Checkpoint, 'weights' | 'adamM' | 'adamV' | 'best'>),
    weights: pick('w/'), adamM: pick('m/'), adamV: pick('v/'),
    best: { ...best, loss: Number(bestLoss), weights: best.weights ? pick('b/') : null },
  };
}
