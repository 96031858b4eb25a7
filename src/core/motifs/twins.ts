// Reverse-complement twins of first-layer filter motifs, with no tfjs (used by extract.ts after
// reading the filters, and by the strict evaluation in src/core/compare/strict.ts):
// a filter's twin is the other filter whose trimmed PFM, reverse-complemented, best matches inside
// the filter's PFM (mean column Pearson ≥ minSim, and better than its forward placement, so plain
// duplicates are not called twins).
import { bestColumnSimilarity } from '../interpret/filters';

/** What twin detection reads (and writes) of a filter motif. */
export interface TwinCandidate {
  filter: number;
  /** W×4 PFM. */
  probs: number[][];
  trimStart: number;
  trimEnd: number;
  /** Only passing filters take part. */
  passes: boolean;
  rcTwin: number | null;
  rcTwinScore: number | null;
}

/** The trimmed PFM of a filter motif (the whole matrix when trimming leaves nothing). */
export function trimmedProbs(m: { probs: number[][]; trimStart: number; trimEnd: number }): number[][] {
  return m.trimEnd > m.trimStart ? m.probs.slice(m.trimStart, m.trimEnd) : m.probs;
}

/**
 * For every passing filter, its reverse-complement twin: the other passing filter g whose trimmed
 * PFM, reverse-complemented, best matches inside f's PFM (mean column Pearson ≥ minSim, and better
 * than g's forward placement, so that plain duplicates are not called twins). Sets rcTwin/rcTwinScore.
 */
export function findRcTwins(ms: TwinCandidate[], minSim = 0.9): void {
  for (const a of ms) {
    if (!a.passes) continue;
    const flatA = a.probs.flat();
    let best: { g: number; score: number } | null = null;
    for (const b of ms) {
      if (b === a || !b.passes) continue;
      const tb = trimmedProbs(b);
      if (tb.length > a.probs.length) continue;
      const sim = bestColumnSimilarity(flatA, tb.flat());
      if (sim.strand === '-' && sim.score >= minSim && (!best || sim.score > best.score)) best = { g: b.filter, score: sim.score };
    }
    a.rcTwin = best ? best.g : null;
    a.rcTwinScore = best ? best.score : null;
  }
}
