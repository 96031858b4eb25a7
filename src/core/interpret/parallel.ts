// Importance scores of many sequences split across engine workers (jobs/pool.ts): the sequences are
// scored in fixed blocks (each block one attribute() call, its shuffled references seeded afresh as
// in a one-worker run), blocks are dealt to workers in contiguous chunks and the per-base scores come
// back in order — the same numbers as scoring the blocks one after another on one worker.
import { mapChunks, type PoolLike } from '../jobs/pool';
import { attribute, type AttributableModel, type AttributionMethod, type AttributionOptions } from './attribution';

type PlainOptions = Omit<AttributionOptions, 'signal'>;

/** perBase of every sequence, one attribute() call per `block` sequences. */
export async function perBaseInBlocks(model: AttributableModel, method: AttributionMethod, seqs: Uint8Array[], block: number, opts: AttributionOptions): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let s = 0; s < seqs.length; s += block) {
    if (opts.signal?.aborted) throw new Error('cancelled');
    for (const r of await attribute(model, method, seqs.slice(s, s + block), opts)) out.push(r.perBase);
  }
  return out;
}

interface TaskArgs { key: string; model: Uint8Array; method: AttributionMethod; seqs: Uint8Array[]; block: number; opts: PlainOptions }

/** Pool task 'interpret.perBase' (src/core/app/worker/pool-tasks.ts). */
export async function perBaseTask(args: unknown): Promise<{ result: Float32Array[]; transfer: ArrayBuffer[] }> {
  const a = args as TaskArgs;
  const { workerModelFor } = await import('../model/registry');
  const result = await perBaseInBlocks(workerModelFor(a.key, a.model), a.method, a.seqs, a.block, a.opts);
  return { result, transfer: result.map((r) => r.buffer as ArrayBuffer) };
}

/** perBaseInBlocks split across `workers` (chunks on whole blocks); `modelBytes`/`key` load the same model in the helpers. */
export async function perBaseParallel(
  pool: PoolLike | null, workers: number, model: AttributableModel, modelBytes: Uint8Array, key: string,
  method: AttributionMethod, seqs: Uint8Array[], block: number, opts: AttributionOptions,
): Promise<Float32Array[]> {
  const { signal, ...plain } = opts; void signal;
  const parts = await mapChunks(pool, workers, seqs.length, block,
    (s, e) => perBaseInBlocks(model, method, seqs.slice(s, e), block, opts),
    (s, e) => ({ task: 'interpret.perBase', args: { key, model: modelBytes, method, seqs: seqs.slice(s, e), block, opts: plain } satisfies TaskArgs }));
  return parts.flat();
}
