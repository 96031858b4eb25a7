// Instance calls recomputed in the renderer from one sequence's track data, so that moving the
// threshold sliders redraws immediately (same rule as src/core/grammar/instances.ts, see
// docs/grammar.md): relative pooled attention ≥ threshold, activation above gate × factor,
// overlapping calls of one motif merged keeping the best score.
import type { TrackData } from '@shared/api';

export interface TrackCall { motif: number; name: string; filter: number; start: number; end: number; strand: '+' | '-'; attention: number; activation: number; score: number }

export function callsOf(t: TrackData, attentionThreshold: number, activationScale: number): TrackCall[] {
  const cand: TrackCall[] = [];
  for (const f of t.filters) {
    const gate = f.gate * activationScale;
    for (let j = 0; j < t.Lp; j++) {
      const rel = t.pooled[j], act = f.activation[j];
      if (rel < attentionThreshold || !(act > gate) || act <= 0) continue;
      cand.push({ motif: f.motif, name: f.name, filter: f.filter, start: j + f.trimStart, end: j + f.trimEnd, strand: f.strand, attention: rel, activation: act, score: (rel * act) / Math.max(gate, 1e-6) });
    }
  }
  cand.sort((a, b) => b.score - a.score);
  const kept: TrackCall[] = [];
  for (const c of cand) {
    if (kept.some((k) => k.motif === c.motif && 2 * (Math.min(k.end, c.end) - Math.max(k.start, c.start)) > Math.min(k.end - k.start, c.end - c.start))) continue;
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

const PALETTE = ['#2f6f5e', '#b5651d', '#3d5a98', '#8e3b6f', '#6b7d2a', '#a33a2b', '#2b7a8c', '#7a5c2e'];
export const motifColour = (motif: number): string => PALETTE[motif % PALETTE.length];
