// Metrics of labelled pairs equal a hand calculation (numbers worked out on paper / numpy), and the
// PWM baseline's best log-odds difference between alleles equals the hand-scored best site.
import { describe, it, expect } from 'vitest';
import { variantMetrics } from '../../../src/core/variants/metrics';
import { bestLogOdds, pwmDeltas } from '../../../src/core/variants/pwm-baseline';
import { encode } from '../../../src/core/seq/alphabet';

describe('metrics of labelled pairs', () => {
  it('bound-allele labels: sign accuracy over non-tied pairs, symmetrised auROC, point-biserial r', () => {
    const d = [0.3, -0.2, 0.1, -0.4, 0.0, 0.25], l = [1, -1, -1, 1, 1, 1];
    const m = variantMetrics(d, l, 'allele')!;
    expect(m.kind).toBe('allele');
    expect(m.n).toBe(6);
    expect(m.nTied).toBe(1);
    expect(m.signAccuracy).toBeCloseTo(3 / 5, 12);       // 0.3✓ −0.2✓ 0.1✗ −0.4✗ 0.25✓
    // positives {0.3,−0.4,0,0.25,0.2,−0.1} vs negatives = their negatives: 21.5 of 36 pairs ordered
    expect(m.auroc).toBeCloseTo(21.5 / 36, 12);
    expect(m.pearson).toBeCloseTo(0.16790868250832086, 10);
    // swapping which allele is called ref flips every Δ and label: the same figures
    const m2 = variantMetrics(d.map((x) => -x), l.map((x) => -x), 'allele')!;
    expect(m2.auroc).toBeCloseTo(m.auroc!, 12);
    expect(m2.signAccuracy).toBeCloseTo(m.signAccuracy!, 12);
  });

  it('measured effects: Pearson, Spearman, sign accuracy and auROC for a positive effect', () => {
    const d = [0.3, -0.2, 0.1, -0.4, 0.25], e = [1.0, -0.5, -0.1, 0.2, 0.6];
    const m = variantMetrics(d, e, 'effect')!;
    expect(m.kind).toBe('continuous');
    expect(m.pearson).toBeCloseTo(0.6356918932232091, 10);
    expect(m.spearman).toBeCloseTo(0.7, 12);               // Σd² = 6 → 1 − 36/120
    expect(m.signAccuracy).toBeCloseTo(0.6, 12);
    expect(m.auroc).toBeCloseTo(4 / 6, 12);                // positives 0.3, −0.4, 0.25 vs −0.2, 0.1
    expect(variantMetrics([1, 2], [1, -1], 'allele')).toBeNull();
  });

  it('0/1 labels (VCF path) still rank |Δ| and give no sign accuracy', () => {
    const m = variantMetrics([0.5, -0.4, 0.01, 0.02], [1, 1, 0, 0])!;
    expect(m.kind).toBe('binary');
    expect(m.auroc).toBe(1);
    expect(m.signAccuracy).toBeNull();
  });
});

describe('PWM baseline', () => {
  it('best log-odds over both strands; Δ = best(alt) − best(ref)', () => {
    const pwm = [[2, -1, -1, -1], [-1, 2, -1, -1], [-1, -1, -1, 2]]; // "ACT"
    expect(bestLogOdds(pwm, encode('GGACTGG'))).toBe(6);
    expect(bestLogOdds(pwm, encode('GGAGAGG'))).toBe(3);       // best is CCT on the − strand: −1 2 2
    expect(bestLogOdds(pwm, encode('GAGTGG'))).toBe(6);        // AGT read on − strand = ACT
    expect(bestLogOdds(pwm, encode('GNNNG'))).toBe(-0.75);     // N columns: mean −0.25 each
    const probs = [[0.97, 0.01, 0.01, 0.01], [0.01, 0.97, 0.01, 0.01], [0.01, 0.01, 0.01, 0.97]];
    const [dlt] = pwmDeltas({ name: 'ACT', probs }, [{ refSeq: encode('GGACTGG'), altSeq: encode('GGACCGG') }]);
    expect(dlt).toBeLessThan(-5);
  });
});
