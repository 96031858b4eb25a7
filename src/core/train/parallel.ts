// Data-parallel training steps (docs/train.md "Workers"): a batch of unique sequences is cut into
// `workers` fixed contiguous shares; share 0 runs on the training thread, share k ≥ 1 on pool
// worker (k−1) mod pool size (or on the training thread when there is no pool), each computing the
// loss parts, gradients and BatchNorm batch statistics of its own share ("ghost batch norm": every
// share normalises with its own statistics). The training thread then sums the gradients weighted by
// share size in share order, so one seed and one worker count give bit-identical weights whichever
// thread computed which share; the BN statistics folded into the running ones are the share-size-
// weighted means of the shares' statistics, in the same order.
import * as tf from '@tensorflow/tfjs';
import type { PoolLike } from '../jobs/pool';
import { createModel, type AnyModelConfig, type SeqModel } from '../model/registry';
import { lossAndGrads, type Lambdas } from '../model/objective';
import { oneHotWithRc, oneHotBatch } from '../model/ops';
import type { PriorSpec } from '../model/priors';

/** Sizes of `workers` contiguous shares of `n` sequences (the first n mod workers get one more). */
export function shareSizes(n: number, workers: number): number[] {
  const base = Math.floor(n / workers), extra = n % workers;
  return Array.from({ length: workers }, (_, k) => base + (k < extra ? 1 : 0));
}

interface ShareInput {
  codes: Uint8Array[];
  labels: Float32Array;   // unique rows, codes.length × T
  L: number; T: number; rc: boolean; lam: Lambdas; prior: PriorSpec | null;
}
interface ShareOutput { parts: Float32Array; grads: Float32Array[]; bnMean: Float32Array; bnVar: Float32Array }
interface ShareTensors { parts: tf.Tensor1D; grads: tf.Tensor[]; bnMean: tf.Tensor1D; bnVar: tf.Tensor1D }

/** Loss parts, gradients and BN statistics of one share (the same batch layout as the 1-worker step). */
function shareTensors(model: SeqModel, s: ShareInput): ShareTensors {
  const bs = s.codes.length, nb = s.rc ? 2 * bs : bs, T = s.T;
  const yb = new Float32Array(nb * T);
  yb.set(s.labels.subarray(0, bs * T));
  if (s.rc) yb.set(s.labels.subarray(0, bs * T), bs * T);
  return tf.tidy(() => {
    const x = tf.tensor3d(s.rc ? oneHotWithRc(s.codes, s.L) : oneHotBatch(s.codes, s.L), [nb, s.L, 4]);
    const y = tf.tensor2d(yb, [nb, T]);
    let positives: Int32Array | null = null;
    if (s.prior) {
      const p: number[] = [];
      for (let k = 0; k < nb; k++) { let isPos = false; for (let t = 0; t < T; t++) if (yb[k * T + t] >= 0.5) isPos = true; if (isPos) p.push(k); }
      positives = Int32Array.from(p);
    }
    const r = lossAndGrads(model, x, y, s.lam, s.prior && positives ? { spec: s.prior, positives } : null);
    return { ...r, grads: r.grads.map((g) => tf.keep(g)) };
  });
}

// Pool-worker side: one model per worker thread, its weights replaced by the training thread's each step.
let cached: { key: string; model: SeqModel } | null = null;

export async function shareGradTask(args: unknown): Promise<{ result: ShareOutput; transfer: ArrayBuffer[] }> {
  const a = args as ShareInput & { modelConfig: AnyModelConfig; weights: Map<string, Float32Array> };
  const key = JSON.stringify(a.modelConfig);
  if (!cached || cached.key !== key) {
    cached?.model.dispose();
    cached = { key, model: createModel(a.modelConfig, a.weights) };
  } else cached.model.setWeights(a.weights);
  const t = shareTensors(cached.model, a);
  try {
    const out: ShareOutput = {
      parts: (await t.parts.data()) as Float32Array,
      grads: await Promise.all(t.grads.map(async (g) => (await g.data()) as Float32Array)),
      bnMean: (await t.bnMean.data()) as Float32Array,
      bnVar: (await t.bnVar.data()) as Float32Array,
    };
    const transfer = [out.parts, ...out.grads, out.bnMean, out.bnVar].map((x) => x.buffer as ArrayBuffer);
    return { result: out, transfer: [...new Set(transfer)] };
  } finally {
    tf.dispose([t.parts, t.bnMean, t.bnVar, ...t.grads]);
  }
}

export interface ParallelStep { parts: Float32Array; grads: tf.Tensor[]; bnMean: tf.Tensor1D; bnVar: tf.Tensor1D }

/**
 * One data-parallel step's combined loss parts, gradients and BN statistics for the batch `codes`
 * (unique sequences; `labels` their rows). The caller applies the optimizer and disposes the tensors.
 */
export async function parallelStep(
  model: SeqModel, modelConfig: AnyModelConfig, pool: PoolLike | null, workers: number, batch: ShareInput,
): Promise<ParallelStep> {
  const sizes = shareSizes(batch.codes.length, workers);
  const n = batch.codes.length, T = batch.T;
  const shares: ShareInput[] = [];
  let off = 0;
  for (const m of sizes) {
    shares.push({ ...batch, codes: batch.codes.slice(off, off + m), labels: batch.labels.subarray(off * T, (off + m) * T) });
    off += m;
  }
  const weights = pool && pool.size > 0 ? model.getWeightsSync() : null;
  // Shares for the pool are sent first so the helpers work while the training thread computes its own.
  const remote = shares.map((s, k) => (k > 0 && sizes[k] > 0 && pool && pool.size > 0 && weights
    ? pool.run<ShareOutput>((k - 1) % pool.size, 'train.grad', { ...s, labels: s.labels.slice(), modelConfig, weights })
    : null));
  remote.forEach((p) => p?.catch(() => undefined)); // rejections are re-raised below, in share order
  const vars = model.trainable();
  const outs: (ShareOutput | ShareTensors | null)[] = [];
  try {
    for (let k = 0; k < workers; k++) outs.push(sizes[k] === 0 ? null : remote[k] ? null : shareTensors(model, shares[k]));
    for (let k = 0; k < workers; k++) if (remote[k]) outs[k] = await remote[k]!;
    return tf.tidy(() => {
      const asT = (o: ShareOutput | ShareTensors) => ('dispose' in o.parts ? o as ShareTensors : {
        parts: tf.tensor1d((o as ShareOutput).parts), grads: (o as ShareOutput).grads.map((g, i) => tf.tensor(g, vars[i].shape)),
        bnMean: tf.tensor1d((o as ShareOutput).bnMean), bnVar: tf.tensor1d((o as ShareOutput).bnVar),
      });
      let acc: ShareTensors | null = null;
      for (let k = 0; k < workers; k++) {
        const o = outs[k];
        if (!o) continue;
        const t = asT(o), w = sizes[k] / n;
        const sc = <X extends tf.Tensor>(x: X) => tf.mul(x, w) as X;
        acc = acc === null
          ? { parts: sc(t.parts), grads: t.grads.map(sc), bnMean: sc(t.bnMean), bnVar: sc(t.bnVar) }
          : { parts: tf.add(acc.parts, sc(t.parts)), grads: acc.grads.map((g, i) => tf.add(g, sc(t.grads[i]))), bnMean: tf.add(acc.bnMean, sc(t.bnMean)), bnVar: tf.add(acc.bnVar, sc(t.bnVar)) };
      }
      const a = acc!;
      return { parts: a.parts.dataSync() as Float32Array, grads: a.grads.map((g) => tf.keep(g)), bnMean: tf.keep(a.bnMean), bnVar: tf.keep(a.bnVar) };
    });
  } finally {
    for (const o of outs) if (o && 'dispose' in o.parts) tf.dispose([(o as ShareTensors).parts, (o as ShareTensors).bnMean, (o as ShareTensors).bnVar, ...(o as ShareTensors).grads]);
  }
}
