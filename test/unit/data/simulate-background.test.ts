// The simulator's background carries no signal (MODEL.md §6): every base outside a planted site —
// flanks and the gaps between the motifs of a pair — has the background composition, no homopolymer
// runs beyond what an iid background gives, and a classifier that sees only those bases cannot tell
// positives from negatives (nor positive gaps from decoy gaps). The same classifier must detect the
// old bug (gaps filled with one letter): that control proves the test can fail.
import { describe, it, expect } from 'vitest';
import { simulate, type SimulatedData, type GrammarRule, type SimMotif } from '../../../src/core/data/simulator';
import { RECIPES, DEMO_RECIPE, runRecipe } from '../../../src/core/data/recipes';
import { Rng } from '../../../src/core/seq/random';
import type { Motif } from '../../../src/core/pwm/types';
import { hasJaspar, readMemeMotifs } from './helpers';
import { auroc } from '../../../src/core/train/metrics';

const library: Motif[] = hasJaspar ? readMemeMotifs() : [];

/** Per sequence: mask of planted bases, and the gaps (stretches strictly between two instances of one sequence). */
function plantedMask(d: SimulatedData): { mask: Uint8Array[]; gaps: Array<Array<[number, number]>> } {
  const mask = d.seqs.map((s) => new Uint8Array(s.length));
  const per = new Map<number, { start: number; end: number }[]>();
  for (const x of d.instances) {
    mask[x.seqIndex].fill(1, x.start, x.end);
    if (!per.has(x.seqIndex)) per.set(x.seqIndex, []);
    per.get(x.seqIndex)!.push(x);
  }
  const gaps = d.seqs.map((_, i) => {
    const xs = (per.get(i) ?? []).sort((a, b) => a.start - b.start);
    const g: Array<[number, number]> = [];
    for (let k = 1; k < xs.length; k++) if (xs[k].start - xs[k - 1].end > 0 && xs[k].start - xs[k - 1].end <= 40) g.push([xs[k - 1].end, xs[k].start]);
    return g;
  });
  return { mask, gaps };
}

/** Contiguous unplanted stretches of a sequence (or the given gaps). */
function stretches(s: Uint8Array, mask: Uint8Array): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let i = 0;
  while (i < s.length) {
    if (mask[i]) { i++; continue; }
    let j = i;
    while (j < s.length && !mask[j]) j++;
    out.push([i, j]);
    i = j;
  }
  return out;
}

/** Features of background stretches: mono- and dinucleotide frequencies (within stretches), longest homopolymer, runs ≥ 5 per kb. */
function features(s: Uint8Array, parts: Array<[number, number]>, withRuns = true): number[] {
  const mono = new Array(4).fill(0), di = new Array(16).fill(0);
  let n = 0, nd = 0, longest = 0, runs5 = 0;
  for (const [a, b] of parts) {
    let run = 0;
    for (let i = a; i < b; i++) {
      mono[s[i]]++; n++;
      if (i > a) { di[s[i - 1] * 4 + s[i]]++; nd++; }
      run = i > a && s[i] === s[i - 1] ? run + 1 : 1;
      if (run === 5) runs5++;
      longest = Math.max(longest, run);
    }
  }
  const f = [...mono.map((x) => x / Math.max(1, n)), ...di.map((x) => x / Math.max(1, nd))];
  return withRuns ? [...f, longest, (1000 * runs5) / Math.max(1, n)] : f;
}

/** Logistic regression trained on the even rows, auROC on the odd rows. */
function heldOutAuroc(x: number[][], y: number[]): number {
  const d = x[0].length;
  const mean = new Array(d).fill(0), sd = new Array(d).fill(0);
  for (const r of x) r.forEach((v, j) => (mean[j] += v / x.length));
  for (const r of x) r.forEach((v, j) => (sd[j] += (v - mean[j]) ** 2 / x.length));
  const z = x.map((r) => r.map((v, j) => (sd[j] > 0 ? (v - mean[j]) / Math.sqrt(sd[j]) : 0)));
  const tr = z.map((_, i) => i).filter((i) => i % 2 === 0), te = z.map((_, i) => i).filter((i) => i % 2 === 1);
  const w = new Array(d).fill(0);
  let b = 0;
  for (let it = 0; it < 300; it++) {
    const g = new Array(d).fill(0);
    let gb = 0;
    for (const i of tr) {
      const p = 1 / (1 + Math.exp(-(b + z[i].reduce((a, v, j) => a + v * w[j], 0))));
      const e = p - y[i];
      z[i].forEach((v, j) => (g[j] += (e * v) / tr.length));
      gb += e / tr.length;
    }
    for (let j = 0; j < d; j++) w[j] -= 0.5 * (g[j] + 1e-3 * w[j]);
    b -= 0.5 * gb;
  }
  const score = Float32Array.from(te, (i) => b + z[i].reduce((a, v, j) => a + v * w[j], 0));
  const lab = Float32Array.from(te, (i) => y[i]);
  return auroc(score, lab);
}

interface Report { composition: number[]; gapComposition: number[] | null; longRuns: number; expectedLongRuns: number; seqAuroc: number; gapAuroc: number | null }

function inspect(d: SimulatedData, gc = 0.5): Report {
  const { mask, gaps } = plantedMask(d);
  const comp = [0, 0, 0, 0], gcomp = [0, 0, 0, 0];
  let n = 0, ng = 0, longRuns = 0, runStarts = 0;
  const K = 8;
  for (let i = 0; i < d.seqs.length; i++) {
    const s = d.seqs[i];
    for (const [a, b] of stretches(s, mask[i])) {
      let run = 0;
      for (let p = a; p < b; p++) {
        comp[s[p]]++; n++;
        run = p > a && s[p] === s[p - 1] ? run + 1 : 1;
        if (run === K) longRuns++;
        if (b - p >= K) runStarts++;
      }
    }
    for (const [a, b] of gaps[i]) for (let p = a; p < b; p++) { gcomp[s[p]]++; ng++; }
  }
  // Expected runs of ≥ K identical bases in iid background with these base probabilities.
  const pb = [(1 - gc) / 2, gc / 2, gc / 2, (1 - gc) / 2];
  const pRun = pb.reduce((a, p) => a + p ** K, 0);
  const seqX = d.seqs.map((s, i) => features(s, stretches(s, mask[i])));
  const seqY = Array.from(d.labels, Number);
  // Gap classifier: positives' gaps against decoys' gaps where both exist (composition only: gap lengths differ by design).
  const gi = d.seqs.map((_, i) => i).filter((i) => gaps[i].length && (d.labels[i] === 1 || d.kinds[i] === 'decoy'));
  const gy = gi.map((i) => d.labels[i]);
  const gapAuroc = gy.filter((v) => v === 1).length > 50 && gy.filter((v) => v === 0).length > 50
    ? heldOutAuroc(gi.map((i) => features(d.seqs[i], gaps[i], false)), gy) : null;
  return {
    composition: comp.map((c) => c / n), gapComposition: ng ? gcomp.map((c) => c / ng) : null,
    longRuns, expectedLongRuns: runStarts * pRun, seqAuroc: heldOutAuroc(seqX, seqY), gapAuroc,
  };
}

function expectClean(r: Report, label: string): void {
  for (const f of r.composition) expect(Math.abs(f - 0.25), `${label}: background composition ${r.composition.map((v) => v.toFixed(4))}`).toBeLessThan(0.006);
  if (r.gapComposition) for (const f of r.gapComposition) expect(Math.abs(f - 0.25), `${label}: gap composition ${r.gapComposition.map((v) => v.toFixed(3))}`).toBeLessThan(0.03);
  // Runs of ≥ 8: within a generous Poisson band of the iid expectation (never the excess of filler gaps).
  expect(r.longRuns, `${label}: ${r.longRuns} runs ≥ 8 vs ${r.expectedLongRuns.toFixed(1)} expected`).toBeLessThan(r.expectedLongRuns * 1.5 + 10);
  expect(Math.abs(r.seqAuroc - 0.5), `${label}: background-only classifier auROC ${r.seqAuroc.toFixed(3)}`).toBeLessThan(0.06);
  if (r.gapAuroc !== null) expect(Math.abs(r.gapAuroc - 0.5), `${label}: gap-only classifier auROC ${r.gapAuroc.toFixed(3)}`).toBeLessThan(0.08);
}

const one = (seq: string) => seq.split('').map((ch) => [0, 1, 2, 3].map((b) => (b === 'ACGT'.indexOf(ch) ? 0.91 : 0.03)));
const synth: Record<string, SimMotif> = { A: { id: 'A1', name: 'A', probs: one('TGACGTCA') }, B: { id: 'B1', name: 'B', probs: one('CCAATGGGCA') } };

describe('simulated backgrounds carry no signal', () => {
  const coop: GrammarRule = { kind: 'cooperative', a: 'A', b: 'B', arrangements: [{ gap: [4, 16], orientation: 'same' }], decoys: ['single', 'wrongSpacing'] };

  it('synthetic cooperative grammar: flanks and gaps are background, classifiers at chance', () => {
    const d = simulate(coop, synth, { length: 300, nPositives: 800, nNegatives: 800, seed: 11, decoyFraction: 1 });
    const r = inspect(d);
    expectClean(r, 'synthetic cooperative');
  });

  it('control: gaps filled with one letter (the old bug) are caught by the same checks', () => {
    const d = simulate(coop, synth, { length: 300, nPositives: 800, nNegatives: 800, seed: 11, decoyFraction: 1 });
    // Re-create the leak: every gap between a pair becomes a run of A.
    const { gaps } = plantedMask(d);
    d.seqs.forEach((s, i) => { for (const [a, b] of gaps[i]) s.fill(0, a, b); });
    const r = inspect(d);
    expect(r.longRuns).toBeGreaterThan(r.expectedLongRuns * 1.5 + 10);
    expect(r.seqAuroc).toBeGreaterThan(0.7);
  });

  it('placement: each element centred at the sequence centre ± 50 bp', () => {
    const d = simulate(coop, synth, { length: 500, nPositives: 400, nNegatives: 10, seed: 3, decoyFraction: 0 });
    const per = new Map<number, { start: number; end: number }[]>();
    for (const x of d.instances) { if (!per.has(x.seqIndex)) per.set(x.seqIndex, []); per.get(x.seqIndex)!.push(x); }
    const centres: number[] = [];
    for (const xs of per.values()) {
      const c = (Math.min(...xs.map((x) => x.start)) + Math.max(...xs.map((x) => x.end))) / 2;
      centres.push(c);
      expect(Math.abs(c - 250)).toBeLessThanOrEqual(51);
    }
    expect(Math.min(...centres)).toBeLessThan(215);
    expect(Math.max(...centres)).toBeGreaterThan(285);
  });

  it('the background generator itself matches its GC parameter', () => {
    const rng = new Rng(1); void rng;
    const d = simulate({ kind: 'single', motif: 'A' }, synth, { length: 400, nPositives: 300, nNegatives: 300, seed: 4, gc: 0.4 });
    const { mask } = plantedMask(d);
    let gcN = 0, n = 0;
    d.seqs.forEach((s, i) => s.forEach((c, p) => { if (!mask[i][p]) { n++; if (c === 1 || c === 2) gcN++; } }));
    expect(Math.abs(gcN / n - 0.4)).toBeLessThan(0.006);
  });
});

describe.skipIf(!hasJaspar)('shipped recipes: background carries no signal (needs ../shared/data/motifs)', () => {
  for (const recipe of [...RECIPES, DEMO_RECIPE]) {
    it(recipe.title, () => {
      const d = runRecipe(recipe, library, { nPositives: 700, nNegatives: 700, seed: 21 });
      expectClean(inspect(d, recipe.defaults.gc ?? 0.5), recipe.id);
    });
  }
});
