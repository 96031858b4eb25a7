// Train/validation/test splits (MODEL.md §4): chromosome hold-out for genomic data, seeded random
// (optionally label-stratified) split for FASTA-only data. Splits are index lists into the dataset.

import { Rng } from '../seq/random';

export interface Split {
  train: number[];
  valid: number[];
  test: number[];
}

export interface ChromSplitSpec {
  valid: string[];
  test: string[];
}

export const DEFAULT_CHROM_SPLIT: ChromSplitSpec = { valid: ['chr8', 'chr10'], test: ['chr1'] };

export class SplitError extends Error {
  override readonly name = 'SplitError';
}

function checkNonEmpty(s: Split, what: string): Split {
  const empty = (['train', 'valid', 'test'] as const).filter((k) => s[k].length === 0);
  if (empty.length) throw new SplitError(`dataset too small for its split: ${empty.join(', ')} would be empty (${what})`);
  return s;
}

/**
 * Hold out whole chromosomes: exact (case-sensitive) name membership. A chromosome listed in both
 * valid and test is an error.
 */
export function splitByChromosome(items: readonly { chrom: string }[], spec: ChromSplitSpec = DEFAULT_CHROM_SPLIT): Split {
  const valid = new Set(spec.valid), test = new Set(spec.test);
  for (const c of valid) if (test.has(c)) throw new SplitError(`chromosome ${c} is in both the validation and the test set`);
  const s: Split = { train: [], valid: [], test: [] };
  items.forEach((it, i) => (test.has(it.chrom) ? s.test : valid.has(it.chrom) ? s.valid : s.train).push(i));
  return checkNonEmpty(s, `valid = ${spec.valid.join('+') || 'none'}, test = ${spec.test.join('+') || 'none'}`);
}

export interface RandomSplitOptions {
  /** train, valid, test fractions (normalised); default 0.8/0.1/0.1. */
  fractions?: [number, number, number];
  seed?: number;
  /** Per-item label (or class key); when given the split is stratified by label. */
  labels?: readonly (number | string)[];
}

/** Seeded random split of n items; each stratum is split with largest-remainder rounding. */
export function randomSplit(n: number, opts: RandomSplitOptions = {}): Split {
  const f = opts.fractions ?? [0.8, 0.1, 0.1];
  const tot = f[0] + f[1] + f[2];
  if (!(tot > 0) || f.some((x) => x < 0)) throw new SplitError('split fractions must be non-negative with a positive sum');
  const frac = f.map((x) => x / tot);
  const rng = new Rng(opts.seed ?? 1);
  const strata = new Map<number | string, number[]>();
  if (opts.labels && opts.labels.length !== n) throw new SplitError(`labels length ${opts.labels.length} ≠ ${n} items`);
  for (let i = 0; i < n; i++) {
    const key = opts.labels ? opts.labels[i] : 0;
    let a = strata.get(key);
    if (!a) strata.set(key, (a = []));
    a.push(i);
  }
  const s: Split = { train: [], valid: [], test: [] };
  // Give valid/test their share first (rounded to nearest) so small sets still get an item there.
  for (const idx of strata.values()) {
    rng.shuffle(idx);
    const m = idx.length;
    const nv = Math.round(m * frac[1]);
    const nt = Math.min(m - nv, Math.round(m * frac[2]));
    // (plain loops: spreading a 100k+ stratum into push() overflows the call stack)
    for (let j = 0; j < m; j++) (j < nv ? s.valid : j < nv + nt ? s.test : s.train).push(idx[j]);
  }
  for (const k of ['train', 'valid', 'test'] as const) s[k].sort((a, b) => a - b);
  const nonzero = { train: frac[0] > 0, valid: frac[1] > 0, test: frac[2] > 0 };
  const empty = (['train', 'valid', 'test'] as const).filter((k) => nonzero[k] && s[k].length === 0);
  if (empty.length) throw new SplitError(`dataset too small for its split: ${empty.join(', ')} would be empty with ${n} item(s)`);
  return s;
}
