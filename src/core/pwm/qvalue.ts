// q-values for many p-values (MOTIFS.md "TomTom-style motif comparison", step 5): Benjamini–Hochberg,
// and Storey's q-values, i.e. BH scaled by an estimate π₀ of the share of true null hypotheses.
//
// π₀ follows Storey (2002, "A direct approach to false discovery rates", Algorithm 3.1 with the
// bootstrap choice of λ), with the settings MEME 4.12's qvalue.c uses:
//   π₀(λ) = #{p ≥ λ} / ((1 − λ)·m) for λ = 0.5·k/100, k = 1…100 (no p ≥ λ: +∞);
//   the plug-in value is min_λ π₀(λ); 100 bootstrap samples of 1000 p-values each (with replacement)
//   estimate, per λ, the mean squared error of π₀*(λ) against the plug-in; the λ with the smallest
//   error (the first on ties) gives π₀, clamped to [0, 1]. With 100 p-values or fewer π₀ = 1 (BH).
// The bootstrap draws come from our own seeded generator, not MEME's, so π₀ can differ from
// MEME's where two λ have nearly equal errors; everything else is deterministic.
import { bhQValues } from './pvalue';
import { rng as makeRng, type Rng } from '../seq/random';

export type QMethod = 'storey' | 'bh';

export const QMETHOD_LABEL: Record<QMethod, string> = { storey: 'Storey', bh: 'Benjamini–Hochberg' };

const NUM_LAMBDA = 100;
const MAX_LAMBDA = 0.5;
const NUM_BOOTSTRAPS = 100;
const BOOTSTRAP_SAMPLES = 1000;
const MIN_PVALUES = 100;

/** π₀(λ) on ascending-sorted p-values. */
function pi0At(sorted: Float64Array, lambda: number): number {
  // first index with p ≥ λ
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] >= lambda) hi = mid; else lo = mid + 1;
  }
  const greater = sorted.length - lo;
  return greater ? greater / ((1 - lambda) * sorted.length) : Infinity;
}

/** Storey's π₀ with the bootstrap choice of λ (see the header). Seeded: same input, same π₀. */
export function estimatePi0(p: ArrayLike<number>, opts: { seed?: number; rng?: Rng } = {}): number {
  const m = p.length;
  if (m <= MIN_PVALUES) return 1;
  const sorted = Float64Array.from(p).sort();
  const lambdas = Array.from({ length: NUM_LAMBDA }, (_, k) => ((k + 1) / NUM_LAMBDA) * MAX_LAMBDA);
  const pi0s = lambdas.map((l) => pi0At(sorted, l));
  const plugIn = Math.min(...pi0s);
  const r = opts.rng ?? makeRng(opts.seed ?? 1);
  const mse = new Float64Array(NUM_LAMBDA);
  const boot = new Float64Array(BOOTSTRAP_SAMPLES);
  for (let b = 0; b < NUM_BOOTSTRAPS; b++) {
    for (let i = 0; i < BOOTSTRAP_SAMPLES; i++) boot[i] = sorted[r.int(m)];
    boot.sort();
    for (let k = 0; k < NUM_LAMBDA; k++) {
      const e = pi0At(boot, lambdas[k]) - plugIn;
      mse[k] += e * e;
    }
  }
  let best = 0;
  for (let k = 1; k < NUM_LAMBDA; k++) if (mse[k] < mse[best]) best = k;
  return Math.max(0, Math.min(1, pi0s[best]));
}

/** Storey q-values: q_(i) = min_{j ≥ i} min(1, π₀·p_(j)·m/j) (Benjamini–Hochberg when π₀ = 1). */
export function storeyQValues(p: ArrayLike<number>, opts: { seed?: number; rng?: Rng } = {}): { q: Float64Array; pi0: number } {
  const pi0 = estimatePi0(p, opts);
  const q = bhQValues(p, p.length, pi0);
  return { q, pi0 };
}

/** q-values by the named method; π₀ is 1 for BH. */
export function qValues(p: ArrayLike<number>, method: QMethod, opts: { seed?: number } = {}): { q: Float64Array; pi0: number } {
  return method === 'storey' ? storeyQValues(p, opts) : { q: bhQValues(p), pi0: 1 };
}
