// Motif discovery from importance scores (MOTIFS.md; the TF-MoDISco result class at desktop speed):
// seqlets (./seqlets.ts) → clusters by maximum aligned similarity over shifts and both strands →
// per cluster a PFM (mean one-hot of the aligned seqlets), a contribution-weight matrix (CWM: mean
// contribution per base) and flanks trimmed where the CWM carries < 30% of its peak column.
//
// Each seqlet is the matrix C[j,c] = onehot(seq)[j,c] · a_j (a = per-position contribution). The
// similarity of two seqlets is the cosine of their matrices at the best shift (|shift| ≤ maxShift)
// and strand. Clustering is greedy "leader" clustering in order of decreasing seqlet score (each
// seqlet joins the most similar cluster aggregate above `minSimilarity`, else starts one), then
// clusters whose aggregates are similar are merged and clusters below `minSeqlets` dropped.
// Bounded for any number of seqlets (TF-MoDISco caps seqlets per metacluster the same way): the
// `maxSeqlets` best seqlets are clustered with at most `maxClusters` clusters open, then every other
// seqlet joins the motif it matches (≥ minSimilarity), so counts cover all seqlets.
// Deterministic: no random restarts.
import { motifPasses, meanIC } from '../pwm/matrix';
import type { Seqlet } from './seqlets';

export interface DiscoveryOptions {
  minSimilarity?: number;   // default 0.6
  maxShift?: number;        // default 4
  /** Clusters with fewer seqlets than max(minSeqlets, 1% of all) are dropped (default 10). */
  minSeqlets?: number;
  trimFraction?: number;    // default 0.3
  maxMotifs?: number;       // default 20
  /** Only the highest-scoring seqlets are clustered (default 2000, TF-MoDISco's max_seqlets_per_metacluster); the rest then join the found motifs they match. */
  maxSeqlets?: number;
  /** At most this many clusters are open while clustering (default 60); a seqlet matching none when all are open is left out. */
  maxClusters?: number;
}

export interface DiscoveredMotif {
  /** n×4 PFM over the full aligned width (rows sum to 1; uncovered columns uniform). */
  probs: number[][];
  /** n×4 mean contributions. */
  cwm: number[][];
  nSeqlets: number;
  trimStart: number;
  trimEnd: number;
  meanIC: number;
  passes: boolean;
  /** Share of the seqlets that were aligned on the reverse strand. */
  revShare: number;
  members: { seq: number; start: number; strand: '+' | '-' }[];
}

type Mat = Float64Array; // n×4 row-major

function seqletMatrix(codes: Uint8Array, perBase: ArrayLike<number>, start: number, n: number): { c: Mat; oh: Mat; cov: Float64Array } {
  const c = new Float64Array(n * 4), oh = new Float64Array(n * 4), cov = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const p = start + j;
    if (p < 0 || p >= codes.length) continue;
    const b = codes[p];
    if (b > 3) continue;
    cov[j] = 1; oh[j * 4 + b] = 1; c[j * 4 + b] = perBase[p];
  }
  return { c, oh, cov };
}

function rc(m: Mat, n: number): Mat {
  const o = new Float64Array(n * 4);
  for (let j = 0; j < n; j++) for (let b = 0; b < 4; b++) o[(n - 1 - j) * 4 + (3 - b)] = m[j * 4 + b];
  return o;
}
function rcVec(v: Float64Array): Float64Array { return Float64Array.from(v).reverse(); }

const norm = (m: Mat) => Math.sqrt(m.reduce((s, x) => s + x * x, 0));

/** Best cosine of b placed at shift s relative to a (b[j] ↔ a[j+s]) over |s| ≤ maxShift and both strands of b. */
export function bestAlignment(a: Mat, b: Mat, n: number, maxShift: number): { sim: number; shift: number; strand: '+' | '-' } {
  const na = norm(a), nb = norm(b);
  let best = { sim: -Infinity, shift: 0, strand: '+' as '+' | '-' };
  if (na === 0 || nb === 0) return { sim: 0, shift: 0, strand: '+' };
  for (const strand of ['+', '-'] as const) {
    const bb = strand === '+' ? b : rc(b, n);
    for (let s = -maxShift; s <= maxShift; s++) {
      let dot = 0;
      for (let j = Math.max(0, -s); j < Math.min(n, n - s); j++) for (let k = 0; k < 4; k++) dot += a[(j + s) * 4 + k] * bb[j * 4 + k];
      const sim = dot / (na * nb);
      if (sim > best.sim) best = { sim, shift: s, strand };
    }
  }
  return best;
}

interface Cluster { sumC: Mat; sumOh: Mat; cov: Float64Array; members: DiscoveredMotif['members']; rev: number }

function addInto(cl: Cluster, c: Mat, oh: Mat, cov: Float64Array, n: number, shift: number): void {
  for (let j = Math.max(0, -shift); j < Math.min(n, n - shift); j++) {
    const t = j + shift;
    cl.cov[t] += cov[j];
    for (let k = 0; k < 4; k++) { cl.sumC[t * 4 + k] += c[j * 4 + k]; cl.sumOh[t * 4 + k] += oh[j * 4 + k]; }
  }
}

/** Cluster seqlets into motifs. `perBase[q]` is sequence q's per-position contribution. */
export function discoverMotifs(codes: Uint8Array[], perBase: ArrayLike<number>[], seqlets: Seqlet[], opts: DiscoveryOptions = {}): DiscoveredMotif[] {
  if (!seqlets.length) return [];
  const minSim = opts.minSimilarity ?? 0.6, maxShift = opts.maxShift ?? 4, trimF = opts.trimFraction ?? 0.3;
  const n = seqlets[0].end - seqlets[0].start;
  for (const s of seqlets) if (s.end - s.start !== n) throw new Error('all seqlets must have the same width');
  const order = seqlets.map((_, i) => i).sort((a, b) => seqlets[b].score - seqlets[a].score);
  const maxSeqlets = opts.maxSeqlets ?? 2000, maxClusters = opts.maxClusters ?? 60;
  const clusters: Cluster[] = [];
  const join = (cl: Cluster, m: ReturnType<typeof seqletMatrix>, sl: Seqlet, a: { shift: number; strand: '+' | '-' }) => {
    const rev = a.strand === '-';
    addInto(cl, rev ? rc(m.c, n) : m.c, rev ? rc(m.oh, n) : m.oh, rev ? rcVec(m.cov) : m.cov, n, a.shift);
    cl.members.push({ seq: sl.seq, start: sl.start, strand: a.strand });
    if (rev) cl.rev++;
  };
  const bestOf = (cls: Cluster[], c: Mat) => {
    let best = { sim: -Infinity, shift: 0, strand: '+' as '+' | '-', k: -1 };
    cls.forEach((cl, k) => { const a = bestAlignment(cl.sumC, c, n, maxShift); if (a.sim > best.sim) best = { ...a, k }; });
    return best;
  };
  for (const i of order.slice(0, maxSeqlets)) {
    const sl = seqlets[i];
    const m = seqletMatrix(codes[sl.seq], perBase[sl.seq], sl.start, n);
    const best = bestOf(clusters, m.c);
    if (best.k >= 0 && best.sim >= minSim) join(clusters[best.k], m, sl, best);
    else if (clusters.length < maxClusters) {
      const cl: Cluster = { sumC: new Float64Array(n * 4), sumOh: new Float64Array(n * 4), cov: new Float64Array(n), members: [{ seq: sl.seq, start: sl.start, strand: '+' }], rev: 0 };
      addInto(cl, m.c, m.oh, m.cov, n, 0);
      clusters.push(cl);
    }
  }
  // Merge clusters whose aggregates align well (largest first).
  clusters.sort((a, b) => b.members.length - a.members.length);
  const merged: Cluster[] = [];
  for (const cl of clusters) {
    let into = -1, al = { sim: -Infinity, shift: 0, strand: '+' as '+' | '-' };
    merged.forEach((t, k) => { const a = bestAlignment(t.sumC, cl.sumC, n, maxShift); if (a.sim > al.sim) { al = a; into = k; } });
    if (into >= 0 && al.sim >= minSim) {
      const t = merged[into], rev = al.strand === '-';
      addInto(t, rev ? rc(cl.sumC, n) : cl.sumC, rev ? rc(cl.sumOh, n) : cl.sumOh, rev ? rcVec(cl.cov) : cl.cov, n, al.shift);
      for (const mem of cl.members) t.members.push({ ...mem, strand: rev ? (mem.strand === '+' ? '-' : '+') : mem.strand });
      t.rev += rev ? cl.members.length - cl.rev : cl.rev;
    } else merged.push(cl);
  }
  // The seqlets beyond maxSeqlets join the motifs found (clusters large enough among the clustered ones).
  if (order.length > maxSeqlets) {
    const minClustered = Math.max(opts.minSeqlets ?? 10, Math.ceil(0.01 * maxSeqlets));
    const found = merged.filter((c) => c.members.length >= minClustered);
    const frozen = found.map((c) => Float64Array.from(c.sumC)); // align the rest to the clustered aggregates
    for (const i of order.slice(maxSeqlets)) {
      const sl = seqlets[i];
      const m = seqletMatrix(codes[sl.seq], perBase[sl.seq], sl.start, n);
      let best = { sim: -Infinity, shift: 0, strand: '+' as '+' | '-', k: -1 };
      frozen.forEach((agg, k) => { const a = bestAlignment(agg, m.c, n, maxShift); if (a.sim > best.sim) best = { ...a, k }; });
      if (best.k >= 0 && best.sim >= minSim) join(found[best.k], m, sl, best);
    }
  }
  const minSize = Math.max(opts.minSeqlets ?? 10, Math.ceil(0.01 * seqlets.length));
  const out: DiscoveredMotif[] = [];
  for (const cl of merged.filter((c) => c.members.length >= minSize).sort((a, b) => b.members.length - a.members.length).slice(0, opts.maxMotifs ?? 20)) {
    const N = cl.members.length;
    const probs: number[][] = [], cwm: number[][] = [];
    for (let j = 0; j < n; j++) {
      const cv = cl.cov[j];
      probs.push(cv > 0 ? [0, 1, 2, 3].map((k) => cl.sumOh[j * 4 + k] / cv) : [0.25, 0.25, 0.25, 0.25]);
      cwm.push([0, 1, 2, 3].map((k) => cl.sumC[j * 4 + k] / N));
    }
    const colImp = cwm.map((r) => Math.abs(r[0] + r[1] + r[2] + r[3]));
    const peak = Math.max(...colImp);
    let ts = 0, te = n;
    if (peak > 0) {
      while (ts < n && colImp[ts] < trimF * peak) ts++;
      while (te > ts && colImp[te - 1] < trimF * peak) te--;
    }
    const trimmed = { id: 'x', name: 'x', probs: probs.slice(ts, te) };
    out.push({
      probs, cwm, nSeqlets: N, trimStart: ts, trimEnd: te,
      meanIC: trimmed.probs.length ? meanIC(trimmed) : 0,
      passes: trimmed.probs.length ? motifPasses(trimmed).passes : false,
      revShare: cl.rev / N, members: cl.members,
    });
  }
  return out;
}
