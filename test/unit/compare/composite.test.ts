// A planted pair learned as one composite filter (compare/composite.ts), on hand-made matrices
// where the answer is known: a filter spanning A's end, the planted gap and B's start is found; A
// alone, B alone, a random matrix and the junction at another gap are not.
import { describe, expect, it } from 'vitest';
import { compositeFilters, compositeMatrix } from '../../../src/core/compare/composite';
import type { PlantedRule } from '../../../src/core/compare/strict';
import { Rng } from '../../../src/core/seq/random';
import type { Motif } from '../../../src/core/pwm/types';

const sharp = (s: string) => [...s].map((ch) => [0, 1, 2, 3].map((c) => ('ACGT'[c] === ch ? 0.85 : 0.05)));
const A = sharp('TGACTCATG'), B = sharp('GGAATGTCC');
const probsOf = (id: string) => (id === 'A' ? A : id === 'B' ? B : undefined);
const rule: PlantedRule = { a: 'A', b: 'B', gap: [3, 3], orientation: 'same' };

// a background collection of random matrices, so q-values are over many targets as with JASPAR
function collection(n: number): Motif[] {
  const rng = new Rng(5);
  return Array.from({ length: n }, (_, i) => {
    const w = 8 + Math.floor(rng.next() * 8);
    return { id: `R${i}`, name: `R${i}`, probs: Array.from({ length: w }, () => { const x = [0, 1, 2, 3].map(() => rng.next() ** 3 + 0.02); const s = x.reduce((a, b) => a + b, 0); return x.map((v) => v / s); }) };
  });
}
const COLL = collection(300);
const pfm = (filter: number, probs: number[][]) => ({ filter, probs, trimStart: 0, trimEnd: probs.length });
const uniform = (n: number) => Array.from({ length: n }, () => [0.25, 0.25, 0.25, 0.25]);

describe('a planted pair learned as one composite motif', () => {
  it('builds A, the gap, then B (reverse-complemented for the opposite strand)', () => {
    expect(compositeMatrix(A, B, 3, 'same')).toHaveLength(A.length + 3 + B.length);
    const opp = compositeMatrix(A, B, 0, 'opposite');
    expect(opp[A.length]).toEqual(B[B.length - 1].slice().reverse());
  });

  it('finds the junction filter at the planted gap, on either strand, and nothing else', () => {
    const junction = [...A.slice(-5), ...uniform(3), ...B.slice(0, 6)];
    const rcJ = junction.slice().reverse().map((r) => [r[3], r[2], r[1], r[0]]);
    const rng = new Rng(9);
    const random = Array.from({ length: 14 }, () => { const x = [0, 1, 2, 3].map(() => rng.next()); const s = x.reduce((a, b) => a + b, 0); return x.map((v) => v / s); });
    const [found] = compositeFilters([rule], probsOf, [pfm(0, junction), pfm(1, rcJ), pfm(2, A), pfm(3, B), pfm(4, random)], COLL);
    expect(found.map((c) => c.filter).sort()).toEqual([0, 1]);
    for (const c of found) { expect(c.gap).toBe(3); expect(c.q).toBeLessThan(0.05); }
  });

  it('does not call A followed by background, or a junction of two other motifs, the planted pair', () => {
    const aThenNothing = [...A.slice(-6), ...uniform(9)];
    const other = [...sharp('CCGGAA'), ...uniform(3), ...sharp('TTTGCA')];
    const [found] = compositeFilters([rule], probsOf, [pfm(0, aThenNothing), pfm(1, other)], COLL);
    expect(found).toEqual([]);
  });

  it('does not call a junction at another gap the planted arrangement', () => {
    const wrongGap = [...A.slice(-5), ...uniform(9), ...B.slice(0, 6)];
    const [found] = compositeFilters([rule], probsOf, [pfm(0, wrongGap)], COLL);
    expect(found).toEqual([]);
  });
});
