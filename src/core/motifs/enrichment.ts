// Whether a learned filter fires more often in positive than in negative sequences: the one-sided
// Fisher exact test on the 2×2 table (fires / does not fire × positives / negatives), and the shared
// thresholds of "used" (fires in ≥ 5 % of positives) and "enriched" (p < 0.01). One implementation,
// read by the Motifs screen's trust verdict (./trust.ts) and the strict evaluation
// (src/core/compare/strict.ts usedFilters).

export const USAGE_MIN_FRACTION = 0.05;
export const USAGE_MAX_P = 0.01;

const logFact: number[] = [0];
function lf(n: number): number {
  for (let k = logFact.length; k <= n; k++) logFact.push(logFact[k - 1] + Math.log(k));
  return logFact[n];
}

/**
 * One-sided Fisher exact test on the 2×2 table [[a, b], [c, d]] (rows: positives, negatives;
 * columns: fires, does not fire): P(X ≥ a) for X hypergeometric with the table's margins.
 */
export function fisherGreater(a: number, b: number, c: number, d: number): number {
  const n1 = a + b, n2 = c + d, k = a + c, N = n1 + n2;
  const lo = Math.max(0, k - n2), hi = Math.min(k, n1);
  if (a <= lo) return 1;
  const base = lf(n1) + lf(n2) + lf(k) + lf(N - k) - lf(N);
  let p = 0;
  for (let x = a; x <= hi; x++) p += Math.exp(base - lf(x) - lf(n1 - x) - lf(k - x) - lf(n2 - k + x));
  return Math.min(1, p);
}

/** Fisher p of a filter's firing counts (fires in firesPos of nPos positives, firesNeg of nNeg negatives); null without negatives. */
export function firingEnrichmentP(f: { firesPos: number; firesNeg: number; nPos: number; nNeg: number }): number | null {
  if (!f.nNeg || !f.nPos) return null;
  return fisherGreater(f.firesPos, f.nPos - f.firesPos, f.firesNeg, f.nNeg - f.firesNeg);
}
