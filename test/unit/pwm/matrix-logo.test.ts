import { describe, it, expect } from 'vitest';
import { withPseudocounts, logOdds, icKL, icShannon, revcompMotif, consensus, trimByIC, motifPasses, meanIC } from '../../../src/core/pwm/matrix';
import { logoSvg, logoLayout, GLYPHS } from '../../../src/core/pwm/logo';
import type { Motif } from '../../../src/core/pwm/types';

const oneHot = (s: string): number[][] => [...s].map((c) => [0, 1, 2, 3].map((b) => ('ACGT'[b] === c ? 1 : 0)));
const U = [0.25, 0.25, 0.25, 0.25];

describe('matrix utilities', () => {
  it('pseudocounts and log-odds follow MOTIFS.md', () => {
    const p = withPseudocounts([[1, 0, 0, 0]], { nsites: 20 });
    expect(p[0][0]).toBeCloseTo((20 + 0.025) / 20.1, 12);
    expect(p[0][1]).toBeCloseTo(0.025 / 20.1, 12);
    const m: Motif = { id: 'x', name: 'x', probs: [[1, 0, 0, 0]] };
    expect(logOdds(m)[0][0]).toBeCloseTo(Math.log2(p[0][0] / 0.25), 12); // N = 20 when unknown
  });
  it('IC: both forms', () => {
    expect(icKL([U])[0]).toBeCloseTo(0, 12);
    expect(icKL(oneHot('A'))[0]).toBeGreaterThan(1.95);
    expect(icShannon(oneHot('A'))[0]).toBe(2);
    expect(icShannon(oneHot('A'), 10)[0]).toBeCloseTo(2 - 3 / (2 * Math.LN2 * 10), 12);
  });
  it('reverse complement, consensus, trimming and the passes rule', () => {
    const m: Motif = { id: 'm', name: 'm', probs: [U, ...oneHot('TGACG'), [0.5, 0.5, 0, 0], U] };
    expect(consensus(m.probs)).toBe('NTGACGMN');
    expect(consensus(revcompMotif(m).probs)).toBe('NKCGTCAN');
    expect(revcompMotif(revcompMotif(m)).probs).toEqual(m.probs);
    const t = trimByIC(m);
    expect([t.start, t.end]).toEqual([1, 7]);
    const r = motifPasses(m);
    expect(r.length).toBe(6);
    expect(r.passes).toBe(true);
    expect(motifPasses({ id: 'w', name: 'w', probs: [U, ...oneHot('TGAC'), U] }).passes).toBe(false); // length 4
    const weak: Motif = { id: 'w', name: 'w', probs: Array.from({ length: 8 }, () => [0.4, 0.2, 0.2, 0.2]) };
    expect(meanIC(weak)).toBeLessThan(1);
    expect(motifPasses(weak).passes).toBe(false);
  });
});

describe('logo SVG', () => {
  const m: Motif = { id: 'm', name: 'm', probs: [[0.7, 0.1, 0.1, 0.1], U, [0, 0, 0.5, 0.5]] };
  it('stacks letters smallest at the bottom with heights p·IC', () => {
    const cols = logoLayout(m);
    const c0 = cols[0];
    expect(c0.letters.at(-1)!.base).toBe('A');
    expect(c0.letters[0].h).toBeLessThanOrEqual(c0.letters.at(-1)!.h);
    const tot = c0.letters.reduce((a, l) => a + l.h, 0);
    expect(tot).toBeCloseTo(icKL(m.probs)[0], 9);
    expect(cols[1].letters.reduce((a, l) => a + l.h, 0)).toBeCloseTo(0, 9);
    const pr = logoLayout(m, { scale: 'prob' });
    expect(pr[1].letters.reduce((a, l) => a + l.h, 0)).toBeCloseTo(1, 12);
    const rc = logoLayout(m, { strand: '-' });
    expect(rc[2].letters.at(-1)!.base).toBe('T');
  });
  it('produces deterministic SVG with path glyphs and the specified colours', () => {
    const a = logoSvg(m, { title: 'a<b' });
    expect(a).toBe(logoSvg(m, { title: 'a<b' }));
    expect(a.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(a).toContain('#CC0000');
    expect(a).toContain('a&lt;b');
    expect(a).not.toContain('<text>A');
    for (const g of Object.values(GLYPHS)) expect(g).toMatch(/^M[\d. LZM]+$/);
    expect(logoSvg(m, { scale: 'prob', strand: '-' })).toContain('#008000');
  });
});
