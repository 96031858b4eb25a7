import { describe, it, expect } from 'vitest';
import { buildTomtomDb, tomtom, median, type ColumnMetric } from '../../../src/core/motifs/tomtom';
import { revcompMotif, consensus } from '../../../src/core/motifs/matrix';
import { parseMotifs } from '../../../src/core/motifs/formats';
import type { Motif } from '../../../src/core/motifs/types';
import { mulberry32, randomMotif, hasData, readData, skipMsg } from './helpers';

/** Independent brute force of the documented null model: enumerate every choice of target columns. */
function bruteForce(query: Motif, targets: Motif[], metric: ColumnMetric, minOverlap = 1): number[] {
  const rc = (m: number[][]) => m.slice().reverse().map((r) => [r[3], r[2], r[1], r[0]]);
  const cols: number[][] = [];
  const starts: [number, number][] = [];
  for (const t of targets) { const f = cols.length; cols.push(...t.probs); const r = cols.length; cols.push(...rc(t.probs)); starts.push([f, r]); }
  const score = (q: number[], t: number[]) => {
    if (metric === 'pearson') {
      let n = 0, a = 0, b = 0;
      for (let k = 0; k < 4; k++) { n += (q[k] - 0.25) * (t[k] - 0.25); a += (q[k] - 0.25) ** 2; b += (t[k] - 0.25) ** 2; }
      return a > 1e-12 && b > 1e-12 ? n / Math.sqrt(a * b) : 0;
    }
    const d = q.reduce((s, x, k) => s + (x - t[k]) ** 2, 0);
    return metric === 'euclidean' ? -Math.sqrt(d) : 2 - d;
  };
  const w = query.probs.length, C = cols.length;
  const S = query.probs.map((q) => cols.map((t) => score(q, t)));
  for (const row of S) {
    const s = row.slice().sort((x, y) => x - y);
    const med = C % 2 ? s[(C - 1) / 2] : (s[C / 2 - 1] + s[C / 2]) / 2;
    for (let k = 0; k < C; k++) row[k] -= med;
  }
  const mn = Math.min(...S.flat()), mx = Math.max(...S.flat());
  const I = S.map((row) => row.map((v) => Math.round(((v - mn) * 100) / (mx - mn))));
  // tail by explicit enumeration over all C^(span) column choices
  const tail = (a: number, b: number, obs: number) => {
    let cnt = 0, tot = 0;
    const rec = (i: number, s: number) => {
      if (i > b) { tot++; if (s >= obs) cnt++; return; }
      for (let k = 0; k < C; k++) rec(i + 1, s + I[i][k]);
    };
    rec(a, 0);
    return cnt / tot;
  };
  return targets.map((t, ti) => {
    const tw = t.probs.length;
    const mo = Math.max(1, Math.min(minOverlap, w, tw));
    let best = 1, n = 0;
    for (const c0 of starts[ti]) {
      for (let off = -w; off <= tw; off++) {
        const i0 = Math.max(0, -off), i1 = Math.min(w, tw - off);
        if (i1 - i0 < mo) continue;
        n++;
        let s = 0;
        for (let i = i0; i < i1; i++) s += I[i][c0 + i + off];
        best = Math.min(best, tail(i0, i1 - 1, s));
      }
    }
    return 1 - (1 - best) ** n;
  });
}

describe('TomTom-style comparison', () => {
  it('median by quickselect equals the sorted median', () => {
    const rng = mulberry32(3);
    for (const n of [1, 2, 5, 6, 101, 1000]) {
      const a = Float64Array.from({ length: n }, () => Math.round(rng() * 20) / 4);
      const s = Array.from(a).sort((x, y) => x - y);
      expect(median(a.slice())).toBe(n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2);
    }
  });
  for (const metric of ['pearson', 'euclidean', 'sandelin'] as const) {
    for (const mo of [1, 2]) {
      it(`p-values equal brute-force enumeration of the null (${metric}, minOverlap ${mo})`, () => {
        const rng = mulberry32(11 + mo);
        const targets = [randomMotif(rng, 2, 'T1'), randomMotif(rng, 3, 'T2'), randomMotif(rng, 2, 'T3')];
        const db = buildTomtomDb(targets);
        for (let rep = 0; rep < 3; rep++) {
          const query = rep === 0 ? { ...targets[1], id: 'q' } : randomMotif(rng, 3, 'q');
          const got = tomtom(query, db, { metric, minOverlap: mo });
          const want = bruteForce(query, targets, metric, mo);
          expect(got.length).toBe(3);
          for (const m of got) {
            expect(m.metric).toBe(metric);
            expect(Math.abs(m.p - want[m.targetIndex])).toBeLessThanOrEqual(1e-12 + 1e-9 * want[m.targetIndex]);
            expect(m.E).toBeCloseTo(m.p * 3, 15);
            expect(m.overlap).toBeGreaterThanOrEqual(Math.min(mo, m.targetIndex === 1 ? 3 : 2));
          }
          const ps = got.map((m) => m.p);
          expect(ps).toEqual(ps.slice().sort((a, b) => a - b));
        }
      });
    }
  }

  const jf = 'motifs/JASPAR2024_CORE_vertebrates_non-redundant.transfac.txt';
  it.skipIf(!hasData(jf))('JASPAR 2024: each motif finds itself first (p ≤ 1e-6), its reverse complement on "-"' + (hasData(jf) ? '' : ` — ${skipMsg(jf)}`), () => {
    const all = parseMotifs(readData(jf), { file: jf });
    const db = buildTomtomDb(all);
    const rcCons = (s: string) => [...s].reverse().map((c) => ({ A: 'T', C: 'G', G: 'C', T: 'A' } as Record<string, string>)[c] ?? c).join('');
    const picks = [0, 57, 100, 123, 250, 400, 611, 777, 878].filter((i) => consensus(all[i].probs) !== rcCons(consensus(all[i].probs)));
    expect(picks.length).toBeGreaterThan(4);
    for (const i of picks) {
      const q = all[i];
      const r = tomtom(q, db);
      expect(r[0].targetId).toBe(q.id);
      // Short motifs (w < 8) cannot reach 1e-6 under this null with ~17,700 database columns
      // (e.g. Arnt, w = 6: p ≈ 3e-5); require 1e-6 for w ≥ 8 and first rank always.
      expect(r[0].p).toBeLessThanOrEqual(q.probs.length >= 8 ? 1e-6 : 1e-3);
      expect(r[0]).toMatchObject({ orientation: '+', offset: 0, overlap: q.probs.length });
      if (q.probs.length >= 8) expect(r[0].q).toBeLessThan(0.01);
      const rr = tomtom(revcompMotif(q), db);
      expect(rr[0].targetId).toBe(q.id);
      expect(rr[0].p).toBeCloseTo(r[0].p, 12);
      expect(rr[0]).toMatchObject({ orientation: '-', offset: 0, overlap: q.probs.length });
      // A trimmed fragment aligns at the right offset.
      if (q.probs.length >= 10) {
        const frag = { ...q, id: 'frag', probs: q.probs.slice(2, 9) };
        const rf = tomtom(frag, db, { maxResults: 5 });
        const self = rf.find((m) => m.targetId === q.id);
        expect(self).toBeDefined();
        expect(self).toMatchObject({ orientation: '+', offset: 2, overlap: 7 });
      }
    }
  });
});
