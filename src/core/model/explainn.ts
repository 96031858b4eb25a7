// ExplaiNN baseline (MODEL.md §2; Novakovsky et al. 2023): U independent units, each
// conv(4→1, width 19) → BatchNorm → exp → max-pool 7 → dense 100 (BN, ReLU, dropout 0.3) → 1, and a
// final linear layer over the units → one logit per task. The U unit convolutions are computed as
// one conv(4→U); the per-unit dense layers as one batched matMul. The motif activation r returned
// for motif reading is the unit's own activation exp(BN(conv)) (B×L′×U), as ExplaiNN's authors read
// their units (conv → batch-norm → exp, then sites above 0.5 × the unit's maximum): on that scale
// "half the maximum" is ln 2 below the best site in batch-norm units. (Read on ReLU(BN(conv)) instead,
// the log of it, half the maximum sits near the largest background value of any 500-bp sequence, and
// every unit "fired" in every sequence: docs/compare.md.) Dropout uses a seeded per-step stream so a
// run is reproducible on one backend.
import * as tf from '@tensorflow/tfjs';
import { corr1d } from './ops';
import { TrainRng } from '../seq/random';
import type { ParamSpec } from './param-model';
import { ParamModel } from './param-model';
import { maxPool1d, pooledLength, type BaselineForward } from './cnn';

export interface ExplainnConfig {
  T: number;
  /** Units (8). */
  F: number;
  /** Unit filter width (19). */
  W: number;
  pool: number;
  hidden: number;
  dropout: number;
  L: number;
}
export const DEFAULT_EXPLAINN: Omit<ExplainnConfig, 'T' | 'L'> = { F: 8, W: 19, pool: 7, hidden: 100, dropout: 0.3 };

export function explainnMinLength(c: Pick<ExplainnConfig, 'W' | 'pool'> = DEFAULT_EXPLAINN): number {
  return c.W - 1 + c.pool;
}

function specs(c: ExplainnConfig): ParamSpec[] {
  const u = (name: string, shape: number[], fanIn: number): ParamSpec => ({ name, shape, init: 'uniform', fanIn });
  const bn = (name: string, n: number): ParamSpec[] => [{ name: name + '.g', shape: [n], init: 'ones', fanIn: 0 }, { name: name + '.b', shape: [n], init: 'zeros', fanIn: 0 }];
  const P = pooledLength(c.L - c.W + 1, c.pool), U = c.F, Hd = c.hidden;
  return [
    u('conv.w', [c.W, 4, U], 4 * c.W), u('conv.b', [U], 4 * c.W), ...bn('bn1', U),
    u('fc1.w', [U, P, Hd], P), u('fc1.b', [U, 1, Hd], P), ...bn('bn2', U * Hd),
    u('fc2.w', [U, Hd, 1], Hd), u('fc2.b', [U], Hd),
    u('out.w', [U, c.T], U), u('out.b', [c.T], U),
  ];
}

export class Explainn extends ParamModel<ExplainnConfig> {
  readonly kind = 'explainn' as const;
  private dropStep = 0;
  private readonly dropSeed: number;

  constructor(config: ExplainnConfig, weights?: Map<string, Float32Array>, rngOrSeed: TrainRng | number = 1) {
    if (config.L < explainnMinLength(config)) throw new Error(`ExplaiNN needs sequences of at least ${explainnMinLength(config)} bases (got ${config.L})`);
    const rng = typeof rngOrSeed === 'number' ? new TrainRng(rngOrSeed) : rngOrSeed;
    super(config, specs(config), [['bn1', config.F], ['bn2', config.F * config.hidden]], weights, rng);
    this.dropSeed = Math.floor(rng.uniform(0, 2 ** 30));
  }

  forward(x: tf.Tensor3D, training: boolean, needInputGrad = false): BaselineForward {
    const { F: U, hidden: Hd, pool, L } = this.config;
    if (x.shape[1] !== L) throw new Error(`this ExplaiNN reads sequences of ${L} bases, got ${x.shape[1]}`);
    const B = x.shape[0];
    const stats: tf.Tensor1D[][] = [];
    const c = tf.add(corr1d(x, this.p('conv.w') as tf.Tensor3D, needInputGrad), this.p('conv.b')) as tf.Tensor3D;
    const z = this.bn(c, 0, training, stats) as tf.Tensor3D;                         // B×L′×U
    const r = tf.exp(z) as tf.Tensor3D;
    const pooled = maxPool1d(r, pool);                                                 // B×P×U
    const P = pooled.shape[1];
    const perUnit = tf.transpose(pooled, [2, 0, 1]);                                  // U×B×P
    const h1 = tf.add(tf.matMul(perUnit, this.p('fc1.w') as tf.Tensor3D), this.p('fc1.b')); // U×B×Hd
    const flat = tf.reshape(tf.transpose(h1, [1, 0, 2]), [B, U * Hd]);
    let h = tf.relu(this.bn(flat, 1, training, stats));
    if (training && this.config.dropout > 0) h = tf.dropout(h, this.config.dropout, undefined, this.dropSeed + this.dropStep++);
    const hu = tf.transpose(tf.reshape(h, [B, U, Hd]), [1, 0, 2]);                   // U×B×Hd
    const unitOut = tf.add(tf.transpose(tf.reshape(tf.matMul(hu, this.p('fc2.w') as tf.Tensor3D), [U, B])), this.p('fc2.b')); // B×U
    const logits = tf.add(tf.matMul(unitOut as tf.Tensor2D, this.p('out.w')), this.p('out.b')) as tf.Tensor2D;
    void P;
    return training ? { logits, r, ...this.packStats(stats) } : { logits, r };
  }
}

export function countExplainnParams(c: ExplainnConfig): number {
  return specs(c).reduce((a, s) => a + s.shape.reduce((x, y) => x * y, 1), 0);
}
