// Evaluation of instance calls against planted truth, beside the FIMO baseline scanned with the
// same motifs (the run's passing motifs' trimmed PFMs, representative filters only, both strands).
import { fimo } from '../pwm/fimo';
import type { Motif } from '../pwm/types';
import { precisionRecall, suppress, type ScoredSite, type Site, type PrSummary } from './instances';

/**
 * FIMO hits as scored sites (score = −log10 p), overlapping hits of the same motif merged; with
 * `identity`, hits of motifs sharing an identity are merged too (one site, one call).
 */
export function fimoSites(motifs: Motif[], seqs: Uint8Array[], pThreshold = 1e-3, seqIndex?: number[], identity?: (motifIndex: number) => number): ScoredSite[] {
  if (!motifs.length) return [];
  const res = fimo(motifs, seqs, { pThreshold, maxHits: 2_000_000 });
  const bySeq = new Map<number, { motif: number; start: number; end: number; score: number }[]>();
  for (const h of res.hits) {
    let l = bySeq.get(h.seqIndex); if (!l) bySeq.set(h.seqIndex, (l = []));
    l.push({ motif: identity ? identity(h.motifIndex) : h.motifIndex, start: h.start, end: h.end, score: -Math.log10(Math.max(h.p, 1e-300)) });
  }
  const out: ScoredSite[] = [];
  for (const [s, l] of bySeq) for (const h of suppress(l)) out.push({ seq: seqIndex ? seqIndex[s] : s, start: h.start, end: h.end, score: h.score });
  return out;
}

export interface Evaluation { model: PrSummary; fimo: PrSummary | null; nTruth: number }

export function evaluateCalls(calls: ScoredSite[], truth: Site[], fimo: ScoredSite[] | null): Evaluation {
  return { model: precisionRecall(calls, truth), fimo: fimo ? precisionRecall(fimo, truth) : null, nTruth: truth.length };
}
