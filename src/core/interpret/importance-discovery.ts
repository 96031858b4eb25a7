// Importance-score discovery end to end (MOTIFS.md "Discovery from importance scores"): importance
// scores of the given sequences and of their dinucleotide shuffles (the null), split across engine
// workers when a pool is given → seqlets at a calibrated FDR (./seqlets.ts) → clustered motifs
// (./discovery.ts). One pipeline for the Compare screen's "Discover motifs" job and the paper
// benchmark's importance-discovery baseline, so both read the same motifs from the same scores.
import { Rng } from '../seq/random';
import { dinucShuffle } from '../data/shuffle';
import type { PoolLike } from '../jobs/pool';
import { perBaseInBlocks, perBaseParallel } from './parallel';
import { extractSeqlets, type Seqlet, type ThresholdCalibration } from './seqlets';
import { discoverMotifs, type DiscoveredMotif } from './discovery';
import type { AttributableModel, AttributionMethod } from './attribution';

/** Seed of the dinucleotide shuffles that make the null (fixed: the same sequences give the same seqlets). */
export const NULL_SHUFFLE_SEED = 17;
/** Sequences per attribute() call; each block's shuffled references are seeded afresh, so the block size is part of the result. */
export const DISCOVERY_BLOCK = 16;

export interface ImportanceDiscoveryOptions {
  method: AttributionMethod;
  task?: number;
  steps?: number;
  refs?: number;
  signal?: AbortSignal;
  /** Engine workers: `workers` in all (the calling thread included), the model's bytes for the helpers and a cache key. */
  parallel?: { pool: PoolLike | null; workers: number; modelBytes: Uint8Array; key: string } | null;
  /** Called after each round of scores with sequences scored so far and the total (real + null). */
  onProgress?: (done: number, total: number) => void;
}

export interface ImportanceDiscovery {
  perBase: Float32Array[];
  nullPerBase: Float32Array[];
  seqlets: Seqlet[];
  threshold: number;
  calibration: ThresholdCalibration;
  motifs: DiscoveredMotif[];
}

export async function importanceDiscovery(model: AttributableModel, seqs: Uint8Array[], opts: ImportanceDiscoveryOptions): Promise<ImportanceDiscovery> {
  const rng = new Rng(NULL_SHUFFLE_SEED);
  const nulls = seqs.map((s) => dinucShuffle(s, rng));
  const aopts = { task: opts.task ?? 0, steps: opts.steps, refs: opts.refs, signal: opts.signal };
  const par = opts.parallel && opts.parallel.workers > 1 ? opts.parallel : null;
  const round = DISCOVERY_BLOCK * (par?.workers ?? 1);
  const total = seqs.length * 2;
  const perBase: Float32Array[] = [], nullPerBase: Float32Array[] = [];
  for (const [src, dst, off] of [[seqs, perBase, 0], [nulls, nullPerBase, seqs.length]] as const) {
    for (let s = 0; s < src.length; s += round) {
      if (opts.signal?.aborted) throw new Error('cancelled');
      const part = src.slice(s, s + round);
      dst.push(...(par
        ? await perBaseParallel(par.pool, par.workers, model, par.modelBytes, par.key, opts.method, part, DISCOVERY_BLOCK, aopts)
        : await perBaseInBlocks(model, opts.method, part, DISCOVERY_BLOCK, aopts)));
      opts.onProgress?.(Math.min(off + s + round, off + src.length), total);
    }
  }
  const { seqlets, threshold, calibration } = extractSeqlets(perBase, nullPerBase);
  return { perBase, nullPerBase, seqlets, threshold, calibration, motifs: discoverMotifs(seqs, perBase, seqlets) };
}
