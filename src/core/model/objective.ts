// The training objective of every model kind (MODEL.md §1.4): loss value and gradients for one batch —
// BCE plus the λ-weighted overlap, L1 and attention-entropy penalties and the optional attribution
// prior (§3). The trainer (src/core/train/trainer.ts) drives it; the backend speed probe
// (./backend.ts) times one call of it, which is why it lives on the model floor.
import * as tf from '@tensorflow/tfjs';
import type { SeqModel } from './registry';
import { priorAttributions, priorLoss, type PriorSpec } from './priors';
import { bceWithLogits, overlapLoss, l1Loss, attentionEntropy } from './losses';

/** Weights of the regularisers at one epoch (annealed by src/core/train/schedule.ts). */
export interface Lambdas { ovl: number; l1: number; ent: number }

/**
 * Loss value and gradients for one batch (no sync). Returned tensors must be disposed by the caller.
 * `prior` (with the row indices of the batch's positives) adds λ·prior(input×gradient of the
 * positives), computed in training mode on the positives alone.
 */
export function lossAndGrads(model: SeqModel, x: tf.Tensor3D, y: tf.Tensor2D, lam: Lambdas, prior?: { spec: PriorSpec; positives: Int32Array } | null): {
  parts: tf.Tensor1D; grads: tf.Tensor[]; bnMean: tf.Tensor1D; bnVar: tf.Tensor1D;
} {
  const vars = model.trainable();
  let kept: tf.Tensor[] = [];
  const { grads } = tf.variableGrads(() => {
    const o = model.forward(x, true);
    const w = model.p('conv.w') as tf.Tensor3D;
    const bce = bceWithLogits(o.logits, y);
    const ovl = lam.ovl > 0 ? overlapLoss(o.r, w) : tf.scalar(0);
    const l1 = lam.l1 > 0 ? l1Loss(w) : tf.scalar(0);
    // The attention entropy is measured whenever the model has attention (the Train screen draws it),
    // but only enters the loss while its λ > 0, so gradients are unchanged when it is off.
    const ent = o.attention ? attentionEntropy(o.attention) : tf.scalar(0);
    let pr: tf.Scalar = tf.scalar(0);
    if (prior && prior.spec.kind !== 'none' && prior.spec.lambda > 0 && prior.positives.length) {
      const xp = tf.gather(x, tf.tensor1d(prior.positives, 'int32')) as tf.Tensor3D;
      pr = priorLoss(priorAttributions((xx) => model.forward(xx, true, true).logits, xp), prior.spec);
    }
    const total = tf.addN([bce, tf.mul(ovl, lam.ovl), tf.mul(l1, lam.l1), ...(lam.ent > 0 ? [tf.mul(ent, lam.ent)] : []), tf.mul(pr, prior?.spec.lambda ?? 0)]) as tf.Scalar;
    kept = [tf.keep(tf.stack([total, bce, ovl, l1, ent, pr])), tf.keep(o.bnMean!), tf.keep(o.bnVar!)];
    return total;
  }, vars);
  const g = vars.map((v) => grads[v.name] ?? tf.zerosLike(v)); // b_k cancels in the softmax: zero gradient
  return { parts: kept[0] as tf.Tensor1D, grads: g, bnMean: kept[1] as tf.Tensor1D, bnVar: kept[2] as tf.Tensor1D };
}
