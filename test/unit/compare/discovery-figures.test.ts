// The importance-discovery baseline (compare/discovery-figures.ts) judged on a case whose answer is
// known: a "model" that scores a sequence by its best GATA1 log-odds match (soft maximum over
// positions and both strands) puts its importance on the planted GATA1 sites, so discovery must
// recover GATA1 against the whole JASPAR collection, with no extraneous motif, and its seqlets must
// find the planted sites. The must-fail case: the same data read by a model that scores CTCF —
// discovery may find something, but never GATA1.
import { describe, it, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { parseMotifs } from '../../../src/core/pwm/formats';
import { logOdds } from '../../../src/core/pwm/matrix';
import { discoveryFigures } from '../../../src/core/compare/discovery-figures';
import type { Motif } from '../../../src/core/pwm/types';
import { hasData, readData, skipMsg, mulberry32 } from '../motifs/helpers';

const J24 = 'motifs/JASPAR2024_CORE_vertebrates_non-redundant.transfac.txt';
const have = hasData(J24);
if (!have) console.warn(skipMsg(J24));

/** logit = log Σ over positions and strands of exp(log-odds score): differentiable, peaked on the best site. */
function pwmModel(m: Motif) {
  const lo = logOdds(m);
  const W = lo.length;
  const w = new Float32Array(W * 4 * 2);
  for (let k = 0; k < W; k++) for (let c = 0; c < 4; c++) { w[(k * 4 + c) * 2] = lo[k][c]; w[(k * 4 + c) * 2 + 1] = lo[W - 1 - k][3 - c]; }
  const filt = tf.tensor3d(w, [W, 4, 2]);
  return {
    config: { T: 1 },
    forward: (x: tf.Tensor3D) => ({ logits: tf.logSumExp(tf.reshape(tf.conv1d(x, filt, 1, 'valid'), [x.shape[0], -1]), 1, true) as tf.Tensor2D }),
  };
}

describe.skipIf(!have)('importance discovery judged with the strict definitions', () => {
  const lib = have ? parseMotifs(readData(J24), { file: J24 }) : [];
  const gata = lib.find((m) => m.name.toUpperCase() === 'GATA1')!;
  const ctcf = lib.find((m) => m.name.toUpperCase() === 'CTCF')!;
  const rng = mulberry32(11);
  const draw = (p: number[]) => { let u = rng(), c = 0; while (c < 3 && u >= p[c]) { u -= p[c]; c++; } return c; };
  const seqs: Uint8Array[] = [], truth: { seq: number; start: number; end: number }[] = [];
  for (let i = 0; i < 100; i++) {
    const s = Uint8Array.from({ length: 100 }, () => Math.floor(rng() * 4));
    let site = gata.probs.map(draw);
    if (rng() < 0.5) site = site.reverse().map((c) => 3 - c);
    const start = 10 + Math.floor(rng() * (100 - 20 - site.length));
    s.set(site, start);
    seqs.push(s);
    truth.push({ seq: 1000 + i, start, end: start + site.length });
  }
  const idx = seqs.map((_, i) => 1000 + i);
  const planted = [{ id: gata.id, name: gata.name, probs: gata.probs }];

  it('a model that reads GATA1: GATA1 recovered, nothing extraneous, its seqlets find the planted sites', async () => {
    await tf.setBackend('cpu');
    const fig = await discoveryFigures(pwmModel(gata), seqs, idx, truth, lib, planted);
    expect(fig.note).toBeNull();
    expect(fig.passing).toBeGreaterThan(0);
    expect(fig.recovery).toMatchObject({ recovered: 1, total: 1, extraneous: 0 });
    expect(fig.recovery!.redundancy).toBeLessThanOrEqual(1.5);
    // (measured 0.62: where a sampled site is weak, a chance match elsewhere wins the soft maximum)
    expect(fig.instances!.recallAtN).toBeGreaterThan(0.5);
  }, 120_000);

  it('a model that reads CTCF on the same data does not recover GATA1', async () => {
    await tf.setBackend('cpu');
    const fig = await discoveryFigures(pwmModel(ctcf), seqs.slice(0, 60), idx.slice(0, 60), truth.slice(0, 60), lib, planted);
    expect(fig.recovery?.recovered ?? 0).toBe(0);
  }, 120_000);
});
