// Palindromic motifs (orientation not identifiable): hand-made E-box/GATA, and the JASPAR matrices of
// the paper's grammars — MAX's E-box must count as palindromic, GATA1, SPI1, CTCF and E2F6 must not.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPalindromic, rcSelfSimilarity } from '../../../src/core/pwm/palindrome';
import { parseMotifs } from '../../../src/core/pwm/formats';
import { sharedData } from '../data/helpers';

const pfm = (s: string, p = 0.9) => s.split('').map((ch) => [0, 1, 2, 3].map((b) => (ch === 'N' ? 0.25 : b === 'ACGT'.indexOf(ch) ? p : (1 - p) / 3)));
const jaspar24 = join(sharedData, 'motifs/JASPAR2024_CORE_vertebrates_non-redundant.transfac.txt');

describe('palindromic motifs', () => {
  it('hand-made: E-box and TTGCGCAA are palindromes; GATA and an SPI1 site are not; flat flanks do not count', () => {
    expect(isPalindromic(pfm('CACGTG'))).toBe(true);
    expect(isPalindromic(pfm('NNNCACGTGNNNN'))).toBe(true);
    expect(isPalindromic(pfm('TTGCGCAA'))).toBe(true);
    expect(isPalindromic(pfm('AGATAAGA'))).toBe(false);
    expect(isPalindromic(pfm('AAAAAGAGGAAGTG'))).toBe(false);
    expect(rcSelfSimilarity(pfm('CACGTG'))).toBeCloseTo(1, 6);
  });
  it.skipIf(!existsSync(jaspar24))('JASPAR 2024: MAX palindromic; GATA1, SPI1, CTCF, E2F6 not (needs ../shared/data/motifs)', () => {
    const lib = parseMotifs(readFileSync(jaspar24, 'utf8'), { file: 'jaspar2024' });
    const get = (base: string) => lib.find((m) => m.id.startsWith(base))!.probs;
    expect(isPalindromic(get('MA0058'))).toBe(true);
    for (const id of ['MA0035', 'MA0080', 'MA0139', 'MA0471']) expect(isPalindromic(get(id)), id).toBe(false);
  });
});
