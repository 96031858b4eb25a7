// "Passes" on the Motifs screen: whether a learned motif can be trusted. It passes only when it is
//  1. informative — trimmed length ≥ 5 bp and mean information content ≥ 1 bit (MODEL.md §5,
//     matrix.ts motifPasses; recorded per filter as trimStart/trimEnd/meanIC);
//  2. used — the filter fires (max activation > ½ of its maximum over the positives) in ≥ 5 % of
//     the positive sequences, and its PFM rests on ≥ 20 sites;
//  3. enriched — it fires more often in positives than in negatives, one-sided Fisher exact test
//     p < 0.01 (./fisher.ts, the one test the strict evaluation's "used" also reads; same 5 % and
//     0.01 as compare/strict.ts USAGE_MIN_FRACTION / USAGE_MAX_P).
// A filter firing significantly more in negatives (≥ 5 % of them, reversed Fisher p < 0.01) does not
// pass — it is not enriched in positives — but the verdict says it may be a repressor's motif (the
// strict evaluation counts such a filter as used, role 'repressing': compare/strict.ts 1b).
// Every failed condition is named with its figures, so the card can say why. Pure.
import { fisherGreater, repressiveP } from './fisher';

export const TRUST_MIN_LENGTH = 5;
export const TRUST_MIN_MEAN_IC = 1;
export const TRUST_MIN_SITES = 20;
export const TRUST_MIN_FRACTION = 0.05;
export const TRUST_MAX_P = 0.01;

/** Fisher p of firing more in positives than negatives; null without negatives or positives. */
export function firingEnrichmentP(f: { firesPos: number; firesNeg: number; nPos: number; nNeg: number }): number | null {
  if (!f.nNeg || !f.nPos) return null;
  return fisherGreater(f.firesPos, f.nPos - f.firesPos, f.firesNeg, f.nNeg - f.firesNeg);
}

export type TrustCondition = 'informative' | 'used' | 'enriched';

/** What the verdict reads of a filter motif (ProjectMotifRecord / FilterMotif fields). */
export interface TrustInput {
  trimStart: number;
  trimEnd: number;
  meanIC: number;
  nSites: number;
  firesPos: number;
  firesNeg: number;
  nPos: number;
  nNeg: number;
  unused: boolean;
}

export interface TrustVerdict {
  passes: boolean;
  /** Conditions not met, in order. */
  failed: TrustCondition[];
  trimmedLength: number;
  meanIC: number;
  nSites: number;
  fracPos: number;
  fracNeg: number | null;
  /** One-sided Fisher p of firing in positives over negatives; null without negatives. */
  fisherP: number | null;
  /** One plain sentence per failed condition. */
  reasons: string[];
  /** Fires in ≥ 5 % of negatives and more often there (reversed Fisher p < 0.01): perhaps a repressor's motif. */
  repressing: boolean;
}

const pct = (x: number) => `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`;
const fmtP = (p: number) => (p < 1e-3 ? p.toExponential(1) : p.toPrecision(2));

export function trustVerdict(m: TrustInput): TrustVerdict {
  const trimmedLength = Math.max(0, m.trimEnd - m.trimStart);
  const fracPos = m.nPos ? m.firesPos / m.nPos : 0;
  const fracNeg = m.nNeg ? m.firesNeg / m.nNeg : null;
  const fisherP = m.unused ? null : firingEnrichmentP(m);
  const failed: TrustCondition[] = [], reasons: string[] = [];
  if (!(trimmedLength >= TRUST_MIN_LENGTH && m.meanIC >= TRUST_MIN_MEAN_IC)) {
    failed.push('informative');
    reasons.push(`Not informative: ${trimmedLength} bp after trimming (needs ≥ ${TRUST_MIN_LENGTH}) and mean information ${m.meanIC.toFixed(2)} bits (needs ≥ ${TRUST_MIN_MEAN_IC}).`);
  }
  if (m.unused || !(fracPos >= TRUST_MIN_FRACTION) || !(m.nSites >= TRUST_MIN_SITES)) {
    failed.push('used');
    reasons.push(m.unused
      ? 'Not used: the filter never fires.'
      : `Not used enough: fires in ${m.firesPos} of ${m.nPos} positives (${pct(fracPos)}; needs ≥ ${pct(TRUST_MIN_FRACTION)}) from ${m.nSites} sites (needs ≥ ${TRUST_MIN_SITES}).`);
  }
  const pr = fisherP === null ? null : repressiveP(m, TRUST_MIN_FRACTION);
  const repressing = pr !== null && pr < TRUST_MAX_P;
  if (fisherP === null || !(fisherP < TRUST_MAX_P)) {
    failed.push('enriched');
    reasons.push(fisherP === null
      ? (m.unused ? 'Not enriched: it never fires.' : 'Enrichment cannot be tested: the sequences it was read on have no negatives.')
      : `Not enriched in positives: fires in ${pct(fracPos)} of positives and ${pct(fracNeg ?? 0)} of negatives (Fisher p = ${fmtP(fisherP)}; needs < ${TRUST_MAX_P}).`
        + (repressing ? ' It fires significantly more often in negatives: it may be the motif of a repressor.' : ''));
  }
  return { passes: failed.length === 0, failed, trimmedLength, meanIC: m.meanIC, nSites: m.nSites, fracPos, fracNeg, fisherP, reasons, repressing };
}
