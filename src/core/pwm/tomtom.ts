// TomTom-style motif–motif comparison (MOTIFS.md "TomTom-style motif comparison"), with MEME 4.12
// tomtom's statistic so that p, E and the ranking agree with it (test/unit/pwm/meme-tomtom.test.ts).
//
// 1. Query and targets get pseudocount 0.1 toward the background (uniform unless the database says
//    otherwise): p′ = (p·N + α·bg)/(N + α), N = nsites or 20.
// 2. Column scores of every query column against every column of every target, both strands
//    (Pearson, Euclidean or Sandelin–Wasserman), minus the row's median over all those columns
//    ("complete scoring"; for an even count the lower of the two middle values, as MEME takes it).
// 3. MEME's integer scaling of the whole matrix: offset = ⌊min⌋, scale = ⌊100 / (max − offset)⌋,
//    scaled = round((score − offset)·scale), so every entry lies in 0…100. A query column that an
//    alignment leaves unaligned scores the median, i.e. the constant Z = round(−offset·scale).
// 4. Null model: each aligned query column draws its score uniformly from all database columns
//    (both strands), independently; sf_[a,b][s] = P(Σ_{i=a..b} X_i ≥ s) by dynamic programming.
// 5. Per target of width L and per orientation, the best alignment maximises the complete score
//    S = Σ aligned scaled + (Q − overlap)·Z over the Q + L − 1 offsets (overlap ≥ minOverlap; ties to
//    the larger overlap, then the first offset). Its p-value is the tail of the MAXIMUM of S over all
//    offsets of both orientations, alignments independent:
//      p = 1 − Π_{offsets o} P(S_o < S*)²   (both orientations have the same spans).
//    The target's p is the better orientation's (p compared as MEME stores it, in float32; ties
//    to the larger overlap, then '+'); E = p × number of targets; q over all 2·N orientation p-values of the query,
//    Storey (default) or Benjamini–Hochberg, and the method travels with every match.
import type { Motif } from './types';
import { withPseudocounts, UNIFORM_BG, type Bg } from './matrix';
import { qValues, type QMethod } from './qvalue';

export type ColumnMetric = 'pearson' | 'euclidean' | 'sandelin';
export type { QMethod } from './qvalue';

/** Human names of the column scores (screens and reports). */
export const METRIC_LABEL: Record<ColumnMetric, string> = { pearson: 'Pearson', euclidean: 'Euclidean', sandelin: 'Sandelin–Wasserman' };

/** MEME's default motif pseudocount for TomTom. */
export const TOMTOM_PSEUDOCOUNT = 0.1;

/** Per-database precomputation: all target columns of both strands, packed. Build once, reuse for every query. */
export interface TomtomDb {
  targets: Motif[];
  /** Width of target t. */
  widths: Int32Array;
  /** First column index of target t forward (colStart[2t]) and reverse complement (colStart[2t+1]). */
  colStart: Int32Array;
  /** Total number of columns (both strands). */
  nCols: number;
  /** Probability columns after the pseudocount (4 per column). */
  cols: Float64Array;
  /** Pearson-ready columns: (t − ¼)/‖t − ¼‖ (zeros for a uniform column). */
  centred: Float64Array;
  /** Pseudocount α and background applied to targets (and to every query compared with them). */
  pseudocount: number;
  bg: Bg;
}

export function buildTomtomDb(targets: Motif[], opts: { pseudocount?: number; bg?: Bg } = {}): TomtomDb {
  const alpha = opts.pseudocount ?? TOMTOM_PSEUDOCOUNT;
  const bg = opts.bg ?? UNIFORM_BG;
  const widths = new Int32Array(targets.length);
  let nCols = 0;
  targets.forEach((t, i) => { widths[i] = t.probs.length; nCols += 2 * t.probs.length; });
  const cols = new Float64Array(nCols * 4);
  const colStart = new Int32Array(targets.length * 2);
  let c = 0;
  targets.forEach((t, i) => {
    const pr = withPseudocounts(t.probs, { alpha, bg, nsites: t.nsites });
    const w = pr.length;
    colStart[2 * i] = c;
    for (let j = 0; j < w; j++, c++) for (let b = 0; b < 4; b++) cols[c * 4 + b] = pr[j][b];
    colStart[2 * i + 1] = c;
    for (let j = 0; j < w; j++, c++) for (let b = 0; b < 4; b++) cols[c * 4 + b] = pr[w - 1 - j][3 - b];
  });
  const centred = new Float64Array(nCols * 4);
  for (let k = 0; k < nCols; k++) {
    let ss = 0;
    for (let b = 0; b < 4; b++) { const d = cols[k * 4 + b] - 0.25; ss += d * d; }
    const nrm = ss > 1e-12 ? 1 / Math.sqrt(ss) : 0;
    for (let b = 0; b < 4; b++) centred[k * 4 + b] = (cols[k * 4 + b] - 0.25) * nrm;
  }
  return { targets, widths, colStart, nCols, cols, centred, pseudocount: alpha, bg };
}

export interface TomtomOptions {
  metric?: ColumnMetric;
  /** Minimum number of aligned columns (default 1; capped at the shorter width). */
  minOverlap?: number;
  /** q-values by Storey's method (default, as MEME) or Benjamini–Hochberg. */
  qMethod?: QMethod;
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
  /** Tail of the maximum complete score over all offsets and both orientations, at the best score. */
  p: number;
  E: number;
  q: number;
  /** How q was computed (over the 2·N orientation p-values of this query). */
  qMethod: QMethod;
  /** Query column i is aligned with target column i + offset (target read in `orientation`). */
  offset: number;
  /** '+' target as given, '-' its reverse complement. */
  orientation: '+' | '-';
  overlap: number;
  /** Sum of median-subtracted column scores over the aligned columns (metric units). */
  score: number;
  /** Integer complete score of the best alignment (aligned scaled scores + Z per unaligned query column). */
  scaledScore: number;
  /** Tail of the best alignment's own score distribution (one offset, before taking the maximum). */
  alignmentP: number;
  metric: ColumnMetric;
}

/** Column score matrix S (query width × nCols), row-major, of an already pseudocounted query. Exported for tests. */
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
  /** MEME's scaling: scaled = round((score − offset)·scale), offset and scale integers. */
  offset: number;
  scale: number;
  /** Scaled value of the median (score 0): what an unaligned query column contributes. */
  zero: number;
  /** sf for span [a, b] at spans[a * w + b] (length 100·(b−a+1) + 2). */
  spans: Float64Array[];
}

/** Integer range of one scaled column score. */
export const TOMTOM_BINS = 100;

/** k-th smallest (0-based) of a by in-place quickselect (median-of-three pivots). */
function select(a: Float64Array, k: number): number {
  let lo = 0, hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    let x = a[lo];
    const y = a[mid], z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y);
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { x = a[i]; a[i] = a[j]; a[j] = x; i++; j--; }
    }
    if (k <= j) hi = j; else if (k >= i) lo = i; else return a[k];
  }
  return a[k];
}

/** Median of a (scrambles a): the middle value, or for an even count the lower of the two middle values (MEME's). */
export function median(a: Float64Array): number {
  return select(a, (a.length - 1) >> 1);
}

/** Null model of one query (probabilities already pseudocounted like the database). */
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
  // MEME's integer scaling: offset and scale rounded down.
  const offset = Math.floor(mn);
  const scale = mx > offset ? Math.max(1, Math.floor(TOMTOM_BINS / (mx - offset))) : 1;
  const zero = Math.round(-offset * scale);
  const scaled = new Uint8Array(w * C);
  const hv: Int32Array[] = [], hp: Float64Array[] = [];
  for (let i = 0; i < w; i++) {
    const h = new Float64Array(TOMTOM_BINS + 1);
    for (let k = i * C; k < (i + 1) * C; k++) {
      const v = Math.min(TOMTOM_BINS, Math.max(0, Math.round((S[k] - offset) * scale)));
      scaled[k] = v;
      h[v]++;
    }
    const v: number[] = [], p: number[] = [];
    for (let x = 0; x <= TOMTOM_BINS; x++) if (h[x] > 0) { v.push(x); p.push(h[x] / C); }
    hv.push(Int32Array.from(v)); hp.push(Float64Array.from(p));
  }
  const spans: Float64Array[] = new Array(w * w);
  const buf = new Float64Array(TOMTOM_BINS * w + 1);
  const nxt = new Float64Array(TOMTOM_BINS * w + 1);
  for (let a = 0; a < w; a++) {
    buf.fill(0); buf[0] = 1;
    let len = 1; // pmf support 0..len-1
    let cur = buf, other = nxt;
    for (let b = a; b < w; b++) {
      const vs = hv[b], ps = hp[b];
      const newLen = len + TOMTOM_BINS;
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
  return { width: w, nCols: C, scores: S, scaled, offset, scale, zero, spans };
}

/** P(S ≥ s) from an upper-tail table (1 below its support, 0 above). */
function tail(sf: Float64Array, s: number): number {
  return s <= 0 ? 1 : s >= sf.length ? 0 : sf[s];
}

/**
 * p of the maximum complete score over all alignments of a width-L target (both orientations) at
 * score s: 1 − Π_o (1 − P(S_o ≥ s))², computed as −expm1(2·Σ log1p(−P)) to keep tiny p exact.
 */
export function maxScorePValue(nul: TomtomNull, L: number, s: number, minOverlap = 1): number {
  const w = nul.width;
  const mo = Math.max(1, Math.min(minOverlap, w, L));
  let logCdf = 0;
  for (let off = mo - w; off <= L - mo; off++) {
    const i0 = Math.max(0, -off), i1 = Math.min(w, L - off);
    const pr = tail(nul.spans[i0 * w + i1 - 1], s - (w - (i1 - i0)) * nul.zero);
    if (pr >= 1) return 1;
    logCdf += Math.log1p(-pr);
  }
  return -Math.expm1(2 * logCdf);
}

interface Best { off: number; ov: number; s: number; p: number }

/** Compare one query motif against the database; matches sorted by p (ties: higher raw score, then target index). */
export function tomtom(query: Motif, db: TomtomDb, opts: TomtomOptions = {}): TomtomMatch[] {
  const metric = opts.metric ?? 'pearson';
  const qMethod = opts.qMethod ?? 'storey';
  const w = query.probs.length;
  if (!w) throw new Error(`query ${query.id}: empty matrix`);
  const qp = withPseudocounts(query.probs, { alpha: db.pseudocount, bg: db.bg, nsites: query.nsites });
  const nul = tomtomNull(qp, db, metric);
  const C = db.nCols, sc = nul.scaled, S = nul.scores, Z = nul.zero;
  const T = db.targets.length;
  const pAll = new Float64Array(2 * T);
  const best: Best[] = new Array(2 * T);
  for (let t = 0; t < T; t++) {
    const L = db.widths[t];
    const mo = Math.max(1, Math.min(opts.minOverlap ?? 1, w, L));
    for (let ori = 0; ori < 2; ori++) {
      const c0 = db.colStart[2 * t + ori];
      let bs = -1, bo = 0, bov = 0;
      for (let off = mo - w; off <= L - mo; off++) {
        const i0 = Math.max(0, -off), i1 = Math.min(w, L - off); // query columns [i0, i1)
        let sum = (w - (i1 - i0)) * Z;
        for (let i = i0; i < i1; i++) sum += sc[i * C + c0 + i + off];
        if (sum > bs || (sum === bs && i1 - i0 > bov)) { bs = sum; bo = off; bov = i1 - i0; }
      }
      const p = maxScorePValue(nul, L, bs, mo);
      pAll[2 * t + ori] = p;
      best[2 * t + ori] = { off: bo, ov: bov, s: bs, p };
    }
  }
  const { q } = qValues(pAll, qMethod);
  let out: TomtomMatch[] = [];
  for (let t = 0; t < T; t++) {
    // Better orientation: smaller p compared at MEME's float32 precision, then the larger overlap, then '+'.
    const pf = Math.fround(pAll[2 * t]), pr = Math.fround(pAll[2 * t + 1]);
    const ori = pr < pf || (pr === pf && best[2 * t + 1].ov > best[2 * t].ov) ? 1 : 0;
    const b = best[2 * t + ori];
    const c0 = db.colStart[2 * t + ori];
    const i0 = Math.max(0, -b.off), i1 = Math.min(w, db.widths[t] - b.off);
    let score = 0;
    for (let i = i0; i < i1; i++) score += S[i * C + c0 + i + b.off];
    const alignmentP = tail(nul.spans[i0 * w + i1 - 1], b.s - (w - (i1 - i0)) * Z);
    out.push({
      targetIndex: t, targetId: db.targets[t].id, targetName: db.targets[t].name, p: b.p, E: b.p * T, q: q[2 * t + ori], qMethod,
      offset: b.off, orientation: ori ? '-' : '+', overlap: b.ov, score, scaledScore: b.s, alignmentP, metric,
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
