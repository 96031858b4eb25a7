// Seqlets (MOTIFS.md "Discovery from importance scores"): windows of high importance, found by a
// sliding-window sum of the per-position contribution, thresholded against a null made from the same
// attribution method on dinucleotide-shuffled (or negative) sequences, then extended by flanks.
//
// Choices (written down in docs/compare.md): the signed window sum is used and only windows that
// push the prediction up are kept (a bound factor is what an importance motif is); the threshold is
// the smallest t at which the estimated false-discovery rate (share of null windows ≥ t over share
// of real windows ≥ t) is ≤ `fdr` (default 0.05); seqlets are picked greedily by score with
// non-maximum suppression (no two overlap) and at most `maxPerSeq` per sequence.

export interface SeqletOptions {
  /** Core window width (default 7). */
  window?: number;
  /** Bases added on each side of the core (default 5). */
  flank?: number;
  /** Target false-discovery rate for the threshold (default 0.05). */
  fdr?: number;
  /** At most this many seqlets per sequence (default 3). */
  maxPerSeq?: number;
}

export interface Seqlet {
  seq: number;
  /** 0-based start of the extended seqlet (core start − flank); may lie outside the sequence (empty columns). */
  start: number;
  end: number;
  /** Window sum of the core. */
  score: number;
}

/** Sliding-window sums of v over width w: out[i] = Σ v[i..i+w). */
export function windowSums(v: ArrayLike<number>, w: number): Float64Array {
  const n = Math.max(0, v.length - w + 1), out = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    s += v[i];
    if (i >= w) s -= v[i - w];
    if (i >= w - 1) out[i - w + 1] = s;
  }
  return out;
}

/**
 * Smallest threshold t (among observed real window sums) with FDR(t) = (#null ≥ t / nNull) / (#real ≥ t / nReal) ≤ fdr.
 * Returns +Infinity when no threshold achieves it (nothing stands out from the null).
 */
export function fdrThreshold(real: Float64Array, nul: Float64Array, fdr: number): number {
  if (!real.length) return Infinity;
  const r = Float64Array.from(real).sort().reverse();
  const n = Float64Array.from(nul).sort().reverse();
  let best = Infinity, j = 0;
  for (let i = 0; i < r.length; i++) {
    const t = r[i];
    if (t <= 0) break;
    while (j < n.length && n[j] >= t) j++;
    const est = n.length ? (j / n.length) / ((i + 1) / r.length) : 0;
    if (est <= fdr) best = t;
  }
  return best;
}

/** Seqlets from per-position contributions of real sequences, thresholded against a null. */
export function extractSeqlets(perBase: ArrayLike<number>[], nullPerBase: ArrayLike<number>[], opts: SeqletOptions = {}): { seqlets: Seqlet[]; threshold: number } {
  const w = opts.window ?? 7, flank = opts.flank ?? 5, fdr = opts.fdr ?? 0.05, maxPer = opts.maxPerSeq ?? 3;
  const sums = perBase.map((v) => windowSums(v, w));
  const concat = (arrs: Float64Array[]) => { const out = new Float64Array(arrs.reduce((a, x) => a + x.length, 0)); let o = 0; for (const a of arrs) { out.set(a, o); o += a.length; } return out; };
  const threshold = fdrThreshold(concat(sums), concat(nullPerBase.map((v) => windowSums(v, w))), fdr);
  const seqlets: Seqlet[] = [];
  if (!Number.isFinite(threshold)) return { seqlets, threshold };
  sums.forEach((s, q) => {
    const L = perBase[q].length;
    const taken = new Uint8Array(L);
    const order = Array.from(s.keys()).filter((i) => s[i] >= threshold).sort((a, b) => s[b] - s[a]);
    let n = 0;
    for (const i of order) {
      if (n >= maxPer) break;
      let free = true;
      for (let k = i; k < i + w; k++) if (taken[k]) { free = false; break; }
      if (!free) continue;
      const start = i - flank, end = i + w + flank;
      for (let k = Math.max(0, start); k < Math.min(L, end); k++) taken[k] = 1;
      seqlets.push({ seq: q, start, end, score: s[i] });
      n++;
    }
  });
  return { seqlets, threshold };
}
