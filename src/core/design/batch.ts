// Backgrounds for the canvas and for batches (drawn from the project: a dinucleotide shuffle of a
// natural negative, a shuffle of a chosen positive, or a sampled sequence of chosen length and GC),
// each checked against the run's passing motifs — any FIMO match with p < 1e-4 on either strand
// rejects the draw, which is redrawn with a derived seed and counted — and the batch generator:
// every spacing × orientation of a motif pair on k backgrounds with the experiment's controls,
// scored by the run's model and ranked by prediction (runs in the engine worker as job
// `design.batch`).
import type Database from 'better-sqlite3';
import { dinucShuffle } from '../data/shuffle';
import { prepareFimoMotif, scanRaw, fimoPValue, type FimoMotif } from '../pwm/fimo';
import { listMotifs } from '../motifs/project-store';
import { encode, decode } from '../seq/alphabet';
import { Rng } from '../seq/random';
import { sampledBackground, shuffledBackground, BackgroundError, type Background, type StrongMatch, type StrongMatchCheck } from './background';
import { batchSpacings, partFromMotif, type Design, type Orientation, type InsertionSource } from './design';
import { naturalIndices, naturalSequence, paletteMotif, DesignStoreError } from './store';
import { DEFAULT_SCAN_P } from '../../shared/scan-defaults';

export const STRONG_MATCH_P = DEFAULT_SCAN_P;

export type BackgroundSpec =
  | { source: 'sampled'; length: number; gc: number }
  | { source: 'shuffled-negative'; datasetId: number; seqIdx?: number }
  | { source: 'shuffled-positive'; datasetId: number; seqIdx: number };

/** FIMO check against the passing motifs of a run (p < 1e-4, either strand). */
export function strongMatchCheck(db: Database.Database, runId: number): { check: StrongMatchCheck; nMotifs: number } {
  const motifs = listMotifs(db, { runId }).filter((m) => m.passes && m.mergedInto === null);
  const models: FimoMotif[] = motifs.map((m) => {
    const probs = m.trimEnd > m.trimStart ? m.probs.slice(m.trimStart, m.trimEnd) : m.probs;
    return prepareFimoMotif({ id: String(m.id), name: m.name, probs }, undefined, { pThreshold: STRONG_MATCH_P });
  });
  const check: StrongMatchCheck = (seq) => {
    if (!models.length) return [];
    const { hits } = scanRaw(models, [encode(seq)]);
    const out: StrongMatch[] = [];
    for (let i = 0; i < hits.n; i++) {
      const m = models[hits.motif[i]];
      const strand = hits.strand[i] === 1 ? '-' : '+';
      out.push({ motifId: m.motif.name, start: hits.pos[i], end: hits.pos[i] + m.width, strand, p: fimoPValue(m, hits.score[i], strand) });
    }
    return out;
  };
  return { check, nMotifs: models.length };
}

const shuffleFn = (seq: string, seed: number) => decode(dinucShuffle(encode(seq), new Rng(seed)));

/** Draw one clean background for `spec` with `seed` (deterministic). */
export function drawBackground(db: Database.Database, spec: BackgroundSpec, seed: number, check: StrongMatchCheck): Background {
  if (spec.source === 'sampled') return sampledBackground({ length: spec.length, gc: spec.gc, seed, check });
  let idx = spec.seqIdx;
  if (idx === undefined) {
    const pool = naturalIndices(db, spec.datasetId, 'negative');
    if (!pool.length) throw new BackgroundError('this dataset has no negative sequences to shuffle; choose a sampled background');
    idx = pool[new Rng(seed ^ 0x5bd1e995).int(pool.length)];
  }
  const nat = naturalSequence(db, spec.datasetId, idx);
  return shuffledBackground({ source: spec.source, fromSequence: nat.name, sequence: nat.bases, seed, shuffle: shuffleFn, check });
}

// ---- batch ---------------------------------------------------------------------------------------

export interface BatchParams {
  runId: number;
  name: string;
  motifA: number;
  motifB: number;
  spacingMin: number;
  spacingMax: number;
  orientations: Orientation[];
  k: number;
  background: BackgroundSpec;
  seed: number;
  source: InsertionSource;
  controls: boolean;
  profileId: string;
}

export interface BuiltBatch {
  designs: Design[];
  rejected: number;
}

/** The designs of a batch (unscored): pairs at every spacing/orientation plus the controls. */
export function buildBatch(db: Database.Database, p: BatchParams, signal?: AbortSignal): BuiltBatch {
  const a = paletteMotif(db, p.runId, p.motifA), b = paletteMotif(db, p.runId, p.motifB);
  const { check } = strongMatchCheck(db, p.runId);
  const bgs: Background[] = [];
  let rejected = 0;
  for (let i = 0; i < p.k; i++) {
    if (signal?.aborted) throw new Error('cancelled');
    const bg = drawBackground(db, p.background, (p.seed + i * 7919) >>> 0, check);
    rejected += bg.rejected ?? 0;
    bgs.push(bg);
  }
  const A = partFromMotif(a.motif, p.source, p.source === 'sampled' ? p.seed : undefined);
  const B = partFromMotif(b.motif, p.source, p.source === 'sampled' ? p.seed + 1 : undefined);
  const r = batchSpacings(bgs, A, B, [p.spacingMin, p.spacingMax], p.orientations, p.k, {
    prefix: p.name, scrambleSeed: p.seed, rule: `${a.palette.name}–${b.palette.name} spacing ${p.spacingMin}–${p.spacingMax}`,
  });
  return { designs: p.controls ? [...r.designs, ...r.controls] : r.designs, rejected };
}

export function checkBatchSize(p: Pick<BatchParams, 'spacingMin' | 'spacingMax' | 'orientations' | 'k' | 'controls'>): number {
  const pairs = (p.spacingMax - p.spacingMin + 1) * new Set(p.orientations).size * p.k;
  const n = pairs + (p.controls ? p.k * (1 + 2 * 2 + 2 * new Set(p.orientations).size) : 0);
  if (n > 20_000) throw new DesignStoreError(`this batch would make about ${n} designs; keep it under 20,000 (fewer spacings, orientations or backgrounds)`, 'invalid_input');
  return n;
}
