// Helpers for the train feature tests: a small simulated dataset with a planted motif (ground truth:
// positives carry one SPI1-like site, negatives are background) written into a project file.
import type Database from 'better-sqlite3';
import { writeDataset, type NewSequence, type SplitName } from '../../../src/core/data/store';
import { TrainRng } from '../../../src/core/seq/random';
import { revcomp } from '../../../src/core/seq/alphabet';

/** SPI1 (PU.1)-like AAAAGAGGAAGTG: consensus base 0.85, others 0.05. */
export const MOTIF = [...'AAAAGAGGAAGTG'].map((ch) => [0, 1, 2, 3].map((c) => ('ACGT'[c] === ch ? 0.85 : 0.05)));

export interface SimOptions {
  name?: string;
  L?: number;
  n?: { train: number; valid: number; test: number };
  seed?: number;
  /** Override a label (e.g. NaN or 2) to make bad data. */
  label?: (split: SplitName, i: number, positive: boolean) => number;
  length?: (split: SplitName, i: number) => number;
  tasks?: string[];
}

export function simulatedSequences(o: SimOptions = {}): NewSequence[] {
  const L = o.L ?? 80, n = o.n ?? { train: 240, valid: 60, test: 60 };
  const rng = new TrainRng(o.seed ?? 7);
  const out: NewSequence[] = [];
  for (const split of ['train', 'valid', 'test'] as const) {
    for (let i = 0; i < n[split]; i++) {
      const len = o.length?.(split, i) ?? L;
      const q = Uint8Array.from({ length: len }, () => rng.int(4));
      const positive = i % 2 === 0;
      if (positive && len >= MOTIF.length) {
        let site: Uint8Array = Uint8Array.from(MOTIF, (col) => { let u = rng.next(), c = 0; while (c < 3 && u >= col[c]) { u -= col[c]; c++; } return c; });
        if (rng.next() < 0.5) site = revcomp(site);
        q.set(site, rng.int(len - site.length + 1));
      }
      const y = o.label?.(split, i, positive) ?? (positive ? 1 : 0);
      out.push({ name: `${split}${i}`, split, labels: (o.tasks ?? ['bound']).map(() => y), codes: q, origin: positive ? 'simulated:positive' : 'simulated:negative' });
    }
  }
  return out;
}

export function addSimulatedDataset(db: Database.Database, o: SimOptions = {}): number {
  return writeDataset(db, { name: o.name ?? 'Simulated SPI1', kind: 'simulated', taskNames: o.tasks ?? ['bound'], seed: o.seed ?? 7 }, simulatedSequences(o));
}

/** Independent auROC (Mann–Whitney, ties ½) for checking stored metrics. */
export function mannWhitney(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const pos: number[] = [], neg: number[] = [];
  for (let i = 0; i < scores.length; i++) (labels[i] >= 0.5 ? pos : neg).push(scores[i]);
  let s = 0;
  for (const p of pos) for (const q of neg) s += p > q ? 1 : p === q ? 0.5 : 0;
  return s / (pos.length * neg.length);
}

/** Small, fast ARGMINN settings for tests (quick preset shape, all regularisers on). */
export const TINY = { model: { F: 4, W: 13, H: 8, NH: 2, S: 16, nL: 1 }, epochs: 6, batchSize: 32, lr: 1e-2, seed: 5 };
/** The same without regularisers: learns the planted motif (test auROC ≈ 0.95 on the default data). */
export const TINY_PLAIN = { ...TINY, lambdaOverlap: { enabled: false }, lambdaL1: { enabled: false } };
/** Default simulated data for training tests: 600/60/60 sequences of 60 bp. */
export const SIM = { L: 60, n: { train: 600, valid: 60, test: 60 } };
