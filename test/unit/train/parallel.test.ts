// Data-parallel training (src/core/train/parallel.ts): fixed shares, gradients summed in share order,
// so the same seed and worker count give bit-identical weights whether shares run on pool workers
// (real worker threads, each with its own TensorFlow.js) or all on this thread; resume through the
// checkpoint bytes equals an uninterrupted run; a crashing worker fails training with a clear error.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { train, checkpointToBytes, checkpointFromBytes, TrainingError, type DataSplits, type Checkpoint } from '../../../src/core/train/trainer';
import { makeConfig } from '../../../src/core/train/config';
import { shareSizes } from '../../../src/core/train/parallel';
import { WorkerPool, type PoolLike } from '../../../src/core/jobs/pool';
import { sourceWorkerPath } from '../../../src/core/app/worker/worker-path';
import { simulatedSequences, SIM, TINY_PLAIN } from './train-helpers';

beforeAll(async () => { await tf.setBackend('cpu'); await tf.ready(); });

function toyData(n: number, L: number, seed: number): DataSplits {
  let s = seed;
  const u = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; };
  const mk = (m: number) => {
    const codes: Uint8Array[] = [], labels = new Float32Array(m);
    for (let i = 0; i < m; i++) {
      const q = Uint8Array.from({ length: L }, () => Math.floor(u() * 4));
      if (i % 2 === 0) { const p = Math.floor(u() * (L - 6)); q.set([2, 2, 0, 3, 0, 0], p); labels[i] = 1; }
      codes.push(q);
    }
    return { codes, labels };
  };
  return { train: mk(n), valid: mk(32), test: mk(32) };
}

// 52 training sequences in batches of 16: the last batch (4) splits 2/2, and with 3 workers 16 → 6/5/5.
const small = { model: { F: 4, W: 7, H: 8, NH: 2, S: 16, nL: 1 }, epochs: 3, batchSize: 16, seed: 3 };
const weightsOf = async (res: { model: { getWeights(): Promise<Map<string, Float32Array>> } }) =>
  [...(await res.model.getWeights()).entries()].map(([k, a]) => [k, [...a]]);

let pool: WorkerPool;
beforeAll(async () => { pool = await WorkerPool.start(sourceWorkerPath(), 2, 'cpu'); }, 120_000);
afterAll(async () => { await pool?.close(); });

describe('data-parallel training', () => {
  it('cuts a batch into fixed contiguous shares', () => {
    expect(shareSizes(16, 2)).toEqual([8, 8]);
    expect(shareSizes(16, 3)).toEqual([6, 5, 5]);
    expect(shareSizes(1, 2)).toEqual([1, 0]);
  });

  it('same seed and worker count → bit-identical weights, on pool workers or on this thread', async () => {
    const d = toyData(52, 40, 1);
    const cfg = makeConfig('quick', { ...small, workers: 2 });
    const a = await train(d, cfg, { pool });
    const b = await train(d, cfg, { pool });
    const local = await train(d, cfg, { pool: null });
    const three = await train(d, makeConfig('quick', { ...small, workers: 3 }), { pool });
    const one = await train(d, makeConfig('quick', small));
    const wa = await weightsOf(a);
    expect(wa).toEqual(await weightsOf(b));
    expect(wa).toEqual(await weightsOf(local));
    // Ghost batch norm: shares normalise with their own statistics, so 2 workers is a different (valid) run than 1 or 3.
    expect(wa).not.toEqual(await weightsOf(one));
    expect(wa).not.toEqual(await weightsOf(three));
    expect(a.history.every((e) => Number.isFinite(e.trainLoss) && e.valid.auroc > 0)).toBe(true);
    for (const r of [a, b, local, three, one]) r.model.dispose();
  }, 240_000);

  it('resume from the checkpoint bytes equals the uninterrupted 2-worker run', async () => {
    const d = toyData(52, 40, 2);
    const cfg = makeConfig('quick', { ...small, workers: 2 });
    const full = await train(d, cfg, { pool });
    let ck: Checkpoint | null = null;
    const part = await train(d, cfg, { pool, maxEpochsThisCall: 1, onCheckpoint: (c) => { ck = c; } });
    expect(part.status).toBe('paused');
    part.model.dispose();
    const resumed = await train(d, cfg, { pool, resume: checkpointFromBytes(checkpointToBytes(ck!)) });
    expect(await weightsOf(resumed)).toEqual(await weightsOf(full));
    full.model.dispose(); resumed.model.dispose();
  }, 240_000);

  it('a worker that crashes stops training with a clear error naming it, keeping the last checkpoint', async () => {
    const crashing = await WorkerPool.start(sourceWorkerPath(), 1, 'cpu');
    let calls = 0;
    // The helper computes real shares for the first epoch (4 steps), then its thread dies.
    const faulty: PoolLike = { size: 1, run: (w, task, args) => (++calls > 4 ? crashing.run(w, 'test.fail', { how: 'crash' }) : pool.run(w, task, args)) };
    const d = toyData(52, 40, 1);
    const err = await train(d, makeConfig('quick', { ...small, workers: 2 }), { pool: faulty }).catch((e) => e);
    expect(err).toBeInstanceOf(TrainingError);
    expect((err as TrainingError).code).toBe('worker');
    expect((err as Error).message).toMatch(/engine worker 1 of 1 crashed: test worker crash/);
    expect((err as Error).message).toMatch(/epoch 2/);
    expect((err as TrainingError).lastCheckpoint?.nextEpoch).toBe(1);
    expect(crashing.healthy).toBe(false);
    await expect(crashing.run(0, 'train.grad', {})).rejects.toThrow(/crashed/);
    await crashing.close();
  }, 240_000);

  it('ghost batch norm: 2 workers reach the test auROC of 1 worker on a planted motif, within the seed-to-seed spread', async () => {
    const seqs = simulatedSequences({ ...SIM, n: { train: 600, valid: 60, test: 200 } });
    const split = (name: string): { codes: Uint8Array[]; labels: Float32Array } => {
      const s = seqs.filter((q) => q.split === name);
      return { codes: s.map((q) => q.codes), labels: Float32Array.from(s, (q) => q.labels[0]) };
    };
    const d: DataSplits = { train: split('train'), valid: split('valid'), test: split('test') };
    const auc: Record<number, number[]> = { 1: [], 2: [] };
    for (const seed of [5, 6, 7]) for (const workers of [1, 2]) {
      const r = await train(d, makeConfig('quick', { ...TINY_PLAIN, seed, ...(workers > 1 ? { workers } : {}) }), { pool });
      auc[workers].push(r.test!.auroc);
      r.model.dispose();
    }
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    const spread = Math.max(...auc[1]) - Math.min(...auc[1]);
    expect(mean(auc[1])).toBeGreaterThan(0.85); // the motif is learned at all
    expect(Math.abs(mean(auc[2]) - mean(auc[1]))).toBeLessThanOrEqual(Math.max(spread, 0.02));
  }, 300_000);

  it('a task that throws fails with the worker named, and the pool keeps working', async () => {
    await expect(pool.run(1, 'test.fail', { how: 'throw' })).rejects.toThrow('engine worker 2 of 2 failed: test task failed on purpose');
    await expect(pool.run(0, 'no.such', {})).rejects.toThrow(/unknown pool task 'no.such'/);
    expect(pool.healthy).toBe(true);
  });
});
