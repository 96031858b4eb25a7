// Backgrounds the model itself calls clean, and what each inserted motif and rule contributes.
//
// A background free of strong motif matches (FIMO, background.ts) can still look bound to the
// trained model (a shuffled negative scored 67%). Here candidates are drawn in rounds and scored by
// the model in one batch; the first with prediction below the threshold and no model instance call
// is kept, and the number of redraws is reported. When none is clean after `maxDraws`, the
// lowest-scoring candidate is kept and marked not clean (the canvas says so).
//
// Contributions: leave-one-out on the design's own background: Δ if removed = prediction with
// everything − prediction with that insertion's bases put back to the background; for a rule's
// pair (A, B) also the Δ of removing both and the interaction beyond the two singles
// f(A,B) − f(−A) − f(−B) + f(−A,−B) (what the rule adds over the motifs alone).
import type { Background } from './background';
import { attemptSeed } from './background';
import type { Insertion } from './design';
import { renderSequence } from './design';

export interface Scored {
  probs: number[];
  calls: unknown[];
}
export type ScoreMany = (sequences: string[]) => Promise<Scored[]>;

export const DEFAULT_CLEAN_BELOW = 0.2;

export interface ModelClean {
  background: Background;
  scored: Scored;
  /** Candidates refused because the model scored them ≥ threshold or called an instance. */
  redraws: number;
  clean: boolean;
}

const pred = (s: Scored) => Math.max(...s.probs);

/** Draws candidates with `draw(seed)` until the model calls one clean (prediction < threshold, no calls). */
export async function drawModelClean(
  draw: (seed: number) => Background,
  seed: number,
  scoreMany: ScoreMany,
  opts: { threshold?: number; perRound?: number; maxDraws?: number } = {},
): Promise<ModelClean> {
  const threshold = opts.threshold ?? DEFAULT_CLEAN_BELOW;
  const perRound = opts.perRound ?? 8;
  const maxDraws = opts.maxDraws ?? 40;
  let best: { background: Background; scored: Scored } | null = null;
  for (let k = 0; k < maxDraws; k += perRound) {
    const cands: Background[] = [];
    for (let i = k; i < Math.min(maxDraws, k + perRound); i++) cands.push(draw(i === 0 ? seed : attemptSeed(seed, 1000 + i)));
    const scored = await scoreMany(cands.map((c) => c.bases));
    for (let i = 0; i < cands.length; i++) {
      if (pred(scored[i]) < threshold && scored[i].calls.length === 0) return { background: cands[i], scored: scored[i], redraws: k + i, clean: true };
      if (!best || pred(scored[i]) < pred(best.scored)) best = { background: cands[i], scored: scored[i] };
    }
  }
  return { ...best!, redraws: maxDraws, clean: false };
}

export interface Contribution {
  index: number;
  /** Prediction with this insertion's bases returned to the background. */
  without: number;
  /** prediction − without: what this motif adds here. */
  delta: number;
}
export interface PairContribution {
  a: number;
  b: number;
  rule: string;
  /** prediction − prediction without both. */
  delta: number;
  /** f(A,B) − f(−A) − f(−B) + f(−A,−B): the part only the pair gives. */
  interaction: number;
}

/** Leave-one-out (and leave-pair-out for rule pairs) contributions, scored in one batch. */
export async function contributions(
  background: Background,
  insertions: readonly Insertion[],
  pairs: { a: number; b: number; rule: string }[],
  scoreMany: ScoreMany,
): Promise<{ prediction: number; items: Contribution[]; pairs: PairContribution[] }> {
  const without = (skip: number[]) => renderSequence(background, insertions.filter((_, i) => !skip.includes(i)));
  const seqs = [without([]), ...insertions.map((_, i) => without([i])), ...pairs.map((p) => without([p.a, p.b]))];
  const s = (await scoreMany(seqs)).map(pred);
  const n = insertions.length;
  const all = s[0];
  return {
    prediction: all,
    items: insertions.map((_, i) => ({ index: i, without: s[1 + i], delta: all - s[1 + i] })),
    pairs: pairs.map((p, k) => {
      const both = s[1 + n + k];
      return { a: p.a, b: p.b, rule: p.rule, delta: all - both, interaction: all - s[1 + p.a] - s[1 + p.b] + both };
    }),
  };
}
