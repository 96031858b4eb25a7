// Loss terms for ARGMINN training (MODEL.md §1.2–1.4): BCE with logits, the filter-overlap
// regulariser L_ovl (one correlation of r with F×F kernels K_{a,f}(d) = A_a(d)·B_f(d), then a gather by
// the per-position arg-max filter — never a B×L′×S×F tensor), L1 of the conv weights, attention entropy.
import * as tf from '@tensorflow/tfjs';
import { corr1d } from './ops';

/** Mean binary cross-entropy with logits over all entries (numerically stable form). */
export function bceWithLogits(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  // max(x,0) − x·y + log(1 + exp(−|x|))
  return tf.mean(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, labels)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))))) as tf.Scalar;
}

/** ‖W‖₁ of the conv weights (bias not included). */
export function l1Loss(convW: tf.Tensor): tf.Scalar {
  return tf.sum(tf.abs(convW)) as tf.Scalar;
}

const aMaskCache = new Map<string, tf.Tensor2D>();
/** S×W 0/1 matrix: row s (d = s − (W−1)) has ones for k ∈ [max(0,d), W−1−max(0,−d)]. */
function overlapMask(W: number): tf.Tensor2D {
  const key = `${W}:${tf.getBackend()}`;
  let t = aMaskCache.get(key);
  if (!t) {
    const S = 2 * W - 1, m = new Float32Array(S * W);
    for (let s = 0; s < S; s++) {
      const d = s - (W - 1);
      for (let k = Math.max(0, d); k <= W - 1 - Math.max(0, -d); k++) m[s * W + k] = 1;
    }
    t = tf.keep(tf.tensor2d(m, [S, W]));
    aMaskCache.set(key, t);
  }
  return t;
}

/** A (S×F) and B (S×F) of §1.2 from conv weights W×4×F; row s ↔ offset d = s − (W−1). */
export function overlapAB(convW: tf.Tensor3D): { A: tf.Tensor2D; B: tf.Tensor2D } {
  const m = tf.sum(tf.abs(convW), 1) as tf.Tensor2D;          // W×F per-position mass
  const A = tf.matMul(overlapMask(convW.shape[0]), m) as tf.Tensor2D;       // S×F
  return { A, B: tf.reverse(A, 0) as tf.Tensor2D };
}

/**
 * L_ovl of §1.2, averaged over the batch. r: B×L′×F (post-ReLU), convW: W×4×F.
 * The arg-max a(n,i) (first maximum on ties) is a constant for differentiation.
 */
export function overlapLoss(r: tf.Tensor3D, convW: tf.Tensor3D): tf.Scalar {
  const [Bn, Lp, F] = r.shape;
  const W = convW.shape[0], S = 2 * W - 1;
  const { A, B } = overlapAB(convW);
  // K[s, f, a] = A_a(d)·B_f(d)·[f ≠ a]  — filter layout for corr1d: [S, in=f, out=a]
  const offDiag = tf.sub(1, tf.eye(F));
  const K = tf.mul(tf.mul(tf.reshape(A, [S, 1, F]), tf.reshape(B, [S, F, 1])), offDiag) as tf.Tensor3D;
  const rpad = tf.pad(r, [[0, 0], [W - 1, W - 1], [0, 0]]);
  const C = corr1d(rpad, K);                                   // B×L′×F: C[n,i,a] = Σ_{f≠a} Σ_d r[n,i+d,f] K_{a,f}(d)
  // Ties (e.g. all filters at 0 after the ReLU) go to the lowest filter index on every backend: a
  // 1e-30·(F−1−f) nudge only separates exact ties (it is below float32 resolution for any r > 1e-22).
  const tieBreak = tf.mul(tf.range(F - 1, -1, -1, 'float32'), 1e-30);
  // (int32 one-hot then cast: tfjs-backend-wasm 4.22 writes float32 one-hots with integer bit patterns)
  const mask = tf.cast(tf.oneHot(tf.argMax(tf.add(r, tieBreak), -1), F), 'float32'); // constant
  const perSeq = tf.sum(tf.mul(C, mask), [1, 2]);
  const norm = tf.mul(tf.sum(tf.abs(convW)), Lp * F * S);
  return tf.div(tf.mean(perSeq), norm) as tf.Scalar;
  void Bn;
}

/** Attention entropy (bits): mean over batch, layers and heads of −Σ_j α log₂ α. attention: B×nL×NH×L′. */
export function attentionEntropy(attention: tf.Tensor4D): tf.Scalar {
  const a = attention;
  const ent = tf.neg(tf.sum(tf.mul(a, tf.div(tf.log(tf.add(a, 1e-12)), Math.LN2)), -1));
  return tf.mean(ent) as tf.Scalar;
}
