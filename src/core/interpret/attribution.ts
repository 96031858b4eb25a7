// Importance scores for any trained model (MODEL.md §2 "attribution-based discovery"): input×gradient,
// integrated gradients (zero or dinucleotide-shuffled reference, trapezoid rule over N steps),
// in-silico mutagenesis, and a DeepLIFT/SHAP-style estimate (path-integrated gradients averaged over
// K dinucleotide-shuffled references, which is what DeepSHAP approximates). Every method returns an
// L×4 contribution matrix per sequence and a per-position score (Σ over channels: the position's
// contribution, drawn on the observed base in the logo track). IG and the SHAP estimate promise
// completeness, so they also return Σ attributions and f(x) − mean f(reference) for a convergence check.
//
// The target is one task's logit (not the probability: completeness is exact in logit space).
import * as tf from '@tensorflow/tfjs';
import { oneHotBatch } from '../model/ops';
import { dinucShuffle } from '../data/shuffle';
import { Rng } from '../seq/random';

/** What attribution needs from a model (ARGMINN, CNN and ExplaiNN all provide it). */
export interface AttributableModel {
  readonly config: { T: number };
  forward(x: tf.Tensor3D, training: boolean, needInputGrad?: boolean): { logits: tf.Tensor2D };
}

export type AttributionMethod = 'input_x_gradient' | 'integrated_gradients' | 'ism' | 'deepshap';
export const ATTRIBUTION_METHODS: AttributionMethod[] = ['input_x_gradient', 'integrated_gradients', 'ism', 'deepshap'];
export const METHOD_LABELS: Record<AttributionMethod, string> = {
  input_x_gradient: 'Input × gradient',
  integrated_gradients: 'Integrated gradients',
  ism: 'In-silico mutagenesis',
  deepshap: 'DeepLIFT/SHAP-style (shuffled references)',
};

export interface AttributionOptions {
  task?: number;                         // default 0
  reference?: 'zero' | 'shuffle';        // IG only (default 'shuffle' for deepshap, 'zero' for IG)
  steps?: number;                        // IG: default 50; deepshap: default 25 per reference
  refs?: number;                         // shuffled references: IG default 1, deepshap default 10
  seed?: number;                         // shuffles (default 1)
  batchSize?: number;                    // rows per forward/backward (default 256)
  signal?: AbortSignal;
}

export interface Attribution {
  /** L×4 row-major contributions (ISM: Δlogit for mutating to that base; 0 at the observed base). */
  scores: Float32Array;
  /** Per-position score: Σ_c scores (ISM: −mean Δ over the three alternatives). */
  perBase: Float32Array;
  /** Target logit of the sequence. */
  logit: number;
  /** IG / deepshap: mean reference logit, Σ attributions, and |Σ − (f(x) − f(ref))| / max(|f(x) − f(ref)|, 1e-6). */
  refLogit?: number;
  sum?: number;
  convergence?: number;
}

export class AttributionError extends Error {
  constructor(message: string) { super(message); this.name = 'AttributionError'; }
}

const GRAD_FAIL = /gradient function not found|cannot compute gradient|not registered|not yet implemented|backprop/i;

function explain(e: unknown, what: string): never {
  const msg = String((e as Error)?.message ?? e);
  if (GRAD_FAIL.test(msg)) {
    throw new AttributionError(
      `${what} needs gradients of the model with respect to its input, and the ${tf.getBackend()} backend cannot compute them for this model (${msg.split('\n')[0].slice(0, 160)}). ` +
      'Use in-silico mutagenesis, which needs only predictions, or run Cisgram with the cpu backend.');
  }
  throw e;
}

function checkTask(model: AttributableModel, task: number): void {
  if (!Number.isInteger(task) || task < 0 || task >= model.config.T) throw new AttributionError(`Task ${task + 1} does not exist: this model predicts ${model.config.T} task(s).`);
}

/** Target logits for n rows of one-hot input (inference mode). */
export async function logitsOf(model: AttributableModel, x1h: Float32Array, n: number, L: number, task: number, batchSize = 256): Promise<Float32Array> {
  const out = new Float32Array(n);
  for (let s = 0; s < n; s += batchSize) {
    const e = Math.min(n, s + batchSize);
    const t = tf.tidy(() => {
      const x = tf.tensor3d(x1h.subarray(s * L * 4, e * L * 4), [e - s, L, 4]);
      return tf.slice(model.forward(x, false).logits, [0, task], [-1, 1]);
    });
    out.set((await t.data()) as Float32Array, s);
    t.dispose();
  }
  return out;
}

/** ∂ logit_task / ∂x for n rows of (not necessarily one-hot) input: gradients n×L×4 and the logits n. */
export async function gradientsAndLogits(model: AttributableModel, x1h: Float32Array, n: number, L: number, task: number, batchSize = 256, signal?: AbortSignal): Promise<{ grads: Float32Array; logits: Float32Array }> {
  const grads = new Float32Array(n * L * 4), logits = new Float32Array(n);
  for (let s = 0; s < n; s += batchSize) {
    if (signal?.aborted) throw new AttributionError('cancelled');
    const e = Math.min(n, s + batchSize);
    let kept: tf.Tensor | null = null;
    const f = (xx: tf.Tensor) => {
      const l = tf.slice(model.forward(xx as tf.Tensor3D, false, true).logits, [0, task], [-1, 1]);
      kept = tf.keep(tf.reshape(l, [-1]));
      return tf.sum(l);
    };
    let g: tf.Tensor;
    try {
      g = tf.tidy(() => tf.grad(f)(tf.tensor3d(x1h.subarray(s * L * 4, e * L * 4), [e - s, L, 4])));
    } catch (err) { if (kept) (kept as tf.Tensor).dispose(); explain(err, 'This attribution method'); }
    grads.set((await g!.data()) as Float32Array, s * L * 4);
    logits.set((await kept!.data()) as Float32Array, s);
    g!.dispose(); kept!.dispose();
  }
  return { grads, logits };
}

/** ∂ logit_task / ∂x for n rows; returns n×L×4. */
export async function inputGradients(model: AttributableModel, x1h: Float32Array, n: number, L: number, task: number, batchSize = 256, signal?: AbortSignal): Promise<Float32Array> {
  return (await gradientsAndLogits(model, x1h, n, L, task, batchSize, signal)).grads;
}

function sameLength(seqs: Uint8Array[]): number {
  if (!seqs.length) throw new AttributionError('No sequences to score.');
  const L = seqs[0].length;
  for (const s of seqs) if (s.length !== L) throw new AttributionError('All sequences must have the same length.');
  return L;
}

function perBaseSum(scores: Float32Array, L: number): Float32Array {
  const p = new Float32Array(L);
  for (let i = 0; i < L; i++) p[i] = scores[i * 4] + scores[i * 4 + 1] + scores[i * 4 + 2] + scores[i * 4 + 3];
  return p;
}

/** Input × gradient. */
export async function inputXGradient(model: AttributableModel, seqs: Uint8Array[], opts: AttributionOptions = {}): Promise<Attribution[]> {
  const task = opts.task ?? 0; checkTask(model, task);
  const L = sameLength(seqs), n = seqs.length;
  const x = oneHotBatch(seqs, L);
  const g = await inputGradients(model, x, n, L, task, opts.batchSize, opts.signal);
  const lg = await logitsOf(model, x, n, L, task, opts.batchSize);
  return seqs.map((_, b) => {
    const scores = new Float32Array(L * 4);
    for (let j = 0; j < L * 4; j++) scores[j] = g[b * L * 4 + j] * x[b * L * 4 + j];
    return { scores, perBase: perBaseSum(scores, L), logit: lg[b] };
  });
}

/** Trapezoid nodes α_0…α_N on [0,1] and their weights (the uniform rule; kept for reference and tests). */
export function trapezoid(steps: number): { alpha: Float64Array; weight: Float64Array } {
  const N = Math.max(1, Math.floor(steps));
  const alpha = new Float64Array(N + 1), weight = new Float64Array(N + 1);
  for (let j = 0; j <= N; j++) { alpha[j] = j / N; weight[j] = (j === 0 || j === N ? 0.5 : 1) / N; }
  return { alpha, weight };
}

/** Dinucleotide-shuffled references of one sequence (one-hot, K×L×4). */
function shuffledRefs(seq: Uint8Array, K: number, rng: Rng): Float32Array {
  const refs = Array.from({ length: K }, () => dinucShuffle(seq, rng));
  return oneHotBatch(refs, seq.length);
}

interface PathNode { alpha: number; g: Float32Array; s: number; f: number }

/**
 * Path-integrated gradients from each reference r_k to x, averaged over references:
 * A = mean_k (x − r_k) ⊙ ∫₀¹ ∇f(r_k + α (x − r_k)) dα.
 *
 * Quadrature: adaptive trapezoid with a budget of `steps` + 1 gradient evaluations per path. The
 * integrand of a ReLU/max-pool network jumps wherever a unit switches along the path, so a uniform
 * grid converges only as O(1/N). Every gradient evaluation also gives f at that point, and on each
 * interval the exact integral of (x − r)·∇f is f(b) − f(a) (fundamental theorem), so each interval's
 * quadrature error is known exactly. We start from a uniform grid of ⌈N/5⌉ intervals and spend the
 * rest of the budget bisecting, in rounds, the intervals with the largest error. This localises the
 * switches and brings the completeness error from several % to < 1% at N = 50 for the same number
 * of model evaluations (the attributions are still the plain trapezoid integral on those nodes).
 */
async function pathIntegrated(model: AttributableModel, seqs: Uint8Array[], refsOf: (s: Uint8Array) => Float32Array, K: number, steps: number, task: number, opts: AttributionOptions): Promise<Attribution[]> {
  const L = seqs[0].length, LL = L * 4;
  const xs = seqs.map((s) => oneHotBatch([s], L));
  const refs = seqs.map((s) => refsOf(s));
  // One path per (sequence, reference); every round evaluates all paths' new nodes in one batch.
  const paths = seqs.flatMap((_, q) => Array.from({ length: K }, (_, k) => ({ q, k })));
  const budget = Math.max(2, Math.floor(steps) + 1);
  const n0 = Math.min(budget - 1, Math.max(1, Math.ceil(steps / 10)));
  const nodes: PathNode[][] = paths.map(() => []);
  const diffs = paths.map(({ q, k }) => { const d = new Float32Array(LL); for (let j = 0; j < LL; j++) d[j] = xs[q][j] - refs[q][k * LL + j]; return d; });
  const evalAt = async (req: { p: number; alpha: number }[]) => {
    const batch = new Float32Array(req.length * LL);
    req.forEach(({ p, alpha }, i) => { const { q, k } = paths[p], o = i * LL; for (let j = 0; j < LL; j++) batch[o + j] = refs[q][k * LL + j] + alpha * diffs[p][j]; });
    const { grads: g, logits: fv } = await gradientsAndLogits(model, batch, req.length, L, task, opts.batchSize, opts.signal);
    req.forEach(({ p, alpha }, i) => {
      const gi = g.slice(i * LL, (i + 1) * LL);
      let sc = 0; for (let j = 0; j < LL; j++) sc += gi[j] * diffs[p][j];
      nodes[p].push({ alpha, g: gi, s: sc, f: fv[i] });
    });
    for (const list of nodes) list.sort((a, b) => a.alpha - b.alpha);
  };
  const init: { p: number; alpha: number }[] = [];
  for (let p = 0; p < paths.length; p++) for (let j = 0; j <= n0; j++) init.push({ p, alpha: j / n0 });
  await evalAt(init);
  let left = budget - (n0 + 1);
  const perRound = Math.max(1, Math.ceil(left / 10));
  while (left > 0) {
    const take = Math.min(perRound, left);
    const req: { p: number; alpha: number }[] = [];
    nodes.forEach((list, p) => {
      const cand = list.slice(1).map((b, i) => {
        const a = list[i], h = b.alpha - a.alpha;
        return { i, score: Math.abs(b.f - a.f - (h * (a.s + b.s)) / 2) + 1e-9 * h };
      });
      cand.sort((x, y) => y.score - x.score);
      for (const c of cand.slice(0, take)) req.push({ p, alpha: (list[c.i].alpha + list[c.i + 1].alpha) / 2 });
    });
    await evalAt(req);
    left -= take;
  }
  return seqs.map((_, q) => {
    const scores = new Float32Array(LL);
    let refSum = 0;
    for (let k = 0; k < K; k++) {
      const p = q * K + k, list = nodes[p], avg = new Float64Array(LL);
      for (let i = 1; i < list.length; i++) {
        const h = (list[i].alpha - list[i - 1].alpha) / 2, a = list[i - 1].g, b = list[i].g;
        for (let j = 0; j < LL; j++) avg[j] += h * (a[j] + b[j]);
      }
      for (let j = 0; j < LL; j++) scores[j] += (diffs[p][j] * avg[j]) / K;
      refSum += list[0].f;                      // α = 0 is the reference itself
    }
    const fx = nodes[q * K][nodes[q * K].length - 1].f;   // α = 1 is the sequence
    const refLogit = refSum / K;
    const sum = scores.reduce((a, v) => a + v, 0);
    const diff = fx - refLogit;
    return { scores, perBase: perBaseSum(scores, L), logit: fx, refLogit, sum, convergence: Math.abs(sum - diff) / Math.max(Math.abs(diff), 1e-6) };
  });
}

/** Sequences per path-integration batch (paths × nodes per round stay a few hundred rows). */
const PATH_CHUNK = 16;

/** Integrated gradients with a zero (all-N) or dinucleotide-shuffled reference. */
export async function integratedGradients(model: AttributableModel, seqs: Uint8Array[], opts: AttributionOptions = {}): Promise<Attribution[]> {
  const task = opts.task ?? 0; checkTask(model, task);
  const L = sameLength(seqs);
  const reference = opts.reference ?? 'zero', steps = opts.steps ?? 50;
  const K = reference === 'zero' ? 1 : Math.max(1, opts.refs ?? 1);
  const rng = new Rng(opts.seed ?? 1);
  const refsOf = (s: Uint8Array) => (reference === 'zero' ? new Float32Array(L * 4) : shuffledRefs(s, K, rng));
  const out: Attribution[] = [];
  for (let i = 0; i < seqs.length; i += PATH_CHUNK) out.push(...(await pathIntegrated(model, seqs.slice(i, i + PATH_CHUNK), refsOf, K, steps, task, opts)));
  return out;
}

/** DeepLIFT/SHAP-style estimate: short path integrals averaged over K dinucleotide-shuffled references. */
export async function deepShap(model: AttributableModel, seqs: Uint8Array[], opts: AttributionOptions = {}): Promise<Attribution[]> {
  const task = opts.task ?? 0; checkTask(model, task);
  sameLength(seqs);
  const K = Math.max(1, opts.refs ?? 10), steps = opts.steps ?? 25;
  const rng = new Rng(opts.seed ?? 1);
  const out: Attribution[] = [];
  const chunk = Math.max(1, Math.floor(PATH_CHUNK / K) || 1);
  for (let i = 0; i < seqs.length; i += chunk) out.push(...(await pathIntegrated(model, seqs.slice(i, i + chunk), (s) => shuffledRefs(s, K, rng), K, steps, task, opts)));
  return out;
}

/** In-silico mutagenesis: Δlogit for every single-base substitution (3L mutants per sequence). */
export async function ism(model: AttributableModel, seqs: Uint8Array[], opts: AttributionOptions = {}): Promise<Attribution[]> {
  const task = opts.task ?? 0; checkTask(model, task);
  const L = sameLength(seqs);
  const out: Attribution[] = [];
  for (const s of seqs) {
    if (opts.signal?.aborted) throw new AttributionError('cancelled');
    const muts: Uint8Array[] = [s];
    const where: [number, number][] = [];
    for (let i = 0; i < L; i++) for (let c = 0; c < 4; c++) {
      if (c === s[i]) continue;
      const m = s.slice(); m[i] = c; muts.push(m); where.push([i, c]);
    }
    const lg = await logitsOf(model, oneHotBatch(muts, L), muts.length, L, task, opts.batchSize);
    const scores = new Float32Array(L * 4);
    const perBase = new Float32Array(L);
    const nAlt = new Uint8Array(L);
    where.forEach(([i, c], k) => { const d = lg[k + 1] - lg[0]; scores[i * 4 + c] = d; perBase[i] -= d; nAlt[i]++; });
    for (let i = 0; i < L; i++) if (nAlt[i]) perBase[i] /= nAlt[i];
    out.push({ scores, perBase, logit: lg[0] });
  }
  return out;
}

export async function attribute(model: AttributableModel, method: AttributionMethod, seqs: Uint8Array[], opts: AttributionOptions = {}): Promise<Attribution[]> {
  switch (method) {
    case 'input_x_gradient': return inputXGradient(model, seqs, opts);
    case 'integrated_gradients': return integratedGradients(model, seqs, opts);
    case 'deepshap': return deepShap(model, seqs, opts);
    case 'ism': return ism(model, seqs, opts);
  }
}

/** Per-position attribution magnitude a_i = Σ_c |A_ic| (what the priors and their figures read). */
export function magnitudes(scores: Float32Array): Float32Array {
  const L = scores.length / 4, a = new Float32Array(L);
  for (let i = 0; i < L; i++) a[i] = Math.abs(scores[i * 4]) + Math.abs(scores[i * 4 + 1]) + Math.abs(scores[i * 4 + 2]) + Math.abs(scores[i * 4 + 3]);
  return a;
}
