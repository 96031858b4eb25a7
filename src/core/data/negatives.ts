// Negative sets for peak datasets: (a) random genomic windows avoiding every peak, GC-matched to
// the positives bin by bin; (b) k-let shuffles of the positives; (c) a user FASTA. Windows with
// more than `maxNFraction` N are skipped and counted.

import type { Genome } from '../io/genome';
import { loadFasta } from '../io/fasta';
import type { Source, StreamOptions } from '../io/source';
import { N } from '../seq/alphabet';
import { Rng } from '../seq/random';
import { shuffleWithReport } from './shuffle';
import type { Window } from './windows';

export interface Interval { chrom: string; start: number; end: number }

/** Sorted, merged intervals per chromosome with an O(log n) overlap test. */
export class IntervalIndex {
  private by = new Map<string, { s: Float64Array; e: Float64Array }>();
  constructor(intervals: Iterable<Interval>) {
    const tmp = new Map<string, [number, number][]>();
    for (const iv of intervals) {
      let a = tmp.get(iv.chrom);
      if (!a) tmp.set(iv.chrom, (a = []));
      a.push([iv.start, iv.end]);
    }
    for (const [c, a] of tmp) {
      a.sort((x, y) => x[0] - y[0]);
      const m: [number, number][] = [];
      for (const x of a) { const l = m[m.length - 1]; if (l && x[0] <= l[1]) l[1] = Math.max(l[1], x[1]); else m.push([x[0], x[1]]); }
      this.by.set(c, { s: Float64Array.from(m, (x) => x[0]), e: Float64Array.from(m, (x) => x[1]) });
    }
  }
  /** True when [start, end) overlaps any interval. */
  overlaps(chrom: string, start: number, end: number): boolean {
    const t = this.by.get(chrom);
    if (!t) return false;
    let lo = 0, hi = t.s.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (t.s[mid] < end) lo = mid + 1; else hi = mid; }
    return lo > 0 && t.e[lo - 1] > start;
  }
}

function gcAndN(codes: Uint8Array): { gc: number; nFrac: number } {
  let gc = 0, n = 0;
  for (let i = 0; i < codes.length; i++) { const c = codes[i]; if (c === N) n++; else if (c === 1 || c === 2) gc++; }
  const acgt = codes.length - n;
  return { gc: acgt ? gc / acgt : NaN, nFrac: codes.length ? n / codes.length : 1 };
}

export interface GcMatchOptions {
  /** Negatives per positive (default 1). */
  ratio?: number;
  /** GC bin width (default 0.02). */
  binWidth?: number;
  seed?: number;
  maxNFraction?: number;
  /** Give up after this many candidate windows per requested negative (default 500). */
  maxTriesPerNegative?: number;
  signal?: AbortSignal;
  onProgress?: (accepted: number, wanted: number) => void;
}

export interface GcMatchReport {
  binWidth: number;
  /** Positive and negative counts per GC bin (bin i covers [i·w, (i+1)·w), the last bin includes 1). */
  positiveHist: number[];
  negativeHist: number[];
  wanted: number;
  accepted: number;
  /** Negatives that could not be found in their bin (tries exhausted). */
  unfilled: number;
  skippedN: number;
  overlappedPeak: number;
  duplicates: number;
  tries: number;
}

/**
 * GC-matched random genomic windows of the positives' length that overlap no peak. `positives`
 * are the positive sequences (codes) used for the GC histogram; `exclude` are all peaks (or
 * windows) to avoid.
 */
export async function gcMatchedNegatives(
  genome: Genome, positives: readonly Uint8Array[], exclude: Iterable<Interval>, opts: GcMatchOptions = {},
): Promise<{ windows: Window[]; codes: Uint8Array[]; report: GcMatchReport }> {
  const w = opts.binWidth ?? 0.02;
  const ratio = opts.ratio ?? 1;
  const maxN = opts.maxNFraction ?? 0.1;
  const rng = new Rng(opts.seed ?? 1);
  const nb = Math.ceil(1 / w - 1e-9);
  const bin = (gc: number) => Math.min(nb - 1, Math.floor(gc / w + 1e-9));
  const L = positives[0]?.length ?? 0;
  if (!L) throw new Error('no positive sequences to match');
  const positiveHist = new Array<number>(nb).fill(0);
  for (const p of positives) { const g = gcAndN(p).gc; if (!Number.isNaN(g)) positiveHist[bin(g)]++; }
  const need = positiveHist.map((c) => Math.round(c * ratio));
  const wanted = need.reduce((a, b) => a + b, 0);
  const negativeHist = new Array<number>(nb).fill(0);
  const idx = new IntervalIndex(exclude);
  const chroms = [...genome.chromSizes()].filter(([, n]) => n >= L);
  if (!chroms.length) throw new Error(`no chromosome is at least ${L} bp long`);
  const cum: number[] = [];
  let tot = 0;
  for (const [, n] of chroms) cum.push((tot += n - L + 1));
  const windows: Window[] = [];
  const codes: Uint8Array[] = [];
  const seen = new Set<string>();
  let remaining = wanted, tries = 0, skippedN = 0, overlappedPeak = 0, duplicates = 0;
  const maxTries = (opts.maxTriesPerNegative ?? 500) * Math.max(1, wanted);
  while (remaining > 0 && tries < maxTries) {
    tries++;
    if ((tries & 1023) === 0) {
      if (opts.signal?.aborted) throw opts.signal.reason ?? new DOMException('Aborted', 'AbortError');
      opts.onProgress?.(wanted - remaining, wanted);
    }
    const r = rng.next() * tot;
    let lo = 0, hi = cum.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cum[mid] > r) hi = mid; else lo = mid + 1; }
    const [chrom] = chroms[lo];
    const start = Math.floor(r - (lo ? cum[lo - 1] : 0));
    if (idx.overlaps(chrom, start, start + L)) { overlappedPeak++; continue; }
    const key = `${chrom}\t${start}`;
    if (seen.has(key)) { duplicates++; continue; }
    const seq = await genome.fetch(chrom, start, start + L);
    const { gc, nFrac } = gcAndN(seq);
    if (nFrac > maxN || Number.isNaN(gc)) { skippedN++; continue; }
    const b = bin(gc);
    if (negativeHist[b] >= need[b]) continue;
    seen.add(key);
    negativeHist[b]++;
    remaining--;
    windows.push({ chrom, start, end: start + L, peak: -1 });
    codes.push(seq);
  }
  opts.onProgress?.(wanted - remaining, wanted);
  return {
    windows, codes,
    report: { binWidth: w, positiveHist, negativeHist, wanted, accepted: wanted - remaining, unfilled: remaining, skippedN, overlappedPeak, duplicates, tries },
  };
}

export interface ShuffleNegativeOptions {
  k?: number;
  ratio?: number;
  seed?: number;
  maxNFraction?: number;
}

/** k-let shuffled copies of the positives (ratio shuffles per positive, rounded down; fractional part sampled). */
export function shuffledNegatives(positives: readonly Uint8Array[], opts: ShuffleNegativeOptions = {}): { codes: Uint8Array[]; source: number[]; report: { lowComplexity: number; skippedN: number } } {
  const k = opts.k ?? 2, ratio = opts.ratio ?? 1, maxN = opts.maxNFraction ?? 0.1;
  const rng = new Rng(opts.seed ?? 1);
  const codes: Uint8Array[] = [], source: number[] = [];
  let lowComplexity = 0, skippedN = 0;
  positives.forEach((p, i) => {
    if (gcAndN(p).nFrac > maxN) { skippedN++; return; }
    const copies = Math.floor(ratio) + (rng.next() < ratio - Math.floor(ratio) ? 1 : 0);
    for (let c = 0; c < copies; c++) {
      const r = shuffleWithReport(p, k, rng);
      if (r.lowComplexity) { lowComplexity++; break; }
      codes.push(r.codes); source.push(i);
    }
  });
  return { codes, source, report: { lowComplexity, skippedN } };
}

/** Negatives from a user FASTA: N-filtered, seeded subsample to `ratio × nPositives` when there are more. */
export async function fastaNegatives(src: Source, nPositives: number, opts: StreamOptions & { ratio?: number; seed?: number; maxNFraction?: number } = {}): Promise<{ names: string[]; codes: Uint8Array[]; report: { read: number; skippedN: number; subsampledFrom: number } }> {
  const recs = await loadFasta(src, { ...opts, parseLabels: false });
  const maxN = opts.maxNFraction ?? 0.1;
  const ok = recs.filter((r) => gcAndN(r.codes).nFrac <= maxN);
  const want = Math.round((opts.ratio ?? 1) * nPositives);
  const rng = new Rng(opts.seed ?? 1);
  let pick = ok;
  if (ok.length > want) pick = rng.shuffle(ok.slice()).slice(0, want);
  return { names: pick.map((r) => r.name), codes: pick.map((r) => r.codes), report: { read: recs.length, skippedN: recs.length - ok.length, subsampledFrom: ok.length } };
}
