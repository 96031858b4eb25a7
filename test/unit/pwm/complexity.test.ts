// Low-complexity calls on hand-made motifs whose answer is known: runs and short repeats are caught;
// real binding sites (E-box, GATA, CTCF-like, SPI1) are not, including A-rich ones that are not runs.
import { describe, it, expect } from 'vitest';
import { lowComplexity } from '../../../src/core/pwm/complexity';

const pfm = (s: string, p = 0.85) => s.split('').map((ch) => [0, 1, 2, 3].map((b) => (b === 'ACGT'.indexOf(ch) ? p : (1 - p) / 3)));

describe('low-complexity motifs', () => {
  it('catches runs and tandem repeats', () => {
    expect(lowComplexity(pfm('AAAAAAAAAA'))).toMatch(/mostly A/);
    expect(lowComplexity(pfm('TTTTTTTGTT'))).toMatch(/mostly T/);
    expect(lowComplexity(pfm('ACACACACAC'))).toMatch(/period 2/);
    expect(lowComplexity(pfm('AATAATAATAAT'))).toMatch(/mostly A|period 3/);
    expect(lowComplexity(pfm('GGCGGCGGCGGC'))).toMatch(/mostly G|period 3/);
  });
  it('leaves binding sites alone', () => {
    for (const site of ['CACGTG', 'AGATAAGA', 'CCGCGNGGNGGCAG'.replace(/N/g, 'A'), 'AAAAAGAGGAAGTGAAA', 'TGACTCA', 'TTGCGCAA', 'GGAAGTGA'])
      expect(lowComplexity(pfm(site)), site).toBeNull();
  });
  it('judges only the trimmed span when given', () => {
    const m = pfm('AAAAACACGTGCAGT');
    expect(lowComplexity(m)).toBeNull();
    expect(lowComplexity(m, 0, 5)).toMatch(/mostly A/);
  });
});
