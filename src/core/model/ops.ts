// Low-level differentiable ops shared by the models: a 1-D "valid" correlation whose gradients are
// themselves built from the same op (so it is twice differentiable and needs only the Conv2D and
// Conv2DBackpropInput kernels — the wasm backend has no Conv2DBackpropFilter), layer norm, one-hot input.
import * as tf from '@tensorflow/tfjs';

/**
 * y[n,i,o] = Σ_k Σ_c x[n,i+k,c]·w[k,c,o] ("valid", stride 1). x: [N,M,C], w: [K,C,O] → [N,M−K+1,O].
 * `needDx=false` skips the input gradient (returns zeros) when x is constant data (one-hot input).
 */
export function corr1d(x: tf.Tensor3D, w: tf.Tensor3D, needDx = true): tf.Tensor3D {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const f = tf.customGrad(((xx: tf.Tensor, ww: tf.Tensor, save: tf.GradSaveFunc) => {
    const x3 = xx as tf.Tensor3D, w3 = ww as tf.Tensor3D;
    save([x3, w3]);
    return {
      value: tf.conv1d(x3, w3, 1, 'valid'),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw] = saved as [tf.Tensor3D, tf.Tensor3D];
        const dy3 = dy as tf.Tensor3D;
        const K = sw.shape[0];
        const dx = needDx
          ? corr1d(tf.pad(dy3, [[0, 0], [K - 1, K - 1], [0, 0]]), tf.transpose(tf.reverse(sw, 0), [0, 2, 1]))
          : tf.zerosLike(sx);
        // dw[k,c,o] = Σ_n Σ_i x[n,i+k,c]·dy[n,i,o]: a correlation with batch↔channel swapped.
        const dw = tf.transpose(corr1d(tf.transpose(sx, [2, 1, 0]), tf.transpose(dy3, [1, 0, 2])), [1, 0, 2]);
        return [dx, dw];
      },
    };
  }) as any);
  return f(x, w) as tf.Tensor3D;
}

/** Layer norm over the last axis with gain g and bias b (eps 1e-5, biased variance, like PyTorch). */
export function layerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, eps = 1e-5): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), g), b);
}

/** One-hot encode equal-length code arrays (A0 C1 G2 T3; N/other → all zeros) into B×L×4 floats. */
export function oneHotBatch(seqs: ArrayLike<number>[] | Uint8Array[], L: number, out?: Float32Array): Float32Array {
  const B = seqs.length;
  const buf = out && out.length === B * L * 4 ? out.fill(0) : new Float32Array(B * L * 4);
  for (let b = 0; b < B; b++) {
    const s = seqs[b];
    if (s.length !== L) throw new Error(`sequence ${b} has length ${s.length}, expected ${L}`);
    const o = b * L * 4;
    for (let i = 0; i < L; i++) { const c = s[i]; if (c < 4) buf[o + i * 4 + c] = 1; }
  }
  return buf;
}

/** One-hot of sequences and their reverse complements appended (2B×L×4). */
export function oneHotWithRc(seqs: Uint8Array[], L: number): Float32Array {
  const B = seqs.length;
  const buf = new Float32Array(2 * B * L * 4);
  for (let b = 0; b < B; b++) {
    const s = seqs[b];
    if (s.length !== L) throw new Error(`sequence ${b} has length ${s.length}, expected ${L}`);
    const o = b * L * 4, orc = (B + b) * L * 4;
    for (let i = 0; i < L; i++) {
      const c = s[i];
      if (c < 4) { buf[o + i * 4 + c] = 1; buf[orc + (L - 1 - i) * 4 + (3 - c)] = 1; }
    }
  }
  return buf;
}
