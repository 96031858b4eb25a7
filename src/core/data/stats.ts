// Dataset statistics shown in the import preview and the dataset panel: counts per split and
// class, per-task label counts, length and GC histograms (positives vs negatives), N content and
// the drop report. Computed in one pass over planned sequences; small enough to store as JSON.
import { N } from '../seq/alphabet';
import type { DatasetStats } from '../../shared/api/data';
import type { SplitName } from './store';

export interface StatSeq {
  split: SplitName;
  labels: ArrayLike<number>;
  codes: Uint8Array;
}

export interface DropItem {
  what: string;
  reason: string;
  count: number;
  detail?: string;
}

const IS_GC = new Uint8Array(256), IS_N = new Uint8Array(256);
IS_GC[1] = 1; IS_GC[2] = 1; IS_N[N] = 1;

const SPLITS: SplitName[] = ['train', 'valid', 'test'];
const GC_BINS = 50;

/** A sequence counts as positive when any of its labels is > 0. */
export function isPositive(labels: ArrayLike<number>): boolean {
  for (let i = 0; i < labels.length; i++) if (labels[i] > 0) return true;
  return false;
}

export function computeStats(seqs: Iterable<StatSeq>, taskNames: string[], dropped: DropItem[], notes: string[] = []): DatasetStats {
  const counts = new Map(SPLITS.map((s) => [s, { split: s, positive: 0, negative: 0, total: 0 }]));
  const taskCounts = taskNames.flatMap((task) => SPLITS.map((split) => ({ task, split, ones: 0, zeros: 0, missing: 0 })));
  const gcPos = new Array<number>(GC_BINS).fill(0), gcNeg = new Array<number>(GC_BINS).fill(0);
  let gcSumP = 0, gcNP = 0, gcSumN = 0, gcNN = 0;
  const lengths: number[] = [];
  const pos: boolean[] = [];
  let bases = 0, nBases = 0, withN = 0, total = 0, positives = 0;
  for (const s of seqs) {
    total++;
    const p = isPositive(s.labels);
    if (p) positives++;
    const c = counts.get(s.split)!;
    c.total++;
    if (p) c.positive++;
    else c.negative++;
    const si = SPLITS.indexOf(s.split);
    for (let t = 0; t < taskNames.length; t++) {
      const tc = taskCounts[t * 3 + si];
      const v = s.labels[t];
      if (v === undefined || Number.isNaN(v) || v < 0) tc.missing++;
      else if (v > 0) tc.ones++;
      else tc.zeros++;
    }
    let gc = 0, n = 0;
    const codes = s.codes;
    for (let i = 0; i < codes.length; i++) { const x = codes[i]; gc += IS_GC[x]; n += IS_N[x]; }
    bases += codes.length;
    nBases += n;
    if (n) withN++;
    if (codes.length > n) {
      const f = gc / (codes.length - n);
      const b = Math.min(GC_BINS - 1, Math.floor(f * GC_BINS + 1e-9));
      if (p) { gcPos[b]++; gcSumP += f; gcNP++; } else { gcNeg[b]++; gcSumN += f; gcNN++; }
    }
    lengths.push(codes.length);
    pos.push(p);
  }
  let min = Infinity, max = -Infinity, sum = 0;
  for (const l of lengths) { if (l < min) min = l; if (l > max) max = l; sum += l; }
  if (!lengths.length) { min = 0; max = 0; }
  const nb = max > min ? Math.min(30, max - min + 1) : 1;
  const width = max > min ? (max - min + 1) / nb : 1;
  const lenEdges = Array.from({ length: nb + 1 }, (_, i) => Math.round(min + i * width));
  const lenPos = new Array<number>(nb).fill(0), lenNeg = new Array<number>(nb).fill(0);
  lengths.forEach((l, i) => {
    const b = Math.min(nb - 1, Math.floor((l - min) / width));
    (pos[i] ? lenPos : lenNeg)[b]++;
  });
  return {
    total,
    positives,
    negatives: total - positives,
    counts: [...counts.values()],
    taskCounts,
    length: { edges: lenEdges, positive: lenPos, negative: lenNeg, min, max, mean: lengths.length ? sum / lengths.length : 0 },
    gc: {
      edges: Array.from({ length: GC_BINS + 1 }, (_, i) => i / GC_BINS),
      positive: gcPos,
      negative: gcNeg,
      meanPositive: gcNP ? gcSumP / gcNP : null,
      meanNegative: gcNN ? gcSumN / gcNN : null,
    },
    nFraction: bases ? nBases / bases : 0,
    seqsWithN: withN,
    dropped: dropped.filter((d) => d.count > 0),
    notes,
  };
}
