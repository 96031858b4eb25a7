import { describe, expect, it } from 'vitest';
import {
  BackgroundError,
  sampleBases,
  sampledBackground,
  shuffledBackground,
  type Background,
  type StrongMatchCheck,
} from '../../../src/core/design/background';
import { reverseComplement } from '../../../src/core/design/constraints';
import {
  batchSpacings,
  consensusOf,
  createDesign,
  deleteInsertion,
  DesignError,
  insertionEnd,
  insertionFromMotif,
  moveInsertion,
  partFromMotif,
  placeInsertion,
  sampleFromMotif,
  type Orientation,
} from '../../../src/core/design/design';
import type { Motif } from '../../../src/core/pwm/types';

const onehot = (s: string) => [...s].map((c) => [0, 1, 2, 3].map((i) => (i === 'ACGT'.indexOf(c) ? 1 : 0)));
const SPI1: Motif = { id: 'MA0080', name: 'SPI1', probs: onehot('AAAGAGGAAGTG') };
const CEBP: Motif = { id: 'MA0102', name: 'CEBPA', probs: onehot('ATTGCGCAAT') };

describe('backgrounds', () => {
  it('sampled background has exact length and GC and is reproducible', () => {
    const a = sampleBases(500, 0.42, 9);
    expect(a).toHaveLength(500);
    expect([...a].filter((c) => c === 'G' || c === 'C').length).toBe(210);
    expect(sampleBases(500, 0.42, 9)).toBe(a);
    expect(sampleBases(500, 0.42, 10)).not.toBe(a);
    expect(() => sampleBases(10, 1.5, 1)).toThrow(/GC/);
  });

  it('rejects and redraws backgrounds with a strong match, counting rejections', () => {
    let calls = 0;
    const check: StrongMatchCheck = (seq) => (++calls <= 3 ? [{ motifId: 'M1', start: 0, end: 8, strand: '-', p: 1e-6 }] : seq ? [] : []);
    const bg = sampledBackground({ length: 200, gc: 0.5, seed: 42, check });
    expect(bg.rejected).toBe(3);
    expect(bg.requestedSeed).toBe(42);
    expect(bg.seed).not.toBe(42);
    expect(bg.bases).toBe(sampleBases(200, 0.5, bg.seed));
    // real check: reject anything containing the SPI1 core GGAA on either strand
    const real: StrongMatchCheck = (s) => {
      const i = s.indexOf('GGAA'), j = s.indexOf('TTCC');
      return i >= 0 ? [{ motifId: 'SPI1', start: i, end: i + 4, strand: '+', p: 1e-5 }] : j >= 0 ? [{ motifId: 'SPI1', start: j, end: j + 4, strand: '-', p: 1e-5 }] : [];
    };
    const clean = sampledBackground({ length: 60, gc: 0.5, seed: 1, check: real });
    expect(clean.bases).not.toMatch(/GGAA|TTCC/);
  });

  it('gives up with a clear error after maxAttempts', () => {
    const always: StrongMatchCheck = () => [{ motifId: 'M1', start: 4, end: 12, strand: '+', p: 2e-5 }];
    expect(() => sampledBackground({ length: 50, gc: 0.5, seed: 1, check: always, maxAttempts: 5 })).toThrow(BackgroundError);
    expect(() => sampledBackground({ length: 50, gc: 0.5, seed: 1, check: always, maxAttempts: 5 })).toThrow(/after 5 draws.*M1 at 5–12/);
  });

  it('shuffled background uses the injected shuffle and records its source', () => {
    const reverse = (s: string) => [...s].reverse().join('');
    const bg = shuffledBackground({ source: 'shuffled-negative', fromSequence: 'neg_17', sequence: 'aaccgt', seed: 3, shuffle: reverse });
    expect(bg).toMatchObject({ source: 'shuffled-negative', fromSequence: 'neg_17', bases: 'TGCCAA', seed: 3, rejected: 0 });
    expect(() => shuffledBackground({ source: 'shuffled-positive', fromSequence: 'p', sequence: 'ACNT', seed: 1, shuffle: reverse })).toThrow(/p contains/);
  });
});

const bg = (n: number, seed = 1): Background => ({ source: 'sampled', seed, gc: 0.5, bases: sampleBases(n, 0.5, seed) });

describe('design edits', () => {
  it('places on both strands, replacing background bases', () => {
    let d = createDesign('d1', 'd1', bg(100));
    d = placeInsertion(d, insertionFromMotif(SPI1, 10, '+'));
    d = placeInsertion(d, insertionFromMotif(CEBP, 40, '-'));
    expect(d.sequence).toHaveLength(100);
    expect(d.sequence.slice(10, 22)).toBe('AAAGAGGAAGTG');
    expect(d.sequence.slice(40, 50)).toBe(reverseComplement('ATTGCGCAAT'));
    expect(d.sequence.slice(0, 10)).toBe(d.background.bases.slice(0, 10));
    expect(d.sequence.slice(50)).toBe(d.background.bases.slice(50));
    expect(d.insertions.map((i) => i.start)).toEqual([10, 40]);
  });

  it('rejects overlapping and out-of-range placements, allows abutting ones', () => {
    let d = placeInsertion(createDesign('d', 'd', bg(50)), insertionFromMotif(SPI1, 10, '+'));
    expect(() => placeInsertion(d, insertionFromMotif(CEBP, 21, '+'))).toThrow(/overlaps SPI1 at 11–22/);
    expect(() => placeInsertion(d, insertionFromMotif(CEBP, 45, '+'))).toThrow(/does not fit/);
    expect(() => placeInsertion(d, insertionFromMotif(CEBP, -1, '+'))).toThrow(DesignError);
    d = placeInsertion(d, insertionFromMotif(CEBP, 22, '+'));
    expect(d.insertions).toHaveLength(2);
  });

  it('moves (position and strand) and deletes, restoring the background', () => {
    const d0 = createDesign('d', 'd', bg(80));
    const d1 = placeInsertion(placeInsertion(d0, insertionFromMotif(SPI1, 5, '+')), insertionFromMotif(CEBP, 40, '+'));
    const d2 = moveInsertion(d1, 0, 20, '-');
    expect(d2.insertions[0]).toMatchObject({ start: 20, strand: '-' });
    expect(d2.sequence.slice(20, 32)).toBe(reverseComplement('AAAGAGGAAGTG'));
    expect(d2.sequence.slice(5, 20)).toBe(d0.sequence.slice(5, 20));
    expect(() => moveInsertion(d1, 0, 35)).toThrow(/overlaps CEBPA/);
    expect(moveInsertion(d1, 0, 6).insertions[0].start).toBe(6); // overlapping its own old place is fine
    const d3 = deleteInsertion(deleteInsertion(d2, 1), 0);
    expect(d3.sequence).toBe(d0.sequence);
    expect(d1.insertions[0].start).toBe(5); // immutability
  });

  it('consensus and seeded PFM samples', () => {
    expect(consensusOf(SPI1)).toBe('AAAGAGGAAGTG');
    const soft: Motif = { id: 'x', name: 'x', probs: [[0.25, 0.25, 0.25, 0.25], [0.7, 0.1, 0.1, 0.1], [0, 0, 0, 1]] };
    expect(sampleFromMotif(soft, 5)).toBe(sampleFromMotif(soft, 5));
    expect(sampleFromMotif(soft, 5)).toMatch(/^[ACGT][ACGT]T$/);
    const ins = insertionFromMotif(soft, 0, '+', 'sampled', 5);
    expect(ins).toMatchObject({ source: 'sampled', seed: 5 });
    expect(() => insertionFromMotif(soft, 0, '+', 'sampled')).toThrow(/seed/);
  });
});

describe('batch spacings', () => {
  const A = partFromMotif(SPI1), B = partFromMotif(CEBP);
  const orients: Orientation[] = ['++', '+-', '-+', '--'];
  const k = 3;
  const bgs = [bg(200, 1), bg(200, 2), bg(200, 3)];
  const { designs, controls } = batchSpacings(bgs, A, B, [0, 20], orients, k);

  it('produces exactly every spacing × orientation × background', () => {
    expect(designs).toHaveLength(21 * 4 * k);
    const seen = new Set<string>();
    for (const d of designs) {
      const [a, b] = d.insertions;
      expect(a.motifId).toBe('MA0080');
      expect(b.motifId).toBe('MA0102');
      const spacing = b.start - insertionEnd(a);
      expect(spacing).toBe(d.batch!.spacing);
      expect(a.strand + b.strand).toBe(d.batch!.orientation);
      expect(d.sequence.slice(b.start, insertionEnd(b))).toBe(b.strand === '+' ? B.bases : reverseComplement(B.bases));
      expect(d.batch!.role).toBe('pair');
      seen.add(`${d.batch!.backgroundIndex}/${spacing}/${d.batch!.orientation}`);
    }
    expect(seen.size).toBe(21 * 4 * k);
    const spacings = [...new Set(designs.map((d) => d.batch!.spacing))].sort((x, y) => x! - y!);
    expect(spacings).toEqual([...Array(21).keys()]);
    expect(new Set(designs.map((d) => d.name)).size).toBe(designs.length);
    // A stays put: only B moves
    expect(new Set(designs.map((d) => d.insertions[0].start)).size).toBe(1);
  });

  it('keeps background, single-motif and scrambled controls per background, with provenance', () => {
    const roles = (i: number) => controls.filter((c) => c.batch!.backgroundIndex === i).map((c) => c.batch!.role);
    for (let i = 0; i < k; i++) {
      const r = roles(i);
      expect(r.filter((x) => x === 'background-only')).toHaveLength(1);
      expect(r.filter((x) => x === 'a-alone')).toHaveLength(2);
      expect(r.filter((x) => x === 'b-alone')).toHaveLength(2);
      expect(r.filter((x) => x === 'a-scrambled')).toHaveLength(4);
      expect(r.filter((x) => x === 'b-scrambled')).toHaveLength(4);
    }
    const bgOnly = controls.find((c) => c.batch!.role === 'background-only' && c.batch!.backgroundIndex === 1)!;
    expect(bgOnly.sequence).toBe(bgs[1].bases);
    expect(bgOnly.background.seed).toBe(2);
    const scr = controls.find((c) => c.batch!.role === 'a-scrambled')!;
    const a = scr.insertions[0];
    expect(a.scrambled?.originalBases).toBe(A.bases);
    expect([...a.bases].sort().join('')).toBe([...A.bases].sort().join(''));
    expect(a.bases).not.toBe(A.bases);
    expect(scr.insertions[1].bases).toBe(B.bases);
    const all = [...designs, ...controls].map((d) => d.name);
    expect(new Set(all).size).toBe(all.length);
  });

  it('refuses impossible requests', () => {
    expect(() => batchSpacings(bgs, A, B, [5, 2], orients, 1)).toThrow(/spacing range/);
    expect(() => batchSpacings([bg(30)], A, B, [0, 20], orients, 1)).toThrow(/cannot hold/);
    expect(() => batchSpacings(bgs, A, B, [0, 2], orients, 4)).toThrow(/only 3 given/);
    expect(() => batchSpacings(bgs, A, B, [0, 2], [], 1)).toThrow(/orientation/);
  });

  it('accepts a background supplier', () => {
    const r = batchSpacings((i) => bg(100, 100 + i), A, B, [3, 3], ['+-'], 2);
    expect(r.designs).toHaveLength(2);
    expect(r.designs[1].background.seed).toBe(101);
    expect(r.designs[0].insertions[1].start - insertionEnd(r.designs[0].insertions[0])).toBe(3);
  });
});
