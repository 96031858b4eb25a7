import { describe, expect, it } from 'vitest';
import { sampleBases, type Background } from '../../../src/core/design/background';
import { reverseComplement } from '../../../src/core/design/constraints';
import { batchSpacings, createDesign, insertionFromMotif, partFromMotif, placeInsertion, type Design } from '../../../src/core/design/design';
import { validateProfile } from '../../../src/core/design/profiles';
import { checkGenBankLines, parseGenBank } from '../../../src/core/export/genbank-parse';
import { designsToGenBank, locusLine, writeGenBankRecord } from '../../../src/core/export/genbank';
import type { Motif } from '../../../src/core/pwm/types';

const onehot = (s: string) => [...s].map((c) => [0, 1, 2, 3].map((i) => (i === 'ACGT'.indexOf(c) ? 1 : 0)));
const SPI1: Motif = { id: 'MA0080', name: 'SPI1', probs: onehot('AAAGAGGAAGTG') };
const CEBP: Motif = { id: 'MA0102', name: 'CEBPA', probs: onehot('ATTGCGCAAT') };
const DATE = new Date(Date.UTC(2025, 2, 5));
const bg = (n: number, seed = 1): Background => ({ source: 'sampled', seed, gc: 0.5, bases: sampleBases(n, 0.5, seed) });

function sample(): Design {
  let d = createDesign('d1', 'A very long design name with spaces', bg(137));
  d = placeInsertion(d, { ...insertionFromMotif(SPI1, 0, '+'), score: 12.345 });
  d = placeInsertion(d, insertionFromMotif(CEBP, 60, '-'));
  d = placeInsertion(d, insertionFromMotif(SPI1, 125, '-', 'sampled', 4));
  return d;
}

describe('GenBank writer', () => {
  it('LOCUS line columns follow the release notes', () => {
    const l = locusLine('SCU49845', 5028, 'linear', new Date(Date.UTC(1999, 5, 21)));
    expect(l).toBe('LOCUS       SCU49845                5028 bp    DNA     linear   SYN 21-JUN-1999');
    expect(l).toHaveLength(79);
    expect(l.slice(12, 28).trim()).toBe('SCU49845');
    expect(l.slice(29, 40).trim()).toBe('5028');
    expect(l.slice(41, 43)).toBe('bp');
    expect(l.slice(47, 50)).toBe('DNA');
    expect(l.slice(55, 61)).toBe('linear');
    expect(l.slice(64, 67)).toBe('SYN');
    expect(l.slice(68, 79)).toBe('21-JUN-1999');
    expect(() => locusLine('name with space', 1, 'linear', DATE)).toThrow(/LOCUS name/);
  });

  it('round-trips sequence, features, 1-based coordinates and strands, and passes the strict check', () => {
    const d = sample();
    const text = designsToGenBank([d], { date: DATE });
    expect(checkGenBankLines(text)).toEqual([]);
    const [r] = parseGenBank(text);
    expect(r.sequence).toBe(d.sequence);
    expect(r.length).toBe(137);
    expect(r).toMatchObject({ molType: 'DNA', topology: 'linear', division: 'SYN', date: '05-MAR-2025' });
    expect(r.locusName.length).toBeLessThanOrEqual(16);
    expect(r.definition).toMatch(/A very long design name with spaces/);
    const [src, ...feats] = r.features;
    expect(src).toMatchObject({ key: 'source', location: '1..137', start: 0, end: 137 });
    expect(src.qualifiers.organism).toEqual(['synthetic DNA construct']);
    expect(feats.map((f) => [f.key, f.location, f.start, f.end, f.strand])).toEqual([
      ['protein_bind', '1..12', 0, 12, '+'],
      ['protein_bind', 'complement(61..70)', 60, 70, '-'],
      ['protein_bind', 'complement(126..137)', 125, 137, '-'],
    ]);
    expect(feats[2].qualifiers.note[0]).toMatch(/sampled \(seed 4\)/);
    expect(feats[0].qualifiers.note[0]).toMatch(/score 12\.35/);
  });

  it('features map back onto the motif bases', () => {
    let d = createDesign('d', 'd', bg(150));
    d = placeInsertion(d, { ...insertionFromMotif(SPI1, 3, '+'), score: 7.5 });
    d = placeInsertion(d, insertionFromMotif(CEBP, 100, '-'));
    const text = designsToGenBank([d], { date: DATE });
    expect(checkGenBankLines(text)).toEqual([]);
    const [r] = parseGenBank(text);
    const motifs = r.features.filter((f) => f.key === 'protein_bind');
    expect(motifs.map((f) => [f.location, f.strand])).toEqual([['4..15', '+'], ['complement(101..110)', '-']]);
    const read = (f: (typeof motifs)[0]) => (f.strand === '+' ? r.sequence.slice(f.start, f.end) : reverseComplement(r.sequence.slice(f.start, f.end)));
    expect(read(motifs[0])).toBe('AAAGAGGAAGTG');
    expect(read(motifs[1])).toBe('ATTGCGCAAT');
    expect(motifs[0].qualifiers.bound_moiety).toEqual(['SPI1']);
    expect(motifs[0].qualifiers.label).toEqual(['SPI1']);
    expect(motifs[0].qualifiers.note[0]).toMatch(/score 7\.5/);
    expect(motifs[1].qualifiers.note[0]).toMatch(/strand -/);
  });

  it('ORIGIN: 60 per line, groups of 10, right-aligned positions', () => {
    const text = designsToGenBank([createDesign('d', 'd', bg(137))], { date: DATE });
    const origin = text.split('\n').slice(text.split('\n').indexOf('ORIGIN') + 1, -2);
    expect(origin).toHaveLength(3);
    expect(origin[0]).toMatch(/^        1( [acgt]{10}){6}$/);
    expect(origin[1]).toMatch(/^       61( [acgt]{10}){6}$/);
    expect(origin[2]).toMatch(/^      121 [acgt]{10} [acgt]{7}$/);
    expect(text.endsWith('//\n')).toBe(true);
  });

  it('scrambled controls are misc_features; adapters are annotated and shift coordinates', () => {
    const { controls } = batchSpacings([bg(120)], partFromMotif(SPI1), partFromMotif(CEBP), [2, 4], ['+-'], 1);
    const scr = controls.find((c) => c.batch!.role === 'a-scrambled')!;
    const p = validateProfile({ id: 'x', name: 'X', adapters: { five: 'ACGTACGTAC', three: 'GGGAAA' } });
    const text = designsToGenBank([scr], { date: DATE, adaptersFrom: p });
    expect(checkGenBankLines(text)).toEqual([]);
    const [r] = parseGenBank(text);
    expect(r.sequence).toBe('ACGTACGTAC' + scr.sequence + 'GGGAAA');
    const keys = r.features.map((f) => [f.key, f.qualifiers.label?.[0]]);
    expect(keys).toEqual([
      ['source', undefined],
      ['misc_feature', "5' adapter"],
      ['misc_feature', 'SPI1 scrambled'],
      ['protein_bind', 'CEBPA'],
      ['misc_feature', "3' adapter"],
    ]);
    expect(r.features[2].start).toBe(10 + scr.insertions[0].start);
  });

  it('many records: unique LOCUS names, long notes wrapped at 80 columns, quotes escaped', () => {
    const ds = [1, 2, 3].map((i) => createDesign(`d${i}`, 'same name for all designs here', bg(90, i)));
    ds[0] = placeInsertion(ds[0], { ...insertionFromMotif({ ...SPI1, name: 'SPI1 "PU.1" ' + 'long '.repeat(20) }, 5, '+') });
    const text = designsToGenBank(ds, { date: DATE });
    expect(checkGenBankLines(text)).toEqual([]);
    const rs = parseGenBank(text);
    expect(rs).toHaveLength(3);
    expect(new Set(rs.map((r) => r.locusName)).size).toBe(3);
    expect(rs[0].features[1].qualifiers.label[0]).toBe('SPI1 "PU.1" ' + 'long '.repeat(19) + 'long');
    rs.forEach((r, i) => expect(r.sequence).toBe(ds[i].sequence));
  });

  it('the strict checker catches layout errors', () => {
    const good = writeGenBankRecord({ locusName: 'x', definition: 'x', sequence: 'ACGT'.repeat(20), features: [{ key: 'misc_feature', start: 2, end: 8, strand: '-', qualifiers: [['label', 'a']] }] }, DATE);
    expect(checkGenBankLines(good)).toEqual([]);
    const mutate = (from: string | RegExp, to: string) => checkGenBankLines(good.replace(from, to));
    expect(mutate('LOCUS       x ', 'LOCUS      x  ')).not.toEqual([]);
    expect(mutate('     misc_feature    ', '    misc_feature     ')).not.toEqual([]);
    expect(mutate('                     /label', '                    /label')).not.toEqual([]);
    expect(mutate('complement(3..8)', 'complement(3..81)')).not.toEqual([]);
    expect(mutate(/\n       61 /, '\n      61  ')).not.toEqual([]);
    expect(mutate('//\n', '')).not.toEqual([]);
    expect(checkGenBankLines(good.replace('DEFINITION  x.', 'DEFINITION  ' + 'x'.repeat(80)))).not.toEqual([]);
  });

  it('exporting nothing is an error', () => {
    expect(() => designsToGenBank([])).toThrow(/no designs selected/);
  });
});
