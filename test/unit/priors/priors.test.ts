// Attribution priors (MODEL.md §3): the tfjs Fourier prior equals a literal evaluation of its formula
// (soft and hard cut-offs, with and without smoothing), its gradient matches finite differences, the
// TV prior equals its sum, the interpretability figures behave on known spectra, and the prior's
// gradient reaches the weights of every model kind through a gradient of a gradient.
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import {
  fourierPriorLoss, fourierPriorRef, tvPriorLoss, highFrequencyShare, attributionEntropy, gaussianTaps, fourierWeights,
  priorAttributions, priorLoss, defaultCutoff,
} from '../../../src/core/model/priors';
import { createModel, modelConfig } from '../../../src/core/model/registry';
import { DEFAULT_ARGMINN } from '../../../src/core/model/argminn';
import { oneHotBatch } from '../../../src/core/model/ops';

beforeAll(async () => { await tf.setBackend('cpu'); await tf.ready(); });

function lcg(seed: number) { let s = seed >>> 0; return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; }; }
const randVec = (L: number, seed: number) => { const u = lcg(seed); return Array.from({ length: L }, () => u() * 2); };

describe('Fourier prior', () => {
  it('uses 7 normalised Gaussian taps for σ = 3 and the soft cut-off weights of the spec', () => {
    const t = gaussianTaps(3);
    expect(t.length).toBe(7);
    expect(t.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(t[0] / t[3]).toBeCloseTo(Math.exp(-9 / 18), 12);
    const w = fourierWeights(100, 14, 0.2);
    expect(w[0]).toBe(0); expect(w[14]).toBe(1);
    expect(w[15]).toBeCloseTo(1 / (1 + 1), 12);
    expect(w[30]).toBeCloseTo(1 / (1 + Math.pow(16, 0.2)), 12);
    expect(fourierWeights(100, 14, null)[15]).toBe(0);
    expect(defaultCutoff(140)).toBe(20);
  });

  for (const [name, opts] of [
    ['defaults (T = L/7, c = 0.2, σ = 3)', {}],
    ['hard cut-off', { c: null, T: 9 }],
    ['no smoothing, c = 0.5', { sigma: 0, c: 0.5, T: 5 }],
  ] as const) {
    it(`equals the literal formula on fixed inputs: ${name}`, () => {
      const rows = [randVec(64, 1), randVec(64, 2), randVec(64, 3).map((v, i) => (i % 2 ? v : 0))];
      const want = rows.map((r) => fourierPriorRef(r, opts)).reduce((a, b) => a + b, 0) / rows.length;
      const got = tf.tidy(() => fourierPriorLoss(tf.tensor2d(rows), opts).dataSync()[0]);
      expect(Math.abs(got - want)).toBeLessThan(2e-5);
      expect(want).toBeGreaterThan(0); expect(want).toBeLessThan(1);
    });
  }

  it('its gradient matches central finite differences of the literal formula', () => {
    const a = randVec(40, 7);
    const g = tf.tidy(() => tf.grad((x: tf.Tensor) => fourierPriorLoss(x as tf.Tensor2D))(tf.tensor2d([a])).dataSync());
    const h = 1e-5;
    let worst = 0, scale = 0;
    for (let i = 0; i < a.length; i++) {
      const p = a.slice(), m = a.slice();
      p[i] += h; m[i] -= h;
      const fd = (fourierPriorRef(p) - fourierPriorRef(m)) / (2 * h);
      worst = Math.max(worst, Math.abs(fd - g[i]));
      scale = Math.max(scale, Math.abs(fd));
    }
    expect(scale).toBeGreaterThan(1e-4);
    expect(worst / scale).toBeLessThan(2e-3);
  });

  it('is lower for smooth attributions than for alternating ones', () => {
    const L = 70;
    const smooth = Array.from({ length: L }, (_, i) => Math.exp(-((i - 35) ** 2) / 50));
    const rough = Array.from({ length: L }, (_, i) => (i % 2 ? 1 : 0));
    expect(fourierPriorRef(smooth)).toBeLessThan(fourierPriorRef(rough));
  });
});

describe('TV prior and interpretability figures', () => {
  it('TV prior is the mean over rows of Σ|a_{i+1} − a_i|', () => {
    const rows = [[0, 1, 3, 2], [5, 5, 5, 0]];
    expect(tf.tidy(() => tvPriorLoss(tf.tensor2d(rows)).dataSync()[0])).toBeCloseTo((1 + 2 + 1 + 5) / 2, 5);
  });
  it('high-frequency share is 1 for a pure high frequency and 0 for a pure low one', () => {
    const L = 84, T = defaultCutoff(L);
    const hi = Array.from({ length: L }, (_, i) => 1 + Math.cos((2 * Math.PI * 30 * i) / L));
    const lo = Array.from({ length: L }, (_, i) => 1 + Math.cos((2 * Math.PI * 3 * i) / L));
    expect(highFrequencyShare(hi, T)).toBeCloseTo(1, 6);
    expect(highFrequencyShare(lo, T)).toBeCloseTo(0, 6);
  });
  it('entropy is log2(L) for flat attributions and near 0 for one spike', () => {
    expect(attributionEntropy(new Array(64).fill(1))).toBeCloseTo(6, 6);
    const spike = new Array(64).fill(0); spike[10] = 1000;
    expect(attributionEntropy(spike)).toBeLessThan(0.1);
  });
});

describe('prior gradient through input×gradient (gradient of a gradient)', () => {
  for (const kind of ['argminn', 'cnn', 'explainn'] as const) {
    it(`reaches the first-layer weights of ${kind}`, () => {
      const L = 64;
      const m = createModel(modelConfig(kind, 1, L, { ...DEFAULT_ARGMINN, S: 16 }), undefined, 3);
      const u = lcg(5);
      const seqs = Array.from({ length: 4 }, () => Uint8Array.from({ length: L }, () => Math.floor(u() * 4)));
      const x = tf.tensor3d(oneHotBatch(seqs, L), [4, L, 4]);
      const { value, grads } = tf.variableGrads(() => {
        const a = priorAttributions((xx) => m.forward(xx, true, true).logits, x);
        return priorLoss(a, { kind: 'fourier', lambda: 1 });
      }, m.trainable());
      expect(Number.isFinite(value.dataSync()[0])).toBe(true);
      const gw = grads[m.p('conv.w').name].dataSync();
      expect(gw.some((v) => v !== 0)).toBe(true);
      expect([...gw].every(Number.isFinite)).toBe(true);
      tf.dispose([x, value, ...Object.values(grads)]);
      m.dispose();
    });
  }
});
