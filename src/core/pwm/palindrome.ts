// Palindromic motifs: a PFM that reads (nearly) the same as its reverse complement, like the E-box
// CACGTG of MAX. On such a motif the strand of a site, and so the relative orientation of a pair
// that includes it, cannot be told from the sequence.

/** Mean column Pearson between the informative core of a PFM (columns with IC ≥ 0.5 bits, ends trimmed) and its reverse complement. */
export function rcSelfSimilarity(probs: number[][]): number {
  const ic = probs.map((c) => 2 + c.reduce((a, p) => a + (p > 0 ? p * Math.log2(p) : 0), 0));
  let a = 0, b = probs.length - 1;
  while (a < b && ic[a] < 0.5) a++;
  while (b > a && ic[b] < 0.5) b--;
  const core = probs.slice(a, b + 1);
  const rc = core.slice().reverse().map((c) => [c[3], c[2], c[1], c[0]]);
  let s = 0;
  for (let i = 0; i < core.length; i++) {
    const x = core[i], y = rc[i];
    const mx = (x[0] + x[1] + x[2] + x[3]) / 4, my = (y[0] + y[1] + y[2] + y[3]) / 4;
    let sxy = 0, sxx = 0, syy = 0;
    for (let k = 0; k < 4; k++) { sxy += (x[k] - mx) * (y[k] - my); sxx += (x[k] - mx) ** 2; syy += (y[k] - my) ** 2; }
    s += sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
  }
  return core.length ? s / core.length : 0;
}

/** Palindromic when the core's mean column Pearson with its reverse complement is ≥ 0.8. */
export function isPalindromic(probs: number[][]): boolean {
  return rcSelfSimilarity(probs) >= 0.8;
}
