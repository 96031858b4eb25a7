import { describe, expect, it } from 'vitest';
import { sampleBases, type Background } from '../../../src/core/design/background';
import { createDesign, insertionFromMotif, placeInsertion } from '../../../src/core/design/design';
import { validateProfile } from '../../../src/core/design/profiles';
import { designInstancesToBed, toBed, toGenome } from '../../../src/core/export/bed';
import { designsToFasta, toFasta } from '../../../src/core/export/fasta';
import type { Motif } from '../../../src/core/pwm/types';

const onehot = (s: string) => [...s].map((c) => [0, 1, 2, 3].map((i) => (i === 'ACGT'.indexOf(c) ? 1 : 0)));
const SPI1: Motif = { id: 'MA0080', name: 'SPI1', probs: onehot('AAAGAGGAAGTG') };
const bg = (n: number, seed = 1): Background => ({ source: 'sampled', seed, gc: 0.5, bases: sampleBases(n, 0.5, seed) });

describe('FASTA', () => {
  it('wraps at 60 or 80 columns with unique safe names', () => {
    const s = sampleBases(170, 0.5, 1);
    const fa = toFasta([{ name: 'my seq', sequence: s.toLowerCase() }, { name: 'my seq', sequence: s }]);
    const lines = fa.trimEnd().split('\n');
    expect(lines[0]).toBe('>my_seq');
    expect(lines.slice(1, 4).map((l) => l.length)).toEqual([60, 60, 50]);
    expect(lines[1]).toBe(s.slice(0, 60));
    expect(lines[4]).toBe('>my_seq_2');
    const fa80 = toFasta([{ name: 'a', sequence: s }], { width: 80 });
    expect(fa80.split('\n').slice(1, 4).map((l) => l.length)).toEqual([80, 80, 10]);
    expect(() => toFasta([])).toThrow(/no designs selected/);
  });

  it('designs: original name kept in the description; adapters optional', () => {
    const p = validateProfile({ id: 'x', name: 'X', adapters: { five: 'AAAA', three: 'CCCC' } });
    const fa = designsToFasta([{ name: '1 design', sequence: 'ACGT' }], { adaptersFrom: p });
    expect(fa).toBe('>seq_1_design original name: 1 design\nAAAAACGTCCCC\n');
  });
});

describe('BED6', () => {
  it('design coordinates by default, 0-based half-open', () => {
    let d = createDesign('d', 'design 1', bg(100));
    d = placeInsertion(d, { ...insertionFromMotif(SPI1, 10, '-'), score: 512.6 });
    const bed = toBed(designInstancesToBed([d]));
    expect(bed).toBe('design_1\t10\t22\tSPI1\t513\t-\n');
    expect(() => designInstancesToBed([])).toThrow(/no designs selected/);
    expect(() => designInstancesToBed([createDesign('e', 'e', bg(20))])).toThrow(/no motif instances/);
  });

  it('genome coordinates when the design was cut from a genome, incl. minus-strand regions', () => {
    expect(toGenome({ chrom: 'chr1', start: 1000, end: 1100, strand: '+' }, 10, 22, '+')).toEqual({ start: 1010, end: 1022, strand: '+' });
    expect(toGenome({ chrom: 'chr1', start: 1000, end: 1100, strand: '-' }, 10, 22, '+')).toEqual({ start: 1078, end: 1090, strand: '-' });
    let d = createDesign('d', 'd', bg(100));
    d = { ...placeInsertion(d, insertionFromMotif(SPI1, 0, '+')), genome: { chrom: 'chr2', start: 500, end: 600, strand: '-' } };
    expect(designInstancesToBed([d])).toEqual([{ chrom: 'chr2', start: 588, end: 600, name: 'SPI1', score: undefined, strand: '-' }]);
    expect(toBed(designInstancesToBed([d]), 'name="motifs"')).toBe('track name="motifs"\nchr2\t588\t600\tSPI1\t0\t-\n');
    expect(() => toGenome({ chrom: 'c', start: 0, end: 10, strand: '+' }, 5, 12, '+')).toThrow(/outside/);
  });
});
