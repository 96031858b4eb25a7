// One-sided Fisher exact test on a 2×2 table: does a motif fire more often in one class of
// sequences than in the other? Used to judge a filter's usage (compare/strict.ts) and to tell a
// repressive filter from an activating one when reading motifs (extract.ts).

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

/**
 * The test of a repressor's motif, the enrichment test turned round: when a filter fires in at least
 * `minFraction` of the negatives and more often there than in the positives, the one-sided Fisher p
 * of firing more in negatives; null otherwise (or without sequences of either class).
 */
export function repressiveP(f: { firesPos: number; firesNeg: number; nPos: number; nNeg: number }, minFraction: number): number | null {
  if (!f.nPos || !f.nNeg) return null;
  const fracPos = f.firesPos / f.nPos, fracNeg = f.firesNeg / f.nNeg;
  if (!(fracNeg >= minFraction && fracNeg > fracPos)) return null;
  return fisherGreater(f.firesNeg, f.nNeg - f.firesNeg, f.firesPos, f.nPos - f.firesPos);
}
