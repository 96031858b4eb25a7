// Variant scoring split across engine workers (jobs/pool.ts): the windows are scored in rounds; each
// round deals whole chunks of windows to the workers (scoreEffects on each part with the same model
// and gates) and the scored variants come back in order — the same numbers as one worker, since every
// window is scored on its own.
import { mapChunks, type PoolLike } from '../jobs/pool';
import type { SeqModel } from '../model/registry';
import type { FilterGate } from '../grammar/instances';
import { scoreEffects, type EffectOptions, type ScoredVariant } from './effects';

type EffectWindow = { refSeq: Uint8Array; altSeq: Uint8Array; offset: number; diffs?: number[] };
interface TaskArgs { key: string; model: Uint8Array; windows: EffectWindow[]; gates: (FilterGate | null)[]; opts: { bothStrands?: boolean; attentionThreshold?: number; chunk?: number } }

/** Pool task 'variants.effects' (src/core/app/worker/pool-tasks.ts). */
export async function effectsTask(args: unknown): Promise<{ result: ScoredVariant[] }> {
  const a = args as TaskArgs;
  const { workerModelFor } = await import('../model/registry');
  return { result: await scoreEffects(workerModelFor(a.key, a.model), a.windows, a.gates, a.opts) };
}

/** scoreEffects on `workers` workers (this thread included); progress after each round. */
export async function scoreEffectsParallel(
  pool: PoolLike | null, workers: number, model: SeqModel, modelBytes: Uint8Array, key: string,
  windows: EffectWindow[], gates: (FilterGate | null)[], opts: EffectOptions = {},
): Promise<ScoredVariant[]> {
  const chunk = opts.chunk ?? 256;
  const plain = { bothStrands: opts.bothStrands, attentionThreshold: opts.attentionThreshold, chunk };
  const round = chunk * Math.max(1, workers);
  const out: ScoredVariant[] = [];
  for (let s = 0; s < windows.length; s += round) {
    if (opts.signal?.aborted) throw new Error('cancelled');
    const part = windows.slice(s, s + round);
    const parts = await mapChunks(pool, workers, part.length, Math.min(chunk, 32),
      (a, b) => scoreEffects(model, part.slice(a, b), gates, { ...plain, signal: opts.signal }),
      (a, b) => ({ task: 'variants.effects', args: { key, model: modelBytes, windows: part.slice(a, b), gates, opts: plain } satisfies TaskArgs }));
    out.push(...parts.flat());
    await opts.onProgress?.(Math.min(windows.length, s + round));
  }
  return out;
}
