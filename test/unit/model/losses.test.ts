// Loss terms: overlap loss vs a float64 brute force of MODEL.md §1.2, and finite-difference gradients.
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { overlapLoss, l1Loss, bceWithLogits, attentionEntropy } from '../../../src/core/model/losses';

beforeAll(async () => { await tf.setBackend('cpu'); await tf.ready(); });

function rand(seed: number) { let s = seed >>> 0; return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; }; }

/** Direct evaluation of L_ovl (mean over n) in float64. r: B×L′×F, w: W×4×F. */
function bruteOverlap(r: Float64Array, B: number, Lp: number, F: number, w: Float64Array, W: number): number {
  const S = 2 * W - 1;
  const m = (f: number, k: number) => { let s = 0; for (let c = 0; c < 4; c++) s += Math.abs(w[k * 4 * F + c * F + f]); return s; };
  const A = (f: number, d: number) => { let s = 0; for (let k = Math.max(0, d); k <= W - 1 - Math.max(0, -d); k++) s += m(f, k); return s; };
  const Bf = (f: number, d: number) => A(f, -d);
  let l1 = 0; for (const x of w) l1 += Math.abs(x);
  const R = (n: number, i: number, f: number) => (i < 0 || i >= Lp ? 0 : r[(n * Lp + i) * F + f]);
  let tot = 0;
  for (let n = 0; n < B; n++) {
    let ln = 0;
    for (let i = 0; i < Lp; i++) {
      let a = 0; for (let f = 1; f < F; f++) if (R(n, i, f) > R(n, i, a)) a = f;
      for (let f = 0; f < F; f++) {
        if (f === a) continue;
        for (let d = -(W - 1); d <= W - 1; d++) ln += R(n, i + d, f) * A(a, d) * Bf(f, d);
      }
    }
    tot += ln / (Lp * F * S) / l1;
  }
  return tot / B;
}

describe('overlap loss', () => {
  for (const [B, Lp, F, W] of [[3, 40, 5, 6], [2, 9, 4, 7], [2, 30, 8, 15]] as const) {
    it(`matches brute force (B=${B}, L′=${Lp}, F=${F}, W=${W}, incl. borders and zeros)`, () => {
      const u = rand(B * 1000 + Lp * 10 + F);
      const r = new Float64Array(B * Lp * F).map(() => (u() < 0.3 ? 0 : u() * 2));
      const w = new Float64Array(W * 4 * F).map(() => u() * 2 - 1);
      const want = bruteOverlap(r, B, Lp, F, w, W);
      const got = tf.tidy(() => overlapLoss(tf.tensor3d(Float32Array.from(r), [B, Lp, F]), tf.tensor3d(Float32Array.from(w), [W, 4, F])).dataSync()[0]);
      // inputs are float32-rounded on the tf side; compare against brute force of the same rounded values
      const want32 = bruteOverlap(Float64Array.from(Float32Array.from(r)), B, Lp, F, Float64Array.from(Float32Array.from(w)), W);
      expect(Math.abs(got - want32) / want32).toBeLessThan(1e-5);
      expect(Math.abs(got - want) / want).toBeLessThan(1e-5);
    });
  }
});

/** Central finite differences in float32 tf vs analytic gradient, on a few random coordinates. */
function checkGrad(f: (x: tf.Tensor) => tf.Scalar, x0: Float32Array, shape: number[], eps = 1e-2, tol = 2e-2) {
  const g = tf.tidy(() => tf.grad(f)(tf.tensor(x0, shape)).dataSync());
  const u = rand(7);
  for (let t = 0; t < 8; t++) {
    const j = Math.floor(u() * x0.length);
    const xp = x0.slice(), xm = x0.slice();
    xp[j] += eps; xm[j] -= eps;
    const fp = tf.tidy(() => f(tf.tensor(xp, shape)).dataSync()[0]);
    const fm = tf.tidy(() => f(tf.tensor(xm, shape)).dataSync()[0]);
    const fd = (fp - fm) / (2 * eps);
    expect(Math.abs(fd - g[j])).toBeLessThan(tol * Math.max(1e-3, Math.abs(fd), Math.abs(g[j])) + 1e-6);
  }
}

describe('loss gradients match finite differences', () => {
  const u = rand(3);
  it('BCE with logits', () => {
    const y = tf.tensor2d([1, 0, 1, 0, 1, 1], [3, 2]);
    checkGrad((x) => bceWithLogits(x, y), Float32Array.from({ length: 6 }, () => u() * 4 - 2), [3, 2], 1e-2, 1e-2);
  });
  it('L1 of conv weights', () => {
    checkGrad((x) => l1Loss(x), Float32Array.from({ length: 6 * 4 * 3 }, () => (u() < 0.5 ? -1 : 1) * (0.1 + u())), [6, 4, 3]);
  });
  it('overlap loss w.r.t. r and w (argmax held fixed)', () => {
    // well separated activations so the argmax does not flip under ±eps
    const B = 2, Lp = 12, F = 3, W = 5;
    const r0 = Float32Array.from({ length: B * Lp * F }, (_, i) => (i % F) * 2 + u() * 0.5 + 0.2 + (u() < 0.2 ? 3 : 0));
    const w0 = Float32Array.from({ length: W * 4 * F }, () => (u() < 0.5 ? -1 : 1) * (0.2 + u()));
    const wT = tf.tensor3d(w0, [W, 4, F]);
    checkGrad((x) => overlapLoss(x as tf.Tensor3D, wT), r0, [B, Lp, F], 1e-2, 2e-2);
    const rT = tf.tensor3d(r0, [B, Lp, F]);
    checkGrad((x) => overlapLoss(rT, x as tf.Tensor3D), w0, [W, 4, F], 1e-3, 3e-2);
  });
  it('attention entropy', () => {
    checkGrad((x) => attentionEntropy(tf.softmax(x) as tf.Tensor4D), Float32Array.from({ length: 2 * 1 * 2 * 10 }, () => u() * 2), [2, 1, 2, 10], 1e-2, 2e-2);
  });
});
