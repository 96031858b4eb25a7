import { describe, it, expect } from 'vitest';
import { fimo, prepareFimoMotif, fimoPValue, scaledWindowScore, kmerIndex } from '../../../src/core/pwm/fimo';
import { parseMemeTextOutput } from '../../../src/core/pwm/formats';
import { encode } from '../../../src/core/seq/alphabet';
import type { Bg } from '../../../src/core/pwm/matrix';
import { MEME_DEFAULT_BG, complementAverage, parseBackgroundFile } from '../../../src/core/pwm/background';
import type { Motif } from '../../../src/core/pwm/types';
import { mulberry32, randomMotif, hasData, readData, skipMsg } from '../motifs/helpers';

/**
 * Independent scaled matrix from the definitions (pseudocount 0.1, N = nsites or 20, log2, range
 * 1000, MEME's scaling: offset ⌊min⌋, scale ⌊1000 / (max − offset)⌋, entries rounded).
 */
function scaledFromDefinition(m: Motif, bg: Bg): number[][] {
  const N = m.nsites ?? 20;
  const W = m.probs.map((r) => r.map((p, b) => Math.log2((p * N + 0.1 * bg[b]) / (N + 0.1) / bg[b])));
  const off = Math.floor(Math.min(...W.flat())), mx = Math.max(...W.flat());
  const scale = Math.floor(1000 / (mx - off));
  return W.map((r) => r.map((x) => Math.round((x - off) * scale)));
}

describe('FIMO-style scanning', () => {
  const bgs: Bg[] = [[0.25, 0.25, 0.25, 0.25], [0.3, 0.2, 0.2, 0.3], [0.1, 0.2, 0.3, 0.4]];
  for (const bg of bgs) {
    it(`p-values equal enumeration over all k-mers (k ≤ 8, bg ${bg.join('/')})`, () => {
      const rng = mulberry32(5);
      for (const w of [1, 3, 6, 8]) {
        const m = randomMotif(rng, w, `m${w}`, w === 6 ? 12 : undefined);
        const model = prepareFimoMotif(m, bg);
        const S = scaledFromDefinition(m, bg);
        const n = 4 ** w;
        const score = new Int32Array(n), prob = new Float64Array(n);
        for (let c = 0; c < n; c++) {
          let s = 0, p = 1;
          for (let j = 0; j < w; j++) { const b = (c >> (2 * (w - 1 - j))) & 3; s += S[j][b]; p *= bg[b]; }
          score[c] = s; prob[c] = p;
        }
        // exact tail for every distinct score
        const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b] - score[a]);
        let acc = 0;
        for (let i = 0; i < n; ) {
          let j = i;
          while (j < n && score[order[j]] === score[order[i]]) acc += prob[order[j++]];
          const s = score[order[i]];
          expect(Math.abs(fimoPValue(model, s) - acc)).toBeLessThanOrEqual(1e-12 * Math.max(1, acc) + 1e-15);
          i = j;
        }
        // reverse strand: scaled RC matrix is the RC of the forward one
        const rcSeq = new Uint8Array(w);
        const fwd = Uint8Array.from({ length: w }, () => Math.floor(rng() * 4));
        for (let j = 0; j < w; j++) rcSeq[j] = 3 - fwd[w - 1 - j];
        expect(scaledWindowScore(model, fwd, 0, '-')).toBe(scaledWindowScore(model, rcSeq, 0, '+'));
      }
    });
  }

  it('scan equals a naive scan: every window/strand with p < threshold, N never a hit, BH q-values', () => {
    const rng = mulberry32(9);
    const seqs = [0, 1, 2].map((k) => {
      const s = Uint8Array.from({ length: 5000 + k * 777 }, () => Math.floor(rng() * 4));
      for (let i = 0; i < 60; i++) s[Math.floor(rng() * s.length)] = 4;
      return s;
    });
    const motifs = [3, 5, 6, 7, 9, 12, 14, 19, 25, 31].map((w, i) => randomMotif(rng, w, `m${i}`, 10 + i));
    for (const k of [3, 6, 7]) {
      const res = fimo(motifs, seqs, { pThreshold: 1e-3, k, bg: [0.3, 0.2, 0.2, 0.3], qScope: 'motif' });
      const want = new Set<string>();
      let tests = 0;
      motifs.forEach((m, mi) => {
        const model = prepareFimoMotif(m, [0.3, 0.2, 0.2, 0.3], { pThreshold: 1e-3 });
        seqs.forEach((s, si) => {
          for (let p = 0; p + m.probs.length <= s.length; p++) {
            for (const st of ['+', '-'] as const) {
              const sc = scaledWindowScore(model, s, p, st);
              if (sc === undefined) continue;
              tests++;
              if (fimoPValue(model, sc, st) < 1e-3) want.add(`${mi}:${si}:${p}:${st}`);
            }
          }
        });
      });
      expect(res.tests.reduce((a, b) => a + b, 0)).toBe(tests);
      const got = new Set(res.hits.map((h) => `${h.motifIndex}:${h.seqIndex}:${h.start}:${h.strand}`));
      expect(got).toEqual(want);
      for (const h of res.hits) {
        expect(h.p).toBeLessThan(1e-3);
        expect(h.end - h.start).toBe(motifs[h.motifIndex].probs.length);
        expect(h.matched).not.toContain('N');
        expect(h.q).toBeGreaterThanOrEqual(h.p);
      }
    }
  });

  it('backgrounds: MEME default (NRDB averaged with its complement) by default, uniform, sequences, given; each recorded', () => {
    expect(MEME_DEFAULT_BG[0]).toBeCloseTo(0.274552, 12);
    expect(MEME_DEFAULT_BG[1]).toBeCloseTo(0.225448, 12);
    expect(MEME_DEFAULT_BG).toEqual(complementAverage([0.281774, 0.22202, 0.228876, 0.26733]));
    const rng = mulberry32(4);
    const m = randomMotif(rng, 8, 'm');
    const seq = Uint8Array.from({ length: 3000 }, () => (rng() < 0.7 ? (rng() < 0.5 ? 0 : 3) : rng() < 0.5 ? 1 : 2));
    const def = fimo([m], [seq], { pThreshold: 1e-2 });
    expect(def.background.kind).toBe('meme');
    expect(def.bg).toEqual(MEME_DEFAULT_BG);
    expect(def.background.label).toBe('MEME default (NRDB, averaged over strands): A .275 C .225 G .225 T .275');
    // p-values under the default equal a model prepared with MEME's background, not the uniform one
    const h = def.hits[0];
    const sc = scaledWindowScore(prepareFimoMotif(m, MEME_DEFAULT_BG), seq, h.start, h.strand)!;
    expect(h.p).toBe(fimoPValue(prepareFimoMotif(m, MEME_DEFAULT_BG), sc, h.strand));
    expect(fimo([m], [seq], { bg: 'uniform' }).background).toMatchObject({ kind: 'uniform', values: [0.25, 0.25, 0.25, 0.25] });
    const own = fimo([m], [seq], { bg: 'sequences' }).background;
    expect(own.kind).toBe('sequences');
    expect(own.values[0]).toBeCloseTo(0.35, 1);
    expect(own.values[0]).toBe(own.values[3]);
    expect(fimo([m], [seq], { bg: [0.3, 0.2, 0.2, 0.3] }).background).toMatchObject({ kind: 'custom', values: [0.3, 0.2, 0.2, 0.3] });
  });

  it('reads MEME background files: order-0 lines, comments, higher orders ignored; errors name file and line', () => {
    const text = '# order 0\nA 2.9e-01\nc 0.21\nG 0.21\nT 0.29\n# order 1\nAA 0.09\nAC 0.06\n';
    const close = (got: readonly number[], want: number[]) => want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 12));
    close(parseBackgroundFile(text, 'bg.txt'), [0.29, 0.21, 0.21, 0.29]);
    close(parseBackgroundFile('A 2\nC 1\nG 1\nT 1\n'), [0.4, 0.2, 0.2, 0.2]);
    expect(() => parseBackgroundFile('A 0.3\nC x\n', 'bad.bg')).toThrow(/bad\.bg:2: expected '<letters> <frequency>'/);
    expect(() => parseBackgroundFile('A 0.3\nC 0.2\nG 0.2\n', 'short.bg')).toThrow(/short\.bg: no order-0 frequency for T/);
    expect(() => parseBackgroundFile('A 0.3\nC 0.2\nG 0.2\nT 0.3\nA 0.1\n', 'dup.bg')).toThrow(/dup\.bg:5: letter A given twice/);
    expect(() => parseBackgroundFile('A 0.3\nC 0.2\nN 0.2\nT 0.3\n', 'n.bg')).toThrow(/n\.bg:3: expected a DNA letter/);
    close(complementAverage([0.3, 0.1, 0.2, 0.4]), [0.35, 0.15, 0.15, 0.35]);
  });

  it('kmer index marks N and the sequence end', () => {
    const idx = kmerIndex(encode('ACGTNACGT'), 3);
    expect(Array.from(idx)).toEqual([0b000110, 0b011011, 64, 64, 64, 0b000110, 0b011011, 64, 64]);
  });

  const seqF = 'meme/crp0.s', memeF = 'meme/crp0.meme-4.10.1.output.txt';
  it.skipIf(!hasData(seqF) || !hasData(memeF))('CRP: recovers the sites MEME lists for motif 1' + (hasData(seqF) ? '' : ` — ${skipMsg(seqF)}`), () => {
    const names: string[] = [], seqs: Uint8Array[] = [];
    let cur = '';
    for (const line of readData(seqF).split(/\r?\n/)) {
      if (line.startsWith('>')) { if (names.length) seqs.push(encode(cur)); names.push(line.slice(1).trim().split(/\s+/)[0]); cur = ''; }
      else cur += line.trim();
    }
    seqs.push(encode(cur));
    const text = readData(memeF);
    const motif = parseMemeTextOutput(text, { file: memeF })[0];
    const block = text.split('Motif 1 sites sorted by position p-value')[1].split('\n').slice(4);
    const sites: { name: string; start: number; site: string }[] = [];
    for (const l of block) {
      if (l.startsWith('---')) break;
      const t = l.trim().split(/\s+/);
      sites.push({ name: t[0], start: Number(t[1]) - 1, site: t[4] });
    }
    expect(sites.length).toBe(17);
    const res = fimo([motif], seqs, { pThreshold: 1e-4, bg: 'sequences' });
    let found = 0;
    for (const s of sites) {
      const si = names.indexOf(s.name);
      const h = res.hits.find((x) => x.seqIndex === si && x.start === s.start && x.strand === '+');
      if (h) { found++; expect(h.matched).toBe(s.site); }
    }
    console.log(`CRP: ${found}/17 MEME sites recovered at p < 1e-4 (+ strand, exact start)`);
    expect(found).toBeGreaterThanOrEqual(15);
  });
});
