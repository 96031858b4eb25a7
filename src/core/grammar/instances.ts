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

export interface GroupableMotif {
  filter: number; passes: boolean; rcTwin: number | null; trimStart: number; trimEnd: number;
  /** W×4 PFM (rows A,C,G,T); when any passing motif lacks it, grouping falls back to RC twins only. */
  probs?: number[][];
}

/** How a passing filter reports its calls: motif identity, strand and span relative to the window start. */
export interface FilterGroup {
  filter: number;
  /** Representative filter (motif identity). */
  rep: number;
  strand: Strand;
  /** Span [start, end) of the representative's trimmed columns relative to this filter's window start. */
  start: number;
  end: number;
  /** Mean column Pearson of the alignment to the representative (1 for the representative, null without PFMs). */
  similarity: number | null;
}

export interface GroupOptions {
  /** Minimum mean per-column Pearson similarity of the aligned trimmed PFMs (default 0.75). */
  minSimilarity?: number;
  /** Minimum overlapping columns (default 6; capped at the shorter motif's length). */
  minOverlap?: number;
  /** Minimum overlap as a fraction of the shorter motif's length (default 0.5). */
  minOverlapFraction?: number;
}

const trimmedOf = (m: GroupableMotif, W: number): { rows: number[][]; ts: number; te: number } => {
  const has = m.trimEnd > m.trimStart;
  const ts = has ? m.trimStart : 0, te = has ? m.trimEnd : W;
  return { rows: m.probs ? m.probs.slice(ts, te) : [], ts, te };
};

function columnPearson(x: number[], y: number[]): number {
  const mx = (x[0] + x[1] + x[2] + x[3]) / 4, my = (y[0] + y[1] + y[2] + y[3]) / 4;
  let sxy = 0, sxx = 0, syy = 0;
  for (let c = 0; c < 4; c++) { const a = x[c] - mx, b = y[c] - my; sxy += a * b; sxx += a * a; syy += b * b; }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

const rcRows = (rows: number[][]): number[][] => rows.slice().reverse().map((r) => [r[3], r[2], r[1], r[0]]);

/** Total information content (bits) of PFM rows. */
function totalIc(rows: number[][]): number {
  let ic = 0;
  for (const r of rows) {
    const s = r[0] + r[1] + r[2] + r[3] || 1;
    let h = 0;
    for (const p of r) { const q = p / s; if (q > 0) h -= q * Math.log2(q); }
    ic += 2 - h;
  }
  return ic;
}

/**
 * Best alignment of motif B (rows, both strands) against motif A over every offset with at least
 * `minOv` overlapping columns: B′[k] (B or its reverse complement) sits on A[k + offset].
 * Score = mean column Pearson over the overlap.
 */
export function alignMotifs(a: number[][], b: number[][], minOv: number): { score: number; offset: number; strand: Strand; overlap: number } {
  let best = { score: -Infinity, offset: 0, strand: '+' as Strand, overlap: 0 };
  const la = a.length, lb = b.length;
  for (const strand of ['+', '-'] as const) {
    const bb = strand === '+' ? b : rcRows(b);
    for (let off = minOv - lb; off <= la - minOv; off++) {
      const k0 = Math.max(0, -off), k1 = Math.min(lb, la - off);
      const ov = k1 - k0;
      if (ov < minOv) continue;
      let s = 0;
      for (let k = k0; k < k1; k++) s += columnPearson(a[k + off], bb[k]);
      s /= ov;
      if (s > best.score) best = { score: s, offset: off, strand, overlap: ov };
    }
  }
  return best;
}

/**
 * Motif identities of the passing filters (docs/grammar.md "Definitions"). Filters are taken in
 * order of total information content of their trimmed PFM (ties: lower index); each joins the
 * existing representative its trimmed PFM matches best (mean column Pearson ≥ minSimilarity over ≥
 * max(minOverlap, minOverlapFraction × shorter length) overlapping columns, at most the shorter
 * length; either strand), else becomes a
 * representative. A filter whose RC twin is already grouped joins that group at its best alignment
 * to the representative. Without PFMs, the lower-numbered filter of an RC twin pair is the
 * representative and its twin reports it on '-' with its own trimmed columns. Pure; O(F² · W²).
 */
export function groupFilterMotifs(motifs: GroupableMotif[], W: number, opts: GroupOptions = {}): Map<number, FilterGroup> {
  const minSim = opts.minSimilarity ?? 0.75, minOverlap = opts.minOverlap ?? 6, minFrac = opts.minOverlapFraction ?? 0.5;
  const by = new Map(motifs.map((m) => [m.filter, m]));
  const passing = motifs.filter((m) => m.passes);
  const twinOf = (m: GroupableMotif): number | null => {
    const t = m.rcTwin ?? passing.find((o) => o.rcTwin === m.filter)?.filter ?? null;
    return t !== null && by.get(t)?.passes ? t : null;
  };
  const out = new Map<number, FilterGroup>();
  if (!passing.every((m) => m.probs && m.probs.length >= Math.max(m.trimEnd, 1))) {
    for (const m of passing) {
      const t = twinOf(m), minus = t !== null && t < m.filter;
      const { ts, te } = trimmedOf(m, W);
      out.set(m.filter, { filter: m.filter, rep: minus ? t! : m.filter, strand: minus ? '-' : '+', start: ts, end: te, similarity: null });
    }
    return out;
  }
  const info = passing.map((m) => { const t = trimmedOf(m, W); return { m, ...t, ic: totalIc(t.rows) }; });
  info.sort((x, y) => y.ic - x.ic || x.m.filter - y.m.filter);
  const reps: typeof info = [];
  for (const f of info) {
    const t = twinOf(f.m);
    const forced = t !== null ? out.get(t)?.rep ?? null : null;
    let best: { rep: (typeof info)[number]; al: ReturnType<typeof alignMotifs> } | null = null;
    for (const r of reps) {
      if (forced !== null && r.m.filter !== forced) continue;
      const shorter = Math.min(f.rows.length, r.rows.length);
      const minOv = Math.min(shorter, Math.max(minOverlap, Math.ceil(minFrac * shorter)));
      const al = alignMotifs(f.rows, r.rows, minOv);
      if ((forced !== null || al.score >= minSim) && (!best || al.score > best.al.score)) best = { rep: r, al };
    }
    if (!best) {
      reps.push(f);
      out.set(f.m.filter, { filter: f.m.filter, rep: f.m.filter, strand: '+', start: f.ts, end: f.te, similarity: 1 });
      continue;
    }
    // representative column k (on the alignment's strand) sits on member column k + offset
    const start = f.ts + best.al.offset;
    out.set(f.m.filter, { filter: f.m.filter, rep: best.rep.m.filter, strand: best.al.strand, start, end: start + best.rep.rows.length, similarity: best.al.score });
  }
  return out;
}

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
