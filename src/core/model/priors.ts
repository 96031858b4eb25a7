// Attribution priors (MODEL.md §3): the Fourier prior (penalises high-frequency attribution
// spectra) and the total-variation prior, as differentiable tfjs losses on per-position attribution
// magnitudes a (P×L), plus plain-JS reference evaluations of the same formulas (for tests) and the
// two interpretability figures reported for every run: high-frequency share and attribution entropy.
//
// Speed/portability: the Gaussian smoothing (σ, truncated at 1σ, zero padding) and the real DFT are
// both linear maps, so they are folded into two constant L×K matrices (cos and sin parts): one
// matMul each. No FFT kernel is needed (the wasm backend has none) and the result is twice
// differentiable like every other op the models use.
import * as tf from '@tensorflow/tfjs';

export interface FourierPriorOptions {
  /** Frequency cut-off T (index into the rfft); default round(L/7). */
  T?: number | null;
  /** Soft cut-off exponent c: w_k = 1/(1+(k−T)^c) above T; null/undefined with hard=true → 0 above T. Default 0.2. */
  c?: number | null;
  /** Gaussian smoothing σ (taps = 2·round(σ)+1, truncated at 1σ). Default 3; 0 = no smoothing. */
  sigma?: number;
}

export const FOURIER_DEFAULTS = { c: 0.2, sigma: 3, lambda: 1 } as const;

export function defaultCutoff(L: number): number {
  return Math.max(1, Math.round(L / 7));
}

/** Normalised Gaussian taps of width 2·round(σ)+1 (σ = 3 → 7 taps); [1] when σ ≤ 0. */
export function gaussianTaps(sigma: number): Float64Array {
  if (!(sigma > 0)) return Float64Array.of(1);
  const r = Math.round(sigma);
  const t = new Float64Array(2 * r + 1);
  let s = 0;
  for (let d = -r; d <= r; d++) { t[d + r] = Math.exp(-(d * d) / (2 * sigma * sigma)); s += t[d + r]; }
  for (let i = 0; i < t.length; i++) t[i] /= s;
  return t;
}

/** Frequency weights w_k, k = 0…⌊L/2⌋ (w_0 = 0: the sum runs over k ≥ 1). c null → hard cut above T. */
export function fourierWeights(L: number, T: number, c: number | null): Float64Array {
  const K = Math.floor(L / 2) + 1;
  const w = new Float64Array(K);
  for (let k = 1; k < K; k++) w[k] = k <= T ? 1 : c === null ? 0 : 1 / (1 + Math.pow(k - T, c));
  return w;
}

const matCache = new Map<string, { re: tf.Tensor2D; im: tf.Tensor2D; w: tf.Tensor1D }>();

/** Constant matrices M_re, M_im (L×K) with rfft(smooth(a)) = a·M_re + i·a·M_im, and the weights. */
function spectralMats(L: number, T: number, c: number | null, sigma: number) {
  const key = `${L}:${T}:${c}:${sigma}:${tf.getBackend()}`;
  let m = matCache.get(key);
  if (!m) {
    const K = Math.floor(L / 2) + 1;
    const taps = gaussianTaps(sigma), r = (taps.length - 1) / 2;
    const re = new Float32Array(L * K), im = new Float32Array(L * K);
    // ã_j = Σ_d taps[d+r]·a_{j+d} (zero padding) → column of input i contributes to ã_j for j = i − d.
    for (let i = 0; i < L; i++) {
      for (let k = 0; k < K; k++) {
        let sr = 0, si = 0;
        for (let d = -r; d <= r; d++) {
          const j = i - d;
          if (j < 0 || j >= L) continue;
          const ang = (-2 * Math.PI * j * k) / L;
          sr += taps[d + r] * Math.cos(ang); si += taps[d + r] * Math.sin(ang);
        }
        re[i * K + k] = sr; im[i * K + k] = si;
      }
    }
    m = {
      re: tf.keep(tf.tensor2d(re, [L, K])), im: tf.keep(tf.tensor2d(im, [L, K])),
      w: tf.keep(tf.tensor1d(Float32Array.from(fourierWeights(L, T, c)))),
    };
    matCache.set(key, m);
  }
  return m;
}

function resolve(L: number, o: FourierPriorOptions): { T: number; c: number | null; sigma: number } {
  return { T: o.T ?? defaultCutoff(L), c: o.c === undefined ? FOURIER_DEFAULTS.c : o.c, sigma: o.sigma ?? FOURIER_DEFAULTS.sigma };
}

/**
 * Fourier prior loss of attribution magnitudes a (P×L, a_i = Σ_c |A_ic|): mean over rows of
 * 1 − Σ_{k≥1} w_k m̂_k, m̂ = |rfft(smooth(a))| normalised over k ≥ 0. Differentiable (twice).
 */
export function fourierPriorLoss(a: tf.Tensor2D, opts: FourierPriorOptions = {}): tf.Scalar {
  return tf.tidy(() => {
    const L = a.shape[1];
    const { T, c, sigma } = resolve(L, opts);
    const M = spectralMats(L, T, c, sigma);
    const re = tf.matMul(a, M.re), im = tf.matMul(a, M.im);
    const mag = tf.sqrt(tf.add(tf.add(tf.square(re), tf.square(im)), 1e-12));     // P×K
    const norm = tf.div(mag, tf.add(tf.sum(mag, 1, true), 1e-12));
    const score = tf.sum(tf.mul(norm, M.w), 1);                                      // P
    return tf.mean(tf.sub(1, score)) as tf.Scalar;
  });
}

/** Total-variation prior: mean over rows of Σ_i |a_{i+1} − a_i|. */
export function tvPriorLoss(a: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const L = a.shape[1];
    if (L < 2) return tf.scalar(0);
    const d = tf.sub(tf.slice(a, [0, 1], [-1, L - 1]), tf.slice(a, [0, 0], [-1, L - 1]));
    return tf.mean(tf.sum(tf.abs(d), 1)) as tf.Scalar;
  });
}

/**
 * Input×gradient attributions for the prior, kept differentiable w.r.t. the model's weights:
 * A = ∂(Σ_tasks logit)/∂X ⊙ X, returns a = Σ_c |A| (B×L). `forward` must build input gradients.
 */
export function priorAttributions(forward: (x: tf.Tensor3D) => tf.Tensor2D, x: tf.Tensor3D): tf.Tensor2D {
  const g = tf.grad((xx: tf.Tensor) => tf.sum(forward(xx as tf.Tensor3D)))(x);
  return tf.sum(tf.abs(tf.mul(g, x)), -1) as tf.Tensor2D;
}

export type PriorKind = 'none' | 'fourier' | 'tv';
export interface PriorSpec { kind: PriorKind; lambda: number; T?: number | null; c?: number | null; sigma?: number }

/** The prior term (unweighted) for attribution magnitudes a of positives (P×L). */
export function priorLoss(a: tf.Tensor2D, spec: PriorSpec): tf.Scalar {
  if (spec.kind === 'fourier') return fourierPriorLoss(a, spec);
  if (spec.kind === 'tv') return tvPriorLoss(a);
  return tf.scalar(0);
}

// ---------------------------------------------------------------------------------------------
// Plain-JS evaluations (no tfjs): the literal formulas, used as ground truth in tests and for the
// per-run interpretability figures.

/** |DFT_k(v)| for k = 0…⌊L/2⌋ by direct summation. */
export function rfftMagnitude(v: ArrayLike<number>): Float64Array {
  const L = v.length, K = Math.floor(L / 2) + 1;
  const out = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let re = 0, im = 0;
    for (let j = 0; j < L; j++) { const ang = (-2 * Math.PI * j * k) / L; re += v[j] * Math.cos(ang); im += v[j] * Math.sin(ang); }
    out[k] = Math.hypot(re, im);
  }
  return out;
}

/** Gaussian smoothing by direct convolution with zero padding. */
export function smooth(v: ArrayLike<number>, sigma: number): Float64Array {
  const taps = gaussianTaps(sigma), r = (taps.length - 1) / 2, L = v.length;
  const out = new Float64Array(L);
  for (let j = 0; j < L; j++) {
    let s = 0;
    for (let d = -r; d <= r; d++) { const i = j + d; if (i >= 0 && i < L) s += taps[d + r] * v[i]; }
    out[j] = s;
  }
  return out;
}

/** Reference value of the Fourier prior for one attribution-magnitude vector a (length L). */
export function fourierPriorRef(a: ArrayLike<number>, opts: FourierPriorOptions = {}): number {
  const L = a.length;
  const { T, c, sigma } = resolve(L, opts);
  const m = rfftMagnitude(smooth(a, sigma));
  const tot = m.reduce((s, x) => s + x, 0);
  if (tot <= 0) return 1;
  const w = fourierWeights(L, T, c);
  let s = 0;
  for (let k = 1; k < m.length; k++) s += w[k] * (m[k] / tot);
  return 1 - s;
}

/** High-frequency share of the unsmoothed attribution spectrum: Σ_{k≥T} m̂_k, m̂ normalised over k ≥ 1. */
export function highFrequencyShare(a: ArrayLike<number>, T = defaultCutoff(a.length)): number {
  const m = rfftMagnitude(a);
  let tot = 0, hi = 0;
  for (let k = 1; k < m.length; k++) { tot += m[k]; if (k >= T) hi += m[k]; }
  return tot > 0 ? hi / tot : 0;
}

/** Entropy (bits) of p_i = (a_i + 10⁻³)/Σ(a + 10⁻³); lower = attributions concentrated on fewer bases. */
export function attributionEntropy(a: ArrayLike<number>): number {
  let tot = 0;
  for (let i = 0; i < a.length; i++) tot += a[i] + 1e-3;
  let h = 0;
  for (let i = 0; i < a.length; i++) { const p = (a[i] + 1e-3) / tot; if (p > 0) h -= p * Math.log2(p); }
  return h;
}
