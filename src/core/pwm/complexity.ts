// Low-complexity motifs: what a filter learns from sequence composition rather than from a binding
// site — homopolymer runs (poly-A/T, poly-G/C) and short tandem repeats (ACACAC…, AATAAT…). A model
// whose only passing motifs are of this kind did not learn a motif, whatever its auROC.

/** Mean base composition of a PFM's columns [start, end). */
function composition(probs: number[][], start = 0, end = probs.length): number[] {
  const c = [0, 0, 0, 0];
  for (let i = start; i < end; i++) for (let b = 0; b < 4; b++) c[b] += probs[i][b] / Math.max(1, end - start);
  return c;
}

function columnPearson(a: number[], b: number[]): number {
  const ma = (a[0] + a[1] + a[2] + a[3]) / 4, mb = (b[0] + b[1] + b[2] + b[3]) / 4;
  let sab = 0, saa = 0, sbb = 0;
  for (let k = 0; k < 4; k++) { sab += (a[k] - ma) * (b[k] - mb); saa += (a[k] - ma) ** 2; sbb += (b[k] - mb) ** 2; }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/**
 * Why a (trimmed) motif is low-complexity, or null: one base makes ≥ 60 % of it (a run), or it
 * repeats itself with a period of 1–3 columns (mean column Pearson ≥ 0.8 at that lag over ≥ 4 pairs)
 * while two bases make ≥ 85 % of it.
 */
export function lowComplexity(probs: number[][], start = 0, end = probs.length): string | null {
  const n = end - start;
  if (n <= 0) return null;
  const comp = composition(probs, start, end);
  const sorted = [...comp].sort((x, y) => y - x);
  const letters = 'ACGT';
  if (sorted[0] >= 0.6) return `mostly ${letters[comp.indexOf(sorted[0])]} (${Math.round(sorted[0] * 100)} %): a homopolymer run`;
  if (sorted[0] + sorted[1] >= 0.85) {
    for (let lag = 1; lag <= 3; lag++) {
      if (n - lag < 4) break;
      let s = 0;
      for (let i = start; i + lag < end; i++) s += columnPearson(probs[i], probs[i + lag]);
      if (s / (n - lag) >= 0.8) return `a repeat of period ${lag} made of two bases (${Math.round((sorted[0] + sorted[1]) * 100)} %)`;
    }
  }
  return null;
}
