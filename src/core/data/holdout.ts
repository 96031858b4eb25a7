// Held-out chromosomes proposed from the genome actually given (not human chr8/chr10/chr1 for a
// worm): the chromosomes that carry peaks, main ones only (no chrM, _random, chrUn, alt or
// scaffold pieces), are taken from the smallest up until about a tenth of the peaks each goes to
// validation and test. A genome with fewer than three usable chromosomes gets a random split.
export interface HoldoutProposal {
  mode: 'chromosome' | 'random';
  valid: string[];
  test: string[];
  /** One sentence: why these chromosomes (or why a random split). */
  reason: string;
}

const MINOR = /(^chrM$|^M$|^MT$|^chrMT$|_random|^chrUn|^Un|_alt|_fix|_hap|^GL|^KI|^JH|scaffold|contig|^chrEBV)/i;

/**
 * @param sizes chromosome → length (from the genome)
 * @param peaksPer chromosome → number of peaks on it (when the peaks are known), else genome share
 */
export function proposeHoldout(sizes: Map<string, number>, peaksPer?: Map<string, number>): HoldoutProposal {
  const main = [...sizes.keys()].filter((c) => !MINOR.test(c) && (peaksPer ? (peaksPer.get(c) ?? 0) > 0 : true));
  if (main.length < 3) {
    return { mode: 'random', valid: [], test: [], reason: `${main.length === 1 ? `Only one chromosome (${main[0]})` : main.length ? `Only ${main.length} chromosomes (${main.join(', ')})` : 'No main chromosome'} ${peaksPer ? 'carries peaks' : 'is in this genome'}: a random 80/10/10 split is used instead of held-out chromosomes.` };
  }
  const weight = (c: string) => (peaksPer ? peaksPer.get(c) ?? 0 : sizes.get(c) ?? 0);
  const total = main.reduce((s, c) => s + weight(c), 0);
  // Fill test first, then validation, each towards 10% of the weight, from mid-sized chromosomes
  // (sorted by weight, starting near the 10% mark) so neither set is one giant or many tiny.
  const byWeight = [...main].sort((a, b) => weight(a) - weight(b) || a.localeCompare(b, 'en', { numeric: true }));
  const pick = (taken: Set<string>): string[] => {
    const target = 0.1 * total;
    const out: string[] = [];
    let sum = 0;
    // Largest chromosome not above the target first, then smaller ones to fill up.
    const cands = byWeight.filter((c) => !taken.has(c));
    const fit = [...cands].reverse().find((c) => weight(c) <= target) ?? cands[0];
    out.push(fit); sum += weight(fit); taken.add(fit);
    for (const c of [...cands].reverse()) {
      if (sum >= 0.7 * target) break;
      if (taken.has(c) || sum + weight(c) > 1.3 * target) continue;
      out.push(c); sum += weight(c); taken.add(c);
    }
    return out;
  };
  const taken = new Set<string>();
  const test = pick(taken);
  const valid = pick(taken);
  if (taken.size >= main.length) return { mode: 'random', valid: [], test: [], reason: 'Too few chromosomes to hold some out and still train: a random 80/10/10 split is used.' };
  const share = (cs: string[]) => Math.round((100 * cs.reduce((s, c) => s + weight(c), 0)) / Math.max(1, total));
  return {
    mode: 'chromosome', valid, test,
    reason: `Proposed from this genome’s ${main.length} chromosomes${peaksPer ? ' with peaks' : ''}: validation ${valid.join(' + ')} (${share(valid)}% of ${peaksPer ? 'peaks' : 'bases'}), test ${test.join(' + ')} (${share(test)}%).`,
  };
}
