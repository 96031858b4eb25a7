// Seqlets and motif discovery against planted ground truth: importance placed on planted sites
// (either strand) of two different motifs, noise elsewhere and in the null; discovery must return one
// motif per planted motif, with PFMs matching the planted ones, and none from pure noise.
import { describe, it, expect } from 'vitest';
import { extractSeqlets, windowSums, fdrThreshold } from '../../../src/core/interpret/seqlets';
import { discoverMotifs } from '../../../src/core/interpret/discovery';
import { bestColumnSimilarity } from '../../../src/core/interpret/filters';
import { Rng } from '../../../src/core/seq/random';
import { encode } from '../../../src/core/seq/alphabet';

const oneHot = (s: string) => Array.from(encode(s), (c) => [0, 1, 2, 3].map((k) => (k === c ? 1 : 0))).flat();
const rcStr = (s: string) => s.split('').reverse().map((c) => ({ A: 'T', C: 'G', G: 'C', T: 'A' })[c as 'A']).join('');

function makeData(nSeq: number, L: number, motifs: string[], seed: number) {
  const rng = new Rng(seed);
  const codes: Uint8Array[] = [], perBase: Float32Array[] = [], nul: Float32Array[] = [];
  const truth: { seq: number; motif: number }[] = [];
  for (let q = 0; q < nSeq; q++) {
    const s = Uint8Array.from({ length: L }, () => rng.int(4));
    const a = Float32Array.from({ length: L }, () => (rng.next() - 0.5) * 0.2);
    const z = Float32Array.from({ length: L }, () => (rng.next() - 0.5) * 0.2);
    if (q % 4 !== 3) {
      const mi = q % motifs.length, m = rng.next() < 0.5 ? motifs[mi] : rcStr(motifs[mi]);
      const p = 10 + rng.int(L - 20 - m.length);
      encode(m).forEach((c, k) => { s[p + k] = c; a[p + k] += 1 + rng.next() * 0.3; });
      truth.push({ seq: q, motif: mi });
    }
    codes.push(s); perBase.push(a); nul.push(z);
  }
  return { codes, perBase, nul, truth };
}

describe('seqlets', () => {
  it('window sums and the FDR threshold', () => {
    expect([...windowSums([1, 2, 3, 4], 2)]).toEqual([3, 5, 7]);
    const real = Float64Array.from([10, 9, 1, 0.5, 0.2]), nul = Float64Array.from([1, 0.5, 0.2, 0.1, 0]);
    expect(fdrThreshold(real, nul, 0.05)).toBe(9);
    expect(fdrThreshold(Float64Array.from([1, 0.5]), Float64Array.from([2, 1.5]), 0.05)).toBe(Infinity);
  });
  it('finds the planted sites and nothing in pure noise', () => {
    const d = makeData(120, 100, ['TGACTCA'], 3);
    const { seqlets, threshold } = extractSeqlets(d.perBase, d.nul);
    expect(Number.isFinite(threshold)).toBe(true);
    const hit = new Set(seqlets.map((s) => s.seq));
    expect(d.truth.filter((t) => hit.has(t.seq)).length / d.truth.length).toBeGreaterThan(0.95);
    expect(seqlets.filter((s) => !d.truth.some((t) => t.seq === s.seq)).length).toBeLessThan(0.1 * seqlets.length); // FDR target 5%
    const noise = extractSeqlets(d.nul.slice(0, 60), d.nul.slice(60));
    expect(noise.seqlets.length).toBeLessThan(5);
  });
});

describe('discovery', () => {
  it('recovers two planted motifs (both strands) as two PFMs matching the truth', () => {
    const motifs = ['TGACTCA', 'CACGTGAC'];
    const d = makeData(240, 100, motifs, 7);
    const { seqlets } = extractSeqlets(d.perBase, d.nul);
    const found = discoverMotifs(d.codes, d.perBase, seqlets);
    expect(found.length).toBe(2);
    for (const [i, m] of motifs.entries()) {
      const truth = oneHot(m);
      const sims = found.map((f) => bestColumnSimilarity(f.probs.slice(f.trimStart, f.trimEnd).flat().length >= truth.length ? f.probs.slice(f.trimStart, f.trimEnd).flat() : f.probs.flat(), truth).score);
      const best = Math.max(...sims);
      expect(best, `motif ${i}`).toBeGreaterThan(0.9);
    }
    for (const f of found) {
      expect(f.passes).toBe(true);
      expect(f.nSeqlets).toBeGreaterThan(50);   // 120 and 60 planted
      expect(f.revShare).toBeGreaterThan(0.2);   // both strands were planted and aligned together
      expect(f.revShare).toBeLessThan(0.8);
      expect(f.trimEnd - f.trimStart).toBeGreaterThanOrEqual(6);
    }
  });
  it('returns nothing when there are no seqlets', () => {
    expect(discoverMotifs([], [], [])).toEqual([]);
  });
});
