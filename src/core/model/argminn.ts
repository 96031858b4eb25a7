// ARGMINN (MODEL.md §1): one-hot → conv scanner (r = motif activations) → BN → tokens [BN(r); PE]
// → memory-stream attention layers → logits. Own parameter store of tf.Variables (no tf.layers).
//
// Speed: the attention is evaluated in an algebraically folded but exact form. Because every query
// comes from the stream and keys/values are affine in the tokens, q·k_j = (W_t W_k,h q_h)·z_j + c_h
// (c_h constant over j cancels in the softmax), and Σ_j α_j v_j = W_v(W_t(Σ_j α_j z_j) + b_t) + b_v
// since Σ_j α_j = 1. BN(r) = g⊙r + c per channel, so neither the B×L′×H token matrix nor BN(r) is
// ever materialised; per-position work is r @ (B×F×NH) and α @ r. Gradients are exact (autodiff of
// the same function); every op used is twice differentiable.
import * as tf from '@tensorflow/tfjs';
import { corr1d, layerNorm } from './ops';
import { TrainRng } from '../seq/random';
import { ParamModel, type ParamSpec } from './param-model';

export interface ArgminnConfig {
  F: number; W: number; H: number; NH: number; S: number; nL: number; T: number; P: number;
  /**
   * The authors' released variant (MODEL.md §6): no key projection — attention logits are q·v (the
   * value projection doubles as the key) — and the memory stream starts from a fixed random vector
   * instead of ones. Absent/false = MODEL.md §1.3.
   */
  released?: boolean;
}

/** The released variant's fixed stream start: uniform in ±√3 (unit variance) from a fixed seed, so it depends on S only and is never stored. */
export function releasedStreamStart(S: number): Float32Array {
  const rng = new TrainRng(0x5eed);
  return Float32Array.from({ length: S }, () => rng.uniform(-1, 1) * Math.sqrt(3));
}
export const DEFAULT_ARGMINN: ArgminnConfig = { F: 8, W: 15, H: 32, NH: 4, S: 128, nL: 1, T: 1, P: 16 };

export type { ParamSpec } from './param-model';

export function paramSpecs(c: ArgminnConfig): ParamSpec[] {
  const { F, W, H, S, T, P } = c;
  const u = (name: string, shape: number[], fanIn: number): ParamSpec => ({ name, shape, init: 'uniform', fanIn });
  const o = (name: string, n: number): ParamSpec => ({ name, shape: [n], init: 'ones', fanIn: 0 });
  const z = (name: string, n: number): ParamSpec => ({ name, shape: [n], init: 'zeros', fanIn: 0 });
  const specs: ParamSpec[] = [
    u('conv.w', [W, 4, F], 4 * W), u('conv.b', [F], 4 * W),
    o('bn.g', F), z('bn.b', F),
    u('tok.w', [F + P, H], F + P), u('tok.b', [H], F + P),
  ];
  for (let l = 0; l < c.nL; l++) {
    const p = `L${l}.`;
    specs.push(
      u(p + 'q.w', [S, H], S), u(p + 'q.b', [H], S),
      ...(c.released ? [] : [u(p + 'k.w', [H, H], H), u(p + 'k.b', [H], H)]),
      u(p + 'v.w', [H, H], H), u(p + 'v.b', [H], H),
      u(p + 'o.w', [H, H], H), u(p + 'o.b', [H], H),
      o(p + 'lnH.g', H), z(p + 'lnH.b', H),
      u(p + 'mlp1.w', [H, H], H), u(p + 'mlp1.b', [H], H),
      u(p + 'mlp2.w', [H, S], H), u(p + 'mlp2.b', [S], H),
      o(p + 'lnS.g', S), z(p + 'lnS.b', S),
    );
  }
  specs.push(o('head.ln.g', S), z('head.ln.b', S), u('out.w', [S, T], S), u('out.b', [T], S));
  return specs;
}

export function countParams(c: ArgminnConfig): number {
  return paramSpecs(c).reduce((a, s) => a + s.shape.reduce((x, y) => x * y, 1), 0);
}

export interface ForwardOut {
  logits: tf.Tensor2D;      // B×T
  r: tf.Tensor3D;           // B×L′×F (post-ReLU motif activations)
  attention: tf.Tensor4D;   // B×nL×NH×L′
  bnMean?: tf.Tensor1D;     // batch statistics used (training mode)
  bnVar?: tf.Tensor1D;
}

const peCache = new Map<string, tf.Tensor2D>();
/** Sinusoidal PE, P dims, base 1e4: angle = j / 1e4^(2⌊i/2⌋/P); sin on even i, cos on odd i. */
export function positionalEncoding(Lp: number, P: number): Float32Array {
  const pe = new Float32Array(Lp * P);
  for (let j = 0; j < Lp; j++)
    for (let i = 0; i < P; i++) {
      const ang = j / Math.pow(1e4, (2 * Math.floor(i / 2)) / P);
      pe[j * P + i] = i % 2 === 0 ? Math.sin(ang) : Math.cos(ang);
    }
  return pe;
}

export class Argminn extends ParamModel<ArgminnConfig> {
  private headMask: tf.Tensor2D;   // H×NH, 1 where dim belongs to head

  constructor(config: ArgminnConfig, weights?: Map<string, Float32Array>, rngOrSeed: TrainRng | number = 1) {
    const { F, H, NH } = config;
    if (H % NH !== 0) throw new Error(`H (${H}) must be divisible by NH (${NH})`);
    // one BatchNorm layer, "bn", on the F motif activations (running statistics bn.runMean / bn.runVar)
    super(config, paramSpecs(config), [['bn', F]], weights, rngOrSeed);
    const hm = new Float32Array(H * NH);
    const hd = H / NH;
    for (let d = 0; d < H; d++) hm[d * NH + Math.floor(d / hd)] = 1;
    this.headMask = tf.keep(tf.tensor2d(hm, [H, NH]));
  }

  /** BatchNorm running statistics (momentum 0.1, unbiased variance), used at inference. */
  get bnRunMean(): tf.Variable { return this.bns[0].mean; }
  get bnRunVar(): tf.Variable { return this.bns[0].variance; }

  private pe(Lp: number): tf.Tensor2D {
    const key = `${Lp}:${this.config.P}:${tf.getBackend()}`;
    let t = peCache.get(key);
    if (!t) { t = tf.keep(tf.tensor2d(positionalEncoding(Lp, this.config.P), [Lp, this.config.P])); peCache.set(key, t); }
    return t;
  }

  /** Conv scanner + ReLU: x B×L×4 → r B×L′×F. */
  scan(x: tf.Tensor3D, needInputGrad = false): tf.Tensor3D {
    return tf.relu(tf.add(corr1d(x, this.p('conv.w') as tf.Tensor3D, needInputGrad), this.p('conv.b'))) as tf.Tensor3D;
  }

  /**
   * Forward pass. x: B×L×4 one-hot (float). training → BN uses batch statistics (returned as
   * bnMean/bnVar for the caller to fold into the running stats via updateBnStats).
   */
  forward(x: tf.Tensor3D, training: boolean, needInputGrad = false): ForwardOut {
    const { F, H, NH, S, P, nL } = this.config;
    const B = x.shape[0], L = x.shape[1];
    const Lp = L - this.config.W + 1;
    if (Lp < 1) throw new Error(`sequence length ${L} is shorter than the filter width ${this.config.W}`);
    const hd = H / NH;
    const r = this.scan(x, needInputGrad);
    let mean: tf.Tensor1D, variance: tf.Tensor1D;
    if (training) {
      const m = tf.moments(r, [0, 1]);
      mean = m.mean as tf.Tensor1D; variance = m.variance as tf.Tensor1D;
    } else { mean = this.bnRunMean as tf.Tensor1D; variance = this.bnRunVar as tf.Tensor1D; }
    // BN(r) = g ⊙ r + c
    const g = tf.mul(this.p('bn.g'), tf.rsqrt(tf.add(variance, this.bnEps)));      // F
    const c = tf.sub(this.p('bn.b'), tf.mul(mean, g));                              // F
    const pe = this.pe(Lp);                                                          // L′×P
    const Wt = this.p('tok.w'), bt = this.p('tok.b');
    let s: tf.Tensor2D = this.config.released ? tf.tile(tf.tensor2d(releasedStreamStart(S), [1, S]), [B, 1]) : tf.ones([B, S]);
    const keyW = this.config.released ? 'v.w' : 'k.w';
    const atts: tf.Tensor3D[] = [];
    for (let l = 0; l < nL; l++) {
      const pr = `L${l}.`;
      const q = tf.add(tf.matMul(s, this.p(pr + 'q.w')), this.p(pr + 'q.b'));     // B×H
      // Qh[b,h,:] = q_b restricted to head h's dims (B×NH×H)
      const Qh = tf.mul(tf.reshape(q, [B, 1, H]), tf.reshape(tf.transpose(this.headMask), [1, NH, H]));
      const U = tf.matMul(tf.reshape(Qh, [B * NH, H]), this.p(pr + keyW), false, true); // (B·NH)×H = (W_k,h q_h)ᵀ (released: W_v)
      const Wz = tf.matMul(U, Wt, false, true);                                    // (B·NH)×(F+P) = (W_t W_k,h q_h)ᵀ
      const wr = tf.mul(tf.reshape(tf.slice(Wz, [0, 0], [B * NH, F]), [B, NH, F]), g); // fold BN gain
      const wpe = tf.slice(Wz, [0, F], [B * NH, P]);
      const logits = tf.add(
        tf.matMul(wr, r, false, true),                                            // B×NH×L′
        tf.reshape(tf.matMul(wpe, pe, false, true), [B, NH, Lp]),
      );
      const alpha = tf.softmax(tf.mul(logits, 1 / Math.sqrt(hd))) as tf.Tensor3D;  // B×NH×L′
      atts.push(alpha);
      const poolR = tf.add(tf.mul(tf.matMul(alpha, r), g), c);                     // B×NH×F = Σ α BN(r)
      const poolPe = tf.reshape(tf.matMul(tf.reshape(alpha, [B * NH, Lp]), pe), [B, NH, P]);
      const zbar = tf.reshape(tf.concat([poolR, poolPe], 2), [B * NH, F + P]);
      const xbar = tf.add(tf.matMul(zbar, Wt), bt);                                // (B·NH)×H
      const vbar = tf.add(tf.matMul(xbar, this.p(pr + 'v.w')), this.p(pr + 'v.b'));
      const ocat = tf.sum(tf.mul(tf.reshape(vbar, [B, NH, H]), tf.reshape(tf.transpose(this.headMask), [1, NH, H])), 1); // B×H
      const o = tf.add(tf.matMul(ocat, this.p(pr + 'o.w')), this.p(pr + 'o.b'));
      const h1 = layerNorm(o, this.p(pr + 'lnH.g'), this.p(pr + 'lnH.b'));
      const h2 = tf.relu(tf.add(tf.matMul(h1 as tf.Tensor2D, this.p(pr + 'mlp1.w')), this.p(pr + 'mlp1.b')));
      const h3 = tf.add(tf.matMul(h2 as tf.Tensor2D, this.p(pr + 'mlp2.w')), this.p(pr + 'mlp2.b'));
      const delta = layerNorm(h3, this.p(pr + 'lnS.g'), this.p(pr + 'lnS.b'));
      s = tf.add(s, delta) as tf.Tensor2D;
    }
    const hs = layerNorm(s, this.p('head.ln.g'), this.p('head.ln.b')) as tf.Tensor2D;
    const out = tf.add(tf.matMul(hs, this.p('out.w')), this.p('out.b')) as tf.Tensor2D;
    const attention = tf.stack(atts, 1) as tf.Tensor4D;
    return training ? { logits: out, r, attention, bnMean: mean, bnVar: variance } : { logits: out, r, attention };
  }

  /** Fold a batch's BN statistics into the running ones; `count` = elements per filter in the batch (B·L′), for the unbiased variance. */
  override updateBnStats(mean: tf.Tensor1D, variance: tf.Tensor1D, count: number): void {
    this.bns[0].count = count;
    super.updateBnStats(mean, variance);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    super.dispose();
    this.headMask.dispose();
  }
}
