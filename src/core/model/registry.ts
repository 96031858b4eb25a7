// Model kinds a run can train (ARGMINN and the baselines of MODEL.md §2) behind one interface:
// name → constructor, shortest readable sequence, parameter count, (de)serialisation. The trainer,
// inference, attribution and motif extraction use `SeqModel` and never care which kind they hold.
// 'cnn_reg' is the same network as 'cnn' trained with the overlap + L1 regularisers (the ablation).
import type * as tf from '@tensorflow/tfjs';
import { Argminn, countParams as countArgminn, type ArgminnConfig, type ParamSpec } from './argminn';
import { Cnn, DEFAULT_CNN, cnnMinLength, countCnnParams, type CnnConfig } from './cnn';
import { Explainn, DEFAULT_EXPLAINN, explainnMinLength, countExplainnParams, type ExplainnConfig } from './explainn';
import { packBlob, unpackBlob } from './infer';
import type { TrainRng } from '../seq/random';
import { minLength as kindMinLength, type ModelKind } from './kinds';

export { MODEL_KINDS, type ModelKind } from './kinds';
export type Arch = 'argminn' | 'cnn' | 'explainn';

export const archOf = (k: ModelKind): Arch => (k === 'cnn_reg' ? 'cnn' : k);

/** What every trainable model provides (the surface of Argminn the trainer and inference use). */
export interface SeqModel {
  /** nL × NH attention layers × heads: ARGMINN only (read them with attentionLayout). */
  readonly config: { T: number; W: number; F: number; nL?: number; NH?: number };
  readonly specs: ParamSpec[];
  p(name: string): tf.Variable;
  trainable(): tf.Variable[];
  forward(x: tf.Tensor3D, training: boolean, needInputGrad?: boolean): {
    logits: tf.Tensor2D; r: tf.Tensor3D; attention?: tf.Tensor4D; bnMean?: tf.Tensor1D; bnVar?: tf.Tensor1D;
  };
  updateBnStats(mean: tf.Tensor1D, variance: tf.Tensor1D, count: number): void;
  getWeights(): Promise<Map<string, Float32Array>>;
  getWeightsSync(): Map<string, Float32Array>;
  setWeights(w: Map<string, Float32Array>): void;
  dispose(): void;
}

export type AnyModelConfig = (ArgminnConfig & { arch?: 'argminn' }) | (CnnConfig & { arch: 'cnn' }) | (ExplainnConfig & { arch: 'explainn' });

/** Full model config of a kind for T tasks and sequences of length L (ARGMINN shape from `argminn`). */
export function modelConfig(kind: ModelKind, T: number, L: number, argminn: Omit<ArgminnConfig, 'T' | 'P'>, units?: number): AnyModelConfig {
  const a = archOf(kind);
  if (a === 'cnn') return { arch: 'cnn', ...DEFAULT_CNN, widths: [...DEFAULT_CNN.widths] as [number, number, number], dense: [...DEFAULT_CNN.dense] as [number, number], T, L };
  if (a === 'explainn') return { arch: 'explainn', ...DEFAULT_EXPLAINN, F: units ?? DEFAULT_EXPLAINN.F, T, L };
  return { ...argminn, T, P: 16 };
}

export function createModel(cfg: AnyModelConfig, weights?: Map<string, Float32Array>, rng?: TrainRng | number): SeqModel {
  if ('arch' in cfg && cfg.arch === 'cnn') return new Cnn(cfg, weights, rng);
  if ('arch' in cfg && cfg.arch === 'explainn') return new Explainn(cfg, weights, rng);
  return new Argminn(cfg as ArgminnConfig, weights, rng);
}

/** Shortest sequence a kind can read (ARGMINN: its filter width). */
export function minLength(kind: ModelKind, argminnW: number): number {
  const a = archOf(kind);
  const n = a === 'cnn' ? cnnMinLength() : a === 'explainn' ? explainnMinLength() : argminnW;
  if (n !== kindMinLength(kind, argminnW)) throw new Error(`minimum length of ${kind} disagrees with ./kinds.ts`);
  return n;
}

export function countModelParams(cfg: AnyModelConfig): number {
  if ('arch' in cfg && cfg.arch === 'cnn') return countCnnParams(cfg);
  if ('arch' in cfg && cfg.arch === 'explainn') return countExplainnParams(cfg);
  return countArgminn(cfg as ArgminnConfig);
}

/** A model's whole config (every SeqModel is built by createModel from one; the interface shows only the shared fields). */
export function fullConfig(model: SeqModel): AnyModelConfig {
  return model.config as AnyModelConfig;
}

export function archName(cfg: AnyModelConfig): Arch {
  return 'arch' in cfg && cfg.arch ? cfg.arch : 'argminn';
}

/** One blob for any kind: the ARGMINN container with kind 'argminn' | 'cnn' | 'explainn'. */
export async function serializeAny(model: SeqModel, meta: Record<string, unknown> = {}): Promise<Uint8Array> {
  const cfg = fullConfig(model);
  return packBlob({ kind: archName(cfg), config: cfg, meta }, await model.getWeights());
}

export function deserializeAny(bytes: Uint8Array): { model: SeqModel; meta: Record<string, unknown>; arch: Arch } {
  const { header, arrays } = unpackBlob(bytes);
  const kind = header.kind as string;
  if (kind !== 'argminn' && kind !== 'cnn' && kind !== 'explainn') throw new Error(`blob holds a '${kind}', not a model Cisgram knows`);
  const cfg = (kind === 'argminn' ? header.config : { ...header.config, arch: kind }) as AnyModelConfig;
  return { model: createModel(cfg, arrays), meta: header.meta ?? {}, arch: kind };
}

// Pool-worker side (jobs/pool.ts): the model a worker thread last received, kept while its tasks name
// the same key (one job's run), so a job's many chunks deserialise it once.
let workerModel: { key: string; model: SeqModel } | null = null;

/** The model of a pool task's blob, deserialised once per key in this worker thread. */
export function workerModelFor(key: string, bytes: Uint8Array): SeqModel {
  if (!workerModel || workerModel.key !== key) {
    workerModel?.model.dispose();
    workerModel = { key, model: deserializeAny(bytes).model };
  }
  return workerModel.model;
}
