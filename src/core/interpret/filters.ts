// Reading motifs out of first-layer filters (MODEL.md §5): threshold = 0.5 × the filter's maximum
// activation over the positives; PFM = mean one-hot of all W-mers whose activation exceeds it.
// Also the mean-centred weight view and PFM column similarity helpers used by tests and the motif library.

export interface FilterPfm {
  pfm: Float32Array;      // W×4 row-major (A,C,G,T); N bases contribute zeros
  nSites: number;         // W-mers above threshold
  threshold: number;
  maxActivation: number;
}

/**
 * seqs: the positive sequences (codes); acts[i]: their activations r, L′×F row-major (L′ = L − W + 1).
 * `fraction` (default 0.5) × max activation is the threshold (strictly exceeded).
 */
export function pfmFromFilter(
  seqs: Uint8Array[], acts: Float32Array[], F: number, f: number, W: number, fraction = 0.5,
): FilterPfm {
  let max = 0;
  for (let s = 0; s < seqs.length; s++) {
    const a = acts[s], Lp = seqs[s].length - W + 1;
    for (let i = 0; i < Lp; i++) if (a[i * F + f] > max) max = a[i * F + f];
  }
  const threshold = fraction * max;
  const counts = new Float64Array(W * 4);
  let n = 0;
  if (max > 0) {
    for (let s = 0; s < seqs.length; s++) {
      const a = acts[s], q = seqs[s], Lp = q.length - W + 1;
      for (let i = 0; i < Lp; i++) {
        if (a[i * F + f] > threshold) {
          n++;
          for (let k = 0; k < W; k++) { const c = q[i + k]; if (c < 4) counts[k * 4 + c]++; }
        }
      }
    }
  }
  const pfm = new Float32Array(W * 4);
  if (n) for (let j = 0; j < W * 4; j++) pfm[j] = counts[j] / n;
  return { pfm, nSites: n, threshold, maxActivation: max };
}

/** Filter weights (W×4×F layout as in the model, index [k*4*F + c*F + f]) as a mean-centred W×4 matrix. */
export function centredWeights(convW: Float32Array, W: number, F: number, f: number): Float32Array {
  const out = new Float32Array(W * 4);
  for (let k = 0; k < W; k++) {
    let m = 0;
    for (let c = 0; c < 4; c++) m += convW[k * 4 * F + c * F + f];
    m /= 4;
    for (let c = 0; c < 4; c++) out[k * 4 + c] = convW[k * 4 * F + c * F + f] - m;
  }
  return out;
}

/** Reverse complement of a W×4 matrix. */
export function rcMatrix(m: Float32Array | number[]): Float32Array {
  const W = m.length / 4, out = new Float32Array(m.length);
  for (let k = 0; k < W; k++) for (let c = 0; c < 4; c++) out[(W - 1 - k) * 4 + (3 - c)] = m[k * 4 + c];
  return out;
}

function pearson(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number): number {
  let ma = 0, mb = 0;
  for (let c = 0; c < 4; c++) { ma += a[ao + c]; mb += b[bo + c]; }
  ma /= 4; mb /= 4;
  let sab = 0, saa = 0, sbb = 0;
  for (let c = 0; c < 4; c++) { const x = a[ao + c] - ma, y = b[bo + c] - mb; sab += x * y; saa += x * x; sbb += y * y; }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/**
 * Best mean per-column Pearson similarity of `motif` (m×4) placed fully inside `pfm` (W×4, W ≥ m),
 * over offsets and both strands of the motif.
 */
export function bestColumnSimilarity(pfm: ArrayLike<number>, motif: ArrayLike<number>): { score: number; offset: number; strand: '+' | '-' } {
  const W = pfm.length / 4, m = motif.length / 4;
  let best = { score: -Infinity, offset: 0, strand: '+' as '+' | '-' };
  for (const strand of ['+', '-'] as const) {
    const mm = strand === '+' ? motif : rcMatrix(Array.from(motif));
    for (let off = 0; off + m <= W; off++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += pearson(pfm, (off + k) * 4, mm, k * 4);
      s /= m;
      if (s > best.score) best = { score: s, offset: off, strand };
    }
  }
  return best;
}
