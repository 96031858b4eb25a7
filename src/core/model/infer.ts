// Inference on a trained model (ARGMINN or a baseline, any SeqModel): probabilities/logits, motif activations r (B×L′×F) and attention
// (B×nL×NH×L′) for any number of sequences, streamed in batches; and a compact single-blob
// serialisation (header JSON + Float32 buffers) used for SQLite storage and single-file export.
import * as tf from '@tensorflow/tfjs';
import { Argminn, type ArgminnConfig } from './argminn';
import { Cnn, type CnnConfig } from './cnn';
import { Explainn, type ExplainnConfig } from './explainn';
import type { SeqModel } from './registry';
import { oneHotBatch } from './ops';

export interface PredictOptions {
  batchSize?: number;          // default 256
  withR?: boolean;             // include r (B×L′×F)
  withAttention?: boolean;     // include attention (B×nL×NH×L′)
  signal?: AbortSignal;
}
export interface PredictionBatch {
  start: number;               // index of the first sequence of this batch in the input
  count: number;
  L: number;                   // sequence length of this batch (L′ = L − W + 1)
  logits: Float32Array;        // count×T
  probs: Float32Array;         // count×T
  r?: Float32Array;            // count×L′×F
  attention?: Float32Array;    // count×nL×NH×L′
}

/**
 * Stream predictions. Sequences in one batch must share a length; a length change starts a new batch.
 * Inputs shorter than W throw. Runs BN with running statistics (inference mode).
 */
export async function* predictBatches(
  model: SeqModel, seqs: Iterable<Uint8Array>, opts: PredictOptions = {},
): AsyncGenerator<PredictionBatch> {
  const bs = opts.batchSize ?? 256;
  const { T, W } = model.config;
  let buf: Uint8Array[] = [];
  let start = 0, idx = 0;
  const flush = async (): Promise<PredictionBatch | null> => {
    if (!buf.length) return null;
    const L = buf[0].length, n = buf.length;
    if (L < W) throw new Error(`sequence ${start + 1} has length ${L}, shorter than the filter width ${W}`);
    const res = tf.tidy(() => {
      const x = tf.tensor3d(oneHotBatch(buf, L), [n, L, 4]);
      const o = model.forward(x, false);
      const list: tf.Tensor[] = [o.logits, tf.sigmoid(o.logits)];
      if (opts.withR) list.push(o.r);
      if (opts.withAttention) {
        if (!o.attention) throw new Error('this model has no attention map (only ARGMINN has one)');
        list.push(o.attention);
      }
      return list;
    });
    const [lg, pr] = res;
    const r = opts.withR ? res[2] : null;
    const at = opts.withAttention ? res[opts.withR ? 3 : 2] : null;
    const out: PredictionBatch = {
      start, count: n, L,
      logits: (await lg.data()) as Float32Array, probs: (await pr.data()) as Float32Array,
    };
    if (r) out.r = (await r.data()) as Float32Array;
    if (at) out.attention = (await at.data()) as Float32Array;
    tf.dispose(res);
    void T;
    start += n; buf = [];
    return out;
  };
  for (const s of seqs) {
    if (opts.signal?.aborted) throw new Error('prediction cancelled');
    if (buf.length && (buf.length >= bs || s.length !== buf[0].length)) { const b = await flush(); if (b) yield b; }
    buf.push(s); idx++;
  }
  const b = await flush(); if (b) yield b;
}

/** Predict all sequences; returns n×T probabilities and logits (no r/attention). */
export async function predict(model: SeqModel, seqs: Uint8Array[], opts: PredictOptions = {}): Promise<{ probs: Float32Array; logits: Float32Array }> {
  const T = model.config.T;
  const probs = new Float32Array(seqs.length * T), logits = new Float32Array(seqs.length * T);
  for await (const b of predictBatches(model, seqs, { ...opts, withR: false, withAttention: false })) {
    probs.set(b.probs, b.start * T); logits.set(b.logits, b.start * T);
  }
  return { probs, logits };
}

// ---- compact blob: "CGRM" magic, u32 version, u32 header bytes, JSON header, pad to 4, float32 data ----
const MAGIC = 0x4d524743; // 'CGRM' little-endian

export function packBlob(header: Record<string, unknown>, arrays: Map<string, Float32Array>): Uint8Array {
  const index: { name: string; offset: number; length: number }[] = [];
  let off = 0;
  for (const [name, a] of arrays) { index.push({ name, offset: off, length: a.length }); off += a.length; }
  const hjson = new TextEncoder().encode(JSON.stringify({ ...header, arrays: index }));
  const hpad = (4 - ((12 + hjson.length) % 4)) % 4;
  const dataStart = 12 + hjson.length + hpad;
  const out = new Uint8Array(dataStart + off * 4);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, MAGIC, true); dv.setUint32(4, 1, true); dv.setUint32(8, hjson.length, true);
  out.set(hjson, 12);
  const f = new Float32Array(out.buffer, dataStart, off);
  for (const { name, offset } of index) f.set(arrays.get(name)!, offset);
  return out;
}

export function unpackBlob(bytes: Uint8Array): { header: Record<string, any>; arrays: Map<string, Float32Array> } {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 12 || dv.getUint32(0, true) !== MAGIC) throw new Error('not a Cisgram model blob');
  const ver = dv.getUint32(4, true);
  if (ver !== 1) throw new Error(`unsupported model blob version ${ver}`);
  const hl = dv.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + hl)));
  const dataStart = 12 + hl + ((4 - ((12 + hl) % 4)) % 4);
  const arrays = new Map<string, Float32Array>();
  const copy = bytes.slice(dataStart); // aligned copy
  const f = new Float32Array(copy.buffer, 0, copy.byteLength >> 2);
  for (const { name, offset, length } of header.arrays as { name: string; offset: number; length: number }[])
    arrays.set(name, f.slice(offset, offset + length));
  return { header, arrays };
}

/** Serialise a model (config + weights + BN running stats + optional metadata) to one blob. */
export async function serializeModel(model: SeqModel, meta: Record<string, unknown> = {}): Promise<Uint8Array> {
  const kind = (model as { kind?: string }).kind ?? 'argminn';
  return packBlob({ kind, config: model.config, meta }, await model.getWeights());
}

/**
 * A stored model of any kind. Baselines ('cnn', 'explainn') come back through the same type: they
 * have the same surface except that forward() returns no attention map.
 */
export function deserializeModel(bytes: Uint8Array): { model: SeqModel; meta: Record<string, unknown> } {
  const { header, arrays } = unpackBlob(bytes);
  const meta = header.meta ?? {};
  if (header.kind === 'cnn') return { model: new Cnn(header.config as CnnConfig, arrays), meta };
  if (header.kind === 'explainn') return { model: new Explainn(header.config as ExplainnConfig, arrays), meta };
  if (header.kind !== 'argminn') throw new Error(`blob holds a '${header.kind}', not a model Cisgram knows`);
  return { model: new Argminn(header.config as ArgminnConfig, arrays), meta };
}
