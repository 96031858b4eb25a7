// Time left in a training run: "estimating" before the first epoch ends, then within a factor of
// 1.5 of the truth even when the first epoch carries a long start-up and later epochs slow down.
import { describe, it, expect } from 'vitest';
import { EpochEta } from '../../../src/core/train/eta';

describe('EpochEta', () => {
  it('says nothing before the first epoch ends', () => {
    const e = new EpochEta(0, 12, 0.1);
    expect(e.secondsLeft(0.05)).toBeNull();
    expect(e.secondsLeft(0.9)).toBeNull();
  });

  it('is within a factor of 1.5 after the first epoch on a run with a slow start and slower penalised epochs', () => {
    // 12 epochs: start-up of 40 s in the first steps of epoch 1, 10 s per warm-up epoch, 14 s once the penalties are on (epoch 4+)
    const dur = Array.from({ length: 12 }, (_, i) => (i === 0 ? 51 : i < 3 ? 10 : 14));
    const ends = dur.map((_, i) => dur.slice(0, i + 1).reduce((a, b) => a + b, 0) * 1000);
    const total = ends[ends.length - 1] / 1000;
    const e = new EpochEta(0, 12, 0.1);
    e.step(0.05, 41_000);
    e.step(0.15, 42_000); // the first tenth: start-up done, then 10 s per epoch
    e.step(0.5, 46_000);
    e.step(0.95, 50_500);
    for (let k = 0; k < 12; k++) {
      e.epochEnded(k + 1, ends[k]);
      for (const f of [0, 0.5]) {
        const x = k + 1 + f;
        if (x >= 12) continue;
        const now = ends[k] / 1000 + f * dur[k + 1];
        const truth = total - now;
        const est = e.secondsLeft(x)!;
        expect(est / truth).toBeGreaterThan(1 / 1.5);
        expect(est / truth).toBeLessThan(1.5);
      }
    }
  });
});
