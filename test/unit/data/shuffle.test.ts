import { describe, it, expect } from 'vitest';
import { kletShuffle, dinucShuffle, shuffleWithReport, logShuffleCount } from '../../../src/core/data/shuffle';
import { Rng } from '../../../src/core/seq/random';
import { encode, decode } from '../../../src/core/seq/alphabet';
import { chiSquarePValue } from './helpers';

function kletCounts(codes: Uint8Array, k: number): Map<string, number> {
  const m = new Map<string, number>();
  const s = decode(codes);
  for (let i = 0; i + k <= s.length; i++) m.set(s.slice(i, i + k), (m.get(s.slice(i, i + k)) ?? 0) + 1);
  return m;
}

/** All distinct sequences with the same dinucleotide multiset, first and last letter (brute force). */
function enumerateEulerian(seq: string): string[] {
  const edges = new Map<string, number>();
  for (let i = 0; i + 1 < seq.length; i++) edges.set(seq.slice(i, i + 2), (edges.get(seq.slice(i, i + 2)) ?? 0) + 1);
  const out: string[] = [];
  const rec = (cur: string, left: number) => {
    if (left === 0) { if (cur[cur.length - 1] === seq[seq.length - 1]) out.push(cur); return; }
    const last = cur[cur.length - 1];
    for (const b of 'ACGT') {
      const key = last + b;
      const c = edges.get(key) ?? 0;
      if (c > 0) { edges.set(key, c - 1); rec(cur + b, left - 1); edges.set(key, c); }
    }
  };
  rec(seq[0], seq.length - 1);
  return out;
}

describe('k-let shuffle', () => {
  it('preserves every k-let count exactly for k = 1..6 and keeps the end (k-1)-mers', () => {
    const rng = new Rng(7);
    for (let t = 0; t < 50; t++) {
      const len = 5 + rng.int(300);
      const s = new Uint8Array(len);
      for (let i = 0; i < len; i++) s[i] = rng.int(4);
      for (let k = 1; k <= 6; k++) {
        const out = kletShuffle(s, k, rng);
        expect(kletCounts(out, k)).toEqual(kletCounts(s, k));
        if (k > 1 && len > k) {
          expect(decode(out, 0, k - 1)).toBe(decode(s, 0, k - 1));
          expect(decode(out, len - k + 1)).toBe(decode(s, len - k + 1));
        }
      }
    }
  });

  it('actually shuffles (not the identity) on ordinary input', () => {
    const rng = new Rng(3);
    const s = new Uint8Array(200).map(() => rng.int(4));
    const out = dinucShuffle(s, rng);
    expect(decode(out)).not.toBe(decode(s));
  });

  it('k ≥ L returns the input; k = 1 is a permutation', () => {
    const s = encode('ACGTTGCA');
    expect(decode(kletShuffle(s, 8, new Rng(1)))).toBe('ACGTTGCA');
    expect(decode(kletShuffle(s, 20, new Rng(1)))).toBe('ACGTTGCA');
    const p = kletShuffle(encode('AAAACCCCGGGGTTTT'), 1, new Rng(2));
    expect([...decode(p)].sort().join('')).toBe('AAAACCCCGGGGTTTT');
    expect(decode(p)).not.toBe('AAAACCCCGGGGTTTT');
  });

  it('keeps N in place, shuffles N-free segments separately, preserves k-lets including N', () => {
    const s = encode('ACGTACGGTCANNNNTTGACCAGTAGGCATNACGTTGCA');
    const rng = new Rng(11);
    for (let t = 0; t < 20; t++) {
      const out = kletShuffle(s, 2, rng);
      const str = decode(out);
      for (let i = 0; i < s.length; i++) expect(str[i] === 'N').toBe(s[i] === 4);
      expect(kletCounts(out, 2)).toEqual(kletCounts(s, 2));
      expect(kletCounts(out.subarray(0, 11), 1)).toEqual(kletCounts(s.subarray(0, 11), 1));
    }
  });

  it('BEST count equals brute-force enumeration', () => {
    for (const seq of ['ACGTACGAAT', 'AACCGGTTACGT', 'ACAGTCAGAC', 'GATTACAGATTACA', 'AAAAAAA', 'ACACACAC']) {
      const n = enumerateEulerian(seq).length;
      expect(Math.round(Math.exp(logShuffleCount(encode(seq), 2)))).toBe(n);
    }
  });

  it('is uniform over all Eulerian sequences (chi-square p > 0.001)', () => {
    const seq = 'ACGTACGAATGCA';
    const all = enumerateEulerian(seq);
    expect(all.length).toBeGreaterThan(10);
    expect(all.length).toBeLessThan(400);
    const idx = new Map(all.map((s, i) => [s, i]));
    const counts = new Array<number>(all.length).fill(0);
    const rng = new Rng(12345);
    const codes = encode(seq);
    const draws = all.length * 200;
    for (let t = 0; t < draws; t++) {
      const s = decode(dinucShuffle(codes, rng));
      const i = idx.get(s);
      expect(i).toBeDefined();
      counts[i!]++;
    }
    const e = draws / all.length;
    const chi = counts.reduce((a, c) => a + (c - e) ** 2 / e, 0);
    const p = chiSquarePValue(chi, all.length - 1);
    expect(p).toBeGreaterThan(0.001);
    // and a deliberately biased sampler would be caught by the same test
    const biased = counts.map((_, i) => (i % 2 === 0 ? e * 1.3 : e * 0.7)); // 30% over/under-sampling
    const chiB = biased.reduce((a, c) => a + (c - e) ** 2 / e, 0);
    expect(chiSquarePValue(chiB, all.length - 1)).toBeLessThan(0.001);
  });

  it('uniform for trinucleotide shuffles too', () => {
    const seq = 'AACAACGACAGAC';
    const codes = encode(seq);
    const seen = new Map<string, number>();
    const rng = new Rng(99);
    for (let t = 0; t < 20000; t++) {
      const s = decode(kletShuffle(codes, 3, rng));
      seen.set(s, (seen.get(s) ?? 0) + 1);
    }
    const n = Math.round(Math.exp(logShuffleCount(codes, 3)));
    expect(seen.size).toBe(n);
    const e = 20000 / n;
    const chi = [...seen.values()].reduce((a, c) => a + (c - e) ** 2 / e, 0);
    expect(chiSquarePValue(chi, n - 1)).toBeGreaterThan(0.001);
  });

  it('reports low-complexity input instead of looping', () => {
    expect(shuffleWithReport(encode('AAAAAAAAAA'), 2, new Rng(1)).lowComplexity).toBe(true);
    expect(shuffleWithReport(encode('ACACACACAC'), 2, new Rng(1)).lowComplexity).toBe(true);
    expect(shuffleWithReport(encode('ACAG'), 2, new Rng(1)).lowComplexity).toBe(true);
    const r = shuffleWithReport(encode('ACGTACGAATGCA'), 2, new Rng(1));
    expect(r.lowComplexity).toBe(false);
  });

  it('is deterministic for a seed', () => {
    const r0 = new Rng(42);
    const s = new Uint8Array(1000).map(() => r0.int(4));
    expect(decode(dinucShuffle(s, new Rng(5)))).toBe(decode(dinucShuffle(s, new Rng(5))));
    expect(decode(dinucShuffle(s, new Rng(5)))).not.toBe(decode(dinucShuffle(s, new Rng(6))));
  });
});
