// Baseline "standard CNN" of MODEL.md §2: 3 conv layers (8 filters each, widths 10/5/5; ReLU then
// BatchNorm), max-pool 40 (ceil mode: a trailing partial window is kept), dense 10 → 5 (ReLU + BN each) → one logit per task. Its motifs are read
// from the first-layer filters exactly like ARGMINN's (r = ReLU(conv1(X)) is returned as the motif
// activation). The "cnn_reg" ablation is this model trained with the overlap + L1 regularisers.
// The parameter store is ./param-model.ts, shared with ARGMINN and ExplaiNN. Every op is twice differentiable (corr1d for convolutions, max-pool as reshape + max) so the
// attribution priors can train through input gradients on every backend.
import * as tf from '@tensorflow/tfjs';
import { corr1d } from './ops';
import type { TrainRng } from '../seq/random';
import type { ParamSpec } from './param-model';
import { ParamModel } from './param-model';

export { ParamModel } from './param-model';

export interface BaselineForward {
  logits: tf.Tensor2D;
  r: tf.Tensor3D;
  attention?: undefined;
  bnMean?: tf.Tensor1D;
  bnVar?: tf.Tensor1D;
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
