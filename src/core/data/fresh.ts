// Fresh training sequences every epoch for simulated datasets (MODEL.md §6, the paper's regime): a
// dataset keeps its recipe, configuration, motif matrices and seed, so any epoch's sequences can be
// redrawn exactly (resume gives the same data). Each epoch is `steps` batches of `batch` sequences,
// half positives and half negatives in every batch, in a seeded order; validation and test stay the
// dataset's fixed splits, drawn from other seeds.
import { existsSync } from 'node:fs';
import { Rng } from '../seq/random';
import { simulate, type GrammarRule, type SimMotif } from './simulator';
import { getRecipe, resolveRecipeMotifs, type Recipe } from './recipes';
import { loadMotifFile } from './simulation-job';
import type { DatasetRecord } from './store';

export interface FreshSource {
  rule: GrammarRule;
  motifs: Record<string, SimMotif>;
  config: Recipe['defaults'];
}

/** The recipe of a simulated dataset, or a sentence saying why it cannot be redrawn. */
export function freshSourceOf(ds: Pick<DatasetRecord, 'kind' | 'params' | 'sources' | 'name'>): FreshSource | string {
  if (ds.kind !== 'simulated') return `“${ds.name}” is not a simulated dataset; fresh sequences per epoch apply only to simulated data, so this run trains on the dataset's fixed training split.`;
  const p = ds.params as { recipe?: string; rule?: GrammarRule; config?: Recipe['defaults']; motifs?: Record<string, { id: string; name: string; probs?: number[][] }> };
  if (!p.rule || !p.config || !p.motifs) return `“${ds.name}” does not record its simulation recipe (made by an older version); it trains on its fixed training split.`;
  const motifs: Record<string, SimMotif> = {};
  const missing = Object.entries(p.motifs).filter(([, m]) => !m.probs);
  if (!missing.length) {
    for (const [k, m] of Object.entries(p.motifs)) motifs[k] = { id: m.id, name: m.name, probs: m.probs! };
    return { rule: p.rule, motifs, config: p.config };
  }
  // Older datasets recorded motif names only: resolve them again from the motif file they were made from.
  const file = (ds.sources as { role?: string; path?: string }[]).find((s) => s.role === 'motifs')?.path;
  const recipe = p.recipe ? getRecipe(p.recipe) : undefined;
  if (!file || !existsSync(file) || !recipe) return `The motif file “${file ?? '?'}” this dataset was simulated from is no longer there; it trains on its fixed training split.`;
  try {
    return { rule: p.rule, motifs: resolveRecipeMotifs(recipe, loadMotifFile(file)), config: p.config };
  } catch (e) {
    return `The motifs of this dataset could not be read again from “${file}” (${(e as Error).message}); it trains on its fixed training split.`;
  }
}

/** Deterministic per-epoch data: `steps` batches of `batch` sequences, each batch half positives. */
export function freshEpochs(src: FreshSource, runSeed: number, steps: number, batch: number): (epoch: number) => { codes: Uint8Array[]; labels: Float32Array } {
  const half = Math.max(1, Math.floor(batch / 2));
  return (epoch: number) => {
    // A seed per (dataset seed, run seed, epoch): independent of the fixed splits' seeds.
    const mix = new Rng(((src.config.seed ?? 1) * 0x9e3779b1 + runSeed * 0x85ebca6b + (epoch + 1) * 0xc2b2ae35) >>> 0);
    const n = steps * half;
    const sim = simulate(src.rule, src.motifs, { ...src.config, nPositives: n, nNegatives: n, seed: mix.u32() });
    const pos: number[] = [], neg: number[] = [];
    sim.labels.forEach((y, i) => (y ? pos : neg).push(i));
    const shuffle = (a: number[]) => { for (let i = a.length - 1; i > 0; i--) { const j = mix.int(i + 1); [a[i], a[j]] = [a[j], a[i]]; } return a; };
    shuffle(pos); shuffle(neg);
    const codes: Uint8Array[] = [], labels: number[] = [];
    for (let s = 0; s < steps; s++) {
      const ids = shuffle([...pos.slice(s * half, (s + 1) * half), ...neg.slice(s * half, (s + 1) * half)]);
      for (const i of ids) { codes.push(sim.seqs[i]); labels.push(sim.labels[i]); }
    }
    return { codes, labels: Float32Array.from(labels) };
  };
}
