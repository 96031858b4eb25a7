// Storey q-values (src/core/pwm/qvalue.ts): π₀ by the bootstrap choice of λ, q = π₀-scaled BH.
import { describe, it, expect } from 'vitest';
import { estimatePi0, storeyQValues, qValues } from '../../../src/core/pwm/qvalue';
import { bhQValues } from '../../../src/core/pwm/pvalue';
import { mulberry32 } from '../motifs/helpers';

describe('Storey q-values', () => {
  const rng = mulberry32(17);
  const uniform = Array.from({ length: 5000 }, () => rng());
  // 30% signal (p ~ U(0, 1e-3)), 70% null
  const mixed = Array.from({ length: 5000 }, (_, i) => (i < 1500 ? rng() * 1e-3 : rng()));

  it('π₀ ≈ 1 for null p-values, ≈ 0.7 with 30% signal; deterministic; 1 for ≤ 100 p-values', () => {
    expect(estimatePi0(uniform)).toBeGreaterThan(0.93);
    expect(estimatePi0(uniform)).toBeLessThanOrEqual(1);
    const pm = estimatePi0(mixed);
    expect(Math.abs(pm - 0.7)).toBeLessThan(0.05);
    expect(estimatePi0(mixed)).toBe(pm);
    const spread = mixed.filter((_, i) => i % 40 === 0); // 38 signal, 87 null
    expect(estimatePi0(spread.slice(0, 100))).toBe(1);
    expect(estimatePi0(spread.slice(0, 101))).toBeLessThan(1);
  });

  it('q = min over larger p of min(1, π₀·p·m/rank); BH when π₀ = 1', () => {
    const { q, pi0 } = storeyQValues(mixed);
    const order = mixed.map((_, i) => i).sort((a, b) => mixed[a] - mixed[b]);
    let run = 1;
    for (let r = order.length - 1; r >= 0; r--) {
      run = Math.min(run, Math.min(1, (pi0 * mixed[order[r]] * mixed.length) / (r + 1)));
      expect(q[order[r]]).toBeCloseTo(run, 14);
    }
    expect(Array.from(qValues(mixed.slice(0, 50), 'storey').q)).toEqual(Array.from(bhQValues(mixed.slice(0, 50))));
    expect(qValues(mixed, 'bh').pi0).toBe(1);
  });
});
