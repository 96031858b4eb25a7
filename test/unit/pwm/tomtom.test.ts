import { describe, it, expect } from 'vitest';
import { buildTomtomDb, tomtom, median, type ColumnMetric } from '../../../src/core/pwm/tomtom';
import { revcompMotif, consensus } from '../../../src/core/pwm/matrix';
import { parseMotifs } from '../../../src/core/pwm/formats';
import type { Motif } from '../../../src/core/pwm/types';
import { mulberry32, randomMotif, hasData, readData, skipMsg } from '../motifs/helpers';

type Slot = { i: number; k: number };
interface Alignment { ori: 0 | 1; off: number; ov: number; slots: Slot[]; constant: number; observed: number }

/**
 * Independent re-derivation of the documented model (MOTIFS.md, MEME 4.12): pseudocount 0.1 toward
 * uniform on query and targets, column scores, row median (lower middle for an even count),
 * MEME's integer scaling (offset ⌊min⌋, scale ⌊100/(max − offset)⌋, rounded values), unaligned
 * query columns scoring the scaled median Z, and every alignment (offset × orientation) of each target.
 */
function model(query: Motif, targets: Motif[], metric: ColumnMetric, minOverlap = 1) {
  const pc = (m: Motif) => m.probs.map((r) => r.map((p) => (p * (m.nsites ?? 20) + 0.1 * 0.25) / ((m.nsites ?? 20) + 0.1)));
  const rc = (m: number[][]) => m.slice().reverse().map((r) => [r[3], r[2], r[1], r[0]]);
  const cols: number[][] = [];
  const starts: [number, number][] = [];
  for (const t of targets) { const f = cols.length; cols.push(...pc(t)); const r = cols.length; cols.push(...rc(pc(t))); starts.push([f, r]); }
  const score = (q: number[], t: number[]) => {
    if (metric === 'pearson') {
      let n = 0, a = 0, b = 0;
      for (let k = 0; k < 4; k++) { n += (q[k] - 0.25) * (t[k] - 0.25); a += (q[k] - 0.25) ** 2; b += (t[k] - 0.25) ** 2; }
      return a > 1e-12 && b > 1e-12 ? n / Math.sqrt(a * b) : 0;
    }
    const d = q.reduce((s, x, k) => s + (x - t[k]) ** 2, 0);
    return metric === 'euclidean' ? -Math.sqrt(d) : 2 - d;
  };
  const qp = pc(query);
  const w = qp.length, C = cols.length;
  const S = qp.map((q) => cols.map((t) => score(q, t)));
  for (const row of S) {
    const med = row.slice().sort((x, y) => x - y)[Math.floor((C - 1) / 2)];
    for (let k = 0; k < C; k++) row[k] -= med;
  }
  const off0 = Math.floor(Math.min(...S.flat())), mx = Math.max(...S.flat());
  const scale = Math.floor(100 / (mx - off0));
  const I = S.map((row) => row.map((v) => Math.round((v - off0) * scale)));
  const Z = Math.round(-off0 * scale);
  const alignments = targets.map((t, ti) => {
    const L = t.probs.length;
    const mo = Math.max(1, Math.min(minOverlap, w, L));
    const out: Alignment[] = [];
    for (const ori of [0, 1] as const) {
      for (let off = -w; off <= L; off++) {
        const slots: Slot[] = [];
        for (let i = 0; i < w; i++) if (i + off >= 0 && i + off < L) slots.push({ i, k: starts[ti][ori] + i + off });
        if (slots.length < mo) continue;
        const constant = (w - slots.length) * Z;
        out.push({ ori, off, ov: slots.length, slots, constant, observed: constant + slots.reduce((s, x) => s + I[x.i][x.k], 0) });
      }
    }
    return out;
  });
  return { I, C, alignments };
}

/** Best alignment of one orientation: highest score, then larger overlap, then first offset. */
function bestOf(al: Alignment[], ori: 0 | 1): Alignment {
  let b: Alignment | null = null;
  for (const a of al) if (a.ori === ori && (!b || a.observed > b.observed || (a.observed === b.observed && a.ov > b.ov))) b = a;
  return b!;
}

/**
 * p of the maximum by exact joint enumeration: every alignment draws each of its columns' scores
 * uniformly from all C database columns, independently; count the outcomes whose maximum over all
 * alignments (both orientations) reaches s. C^(total aligned columns) outcomes: tiny cases only.
 */
function jointMaxTail(I: number[][], C: number, al: Alignment[], s: number): number {
  const slots = al.flatMap((a, ai) => a.slots.map((x) => ({ ai, i: x.i })));
  const sums = al.map((a) => a.constant);
  let hit = 0, tot = 0;
  const rec = (j: number) => {
    if (j === slots.length) { tot++; if (Math.max(...sums) >= s) hit++; return; }
    const { ai, i } = slots[j];
    for (let k = 0; k < C; k++) { sums[ai] += I[i][k]; rec(j + 1); sums[ai] -= I[i][k]; }
  };
  rec(0);
  return hit / tot;
}

/** Same statistic from per-alignment tails, each by enumerating its own C^overlap column choices. */
function productMaxTail(I: number[][], C: number, al: Alignment[], s: number): number {
  let cdf = 1;
  for (const a of al) {
    let below = 0, tot = 0;
    const rec = (j: number, acc: number) => {
      if (j === a.slots.length) { tot++; if (acc < s) below++; return; }
      for (let k = 0; k < C; k++) rec(j + 1, acc + I[a.slots[j].i][k]);
    };
    rec(0, a.constant);
    cdf *= below / tot;
  }
  return 1 - cdf;
}

function checkAgainst(query: Motif, targets: Motif[], metric: ColumnMetric, mo: number, tailFn: typeof jointMaxTail) {
  const db = buildTomtomDb(targets);
  const got = tomtom(query, db, { metric, minOverlap: mo });
  const { I, C, alignments } = model(query, targets, metric, mo);
  expect(got.length).toBe(targets.length);
  for (const m of got) {
    const al = alignments[m.targetIndex];
    const ori = m.orientation === '+' ? 0 : 1;
    const b = bestOf(al, ori), other = bestOf(al, (1 - ori) as 0 | 1);
    const want = tailFn(I, C, al, b.observed);
    expect(m.metric).toBe(metric);
    expect(m.scaledScore).toBe(b.observed);
    expect({ offset: m.offset, overlap: m.overlap }).toEqual({ offset: b.off, overlap: b.ov });
    expect(Math.abs(m.p - want)).toBeLessThanOrEqual(1e-12 + 1e-9 * want);
    // the reported orientation is the better one
    expect(Math.fround(m.p)).toBeLessThanOrEqual(Math.fround(tailFn(I, C, al, other.observed)));
    expect(m.E).toBeCloseTo(m.p * targets.length, 15);
  }
  const ps = got.map((m) => m.p);
  expect(ps).toEqual(ps.slice().sort((a, b) => a - b));
}

describe('TomTom-style comparison', () => {
  it('median by quickselect equals the sorted median (lower middle for an even count)', () => {
    const rng = mulberry32(3);
    for (const n of [1, 2, 5, 6, 101, 1000]) {
      const a = Float64Array.from({ length: n }, () => Math.round(rng() * 20) / 4);
      const s = Array.from(a).sort((x, y) => x - y);
      expect(median(a.slice())).toBe(s[Math.floor((n - 1) / 2)]);
    }
  });

  for (const metric of ['pearson', 'euclidean', 'sandelin'] as const) {
    it(`p equals exact joint enumeration of the max-over-alignments null (${metric}, tiny motifs)`, () => {
      const rng = mulberry32(21);
      // C = 2 × (1 + 2) = 6 database columns; query widths 1 and 2: at most 6^8 joint outcomes.
      const targets = [randomMotif(rng, 1, 'T1'), randomMotif(rng, 2, 'T2', 7)];
      for (const mo of [1, 2]) {
        for (const query of [randomMotif(rng, 1, 'q1'), randomMotif(rng, 2, 'q2'), { ...targets[1], id: 'self' }]) {
          checkAgainst(query, targets, metric, mo, jointMaxTail);
        }
      }
    });
    for (const mo of [1, 2]) {
      it(`p equals the product of enumerated per-alignment tails (${metric}, minOverlap ${mo})`, () => {
        const rng = mulberry32(11 + mo);
        const targets = [randomMotif(rng, 2, 'T1'), randomMotif(rng, 3, 'T2'), randomMotif(rng, 2, 'T3')];
        for (let rep = 0; rep < 3; rep++) {
          const query = rep === 0 ? { ...targets[1], id: 'q' } : randomMotif(rng, 3, 'q');
          checkAgainst(query, targets, metric, mo, productMaxTail);
        }
      });
    }
  }

  it('q-values: Storey by default, BH on request, both over the 2·N orientation p-values; the method travels with each match', () => {
    const rng = mulberry32(5);
    const small = Array.from({ length: 20 }, (_, i) => randomMotif(rng, 4 + (i % 5), `T${i}`));
    const q = randomMotif(rng, 6, 'q');
    const db = buildTomtomDb(small);
    const st = tomtom(q, db), bh = tomtom(q, db, { qMethod: 'bh' });
    expect(st.every((m) => m.qMethod === 'storey') && bh.every((m) => m.qMethod === 'bh')).toBe(true);
    // 40 orientation p-values ≤ 100: π₀ = 1, Storey = BH.
    expect(st.map((m) => m.q)).toEqual(bh.map((m) => m.q));
    for (const m of bh) expect(m.q).toBeGreaterThanOrEqual(Math.min(1, m.p)); // BH over 40 tests never below p
    const big = Array.from({ length: 200 }, (_, i) => randomMotif(rng, 4 + (i % 9), `B${i}`));
    const dbBig = buildTomtomDb(big);
    const s2 = tomtom(q, dbBig), b2 = tomtom(q, dbBig, { qMethod: 'bh' });
    s2.forEach((m, i) => expect(m.q).toBeLessThanOrEqual(b2[i].q));
  });

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
