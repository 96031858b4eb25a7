import { describe, it, expect } from 'vitest';
import { pack, unpack, countN, packedToBytes, packedFromBytes } from '../../../src/core/seq/pack';
import { Rng } from '../../../src/core/seq/random';

function randomCodes(rng: Rng, n: number, pN = 0.05): Uint8Array {
  const c = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (rng.next() < pN) { const run = 1 + rng.int(20); for (let j = 0; j < run && i < n; j++) c[i++] = 4; i--; }
    else c[i] = rng.int(4);
  }
  return c;
}

describe('pack/unpack', () => {
  it('round-trips exactly, including N runs at ends and odd lengths', () => {
    const rng = new Rng(1);
    for (const n of [0, 1, 2, 3, 4, 5, 7, 8, 9, 100, 1001, 4097]) {
      for (let t = 0; t < 5; t++) {
        const c = randomCodes(rng, n);
        if (n > 2 && t === 1) { c[0] = 4; c[n - 1] = 4; }
        const p = pack(c);
        expect(p.bits.length).toBe((n + 3) >> 2);
        expect(unpack(p)).toEqual(c);
        expect(countN(p)).toBe(c.filter((x) => x === 4).length);
        expect(unpack(packedFromBytes(packedToBytes(p)))).toEqual(c);
      }
    }
  });

  it('unpacks arbitrary sub-ranges', () => {
    const rng = new Rng(2);
    const c = randomCodes(rng, 5000, 0.02);
    const p = pack(c);
    for (let t = 0; t < 500; t++) {
      const a = rng.int(5000), b = a + rng.int(5000 - a + 1);
      expect(unpack(p, a, b)).toEqual(c.subarray(a, b));
      expect(countN(p, a, b)).toBe(c.subarray(a, b).filter((x) => x === 4).length);
    }
    expect(() => unpack(p, 10, 5001)).toThrow(RangeError);
  });

  it('all-N and no-N sequences', () => {
    const allN = new Uint8Array(13).fill(4);
    expect(pack(allN).nRuns).toEqual(Uint32Array.from([0, 13]));
    expect(unpack(pack(allN))).toEqual(allN);
    const noN = Uint8Array.from([0, 1, 2, 3, 3, 2, 1, 0]);
    expect(pack(noN).nRuns.length).toBe(0);
    expect(pack(noN).bits).toEqual(Uint8Array.from([0b11100100, 0b00011011]));
  });
});

describe('Rng', () => {
  it('is deterministic, int() is in range and roughly uniform, normal() has mean 0 sd 1', () => {
    const a = new Rng(42), b = new Rng(42);
    for (let i = 0; i < 100; i++) expect(a.u32()).toBe(b.u32());
    const r = new Rng(3);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70000; i++) { const x = r.int(7); expect(x >= 0 && x < 7).toBe(true); counts[x]++; }
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(400);
    let s = 0, s2 = 0;
    for (let i = 0; i < 50000; i++) { const z = r.normal(); s += z; s2 += z * z; }
    expect(Math.abs(s / 50000)).toBeLessThan(0.02);
    expect(Math.abs(s2 / 50000 - 1)).toBeLessThan(0.03);
    expect(new Rng(1).u32()).not.toBe(new Rng(2).u32());
  });
});
