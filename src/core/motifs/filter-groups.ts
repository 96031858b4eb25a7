// Motif identities of a run's filters: which filters learned the same motif (reverse-complement
// twins, shifted or partial copies) and how each reports its calls in the representative's frame
// (docs/grammar.md "Definitions"). Used by the Motifs screen's cards, instance calling, the
// syntax explorer, design scoring and the strict evaluation; lives here, below grammar/, so the
// Motifs screen can group without importing the grammar floor.
export type Strand = '+' | '-';

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
