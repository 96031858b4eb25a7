// ARGMINN forward: parameter count, the folded attention equals a literal MODEL.md §1.3 implementation,
// gradient of a gradient (input×gradient) runs, wasm backend gives the same step as cpu, serialisation.
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Argminn, DEFAULT_ARGMINN, countParams, positionalEncoding, releasedStreamStart, type ArgminnConfig } from '../../../src/core/model/argminn';
import { oneHotBatch } from '../../../src/core/model/ops';
import { serializeModel, deserializeModel, predictBatches } from '../../../src/core/model/infer';
import { lossAndGrads } from '../../../src/core/model/objective';
import { registerWasm } from '../../../src/core/model/backend';

beforeAll(async () => { await tf.setBackend('cpu'); await tf.ready(); });

function randSeqs(n: number, L: number, seed = 1): Uint8Array[] {
  let s = seed;
  const u = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; };
  return Array.from({ length: n }, () => Uint8Array.from({ length: L }, () => (u() < 0.02 ? 4 : Math.floor(u() * 4))));
}

/** Literal §1.3 forward: tokens, separate q/k/v projections, per-head softmax, concat, W_o, MLP, LN (released variant: k = v, random stream start). */
function naiveForward(m: Argminn, x: tf.Tensor3D, training: boolean) {
  const c = m.config, P = (n: string) => m.p(n) as tf.Tensor;
  const B = x.shape[0], Lp = x.shape[1] - c.W + 1, hd = c.H / c.NH;
  const r = tf.relu(tf.add(tf.conv1d(x, P('conv.w') as tf.Tensor3D, 1, 'valid'), P('conv.b')));
  const { mean, variance } = training ? tf.moments(r, [0, 1]) : { mean: m.bnRunMean, variance: m.bnRunVar };
  const bn = tf.add(tf.mul(tf.div(tf.sub(r, mean), tf.sqrt(tf.add(variance, 1e-5))), P('bn.g')), P('bn.b'));
  const pe = tf.broadcastTo(tf.tensor2d(positionalEncoding(Lp, c.P), [Lp, c.P]), [B, Lp, c.P]);
  const z = tf.concat([bn, pe], 2);
  const xt = tf.add(tf.matMul(tf.reshape(z, [B * Lp, c.F + c.P]), P('tok.w')), P('tok.b'));
  const ln = (v: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => { const mo = tf.moments(v, -1, true); return tf.add(tf.mul(tf.div(tf.sub(v, mo.mean), tf.sqrt(tf.add(mo.variance, 1e-5))), g), b); };
  let s: tf.Tensor = c.released ? tf.tile(tf.tensor2d(releasedStreamStart(c.S), [1, c.S]), [B, 1]) : tf.ones([B, c.S]);
  const atts: tf.Tensor[] = [];
  for (let l = 0; l < c.nL; l++) {
    const p = `L${l}.`;
    const q = tf.reshape(tf.add(tf.matMul(s as tf.Tensor2D, P(p + 'q.w') as tf.Tensor2D), P(p + 'q.b')), [B, c.NH, 1, hd]);
    const v = tf.transpose(tf.reshape(tf.add(tf.matMul(xt, P(p + 'v.w')), P(p + 'v.b')), [B, Lp, c.NH, hd]), [0, 2, 1, 3]);
    const k = c.released ? v : tf.transpose(tf.reshape(tf.add(tf.matMul(xt, P(p + 'k.w')), P(p + 'k.b')), [B, Lp, c.NH, hd]), [0, 2, 1, 3]);
    const a = tf.softmax(tf.div(tf.reshape(tf.matMul(q, k, false, true), [B, c.NH, Lp]), Math.sqrt(hd)));
    atts.push(a);
    const o = tf.reshape(tf.matMul(tf.reshape(a, [B, c.NH, 1, Lp]), v), [B, c.H]);
    const oo = tf.add(tf.matMul(o, P(p + 'o.w')), P(p + 'o.b'));
    const h = tf.relu(tf.add(tf.matMul(ln(oo, P(p + 'lnH.g'), P(p + 'lnH.b')) as tf.Tensor2D, P(p + 'mlp1.w') as tf.Tensor2D), P(p + 'mlp1.b')));
    const d = ln(tf.add(tf.matMul(h as tf.Tensor2D, P(p + 'mlp2.w') as tf.Tensor2D), P(p + 'mlp2.b')), P(p + 'lnS.g'), P(p + 'lnS.b'));
    s = tf.add(s, d);
  }
  const logits = tf.add(tf.matMul(ln(s, P('head.ln.g'), P('head.ln.b')) as tf.Tensor2D, P('out.w') as tf.Tensor2D), P('out.b'));
  return { logits, r, attention: tf.stack(atts, 1) };
}

function maxRel(a: Float32Array | Int32Array | Uint8Array, b: Float32Array | Int32Array | Uint8Array) {
  let m = 0, s = 0;
  for (let i = 0; i < a.length; i++) { m = Math.max(m, Math.abs(a[i] - b[i])); s = Math.max(s, Math.abs(b[i])); }
  return m / Math.max(s, 1e-12);
}

describe('ARGMINN model', () => {
  it('parameter count at the defaults (separate W_k): 14,585; 13,529 with k = v as in the PyTorch peer', () => {
    expect(countParams(DEFAULT_ARGMINN)).toBe(14585);
    expect(countParams(DEFAULT_ARGMINN) - (32 * 32 + 32)).toBe(13529);
    expect(countParams({ ...DEFAULT_ARGMINN, released: true })).toBe(13529);
  });

  for (const cfg of [DEFAULT_ARGMINN, { ...DEFAULT_ARGMINN, F: 5, W: 7, H: 12, NH: 3, S: 20, nL: 2, T: 3 }, { ...DEFAULT_ARGMINN, released: true }, { ...DEFAULT_ARGMINN, F: 5, W: 7, H: 12, NH: 3, S: 20, nL: 2, T: 3, released: true }] as ArgminnConfig[]) {
    it(`folded attention equals the literal formulation (nL=${cfg.nL}, T=${cfg.T}${cfg.released ? ', released variant: k = v, random stream start' : ''})`, () => {
      const m = new Argminn(cfg, undefined, 5);
      // non-trivial BN running stats and LN gains
      m.bnRunMean.assign(tf.fill([cfg.F], 0.3)); m.bnRunVar.assign(tf.fill([cfg.F], 2));
      m.p('bn.g').assign(tf.randomUniform([cfg.F], 0.5, 1.5, 'float32', 3)); m.p('bn.b').assign(tf.randomUniform([cfg.F], -0.5, 0.5, 'float32', 4));
      const seqs = randSeqs(6, 60, 9);
      tf.tidy(() => {
        const x = tf.tensor3d(oneHotBatch(seqs, 60), [6, 60, 4]);
        for (const training of [true, false]) {
          const a = m.forward(x, training), b = naiveForward(m, x, training);
          expect(a.logits.shape).toEqual([6, cfg.T]);
          expect(a.attention.shape).toEqual([6, cfg.nL, cfg.NH, 60 - cfg.W + 1]);
          expect(a.r.shape).toEqual([6, 60 - cfg.W + 1, cfg.F]);
          expect(maxRel(a.logits.dataSync(), b.logits.dataSync())).toBeLessThan(1e-4);
          expect(maxRel(a.attention.dataSync(), b.attention.dataSync())).toBeLessThan(1e-4);
        }
      });
      m.dispose();
    });
  }

  it('gradient of a gradient runs through input×gradient (attribution-prior path)', () => {
    const m = new Argminn({ ...DEFAULT_ARGMINN, S: 16 }, undefined, 2);
    const seqs = randSeqs(3, 40, 4);
    const x = tf.tensor3d(oneHotBatch(seqs, 40), [3, 40, 4]);
    const vars = m.trainable();
    const { value, grads } = tf.variableGrads(() => {
      const gx = tf.grad((xx: tf.Tensor) => tf.sum(m.forward(xx as tf.Tensor3D, true, true).logits))(x);
      const attr = tf.sum(tf.abs(tf.mul(gx, x)), -1);        // a_i = Σ_c |A_ic|
      return tf.sum(tf.square(tf.sub(attr.slice([0, 1], [3, 39]), attr.slice([0, 0], [3, 39])))) as tf.Scalar;
    }, vars);
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    const gw = grads['' + m.p('conv.w').name].dataSync();
    expect(gw.some((v) => v !== 0)).toBe(true);
    expect([...gw].every(Number.isFinite)).toBe(true);
    m.dispose();
  });

  it('wasm backend computes the same loss and gradients as cpu', async () => {
    const seqs = randSeqs(8, 80, 11);
    const run = () => {
      const m = new Argminn(DEFAULT_ARGMINN, undefined, 3);
      const out = tf.tidy(() => {
        const x = tf.tensor3d(oneHotBatch(seqs, 80), [8, 80, 4]);
        const y = tf.tensor2d([1, 0, 1, 0, 1, 0, 1, 0], [8, 1]);
        const r = lossAndGrads(m, x, y, { ovl: 10, l1: 1e-3, ent: 0.1 });
        return [r.parts, ...r.grads].map((t) => tf.keep(t));
      });
      const data = out.map((t) => t.dataSync().slice());
      tf.dispose(out); m.dispose();
      return data;
    };
    const cpu = run();
    await registerWasm(1);
    await tf.setBackend('wasm');
    try {
      const wasm = run();
      const errs = cpu.map((c, i) => maxRel(wasm[i], c));
      expect(errs[0]).toBeLessThan(1e-5); // loss parts
      for (const e of errs) expect(e).toBeLessThan(1e-2); // float32 summation order differs
      console.log("wasm vs cpu max rel err per tensor", errs.map((e) => e.toExponential(1)).join(" "));
    } finally { await tf.setBackend('cpu'); }
  });

  it('serialize / deserialize round-trips config, weights and BN stats; streamed inference', async () => {
    const m = new Argminn({ ...DEFAULT_ARGMINN, T: 2 }, undefined, 8);
    m.bnRunMean.assign(tf.fill([8], 0.7));
    const blob = await serializeModel(m, { name: 'test' });
    expect(blob.byteLength).toBeLessThan(14585 * 4 + 4096);
    const { model: m2, meta } = deserializeModel(blob);
    expect(meta).toEqual({ name: 'test' });
    const seqs = [...randSeqs(5, 50, 1), ...randSeqs(3, 30, 2)];
    const a: Float32Array[] = [], b: Float32Array[] = [];
    for await (const p of predictBatches(m, seqs, { batchSize: 4, withR: true, withAttention: true })) {
      a.push(p.probs);
      expect(p.r!.length).toBe(p.count * (p.L - 14) * 8);
      expect(p.attention!.length).toBe(p.count * 1 * 4 * (p.L - 14));
    }
    for await (const p of predictBatches(m2, seqs, { batchSize: 4 })) b.push(p.probs);
    expect(a.length).toBe(3); // 4 + 1 (length change) + 3
    expect(a.map((x) => [...x])).toEqual(b.map((x) => [...x]));
    m.dispose(); m2.dispose();
  });
});
