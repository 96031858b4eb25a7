import { describe, it, expect } from 'vitest';
import {
  parseMotifs, writeMotifs, detectMotifFormat, MotifFormatError, parseMeme, parseJaspar, parseTransfac, parseHomer, parseMemeTextOutput,
} from '../../../src/core/pwm/formats';
import type { Motif } from '../../../src/core/pwm/types';
import { mulberry32, randomMotif, hasData, readData, skipMsg } from '../motifs/helpers';

function expectClose(a: Motif[], b: Motif[], tol = 1e-6) {
  expect(b.length).toBe(a.length);
  a.forEach((m, i) => {
    expect(b[i].probs.length).toBe(m.probs.length);
    m.probs.forEach((r, j) => r.forEach((x, k) => expect(Math.abs(x - b[i].probs[j][k])).toBeLessThan(tol)));
  });
}

describe('motif formats: round trips', () => {
  const rng = mulberry32(7);
  const motifs: Motif[] = [randomMotif(rng, 8, 'M1', 37), randomMotif(rng, 1, 'M2', 5), randomMotif(rng, 21, 'M3', 1000), randomMotif(rng, 6, 'M4')];
  for (const fmt of ['meme', 'jaspar', 'pfm', 'transfac', 'homer'] as const) {
    it(`${fmt} write → detect → parse preserves matrices to 1e-6`, () => {
      const text = writeMotifs(motifs, fmt);
      expect(detectMotifFormat(text)).toBe(fmt);
      const back = parseMotifs(text, { file: `x.${fmt}` });
      expectClose(motifs, back);
      if (fmt !== 'homer') expect(back.map((m) => m.id)).toEqual(motifs.map((m) => m.id));
      if (fmt === 'meme' || fmt === 'transfac') expect(back.map((m) => m.nsites)).toEqual(motifs.map((m) => m.nsites));
      // second round trip is a fixed point of the text
      expect(writeMotifs(back, fmt)).toBe(writeMotifs(parseMotifs(writeMotifs(back, fmt)), fmt));
    });
  }
  it('counts → probabilities keep nsites; JASPAR with and without brackets, headerless .pfm', () => {
    const j = '>MA0004.1 Arnt\nA  [ 4 19 0 0 0 0 ]\nC  [16 0 20 0 0 0 ]\nG  [ 0 1 0 20 0 20 ]\nT  [ 0 0 0 0 20 0 ]\n';
    const m = parseJaspar(j, { file: 'a.jaspar' });
    expect(m[0]).toMatchObject({ id: 'MA0004.1', name: 'Arnt', nsites: 20 });
    expect(m[0].probs[0]).toEqual([0.2, 0.8, 0, 0]);
    const pfm = parseMotifs('4 19 0 0 0 0\n16 0 20 0 0 0\n0 1 0 20 0 20\n0 0 0 0 20 0\n', { file: 'dir/MA0004.1.pfm' });
    expect(pfm[0].id).toBe('MA0004.1');
    expect(pfm[0].probs).toEqual(m[0].probs);
  });
});

describe('TRANSFAC annotations', () => {
  it('JASPAR-style CC lines land in Motif.meta: tf_family (several families kept as written) and tf_class', () => {
    const t = 'AC MA0099.4\nXX\nID FOS::JUN\nXX\nDE MA0099.4 FOS::JUN ; From JASPAR\nPO\tA\tC\tG\tT\n01\t1\t0\t0\t9\n02\t0\t0\t10\t0\n03\t10\t0\t0\t0\nXX\n'
      + 'CC tax_group:vertebrates\nCC tf_family:Fos-related; Jun-related\nCC tf_class:Basic leucine zipper factors (bZIP)\nXX\n//\n';
    const [m] = parseTransfac(t, { file: 'j.transfac' });
    expect(m).toMatchObject({ id: 'MA0099.4', name: 'FOS::JUN', nsites: 10 });
    expect(m.meta).toMatchObject({ tf_family: 'Fos-related; Jun-related', tf_class: 'Basic leucine zipper factors (bZIP)', tax_group: 'vertebrates' });
  });
});

describe('motif formats: strict validation (error names file, motif, line; nothing returned)', () => {
  const cases: { name: string; text: string; file: string; motif: string | undefined; line: number; re: RegExp }[] = [
    { name: 'MEME wrong row count', file: 'bad.meme', motif: 'M1', line: 10, re: /expected 3 matrix rows/,
      text: 'MEME version 4\n\nMOTIF M0\nletter-probability matrix: alength= 4 w= 1\n0.25 0.25 0.25 0.25\nMOTIF M1 x\nletter-probability matrix: alength= 4 w= 3\n0.1 0.2 0.3 0.4\n0.1 0.2 0.3 0.4\nMOTIF M2\n' },
    { name: 'MEME columns not summing to one', file: 'bad2.meme', motif: 'M1', line: 5, re: /summing to 1/,
      text: 'MEME version 4\nMOTIF M1\nletter-probability matrix: alength= 4 w= 2\n0.1 0.2 0.3 0.4\n0.5 0.2 0.3 0.4\n' },
    { name: 'MEME non-numeric', file: 'bad3.meme', motif: 'M1', line: 4, re: /number/,
      text: 'MEME version 4\nMOTIF M1\nletter-probability matrix: alength= 4 w= 1\n0.1 0.2 abc 0.4\n' },
    { name: 'MEME empty motif', file: 'bad4.meme', motif: 'M1', line: 2, re: /empty motif/,
      text: 'MEME version 4\nMOTIF M1\nMOTIF M2\nletter-probability matrix: alength= 4 w= 1\n0.1 0.2 0.3 0.4\n' },
    { name: 'JASPAR negative count', file: 'bad.jaspar', motif: 'MA2', line: 8, re: /non-negative/,
      text: '>MA1 a\nA [1 2]\nC [1 2]\nG [1 2]\nT [1 2]\n>MA2 b\nA [1 2]\nC [1 -2]\nG [1 2]\nT [1 2]\n' },
    { name: 'JASPAR wrong row count', file: 'bad2.jaspar', motif: 'MA1', line: 4, re: /expected 4 rows/,
      text: '>MA1 a\nA [1 2]\nC [1 2]\nG [1 2]\n' },
    { name: 'JASPAR ragged rows', file: 'bad3.jaspar', motif: 'MA1', line: 4, re: /ragged/,
      text: '>MA1 a\nA [1 2]\nC [1 2]\nG [1 2 3]\nT [1 2]\n' },
    { name: 'JASPAR empty motif', file: 'bad4.jaspar', motif: 'MA1', line: 1, re: /empty motif/,
      text: '>MA1 a\nA [ ]\nC [ ]\nG [ ]\nT [ ]\n' },
    { name: 'TRANSFAC non-numeric', file: 'bad.transfac', motif: 'MA9', line: 11, re: /number/,
      text: 'AC MA8\nID x\nP0 A C G T\n01 1 2 3 4\nXX\n//\nAC MA9\nID y\nP0 A C G T\n01 1 2 3 4\n02 1 x 3 4\nXX\n//\n' },
    { name: 'TRANSFAC wrong row numbering', file: 'bad2.transfac', motif: 'MA9', line: 4, re: /row 2/,
      text: 'AC MA9\nP0 A C G T\n01 1 2 3 4\n03 1 2 3 4\n//\n' },
    { name: 'TRANSFAC empty motif', file: 'bad3.transfac', motif: 'MA9', line: 4, re: /empty motif/,
      text: 'AC MA9\nID y\nXX\n//\n' },
    { name: 'TRANSFAC probabilities not summing to one', file: 'bad4.transfac', motif: 'MA9', line: 4, re: /summing to 1/,
      text: 'AC MA9\nP0 A C G T\n01 0.1 0.2 0.3 0.4\n02 0.1 0.2 0.3 0.2\n//\n' },
    { name: 'TRANSFAC zero column', file: 'bad5.transfac', motif: 'MA9', line: 4, re: /positive total/,
      text: 'AC MA9\nP0 A C G T\n01 1 2 3 4\n02 0 0 0 0\n//\n' },
    { name: 'HOMER wrong row width', file: 'bad.motif', motif: 'n1', line: 3, re: /expected 4 values/,
      text: '>AC\tn1\t5.0\n0.1 0.2 0.3 0.4\n0.5 0.5\n' },
    { name: 'HOMER not summing to one', file: 'bad2.motif', motif: 'n1', line: 2, re: /summing to 1/,
      text: '>AC\tn1\t5.0\n0.1 0.2 0.3 0.3\n' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      let got: unknown;
      let result: unknown;
      try { result = parseMotifs(c.text, { file: c.file }); } catch (e) { got = e; }
      expect(result).toBeUndefined();
      expect(got).toBeInstanceOf(MotifFormatError);
      const e = got as MotifFormatError;
      expect(e.file).toBe(c.file);
      expect(e.motif).toBe(c.motif);
      expect(e.line).toBe(c.line);
      expect(e.message).toMatch(c.re);
      expect(e.message).toContain(c.file);
    });
  }
  it('probabilities within tolerance are normalised', () => {
    const m = parseMeme('MEME version 4\nMOTIF a\nletter-probability matrix: alength= 4 w= 1\n0.1 0.2 0.3 0.405\n');
    expect(m[0].probs[0].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(() => parseHomer('>A\tb\t1\n0.1 0.2 0.3 0.405\n', { tolerance: 0.001 })).toThrow(MotifFormatError);
    expect(() => parseTransfac('AC x\nP0 A C G T\n01 1 2 3 4\n', { file: 'f' })).not.toThrow();
  });
});

describe('real databases', () => {
  const files: [string, number, string][] = [
    ['motifs/JASPAR2024_CORE_vertebrates_non-redundant.transfac.txt', 879, 'transfac'],
    ['motifs/JASPAR2020_CORE_vertebrates_non-redundant.meme.txt', 746, 'meme'],
    ['motifs/HOCOMOCO_v11_human.transfac.txt', 771, 'transfac'],
  ];
  for (const [f, n, fmt] of files) {
    it.skipIf(!hasData(f))(`loads ${f} (${n} motifs)` + (hasData(f) ? '' : ` — ${skipMsg(f)}`), () => {
      const text = readData(f);
      expect(detectMotifFormat(text)).toBe(fmt);
      const ms = parseMotifs(text, { file: f });
      expect(ms.length).toBe(n);
      for (const m of ms) for (const r of m.probs) expect(Math.abs(r.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
      // round trip the whole database through every writer
      for (const w of ['meme', 'jaspar', 'transfac', 'homer'] as const) expectClose(ms, parseMotifs(writeMotifs(ms, w)));
    });
  }
  const crp = 'meme/crp0.meme-4.10.1.output.txt';
  it.skipIf(!hasData(crp))('parses the letter-probability matrices of MEME text output', () => {
    const ms = parseMemeTextOutput(readData(crp), { file: crp });
    expect(ms.length).toBe(5);
    expect(ms[0]).toMatchObject({ id: '1', nsites: 17 });
    expect(ms[0].probs.length).toBe(19);
    expect(ms[0].probs[0][3]).toBeCloseTo(0.823529, 6);
  });
});
