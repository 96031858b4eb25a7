import { describe, it, expect } from 'vitest';
import { splitByChromosome, randomSplit, SplitError } from '../../../src/core/data/splits';
import { Rng } from '../../../src/core/seq/random';

describe('chromosome hold-out split', () => {
  it('puts exactly chr8+chr10 in valid and chr1 in test (no chr1x/chr18 leakage)', () => {
    const chroms = ['chr1', 'chr10', 'chr11', 'chr18', 'chr8', 'chrX', 'chr1_random', 'chr2', 'Chr1'];
    const rng = new Rng(5);
    const items = Array.from({ length: 2000 }, () => ({ chrom: chroms[rng.int(chroms.length)] }));
    const s = splitByChromosome(items);
    expect(s.valid.every((i) => items[i].chrom === 'chr8' || items[i].chrom === 'chr10')).toBe(true);
    expect(s.test.every((i) => items[i].chrom === 'chr1')).toBe(true);
    expect(s.train.every((i) => !['chr1', 'chr8', 'chr10'].includes(items[i].chrom))).toBe(true);
    expect(s.train.length + s.valid.length + s.test.length).toBe(items.length);
    expect(new Set([...s.train, ...s.valid, ...s.test]).size).toBe(items.length);
    expect(s.test.length).toBe(items.filter((x) => x.chrom === 'chr1').length);
  });
  it('is editable and errors when a split would be empty', () => {
    const items = [{ chrom: 'chrX' }, { chrom: 'chrX' }, { chrom: 'chrII' }, { chrom: 'chrI' }];
    const s = splitByChromosome(items, { valid: ['chrII'], test: ['chrI'] });
    expect(s).toEqual({ train: [0, 1], valid: [2], test: [3] });
    expect(() => splitByChromosome(items)).toThrow(/dataset too small for its split: valid, test/);
    expect(() => splitByChromosome(items, { valid: ['chrI'], test: ['chrI'] })).toThrow(SplitError);
  });
});

describe('random split', () => {
  it('is seeded, disjoint, complete and close to 80/10/10', () => {
    const a = randomSplit(1000, { seed: 3 });
    expect(randomSplit(1000, { seed: 3 })).toEqual(a);
    expect(randomSplit(1000, { seed: 4 })).not.toEqual(a);
    expect([a.train.length, a.valid.length, a.test.length]).toEqual([800, 100, 100]);
    expect(new Set([...a.train, ...a.valid, ...a.test]).size).toBe(1000);
  });
  it('stratifies by label', () => {
    const labels = Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? 1 : 0));
    const s = randomSplit(1000, { seed: 1, labels });
    expect(s.test.filter((i) => labels[i] === 1).length).toBe(10);
    expect(s.valid.filter((i) => labels[i] === 1).length).toBe(10);
  });
  it('splits 300k items (no call-stack overflow on large strata)', () => {
    const s = randomSplit(300_000, { seed: 1 });
    expect([s.train.length, s.valid.length, s.test.length]).toEqual([240_000, 30_000, 30_000]);
  });

  it('errors on a dataset too small for its split', () => {
    expect(() => randomSplit(3, { fractions: [0.9, 0.05, 0.05] })).toThrow(/dataset too small for its split/);
    expect(() => randomSplit(0)).toThrow(SplitError);
    expect(randomSplit(10, { fractions: [1, 0, 0] }).train.length).toBe(10);
  });
});
