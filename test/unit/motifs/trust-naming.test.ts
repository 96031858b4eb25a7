// Ground truth for the trust verdict (informative AND used AND enriched, each failure named), the
// Fisher test it reads, naming by TF family from a ranking, and unique names — hand-made cases
// whose answers are known, including ones that must fail.
import { describe, it, expect } from 'vitest';
import { trustVerdict, type TrustInput } from '../../../src/core/motifs/trust';
import { fisherGreater } from '../../../src/core/motifs/fisher';
import { fisherGreater as strictFisher } from '../../../src/core/compare/strict';
import { nameFromMatches, uniqueNames, type NamingMatch } from '../../../src/core/motifs/naming';
import { motifDisplayName } from '../../../src/shared/motif-name';

const good: TrustInput = { trimStart: 2, trimEnd: 12, meanIC: 1.5, nSites: 400, firesPos: 300, firesNeg: 20, nPos: 1000, nNeg: 1000, unused: false };

describe('Fisher exact test (one implementation)', () => {
  it('matches hand-computed tails', () => {
    expect(fisherGreater(3, 0, 0, 3)).toBeCloseTo(1 / 20, 12); // C(6,3) = 20 tables, one as extreme
    // [[2,1],[1,2]]: P(X ≥ 2) = (C(3,2)C(3,1) + C(3,3)C(3,0)) / C(6,3) = (9 + 1) / 20
    expect(fisherGreater(2, 1, 1, 2)).toBeCloseTo(0.5, 12);
    expect(fisherGreater(0, 5, 5, 0)).toBe(1);
    expect(strictFisher).toBe(fisherGreater); // the strict evaluation reads the same function
  });
});

describe('trust verdict', () => {
  it('passes a motif that is informative, used and enriched, and shows its Fisher p', () => {
    const v = trustVerdict(good);
    expect(v.passes).toBe(true);
    expect(v.failed).toEqual([]);
    expect(v.fisherP!).toBeLessThan(1e-50);
    expect(v.reasons).toEqual([]);
  });
  it('fails "informative" on a low-IC motif (the GABPA-like filter with mean IC 0.91)', () => {
    const v = trustVerdict({ ...good, meanIC: 0.91 });
    expect(v.passes).toBe(false);
    expect(v.failed).toEqual(['informative']);
    expect(v.reasons[0]).toContain('0.91');
    expect(trustVerdict({ ...good, trimStart: 3, trimEnd: 7 }).failed).toEqual(['informative']); // 4 bp
    expect(trustVerdict({ ...good, trimStart: 3, trimEnd: 8 }).passes).toBe(true); // exactly 5 bp
  });
  it('fails "used" on a filter firing in 6 of 672 positives (NFE2 case) and on fewer than 20 sites', () => {
    const v = trustVerdict({ ...good, firesPos: 6, nPos: 672, firesNeg: 0, nNeg: 672, nSites: 6 });
    expect(v.failed).toContain('used');
    expect(v.reasons.join(' ')).toContain('6 of 672');
    // 10 % of 100 positives but only 15 sites
    expect(trustVerdict({ ...good, firesPos: 10, nPos: 100, firesNeg: 0, nNeg: 100, nSites: 15 }).failed).toEqual(['used']); // enriched (p ≈ 0.001) but too few sites
    expect(trustVerdict({ ...good, nSites: 19 }).failed).toEqual(['used']);
    expect(trustVerdict({ ...good, nSites: 20 }).passes).toBe(true);
    // exactly 5 % of positives is enough
    expect(trustVerdict({ ...good, firesPos: 50, firesNeg: 5 }).passes).toBe(true);
    expect(trustVerdict({ ...good, firesPos: 49, firesNeg: 0 }).failed).toEqual(['used']);
  });
  it('fails "enriched" on a filter firing in 12 positives and 128 negatives (ELK1 case), with its p', () => {
    const v = trustVerdict({ ...good, firesPos: 12, nPos: 200, firesNeg: 128, nNeg: 200, nSites: 40 });
    expect(v.failed).toContain('enriched');
    expect(v.fisherP!).toBeGreaterThan(0.99);
    expect(v.reasons.join(' ')).toMatch(/Fisher p = /);
    expect(v.repressing).toBe(true); // 64 % of negatives vs 6 % of positives: said, but it does not pass
    expect(v.reasons.join(' ')).toMatch(/repressor/);
    expect(v.passes).toBe(false);
    // fires as often in negatives as in positives: not enriched even though used
    expect(trustVerdict({ ...good, firesNeg: 300 }).failed).toEqual(['enriched']);
  });
  it('cannot call a motif enriched without negatives, and says so', () => {
    const v = trustVerdict({ ...good, firesNeg: 0, nNeg: 0 });
    expect(v.failed).toEqual(['enriched']);
    expect(v.fisherP).toBeNull();
    expect(v.reasons[0]).toContain('no negatives');
  });
  it('an unused filter fails used and enriched', () => {
    expect(trustVerdict({ ...good, unused: true, firesPos: 0, firesNeg: 0, nSites: 0 }).failed).toEqual(['used', 'enriched']);
  });
});

const m = (targetName: string, family: string, q: number, tfClass = ''): NamingMatch => ({ targetId: `MA_${targetName}`, targetName, p: q / 10, q, family, tfClass });

describe('naming by TF family', () => {
  it('names the family most of the significant top matches share, listing its TFs in rank order', () => {
    const r = [m('ZNF175', 'More than 3 adjacent zinc fingers', 0.001), m('ELK4', 'Ets-related', 0.001, 'Tryptophan cluster factors'), m('GABPA', 'Ets-related', 0.002, 'Tryptophan cluster factors'),
      m('ELK1', 'Ets-related', 0.003, 'Tryptophan cluster factors'), m('FOXO1::ELK1', 'FOX; Ets-related', 0.004), m('ETV4', 'Ets-related', 0.2)];
    const id = nameFromMatches(r, 'CCGGAAGT');
    expect(id.family).toBe('Ets-related');
    expect(id.tfClass).toBe('Tryptophan cluster factors');
    expect(id.name).toBe('Ets-related (ELK4, GABPA, ELK1…)');
    expect(id.tfs).toEqual(['ELK4', 'GABPA', 'ELK1', 'FOXO1::ELK1']); // ETV4 has q 0.2: not significant
    expect(id.best!.name).toBe('ZNF175');
  });
  it('breaks a tie in votes by the better-ranked match', () => {
    const id = nameFromMatches([m('CTCF', 'More than 3 adjacent zinc fingers', 0.001), m('SPI1', 'Ets-related', 0.01)], 'X');
    expect(id.name).toBe('More than 3 adjacent zinc fingers (CTCF)');
  });
  it('without families names after the best match; without a significant match names the consensus', () => {
    expect(nameFromMatches([m('Spi1', '', 0.001)], 'AGAGGAAGT').name).toBe('Spi1-like');
    const none = nameFromMatches([m('Spi1', 'Ets-related', 0.3)], 'ACGTGCA');
    expect(none.name).toBe('ACGTGCA (no known match)');
    expect(none.significant).toBe(false);
    expect(none.best!.name).toBe('Spi1'); // still compared and shown
  });
  it('makes names unique and the display name prefers the user’s own', () => {
    expect(uniqueNames(['A', 'B', 'A', 'A'])).toEqual(['A', 'B', 'A #2', 'A #3']);
    expect(motifDisplayName({ userName: '  my ETS ', defaultName: 'Ets-related (ELK4)' })).toBe('my ETS');
    expect(motifDisplayName({ userName: null, defaultName: 'Ets-related (ELK4)' })).toBe('Ets-related (ELK4)');
    expect(motifDisplayName({ filterIndex: 2 })).toBe('Filter 3');
  });
});
