// Exact score distributions for integer-scaled motif scores (shared by FIMO- and TomTom-style
// statistics): convolution of independent per-column discrete distributions, upper-tail tables,
// and Benjamini–Hochberg q-values.

/**
 * Convolve a pmf over sums 0..len-1 with one column's distribution (values ≥ 0, probabilities).
 * Returns a new pmf of length len + max(values).
 */
export function convolveColumn(pmf: Float64Array, values: ArrayLike<number>, probs: ArrayLike<number>): Float64Array {
  let mx = 0;
  for (let k = 0; k < values.length; k++) if (probs[k] > 0 && values[k] > mx) mx = values[k];
  const out = new Float64Array(pmf.length + mx);
  for (let k = 0; k < values.length; k++) {
    const p = probs[k];
    if (!(p > 0)) continue;
    const v = values[k];
    for (let s = 0; s < pmf.length; s++) out[s + v] += pmf[s] * p;
  }
  return out;
}

/** Exact pmf of Σ_i X_i, X_i independent with P(X_i = values[i][k]) = probs[i][k] (values non-negative integers). */
export function sumDistribution(values: ArrayLike<number>[], probs: ArrayLike<number>[]): Float64Array {
  let pmf: Float64Array = new Float64Array([1]);
  for (let i = 0; i < values.length; i++) pmf = convolveColumn(pmf, values[i], probs[i]);
  return pmf;
}

/** Upper tail: sf[s] = P(S ≥ s) for s = 0..pmf.length (sf[pmf.length] = 0), summed from the top for precision. */
export function upperTail(pmf: Float64Array): Float64Array {
  const sf = new Float64Array(pmf.length + 1);
  let acc = 0;
  for (let s = pmf.length - 1; s >= 0; s--) { acc += pmf[s]; sf[s] = acc; }
  for (let s = 0; s < sf.length; s++) if (sf[s] > 1) sf[s] = 1;
  return sf;
}

/** Smallest score s with P(S ≥ s) < p (strictly); sf.length when none (no score reaches p). */
export function scoreThreshold(sf: Float64Array, p: number): number {
  let lo = 0, hi = sf.length - 1; // sf is non-increasing; sf[last] = 0 < p for p > 0
  if (!(sf[hi] < p)) return sf.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sf[mid] < p) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/**
 * Benjamini–Hochberg q-values: q_(i) = min_{j ≥ i} p_(j)·m/j. m defaults to p.length; pass a larger m
 * when p holds only the smallest p-values of m tests (e.g. only the reported hits). `pi0` scales every
 * q (Storey's estimate of the share of true nulls; 1 = Benjamini–Hochberg).
 */
export function bhQValues(p: ArrayLike<number>, m: number = p.length, pi0 = 1): Float64Array {
  const n = p.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a] - p[b]);
  const q = new Float64Array(n);
  let run = 1;
  for (let r = n - 1; r >= 0; r--) {
    const i = order[r];
    const v = Math.min(1, (pi0 * p[i] * m) / (r + 1));
    if (v < run) run = v;
    q[i] = run;
  }
  return q;
}
