// TomTom-style motif–motif comparison (MOTIFS.md "TomTom-style motif comparison").
//
// Per query: column scores against every column of every target (both strands) with Pearson
// (default), Euclidean or Sandelin–Wasserman; "complete scoring" subtracts from each query column
// its median over all target columns; scores are scaled to integers 0…100 (global min/max of the
// query's score matrix); for every contiguous query span [a, b] the exact null distribution of the
// summed scaled score is built by dynamic programming, each column's score drawn uniformly from all
// database target columns (both strands). An alignment (offset, orientation) with overlap on query
// span [a, b] and observed sum s has p = P(S_[a,b] ≥ s). For a target, with p_min the smallest
// alignment p-value over its n alignments (all offsets with overlap ≥ minOverlap, both
// orientations), the target p-value is the Šidák correction p = 1 − (1 − p_min)^n (the tail of
// the maximum of n independent alignment statistics, as TomTom treats offsets). E = p × #targets;
// q by Benjamini–Hochberg over all targets of the database.
import type { Motif } from './types';
import { bhQValues } from './pvalue';

export type ColumnMetric = 'pearson' | 'euclidean' | 'sandelin';

/** Per-database precomputation: all target columns of both strands, packed. Build once, reuse for every query. */
export interface TomtomDb {
  targets: Motif[];
  /** Width of target t. */
  widths: Int32Array;
  /** First column index of target t forward (colStart[2t]) and reverse complement (colStart[2t+1]). */
  colStart: Int32Array;
  /** Total number of columns (both strands). */
  nCols: number;
  /** Raw probability columns (4 per column). */
  cols: Float64Array;
  /** Pearson-ready columns: (t − ¼)/‖t − ¼‖ (zeros for a uniform column). */
  centred: Float64Array;
  /** Σ t² per column (for Euclidean / Sandelin–Wasserman). */
  sq: Float64Array;
}

export function buildTomtomDb(targets: Motif[]): TomtomDb {
  const widths = new Int32Array(targets.length);
  let nCols = 0;
  targets.forEach((t, i) => { widths[i] = t.probs.length; nCols += 2 * t.probs.length; });
  const cols = new Float64Array(nCols * 4);
  const colStart = new Int32Array(targets.length * 2);
  let c = 0;
  targets.forEach((t, i) => {
    const w = t.probs.length;
    colStart[2 * i] = c;
    for (let j = 0; j < w; j++, c++) for (let b = 0; b < 4; b++) cols[c * 4 + b] = t.probs[j][b];
    colStart[2 * i + 1] = c;
    for (let j = 0; j < w; j++, c++) for (let b = 0; b < 4; b++) cols[c * 4 + b] = t.probs[w - 1 - j][3 - b];
  });
  const centred = new Float64Array(nCols * 4);
  const sq = new Float64Array(nCols);
  for (let k = 0; k < nCols; k++) {
    let ss = 0, s2 = 0;
    for (let b = 0; b < 4; b++) { const d = cols[k * 4 + b] - 0.25; ss += d * d; s2 += cols[k * 4 + b] ** 2; }
    sq[k] = s2;
    const nrm = ss > 1e-12 ? 1 / Math.sqrt(ss) : 0;
    for (let b = 0; b < 4; b++) centred[k * 4 + b] = (cols[k * 4 + b] - 0.25) * nrm;
  }
  return { targets, widths, colStart, nCols, cols, centred, sq };
}

export interface TomtomOptions {
  metric?: ColumnMetric;
  /** Minimum number of aligned columns (default 1; capped at the shorter width). */
  minOverlap?: number;
  /** Keep matches with p ≤ maxP / q ≤ maxQ / E ≤ maxE (default: keep all), at most maxResults. */
  maxP?: number;
  maxQ?: number;
  maxE?: number;
  maxResults?: number;
}

export interface TomtomMatch {
  targetIndex: number;
  targetId: string;
  targetName: string;
  p: number;
  E: number;
  q: number;
  /** Query column i is aligned with target column i + offset (target read in `orientation`). */
  offset: number;
  /** '+' target as given, '-' its reverse complement. */
  orientation: '+' | '-';
  overlap: number;
  /** Sum of median-subtracted column scores over the aligned columns (metric units). */
  score: number;
  /** p-value of the best single alignment before the multiple-alignment correction. */
  alignmentP: number;
  metric: ColumnMetric;
}

/** Column score matrix S (query width × nCols), row-major. Exported for tests. */
export function columnScores(query: number[][], db: TomtomDb, metric: ColumnMetric): Float64Array {
  const w = query.length, C = db.nCols;
  const S = new Float64Array(w * C);
  for (let i = 0; i < w; i++) {
    const q = query[i];
    const row = i * C;
    if (metric === 'pearson') {
      let ss = 0;
      for (let b = 0; b < 4; b++) ss += (q[b] - 0.25) ** 2;
      const nrm = ss > 1e-12 ? 1 / Math.sqrt(ss) : 0;
      const q0 = (q[0] - 0.25) * nrm, q1 = (q[1] - 0.25) * nrm, q2 = (q[2] - 0.25) * nrm, q3 = (q[3] - 0.25) * nrm;
      const t = db.centred;
      for (let k = 0; k < C; k++) { const o = k * 4; S[row + k] = q0 * t[o] + q1 * t[o + 1] + q2 * t[o + 2] + q3 * t[o + 3]; }
    } else {
      const t = db.cols;
      for (let k = 0; k < C; k++) {
        const o = k * 4;
        const d = (q[0] - t[o]) ** 2 + (q[1] - t[o + 1]) ** 2 + (q[2] - t[o + 2]) ** 2 + (q[3] - t[o + 3]) ** 2;
        S[row + k] = metric === 'euclidean' ? -Math.sqrt(d) : 2 - d;
      }
    }
  }
  return S;
}

/** Null model for one query: scaled integer scores and, per span [a, b], sf[s] = P(S ≥ s). */
export interface TomtomNull {
  width: number;
  nCols: number;
  /** Median-subtracted column scores (w × nCols). */
  scores: Float64Array;
  /** Integer scaled scores 0…100 (w × nCols). */
  scaled: Uint8Array;
  /** sf for span [a, b] at spans[a * w + b] (length 100·(b−a+1) + 2). */
  spans: Float64Array[];
}

const BINS = 100;

/** k-th smallest (0-based) of a[lo..hi] by in-place quickselect (median-of-three pivots). */
function select(a: Float64Array, k: number): number {
  let lo = 0, hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // median of three as pivot
    let x = a[lo], y = a[mid], z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y);
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { x = a[i]; a[i] = a[j]; a[j] = x; i++; j--; }
    }
    if (k <= j) hi = j; else if (k >= i) lo = i; else return a[k];
    void y; void z;
  }
  return a[k];
}

/** Median of a (scrambles a). */
export function median(a: Float64Array): number {
  const n = a.length;
  if (n % 2) return select(a, (n - 1) >> 1);
  const lo = select(a, n / 2 - 1);
  let hi = Infinity;
  for (let i = n / 2; i < n; i++) if (a[i] < hi) hi = a[i];
  return (lo + hi) / 2;
}

export function tomtomNull(query: number[][], db: TomtomDb, metric: ColumnMetric = 'pearson'): TomtomNull {
  const w = query.length, C = db.nCols;
  const S = columnScores(query, db, metric);
  // Complete scoring: subtract per-row median over all target columns.
  const tmp = new Float64Array(C);
  let mn = Infinity, mx = -Infinity;
  for (let i = 0; i < w; i++) {
    tmp.set(S.subarray(i * C, (i + 1) * C));
    const med = median(tmp);
    for (let k = i * C; k < (i + 1) * C; k++) { const v = S[k] - med; S[k] = v; if (v < mn) mn = v; if (v > mx) mx = v; }
  }
  const scale = mx > mn ? BINS / (mx - mn) : 0;
  const scaled = new Uint8Array(w * C);
  const hist: Float64Array[] = [];
  for (let i = 0; i < w; i++) {
    const h = new Float64Array(BINS + 1);
    for (let k = i * C; k < (i + 1) * C; k++) { const v = Math.round((S[k] - mn) * scale); scaled[k] = v; h[v]++; }
    for (let v = 0; v <= BINS; v++) h[v] /= C;
    hist.push(h);
  }
  // Sparse histograms.
  const hv: Int32Array[] = [], hp: Float64Array[] = [];
  for (const h of hist) {
    const v: number[] = [], p: number[] = [];
    for (let x = 0; x <= BINS; x++) if (h[x] > 0) { v.push(x); p.push(h[x]); }
    hv.push(Int32Array.from(v)); hp.push(Float64Array.from(p));
  }
  const spans: Float64Array[] = new Array(w * w);
  const buf = new Float64Array(BINS * w + 1);
  const nxt = new Float64Array(BINS * w + 1);
  for (let a = 0; a < w; a++) {
    buf.fill(0); buf[0] = 1;
    let len = 1; // pmf support 0..len-1
    let cur = buf, other = nxt;
    for (let b = a; b < w; b++) {
      const vs = hv[b], ps = hp[b];
      const newLen = len + BINS;
      other.fill(0, 0, newLen);
      for (let j = 0; j < vs.length; j++) {
        const v = vs[j], p = ps[j];
        for (let s = 0, t = v; s < len; s++, t++) other[t] += cur[s] * p;
      }
      const t = cur; cur = other; other = t;
      len = newLen;
      const sf = new Float64Array(len + 1);
      let acc = 0;
      for (let s = len - 1; s >= 0; s--) { acc += cur[s]; sf[s] = acc > 1 ? 1 : acc; }
      spans[a * w + b] = sf;
    }
  }
  return { width: w, nCols: C, scores: S, scaled, spans };
}

/** 1 − (1 − p)^n computed stably. */
function sidak(p: number, n: number): number {
  if (p >= 1) return 1;
  return -Math.expm1(n * Math.log1p(-p));
}

/** Compare one query motif against the database; matches sorted by p (ties: higher raw score, then target index). */
export function tomtom(query: Motif, db: TomtomDb, opts: TomtomOptions = {}): TomtomMatch[] {
  const metric = opts.metric ?? 'pearson';
  const w = query.probs.length;
  if (!w) throw new Error(`query ${query.id}: empty matrix`);
  const nul = tomtomNull(query.probs, db, metric);
  const C = db.nCols, sc = nul.scaled, S = nul.scores;
  const T = db.targets.length;
  const pv = new Float64Array(T);
  const best: { off: number; ori: 0 | 1; ov: number; score: number; pa: number }[] = new Array(T);
  for (let t = 0; t < T; t++) {
    const tw = db.widths[t];
    const mo = Math.max(1, Math.min(opts.minOverlap ?? 1, w, tw));
    let bp = Infinity, bo = 0, bori: 0 | 1 = 0, bov = 0, bsum = 0;
    for (let ori = 0 as 0 | 1; ori < 2; ori = (ori + 1) as 0 | 1) {
      const c0 = db.colStart[2 * t + ori];
      for (let off = mo - w; off <= tw - mo; off++) {
        const i0 = Math.max(0, -off), i1 = Math.min(w, tw - off); // query columns [i0, i1)
        let sum = 0;
        for (let i = i0; i < i1; i++) sum += sc[i * C + c0 + i + off];
        const sf = nul.spans[i0 * w + i1 - 1];
        const p = sf[sum];
        if (p < bp || (p === bp && i1 - i0 > bov)) { bp = p; bo = off; bori = ori; bov = i1 - i0; bsum = sum; }
      }
    }
    void bsum;
    const nAlign = 2 * (w + tw - 2 * mo + 1);
    pv[t] = sidak(bp, nAlign);
    let score = 0;
    const c0 = db.colStart[2 * t + bori];
    for (let i = Math.max(0, -bo); i < Math.min(w, tw - bo); i++) score += S[i * C + c0 + i + bo];
    best[t] = { off: bo, ori: bori, ov: bov, score, pa: bp };
  }
  const q = bhQValues(pv, T);
  let out: TomtomMatch[] = [];
  for (let t = 0; t < T; t++) {
    const b = best[t];
    out.push({
      targetIndex: t, targetId: db.targets[t].id, targetName: db.targets[t].name, p: pv[t], E: pv[t] * T, q: q[t],
      offset: b.off, orientation: b.ori ? '-' : '+', overlap: b.ov, score: b.score, alignmentP: b.pa, metric,
    });
  }
  out.sort((a, b) => a.p - b.p || b.score - a.score || a.targetIndex - b.targetIndex);
  if (opts.maxP !== undefined) out = out.filter((m) => m.p <= opts.maxP!);
  if (opts.maxQ !== undefined) out = out.filter((m) => m.q <= opts.maxQ!);
  if (opts.maxE !== undefined) out = out.filter((m) => m.E <= opts.maxE!);
  if (opts.maxResults !== undefined) out = out.slice(0, opts.maxResults);
  return out;
}

/** Many queries against one database (the db precomputation is shared). */
export function tomtomMany(queries: Motif[], db: TomtomDb, opts: TomtomOptions = {}): TomtomMatch[][] {
  return queries.map((q) => tomtom(q, db, opts));
}
