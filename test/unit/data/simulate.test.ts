import { describe, it, expect } from 'vitest';
import { simulate, makePwm, maxRelativeScore, type SimulatedData, type PlantedInstance } from '../../../src/core/data/simulator';
import { RECIPES, DEMO_RECIPE, runRecipe, resolveRecipeMotifs, getRecipe } from '../../../src/core/data/recipes';
import { revcomp, decode, gcFraction } from '../../../src/core/seq/alphabet';
import type { Motif } from '../../../src/core/pwm/types';
import { hasJaspar, readMemeMotifs, sharedData } from './helpers';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMotifs } from '../../../src/core/pwm/formats';

const library: Motif[] = hasJaspar ? readMemeMotifs() : [];

function bySeq(d: SimulatedData): Map<number, PlantedInstance[]> {
  const m = new Map<number, PlantedInstance[]>();
  for (const x of d.instances) { if (!m.has(x.seqIndex)) m.set(x.seqIndex, []); m.get(x.seqIndex)!.push(x); }
  for (const v of m.values()) v.sort((a, b) => a.start - b.start);
  return m;
}

function checkGroundTruth(d: SimulatedData): void {
  for (const x of d.instances) {
    const slice = d.seqs[x.seqIndex].slice(x.start, x.end);
    expect(decode(x.strand === '+' ? slice : revcomp(slice))).toBe(decode(x.sampled));
  }
}

// Synthetic motifs so these tests run without the shared data.
const motifA = { id: 'A1', name: 'AAA', probs: 'TGACGTCA'.split('').map((ch) => [0, 1, 2, 3].map((b) => (b === 'ACGT'.indexOf(ch) ? 0.94 : 0.02))) };
const motifB = { id: 'B1', name: 'BBB', probs: 'CCAATGGG'.split('').map((ch) => [0, 1, 2, 3].map((b) => (b === 'ACGT'.indexOf(ch) ? 0.94 : 0.02))) };
const motifR = { id: 'R1', name: 'RRR', probs: 'GCGCATAT'.split('').map((ch) => [0, 1, 2, 3].map((b) => (b === 'ACGT'.indexOf(ch) ? 0.94 : 0.02))) };
const motifs = { A: motifA, B: motifB, R: motifR };

describe('motif-grammar simulator', () => {
  it('single motif: labels, ground truth bases, clean backgrounds, determinism', () => {
    const cfg = { length: 300, nPositives: 300, nNegatives: 300, seed: 5, gc: 0.4 };
    const d = simulate({ kind: 'single', motif: 'A' }, motifs, cfg);
    expect(d.seqs.length).toBe(600);
    expect([...d.labels].filter((x) => x === 1).length).toBe(300);
    checkGroundTruth(d);
    const per = bySeq(d);
    for (let i = 0; i < 600; i++) expect(per.get(i)?.length ?? 0).toBe(d.labels[i] ? 1 : 0);
    const strands = d.instances.map((x) => x.strand);
    expect(strands.filter((s) => s === '+').length).toBeGreaterThan(100);
    expect(strands.filter((s) => s === '-').length).toBeGreaterThan(100);
    const pwm = makePwm(motifA.probs);
    for (let i = 300; i < 600; i++) expect(maxRelativeScore(pwm, d.seqs[i]).score).toBeLessThan(0.9);
    const gc = d.seqs.slice(300).reduce((a, s) => a + gcFraction(s), 0) / 300;
    expect(Math.abs(gc - 0.4)).toBeLessThan(0.02);
    const d2 = simulate({ kind: 'single', motif: 'A' }, motifs, cfg);
    expect(d2.seqs.map((s) => decode(s))).toEqual(d.seqs.map((s) => decode(s)));
    const d3 = simulate({ kind: 'single', motif: 'A' }, motifs, { ...cfg, seed: 6 });
    expect(decode(d3.seqs[0])).not.toBe(decode(d.seqs[0]));
  });

  it('cooperative: gap range and relative orientation obeyed, decoys carry one motif', () => {
    const d = simulate({ kind: 'cooperative', a: 'A', b: 'B', arrangements: [{ gap: [3, 6], orientation: 'opposite' }], decoys: ['single'] }, motifs,
      { length: 200, nPositives: 300, nNegatives: 300, seed: 2, decoyFraction: 1 });
    checkGroundTruth(d);
    const per = bySeq(d);
    let flipped = 0;
    for (let i = 0; i < 300; i++) {
      const [x, y] = per.get(i)!;
      expect(per.get(i)!.length).toBe(2);
      const gap = y.start - x.end;
      expect(gap).toBeGreaterThanOrEqual(3);
      expect(gap).toBeLessThanOrEqual(6);
      expect(x.strand).not.toBe(y.strand);
      // + composite: A(+) then B(−); − composite: B(+) then A(−)
      if (x.motif === 'A') expect([x.strand, y.strand]).toEqual(['+', '-']);
      else { flipped++; expect([x.motif, x.strand, y.motif, y.strand]).toEqual(['B', '+', 'A', '-']); }
    }
    expect(flipped).toBeGreaterThan(100);
    for (let i = 300; i < 600; i++) {
      expect(d.kinds[i]).toBe('decoy');
      expect(per.get(i)!.length).toBe(1);
      expect(per.get(i)![0].role).toBe('decoy');
    }
  });

  it('fixed spacing: positives at exactly the gap, decoys at any other gap, fixed strand honoured', () => {
    const d = simulate({ kind: 'fixedSpacing', a: 'A', b: 'B', gap: 8, orientation: 'same', strand: '+' }, motifs,
      { length: 150, nPositives: 200, nNegatives: 200, seed: 3, decoyFraction: 0.5 });
    checkGroundTruth(d);
    const per = bySeq(d);
    for (let i = 0; i < 400; i++) {
      const xs = per.get(i) ?? [];
      if (d.kinds[i] === 'background') { expect(xs.length).toBe(0); continue; }
      expect(xs.map((x) => x.motif)).toEqual(['A', 'B']);
      expect(xs.every((x) => x.strand === '+')).toBe(true);
      const gap = xs[1].start - xs[0].end;
      if (d.labels[i]) expect(gap).toBe(8); else expect(gap).not.toBe(8);
    }
    expect(d.kinds.filter((k) => k === 'decoy').length).toBeGreaterThan(60);
  });

  it('mixture: each positive has exactly one of A or B, both used', () => {
    const d = simulate({ kind: 'mixture', motifs: ['A', 'B'] }, motifs, { length: 100, nPositives: 400, nNegatives: 10, seed: 4 });
    checkGroundTruth(d);
    const per = bySeq(d);
    const used = new Set<string>();
    for (let i = 0; i < 400; i++) { expect(per.get(i)!.length).toBe(1); used.add(per.get(i)![0].motif); }
    expect(used).toEqual(new Set(['A', 'B']));
  });

  it('repressor: positives never contain R (planted or accidental); decoys contain A and R', () => {
    const d = simulate({ kind: 'repressor', activator: 'A', repressor: 'R' }, motifs, { length: 200, nPositives: 200, nNegatives: 200, seed: 9 });
    checkGroundTruth(d);
    const per = bySeq(d);
    const pwmR = makePwm(motifR.probs);
    for (let i = 0; i < 400; i++) {
      const ms = (per.get(i) ?? []).map((x) => x.motif).sort();
      if (d.labels[i]) {
        expect(ms).toEqual(['A']);
        expect(maxRelativeScore(pwmR, d.seqs[i]).score).toBeLessThan(0.9);
      } else if (d.kinds[i] === 'decoy') expect(ms).toEqual(['A', 'R']);
      else expect(ms).toEqual([]);
    }
  });

  it('reports motifs missing from the rule and sequences too short', () => {
    expect(() => simulate({ kind: 'single', motif: 'Z' }, motifs, { length: 100, nPositives: 1, nNegatives: 1 })).toThrow(/'Z'/);
    expect(() => simulate({ kind: 'single', motif: 'A' }, motifs, { length: 5, nPositives: 1, nNegatives: 1 })).toThrow(/too short/);
  });
});

describe.skipIf(!hasJaspar)('shipped recipes against JASPAR 2020 (needs ../shared/data/motifs)', () => {
  it('every recipe resolves its JASPAR motifs and simulates with valid ground truth', () => {
    for (const r of RECIPES) {
      const m = resolveRecipeMotifs(r, library);
      expect(Object.keys(m).sort()).toEqual(r.motifs.map((x) => x.key).sort());
      const d = runRecipe(r, library, { nPositives: 150, nNegatives: 150 });
      expect(d.seqs.every((s) => s.length === 500)).toBe(true);
      checkGroundTruth(d);
      for (let i = 0; i < 150; i++) expect(d.instances.some((x) => x.seqIndex === i)).toBe(true);
    }
    expect(resolveRecipeMotifs(getRecipe('spi1-single')!, library).SPI1.id).toBe('MA0080.5');
    const rest = resolveRecipeMotifs(getRecipe('rest-half-sites')!, library);
    expect(rest.RESTL.probs.length).toBe(9);
    expect(rest.RESTR.probs.length).toBe(10);
  });

  it('REST recipe uses both arrangements; demo recipe is fast at full size', () => {
    const d = runRecipe(getRecipe('rest-half-sites')!, library, { nPositives: 300, nNegatives: 10 });
    const per = bySeq(d);
    const gaps = new Set<number>();
    for (let i = 0; i < 300; i++) { const [x, y] = per.get(i)!; gaps.add(y.start - x.end); }
    expect(gaps.has(2)).toBe(true);
    expect([...gaps].every((g) => g === 2 || (g >= 9 && g <= 14))).toBe(true);
    expect([...gaps].some((g) => g >= 9)).toBe(true);
    const t0 = Date.now();
    const demo = runRecipe(DEMO_RECIPE, library);
    expect(demo.seqs.length).toBe(2000);
    expect(demo.seqs[0].length).toBe(200);
    expect(Date.now() - t0).toBeLessThan(10000);
  });

  it('names a motif the library lacks', () => {
    expect(() => resolveRecipeMotifs(RECIPES[0], library.filter((m) => m.name !== 'SPI1'))).toThrow(/SPI1 \(MA0080\)/);
  });
});

describe('REST half-sites across JASPAR versions (needs ../shared/data/motifs)', () => {
  const j24 = join(sharedData, 'motifs/JASPAR2024_CORE_vertebrates_non-redundant.transfac.txt');
  it.skipIf(!existsSync(j24))('MA0138.2 (21 columns) and MA0138.3 (20) give the same half-sites', () => {
    const l20 = resolveRecipeMotifs(getRecipe('rest-half-sites')!, library.length ? library : []);
    const l24 = resolveRecipeMotifs(getRecipe('rest-half-sites')!, parseMotifs(readFileSync(j24, 'utf8'), { file: 'j24' }));
    const cons = (p: number[][]) => p.map((c) => 'ACGT'[c.indexOf(Math.max(...c))]).join('');
    expect(l24.RESTL.id).toBe('MA0138.3[0:8]');
    expect(l24.RESTR.id).toBe('MA0138.3[10:20]');
    expect(cons(l20.RESTL.probs).slice(1)).toBe(cons(l24.RESTL.probs));   // .2's extra first column
    expect(cons(l20.RESTR.probs)).toBe(cons(l24.RESTR.probs));
    expect(() => resolveRecipeMotifs(getRecipe('rest-half-sites')!, [{ id: 'MA0138.9', name: 'REST', probs: l20.RESTR.probs }])).toThrow(/does not know/);
  });
});
