// Instance calling split across engine workers (grammar/call-model.ts callListParallel): chunks cut on
// whole batches run on real pool workers, and the calls equal the one-worker calls exactly.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Argminn, DEFAULT_ARGMINN } from '../../../src/core/model/argminn';
import { serializeModel } from '../../../src/core/model/infer';
import { callList, callListParallel, meanActivation } from '../../../src/core/grammar/call-model';
import { makeGates } from '../../../src/core/grammar/instances';
import { WorkerPool, chunkBounds, mapChunks } from '../../../src/core/jobs/pool';
import { sourceWorkerPath } from '../../../src/core/app/worker/worker-path';
import { Rng } from '../../../src/core/seq/random';

let pool: WorkerPool;
beforeAll(async () => {
  await tf.setBackend('cpu'); await tf.ready();
  pool = await WorkerPool.start(sourceWorkerPath(), 2, 'cpu');
}, 120_000);
afterAll(async () => { await pool?.close(); });

describe('per-sequence work on several engine workers', () => {
  it('cuts items into contiguous chunks on whole batches', () => {
    expect(chunkBounds(300, 2, 128)).toEqual([[0, 256], [256, 300]]);
    expect(chunkBounds(300, 3, 128)).toEqual([[0, 128], [128, 256], [256, 300]]);
    expect(chunkBounds(10, 3)).toEqual([[0, 4], [4, 7], [7, 10]]);
    expect(chunkBounds(1, 3, 128)).toEqual([[0, 1], [1, 1], [1, 1]]);
  });

  it('instance calls on 2 and 3 workers equal the one-worker calls', async () => {
    const model = new Argminn({ ...DEFAULT_ARGMINN, F: 6, H: 16, NH: 2, S: 32 }, undefined, 3);
    const rng = new Rng(2);
    const seqs = Array.from({ length: 300 }, () => Uint8Array.from({ length: 150 }, () => rng.int(4)));
    const motifs = Array.from({ length: 6 }, (_, f) => ({ filter: f, name: `F${f}`, passes: true, rcTwin: f % 2 ? f - 1 : f + 1, trimStart: 2, trimEnd: 13 }));
    const gates = makeGates(motifs, await meanActivation(model, seqs.slice(0, 100)), 6, 15);
    const opts = { attentionThreshold: 0.5, bothStrands: true, batchSize: 64 };
    const one = await callList(model, seqs, gates, opts);
    expect(one.length).toBe(300);
    expect(one.reduce((a, r) => a + r.calls.length, 0)).toBeGreaterThan(0);
    const bytes = await serializeModel(model);
    const two = await callListParallel(pool, 2, model, bytes, 'm1', seqs, gates, opts);
    const three = await callListParallel(pool, 3, model, bytes, 'm1', seqs, gates, opts);
    expect(two).toEqual(one);
    expect(three).toEqual(one);
    model.dispose();
  }, 120_000);

  it('a failing chunk rejects with the worker named', async () => {
    await expect(mapChunks(pool, 2, 10, 1, async () => 0, () => ({ task: 'test.fail', args: { how: 'throw' } }))).rejects.toThrow(/engine worker 1 of 2 failed/);
  });
});
