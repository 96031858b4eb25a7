// Baseline "standard CNN" of MODEL.md §2: 3 conv layers (8 filters each, widths 10/5/5; ReLU then
// BatchNorm), max-pool 40 (ceil mode: a trailing partial window is kept), dense 10 → 5 (ReLU + BN each) → one logit per task. Its motifs are read
// from the first-layer filters exactly like ARGMINN's (r = ReLU(conv1(X)) is returned as the motif
// activation). The "cnn_reg" ablation is this model trained with the overlap + L1 regularisers.
//
// Also the small parameter-store base class shared by the baseline models (ExplaiNN extends it):
// same surface as Argminn (p, trainable, specs, forward → {logits, r, bnMean, bnVar}, updateBnStats,
// get/setWeights, dispose) so the one trainer, inference and motif extraction drive any of them.
// Every op is twice differentiable (corr1d for convolutions, max-pool as reshape + max) so the
// attribution priors can train through input gradients on every backend.
import * as tf from '@tensorflow/tfjs';
import { corr1d } from './ops';
import { TrainRng } from '../seq/random';
import type { ParamSpec } from './argminn';

export interface BaselineForward {
  logits: tf.Tensor2D;
  r: tf.Tensor3D;
  attention?: undefined;
  bnMean?: tf.Tensor1D;
  bnVar?: tf.Tensor1D;
}

/** One BatchNorm layer's running statistics and the element count of its last training batch. */
interface BnLayer { name: string; size: number; mean: tf.Variable; variance: tf.Variable; count: number }

export abstract class ParamModel<C extends { T: number; W: number; F: number }> {
  readonly config: C;
  readonly params = new Map<string, tf.Variable>();
  readonly specs: ParamSpec[];
  readonly bnMomentum = 0.1;
  readonly bnEps = 1e-5;
  protected bns: BnLayer[] = [];
  private disposed = false;

  constructor(config: C, specs: ParamSpec[], bnSizes: [string, number][], weights?: Map<string, Float32Array>, rngOrSeed: TrainRng | number = 1) {
    this.config = { ...config };
    this.specs = specs;
    const rng = typeof rngOrSeed === 'number' ? new TrainRng(rngOrSeed) : rngOrSeed;
    for (const s of specs) {
      const n = s.shape.reduce((a, b) => a * b, 1);
      let v = weights?.get(s.name);
      if (v && v.length !== n) throw new Error(`weight ${s.name}: ${v.length} values, expected ${n}`);
      if (!v) {
        v = new Float32Array(n);
        if (s.init === 'ones') v.fill(1);
        else if (s.init === 'uniform') { const b = 1 / Math.sqrt(s.fanIn); for (let i = 0; i < n; i++) v[i] = rng.uniform(-b, b); }
      }
      this.params.set(s.name, tf.variable(tf.tensor(v, s.shape), true, `${this.constructor.name}/${s.name}/${Math.random().toString(36).slice(2)}`));
    }
    for (const [name, size] of bnSizes) {
      this.bns.push({
        name, size, count: 1,
        mean: tf.variable(tf.tensor1d(weights?.get(`${name}.runMean`) ?? new Float32Array(size)), false),
        variance: tf.variable(tf.tensor1d(weights?.get(`${name}.runVar`) ?? new Float32Array(size).fill(1)), false),
      });
    }
  }

  p(name: string): tf.Variable {
    const v = this.params.get(name);
    if (!v) throw new Error(`no parameter ${name}`);
    return v;
  }
  trainable(): tf.Variable[] { return this.specs.map((s) => this.p(s.name)); }

  /**
   * BatchNorm over every axis but the last. Training: batch statistics (pushed to `stats` for the
   * running update, with the element count); inference: running statistics.
   */
  protected bn(x: tf.Tensor, k: number, training: boolean, stats: tf.Tensor1D[][]): tf.Tensor {
    const layer = this.bns[k];
    let mean: tf.Tensor, variance: tf.Tensor;
    if (training) {
      const axes = x.shape.slice(0, -1).map((_, i) => i);
      const m = tf.moments(x, axes);
      mean = m.mean; variance = m.variance;
      stats.push([m.mean as tf.Tensor1D, m.variance as tf.Tensor1D]);
      layer.count = x.size / layer.size;
    } else { mean = layer.mean; variance = layer.variance; }
    const g = tf.mul(this.p(`${layer.name}.g`), tf.rsqrt(tf.add(variance, this.bnEps)));
    return tf.add(tf.mul(tf.sub(x, mean), g), this.p(`${layer.name}.b`));
  }

  /** All BN layers' batch statistics concatenated (the trainer passes them back to updateBnStats). */
  protected packStats(stats: tf.Tensor1D[][]): { bnMean: tf.Tensor1D; bnVar: tf.Tensor1D } {
    return { bnMean: tf.concat(stats.map((s) => s[0])) as tf.Tensor1D, bnVar: tf.concat(stats.map((s) => s[1])) as tf.Tensor1D };
  }

  /** Fold the last training batch's statistics into the running ones (momentum 0.1, unbiased variance). */
  updateBnStats(mean: tf.Tensor1D, variance: tf.Tensor1D, _count?: number): void {
    void _count;
    const m = this.bnMomentum;
    tf.tidy(() => {
      let off = 0;
      for (const l of this.bns) {
        const bm = tf.slice(mean, [off], [l.size]), bv = tf.slice(variance, [off], [l.size]);
        const unb = l.count > 1 ? l.count / (l.count - 1) : 1;
        l.mean.assign(tf.add(tf.mul(l.mean, 1 - m), tf.mul(bm, m)));
        l.variance.assign(tf.add(tf.mul(l.variance, 1 - m), tf.mul(bv, m * unb)));
        off += l.size;
      }
    });
  }

  abstract forward(x: tf.Tensor3D, training: boolean, needInputGrad?: boolean): BaselineForward;

  async getWeights(): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (const s of this.specs) out.set(s.name, (await this.p(s.name).data()) as Float32Array);
    for (const l of this.bns) {
      out.set(`${l.name}.runMean`, (await l.mean.data()) as Float32Array);
      out.set(`${l.name}.runVar`, (await l.variance.data()) as Float32Array);
    }
    return out;
  }
  getWeightsSync(): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    for (const s of this.specs) out.set(s.name, this.p(s.name).dataSync() as Float32Array);
    for (const l of this.bns) { out.set(`${l.name}.runMean`, l.mean.dataSync() as Float32Array); out.set(`${l.name}.runVar`, l.variance.dataSync() as Float32Array); }
    return out;
  }
  setWeights(w: Map<string, Float32Array>): void {
    // tidy: the temporary tensors holding the new values are freed once copied into the variables
    tf.tidy(() => {
      for (const s of this.specs) { const v = w.get(s.name); if (v) this.p(s.name).assign(tf.tensor(v, s.shape)); }
      for (const l of this.bns) {
        const rm = w.get(`${l.name}.runMean`), rv = w.get(`${l.name}.runVar`);
        if (rm) l.mean.assign(tf.tensor1d(rm));
        if (rv) l.variance.assign(tf.tensor1d(rv));
      }
    });
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const v of this.params.values()) v.dispose();
    for (const l of this.bns) { l.mean.dispose(); l.variance.dispose(); }
  }
}

/**
 * Non-overlapping max-pool along positions, "ceil mode" (like PyTorch's ceil_mode=True): a trailing
 * partial window is kept (padded with −10⁹, which never wins), so no position is ignored — with
 * floor mode a 40-wide pool on short sequences would silently drop up to 39 positions. x: B×L×C.
 */
export function maxPool1d(x: tf.Tensor3D, size: number): tf.Tensor3D {
  const [B, L, C] = x.shape;
  const n = Math.ceil(L / size);
  if (n < 1) throw new Error(`no positions left before a max-pool of ${size}: the sequences are too short for this model`);
  const t = n * size > L ? tf.concat([x, tf.fill([B, n * size - L, C], -1e9)], 1) : x;
  // max as Σ x·onehot(argmax): tf.max's gradient uses Equal, which has no gradient itself, so a
  // gradient of a gradient (attribution priors) would fail; argMax/oneHot/cast have zero gradients.
  const r = tf.reshape(t, [B, n, size, C]);
  const mask = tf.transpose(tf.cast(tf.oneHot(tf.argMax(r, 2), size), 'float32'), [0, 1, 3, 2]);
  return tf.sum(tf.mul(r, mask), 2) as tf.Tensor3D;
}

/** Number of pooled positions for an input of L positions (ceil mode). */
export const pooledLength = (L: number, size: number): number => Math.ceil(L / size);

export interface CnnConfig {
  T: number;
  /** Filters per conv layer (8). */
  F: number;
  /** First-layer width (10): the motif width read from its filters. */
  W: number;
  widths: [number, number, number];
  pool: number;
  dense: [number, number];
  /** Sequence length the dense layer was built for. */
  L: number;
}
export const DEFAULT_CNN: Omit<CnnConfig, 'T' | 'L'> = { F: 8, W: 10, widths: [10, 5, 5], pool: 40, dense: [10, 5] };

/** Shortest sequence the CNN can read: one full pooling window after three valid convolutions. */
export function cnnMinLength(c: Pick<CnnConfig, 'widths' | 'pool'> = DEFAULT_CNN): number {
  return c.widths.reduce((a, w) => a + w - 1, 0) + c.pool;
}

function cnnPooled(c: CnnConfig): number {
  const L3 = c.L - c.widths.reduce((a, w) => a + w - 1, 0);
  return pooledLength(L3, c.pool);
}

function cnnSpecs(c: CnnConfig): ParamSpec[] {
  const u = (name: string, shape: number[], fanIn: number): ParamSpec => ({ name, shape, init: 'uniform', fanIn });
  const bn = (name: string, n: number): ParamSpec[] => [{ name: name + '.g', shape: [n], init: 'ones', fanIn: 0 }, { name: name + '.b', shape: [n], init: 'zeros', fanIn: 0 }];
  const { F, widths: [w1, w2, w3], dense: [d1, d2], T } = c;
  const flat = cnnPooled(c) * F;
  return [
    u('conv.w', [w1, 4, F], 4 * w1), u('conv.b', [F], 4 * w1), ...bn('bn1', F),
    u('conv2.w', [w2, F, F], F * w2), u('conv2.b', [F], F * w2), ...bn('bn2', F),
    u('conv3.w', [w3, F, F], F * w3), u('conv3.b', [F], F * w3), ...bn('bn3', F),
    u('fc1.w', [flat, d1], flat), u('fc1.b', [d1], flat), ...bn('bn4', d1),
    u('fc2.w', [d1, d2], d1), u('fc2.b', [d2], d1), ...bn('bn5', d2),
    u('out.w', [d2, T], d2), u('out.b', [T], d2),
  ];
}

export class Cnn extends ParamModel<CnnConfig> {
  readonly kind = 'cnn' as const;
  constructor(config: CnnConfig, weights?: Map<string, Float32Array>, rngOrSeed: TrainRng | number = 1) {
    if (config.L < cnnMinLength(config)) throw new Error(`the standard CNN needs sequences of at least ${cnnMinLength(config)} bases (got ${config.L})`);
    super(config, cnnSpecs(config), [['bn1', config.F], ['bn2', config.F], ['bn3', config.F], ['bn4', config.dense[0]], ['bn5', config.dense[1]]], weights, rngOrSeed);
  }

  forward(x: tf.Tensor3D, training: boolean, needInputGrad = false): BaselineForward {
    const B = x.shape[0];
    if (x.shape[1] !== this.config.L) throw new Error(`this CNN reads sequences of ${this.config.L} bases, got ${x.shape[1]}`);
    const stats: tf.Tensor1D[][] = [];
    const conv = (h: tf.Tensor3D, k: string, dx: boolean) => tf.add(corr1d(h, this.p(k + '.w') as tf.Tensor3D, dx), this.p(k + '.b')) as tf.Tensor3D;
    const r = tf.relu(conv(x, 'conv', needInputGrad)) as tf.Tensor3D;
    let h = this.bn(r, 0, training, stats) as tf.Tensor3D;
    h = this.bn(tf.relu(conv(h, 'conv2', true)), 1, training, stats) as tf.Tensor3D;
    h = this.bn(tf.relu(conv(h, 'conv3', true)), 2, training, stats) as tf.Tensor3D;
    const pooled = maxPool1d(h, this.config.pool);
    const flat = tf.reshape(pooled, [B, pooled.shape[1] * pooled.shape[2]]) as tf.Tensor2D;
    let d = this.bn(tf.relu(tf.add(tf.matMul(flat, this.p('fc1.w')), this.p('fc1.b'))), 3, training, stats) as tf.Tensor2D;
    d = this.bn(tf.relu(tf.add(tf.matMul(d, this.p('fc2.w')), this.p('fc2.b'))), 4, training, stats) as tf.Tensor2D;
    const logits = tf.add(tf.matMul(d, this.p('out.w')), this.p('out.b')) as tf.Tensor2D;
    return training ? { logits, r, ...this.packStats(stats) } : { logits, r };
  }
}

export function countCnnParams(c: CnnConfig): number {
  return cnnSpecs(c).reduce((a, s) => a + s.shape.reduce((x, y) => x * y, 1), 0);
}
