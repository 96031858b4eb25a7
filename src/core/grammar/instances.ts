// Motif-instance calling from one ARGMINN forward pass (MODEL.md §5 "Instances") and its evaluation
// against planted ground truth. Pure functions on typed arrays (no tfjs, no database).
//
// Definitions (docs/grammar.md):
// - pooled attention a_j = max over layers and heads of α[l,h,j]; because α is a softmax over the
//   L′ positions its raw values are small, so a_j is divided by its maximum over the sequence: the
//   threshold (default 0.5) is relative to the most attended position of that sequence.
// - at each position j with relative attention ≥ threshold, every passing filter f whose activation
//   r[j,f] is above its gate (its mean activation over positive sequences, all positions, times a
//   user factor, default 1) is a candidate;
// - motif identity (groupFilterMotifs): passing filters whose trimmed PFMs are the same motif —
//   mean per-column Pearson ≥ 0.75 over ≥ 6 and ≥ half the shorter motif's overlapping columns
//   (all of it when shorter than 6) at some offset and strand — report ONE motif, named after the representative (the member with the highest
//   total information content); a member's call is the representative's trimmed columns placed
//   where the member's alignment puts them, on the strand of that alignment. Reverse-complement
//   twins always join their twin's group. Without PFMs: the lower-numbered filter of an RC twin pair
//   is the representative and its twin reports it on the '-' strand;
// - candidates of the same motif (either strand) overlapping by more than half are merged keeping
//   the best score;
// - score = relative attention × activation / gate (the ranking used for top-k curves).
// - a call matches a planted instance when they overlap by ≥ half the shorter length (MODEL.md §4).

export type Strand = '+' | '-';

/** How one filter's firing is reported. */
export interface FilterGate {
  filter: number;
  /** Representative filter index (motif identity). */
  motif: number;
  name: string;
  strand: Strand;
  /** Activation threshold (before the user factor). */
  gate: number;
  /**
   * Call span [trimStart, trimEnd) relative to the window start (as read on the sequence's + strand):
   * the representative motif's trimmed columns as aligned to this filter (may extend past the window
   * for a shifted member; calls are clipped to the sequence).
   */
  trimStart: number;
  trimEnd: number;
  /** Filter width W (to clip calls at the sequence end); absent = no clipping. */
  width?: number;
}

export interface Call {
  motif: number;
  filter: number;
  start: number;
  end: number;
  strand: Strand;
  attention: number;
  activation: number;
  score: number;
  /** Window start (position j of the attention / activation). */
  pos: number;
}

export interface CallOptions {
  /** Relative attention threshold (0–1), default 0.5. */
  attentionThreshold?: number;
  /** Multiplies every filter's gate, default 1. */
  activationScale?: number;
}

/** Pooled attention relative to its sequence maximum (length L′), and the per-head relative maps. */
export function pooledAttention(att: Float32Array, off: number, heads: number, Lp: number): Float32Array {
  const a = new Float32Array(Lp);
  for (let h = 0; h < heads; h++) {
    const base = off + h * Lp;
    for (let j = 0; j < Lp; j++) { const v = att[base + j]; if (v > a[j]) a[j] = v; }
  }
  let max = 0;
  for (let j = 0; j < Lp; j++) if (a[j] > max) max = a[j];
  if (max > 0) for (let j = 0; j < Lp; j++) a[j] /= max;
  return a;
}

/**
 * Calls in one sequence. r: activations (…×L′×F) starting at rOff; att: attention (…×heads×L′)
 * starting at aOff; gates: per filter (null = not a passing motif).
 */
export function callSequence(
  r: Float32Array, rOff: number, att: Float32Array, aOff: number, Lp: number, F: number, heads: number,
  gates: (FilterGate | null)[], opts: CallOptions = {},
): Call[] {
  const thr = opts.attentionThreshold ?? 0.5, scale = opts.activationScale ?? 1;
  const a = pooledAttention(att, aOff, heads, Lp);
  const cand: Call[] = [];
  for (let j = 0; j < Lp; j++) {
    const rel = a[j];
    if (rel < thr) continue;
    const row = rOff + j * F;
    for (let f = 0; f < F; f++) {
      const g = gates[f];
      if (!g) continue;
      const act = r[row + f];
      const gate = g.gate * scale;
      if (!(act > gate) || act <= 0) continue;
      const start = Math.max(0, j + g.trimStart), end = g.width ? Math.min(Lp - 1 + g.width, j + g.trimEnd) : j + g.trimEnd;
      cand.push({ motif: g.motif, filter: f, start, end, strand: g.strand, attention: rel, activation: act, score: rel * act / Math.max(gate, 1e-6), pos: j });
    }
  }
  return suppress(cand);
}

/** Keep the best of overlapping (> half the shorter length) calls of the same motif; sorted by start. */
export function suppress<T extends { motif: number; start: number; end: number; score: number }>(cand: T[]): T[] {
  cand.sort((x, y) => y.score - x.score);
  // kept calls indexed by motif and start, so each candidate only looks at starts within one width
  let maxW = 1, maxEnd = 0;
  for (const c of cand) { if (c.end - c.start > maxW) maxW = c.end - c.start; if (c.end > maxEnd) maxEnd = c.end; }
  const byMotif = new Map<number, (T[] | undefined)[]>();
  const kept: T[] = [];
  for (const c of cand) {
    let slots = byMotif.get(c.motif);
    if (!slots) byMotif.set(c.motif, (slots = new Array(maxEnd + 1)));
    let clash = false;
    for (let s = Math.max(0, c.start - maxW); s <= Math.min(maxEnd, c.start + maxW) && !clash; s++) {
      const here = slots[s];
      if (!here) continue;
      for (const k of here) {
        const ov = Math.min(k.end, c.end) - Math.max(k.start, c.start);
        if (ov * 2 > Math.min(k.end - k.start, c.end - c.start)) { clash = true; break; }
      }
    }
    if (clash) continue;
    kept.push(c);
    (slots[c.start] ??= []).push(c);
  }
  return kept.sort((x, y) => x.start - y.start || x.motif - y.motif);
}

/** Per-head relative attention at position j (each head divided by its own maximum over the sequence). */
export function headAttentionAt(att: Float32Array, aOff: number, heads: number, Lp: number, j: number, maxes?: Float32Array): Float32Array {
  const out = new Float32Array(heads);
  for (let h = 0; h < heads; h++) {
    const base = aOff + h * Lp;
    let m = maxes ? maxes[h] : 0;
    if (!maxes) for (let i = 0; i < Lp; i++) if (att[base + i] > m) m = att[base + i];
    out[h] = m > 0 ? att[base + j] / m : 0;
  }
  return out;
}

export { groupFilterMotifs, alignMotifs, type GroupableMotif, type FilterGroup, type GroupOptions } from '../motifs/filter-groups';
import { groupFilterMotifs, type GroupableMotif, type GroupOptions } from '../motifs/filter-groups';

/** Gates of the filters: motif identity (groupFilterMotifs) and spans; meanPos[f] = mean activation on positives. */
export function makeGates(
  motifs: (GroupableMotif & { name: string })[],
  meanPos: ArrayLike<number>, F: number, W: number, opts: GroupOptions = {},
): (FilterGate | null)[] {
  const by = new Map(motifs.map((m) => [m.filter, m]));
  const groups = groupFilterMotifs(motifs, W, opts);
  const out: (FilterGate | null)[] = [];
  for (let f = 0; f < F; f++) {
    const g = groups.get(f);
    if (!g) { out.push(null); continue; }
    out.push({ filter: f, motif: g.rep, name: by.get(g.rep)!.name, strand: g.strand, gate: meanPos[f] ?? 0, trimStart: g.start, trimEnd: g.end, width: W });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Evaluation against planted instances

export interface Site { seq: number; start: number; end: number }
export interface ScoredSite extends Site { score: number }

export interface PrPoint { k: number; precision: number; recall: number; score: number }
export interface PrSummary {
  points: PrPoint[];
  nTruth: number;
  nCalls: number;
  /** Best precision among cutoffs reaching recall ≥ 0.8 (null when never reached). */
  precisionAtRecall80: number | null;
  /** Recall with all calls. */
  maxRecall: number;
  /** Average precision (Σ ΔR·P over top-k). */
  averagePrecision: number;
}

export const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => {
  const ov = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  return ov > 0 && ov * 2 >= Math.min(a.end - a.start, b.end - b.start);
};

/**
 * Precision and recall over the top-k calls (by score). Each planted instance can be matched once;
 * a call that overlaps no unmatched instance is a false positive. Returns ~maxPoints points.
 */
export function precisionRecall(calls: ScoredSite[], truth: Site[], maxPoints = 200): PrSummary {
  const bySeq = new Map<number, { s: Site; used: boolean }[]>();
  for (const t of truth) { let l = bySeq.get(t.seq); if (!l) bySeq.set(t.seq, (l = [])); l.push({ s: t, used: false }); }
  const order = calls.slice().sort((a, b) => b.score - a.score);
  const n = order.length, P = truth.length;
  const step = Math.max(1, Math.floor(n / maxPoints));
  const points: PrPoint[] = [];
  let tp = 0, ap = 0, prevR = 0, p80: number | null = null;
  for (let k = 0; k < n; k++) {
    const c = order[k];
    const list = bySeq.get(c.seq);
    if (list) for (const t of list) if (!t.used && overlaps(c, t.s)) { t.used = true; tp++; break; }
    const prec = tp / (k + 1), rec = P ? tp / P : 0;
    if (rec > prevR) { ap += (rec - prevR) * prec; prevR = rec; }
    if (rec >= 0.8 && (p80 === null || prec > p80)) p80 = prec;
    if (k % step === 0 || k === n - 1) points.push({ k: k + 1, precision: prec, recall: rec, score: c.score });
  }
  return { points, nTruth: P, nCalls: n, precisionAtRecall80: p80, maxRecall: P ? tp / P : 0, averagePrecision: ap };
}
