// Reading motifs out of a trained model's first-layer filters (MODEL.md §5), streamed so that any
// number of sequences fits in memory: for each filter, threshold = 0.5 × its maximum activation over
// the positives; PFM = mean one-hot of every W-mer whose activation strictly exceeds it (the same
// rule as pfmFromFilter in src/core/interpret/filters.ts, which keeps all activations in memory).
// Per filter we also keep the mean-centred weights, IC trimming and the "passes" verdict
// (matrix.ts motifPasses: trimmed length ≥ 5, mean IC ≥ 1.0), how many positive and negative
// sequences it fires in (max activation above the same threshold), whether it is unused, and its
// reverse-complement twin among the other passing filters.
//
// Both strands: the model is trained on reverse-complement-doubled batches and predicts the mean of
// a sequence's two strands, so the positives it reads include every reverse complement. Extraction
// does the same (ExtractOptions.bothStrands, default on): the maximum, the sites and "fires in a
// sequence" (on either strand) cover both strands; a PFM stays in its filter's own orientation.
// A filter that kept one orientation of a motif (its twin pruned) then fires in carriers of both.
//
// Repressive filters (a decision beyond MODEL.md §5, docs/train.md "Repressors"): a filter that
// learned a repressor's motif fires where the negatives carry it and hardly at all in positives, so
// its maximum over positives is a background flicker and a threshold drawn from it reads noise. When,
// under ½ of its maximum over the NEGATIVES, a filter fires in ≥ 5 % of negatives and more often in
// negatives than in positives (one-sided Fisher p < 0.01), its threshold and sites come from the
// negatives instead and it is marked `role: 'repressing'`. Every other filter is read exactly as §5 says.
import type { SeqModel } from '../model/registry';
import { predictBatches } from '../model/infer';
import { centredWeights } from '../interpret/filters';
import { motifPasses } from '../pwm/matrix';
import { findRcTwins } from './twins';
import { repressiveP } from './fisher';
import { revcomp } from '../seq/alphabet';

export { trimmedProbs, findRcTwins } from './twins';

/** A filter is read as repressive when it fires in at least this fraction of negatives… */
export const REPRESSIVE_MIN_FRACTION = 0.05;
/** …and more often than in positives with a one-sided Fisher p below this. */
export const REPRESSIVE_MAX_P = 0.01;

/** What reading a filter measures, as stored with every filter motif (FilterMotif, and the project's ProjectMotifRecord). */
export interface FilterReading {
  nSites: number;
  maxActivation: number;
  threshold: number;
  trimStart: number;
  trimEnd: number;
  meanIC: number;
  passes: boolean;
  unused: boolean;
  firesPos: number;
  firesNeg: number;
  nPos: number;
  nNeg: number;
  rcTwin: number | null;
  rcTwinScore: number | null;
}

export interface FilterMotif extends FilterReading {
  filter: number;
  /** W×4 PFM (rows sum to 1; uniform for a filter with no sites). */
  probs: number[][];
  /** W×4 mean-centred filter weights. */
  weights: number[][];
  /** 'repressing' when threshold and sites were read from the negatives (header). */
  role?: 'activating' | 'repressing';
}

export interface ExtractOptions {
  /** Fraction of the maximum activation used as threshold (default 0.5, MODEL.md §5). */
  fraction?: number;
  batchSize?: number;
  signal?: AbortSignal;
  /** Called after each batch with sequences done / total. */
  onProgress?: (done: number, total: number) => void | Promise<void>;
  /** Minimum mean column Pearson for two filters to be reverse-complement twins (default 0.9). */
  twinMinSimilarity?: number;
  /**
   * Read every sequence on both strands, as the model does (trained on reverse-complement-doubled
   * batches, predicting the mean of both strands): default true. false = forward strand only.
   */
  bothStrands?: boolean;
  /** A filter whose maximum activation is below this fraction of the strongest filter's is unused (default 1e-3). */
  unusedFraction?: number;
}

/** Growable (sequence, position, activation) candidate list of one filter. */
class Candidates {
  seq = new Int32Array(256);
  pos = new Int32Array(256);
  act = new Float32Array(256);
  n = 0;
  push(s: number, p: number, a: number): void {
    if (this.n === this.seq.length) {
      const grow = <T extends Int32Array | Float32Array>(x: T): T => { const y = new (x.constructor as new (n: number) => T)(x.length * 2); y.set(x); return y; };
      this.seq = grow(this.seq); this.pos = grow(this.pos); this.act = grow(this.act);
    }
    this.seq[this.n] = s; this.pos[this.n] = p; this.act[this.n] = a; this.n++;
  }
  /** Drop candidates at or below t (called when the running maximum rose). */
  prune(t: number): void {
    let j = 0;
    for (let i = 0; i < this.n; i++) if (this.act[i] > t) { this.seq[j] = this.seq[i]; this.pos[j] = this.pos[i]; this.act[j] = this.act[i]; j++; }
    this.n = j;
  }
}

/** Per-sequence maximum activation of every filter (n×F), streaming through the model. */
async function scanMaxima(
  model: SeqModel, seqs: Uint8Array[], opts: ExtractOptions, progressBase: number, progressTotal: number,
  perPosition?: (seqIndex: number, r: Float32Array, offset: number, Lp: number) => void,
): Promise<Float32Array> {
  const F = model.config.F, W = model.config.W;
  const maxes = new Float32Array(seqs.length * F);
  for await (const b of predictBatches(model, seqs, { withR: true, batchSize: opts.batchSize ?? 128, signal: opts.signal })) {
    const Lp = b.L - W + 1, r = b.r!;
    for (let k = 0; k < b.count; k++) {
      const s = b.start + k, off = k * Lp * F;
      for (let f = 0; f < F; f++) {
        let m = 0;
        for (let i = 0; i < Lp; i++) { const a = r[off + i * F + f]; if (a > m) m = a; }
        maxes[s * F + f] = m;
      }
      perPosition?.(s, r, off, Lp);
    }
    await opts.onProgress?.(progressBase + b.start + b.count, progressTotal);
    if (opts.signal?.aborted) throw new Error('cancelled');
  }
  return maxes;
}

/**
 * Extract one motif per filter. `pos` / `neg`: positive and negative sequences (codes, each at
 * least W long; shorter ones must be dropped by the caller). Negatives only feed firesNeg.
 */
export async function extractFilterMotifs(model: SeqModel, posIn: Uint8Array[], negIn: Uint8Array[], opts: ExtractOptions = {}): Promise<FilterMotif[]> {
  const { F, W } = model.config;
  const fraction = opts.fraction ?? 0.5;
  for (const s of [...posIn, ...negIn]) if (s.length < W) throw new Error(`a sequence of ${s.length} bp is shorter than the filter width ${W}`);
  // Both strands (header): the reverse complements are read as further sequences of the same class;
  // "fires in a sequence" then means on either strand.
  const both = opts.bothStrands !== false;
  const pos = both ? posIn.concat(posIn.map(revcomp)) : posIn;
  const neg = both ? negIn.concat(negIn.map(revcomp)) : negIn;
  const total = pos.length + neg.length;
  const running = new Float32Array(F);
  const cands = Array.from({ length: F }, () => new Candidates());
  const prunedAt = new Int32Array(F);
  // Candidate sites above half the running maximum, per filter, in one class of sequences.
  const collector = (running: Float32Array, cands: Candidates[], prunedAt: Int32Array) => (s: number, r: Float32Array, off: number, Lp: number) => {
    for (let f = 0; f < F; f++) {
      let t = fraction * running[f];
      const c = cands[f];
      for (let i = 0; i < Lp; i++) {
        const a = r[off + i * F + f];
        if (a > t && a > 0) {
          if (a > running[f]) { running[f] = a; t = fraction * a; }
          c.push(s, i, a);
        }
      }
      // keep memory bounded: prune when the list doubled since the last prune
      if (c.n > 2 * Math.max(1024, prunedAt[f])) { c.prune(fraction * running[f]); prunedAt[f] = c.n; }
    }
  };
  const strandMax = (m: Float32Array, n: number) => {
    if (!both) return m;
    const out = new Float32Array(n * F);
    for (let i = 0; i < n * F; i++) out[i] = Math.max(m[i], m[n * F + i]);
    return out;
  };
  const posMax = strandMax(await scanMaxima(model, pos, opts, 0, total, collector(running, cands, prunedAt)), posIn.length);
  const runningNeg = new Float32Array(F);
  const candsNeg = Array.from({ length: F }, () => new Candidates());
  const negMax = strandMax(neg.length ? await scanMaxima(model, neg, opts, pos.length, total, collector(runningNeg, candsNeg, new Int32Array(F))) : new Float32Array(0), negIn.length);
  const convW = (model.p('conv.w').dataSync() as Float32Array).slice();
  const strongest = Math.max(0, ...running, ...runningNeg);
  const unusedFraction = opts.unusedFraction ?? 1e-3;
  const countFires = (maxes: Float32Array, n: number, f: number, t: number) => { let k = 0; for (let s = 0; s < n; s++) if (maxes[s * F + f] > t) k++; return k; };

  const out: FilterMotif[] = [];
  for (let f = 0; f < F; f++) {
    // Repressive reading (header): judged under the negatives' own half-maximum.
    let role: 'activating' | 'repressing' = 'activating';
    const nP = posIn.length, nN = negIn.length;
    if (nN && runningNeg[f] > 0) {
      const tN = fraction * runningNeg[f];
      const p = repressiveP({ firesPos: countFires(posMax, nP, f, tN), firesNeg: countFires(negMax, nN, f, tN), nPos: nP, nNeg: nN }, REPRESSIVE_MIN_FRACTION);
      if (p !== null && p < REPRESSIVE_MAX_P) role = 'repressing';
    }
    const source = role === 'repressing' ? neg : pos;
    const max = role === 'repressing' ? runningNeg[f] : running[f], threshold = fraction * max;
    const counts = new Float64Array(W * 4);
    let n = 0;
    const c = role === 'repressing' ? candsNeg[f] : cands[f];
    if (max > 0) {
      for (let j = 0; j < c.n; j++) {
        if (!(c.act[j] > threshold)) continue;
        n++;
        const q = source[c.seq[j]], p0 = c.pos[j];
        for (let k = 0; k < W; k++) { const b = q[p0 + k]; if (b < 4) counts[k * 4 + b]++; }
      }
    }
    const probs: number[][] = [];
    for (let k = 0; k < W; k++) {
      const row = [0, 1, 2, 3].map((b) => counts[k * 4 + b]);
      const s = row[0] + row[1] + row[2] + row[3];
      probs.push(s > 0 ? row.map((x) => x / s) : [0.25, 0.25, 0.25, 0.25]);
    }
    const cw = centredWeights(convW, W, F, f);
    const weights = Array.from({ length: W }, (_, k) => Array.from(cw.subarray(k * 4, k * 4 + 4)));
    const unused = !(max > 0) || max < unusedFraction * strongest;
    const verdict = motifPasses({ id: `f${f}`, name: `f${f}`, probs, nsites: n });
    let firesPos = 0, firesNeg = 0;
    if (max > 0) {
      firesPos = countFires(posMax, nP, f, threshold);
      firesNeg = countFires(negMax, nN, f, threshold);
    }
    out.push({
      filter: f, probs, weights, nSites: n, maxActivation: max, threshold,
      trimStart: verdict.start, trimEnd: verdict.end, meanIC: verdict.meanIC, passes: verdict.passes && !unused, unused,
      firesPos, firesNeg, nPos: nP, nNeg: nN, rcTwin: null, rcTwinScore: null, role,
    });
  }
  findRcTwins(out, opts.twinMinSimilarity ?? 0.9);
  return out;
}
