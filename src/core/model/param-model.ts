// The parameter store every model kind shares (ARGMINN, the standard CNN, ExplaiNN): named
// trainable variables from ParamSpecs (seeded uniform / ones / zeros initialisation, or given
// weights), BatchNorm running statistics per layer, and the surface the one trainer, inference and
// motif extraction drive (p, trainable, specs, forward → {logits, r, attention?, bnMean, bnVar},
// updateBnStats, get/setWeights, dispose). Weights are named "<param>" and "<bn layer>.runMean/runVar".
import * as tf from '@tensorflow/tfjs';
import { TrainRng } from '../seq/random';

export interface ParamSpec { name: string; shape: number[]; init: 'uniform' | 'ones' | 'zeros'; fanIn: number }

/** What a forward pass returns: logits, the first-layer motif activations r, ARGMINN's attention, training-mode BN statistics. */
export interface ModelForward {
  logits: tf.Tensor2D;
  r: tf.Tensor3D;
  attention?: tf.Tensor4D;
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
  protected get isDisposed(): boolean { return this.disposed; }

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

  /**
   * Fold the last training batch's statistics (all layers' concatenated) into the running ones
   * (momentum 0.1, unbiased variance with each layer's element count from its last training batch).
   */
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

  abstract forward(x: tf.Tensor3D, training: boolean, needInputGrad?: boolean): ModelForward;

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
