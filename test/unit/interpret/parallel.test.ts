// Importance scores split across engine workers (interpret/parallel.ts): whole blocks dealt to real
// pool workers give exactly the scores of one worker scoring the blocks in turn.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Argminn, DEFAULT_ARGMINN } from '../../../src/core/model/argminn';
import { serializeModel } from '../../../src/core/model/infer';
import { perBaseInBlocks, perBaseParallel } from '../../../src/core/interpret/parallel';
import { WorkerPool } from '../../../src/core/jobs/pool';
import { sourceWorkerPath } from '../../../src/core/app/worker/worker-path';
import { Rng } from '../../../src/core/seq/random';

let pool: WorkerPool;
beforeAll(async () => {
  await tf.setBackend('cpu'); await tf.ready();
  pool = await WorkerPool.start(sourceWorkerPath(), 2, 'cpu');
}, 120_000);
afterAll(async () => { await pool?.close(); });

describe('importance scores on several engine workers', () => {
  it('DeepSHAP-style and input×gradient scores equal the one-worker scores', async () => {
    const model = new Argminn({ ...DEFAULT_ARGMINN, F: 4, H: 8, NH: 2, S: 16 }, undefined, 4);
    const bytes = await serializeModel(model);
    const rng = new Rng(5);
    const seqs = Array.from({ length: 37 }, () => Uint8Array.from({ length: 60 }, () => rng.int(4)));
    for (const [method, opts] of [['deepshap', { steps: 4, refs: 3 }], ['input_x_gradient', {}]] as const) {
      const one = await perBaseInBlocks(model, method, seqs, 8, opts);
      expect(one).toHaveLength(37);
      expect(await perBaseParallel(pool, 2, model, bytes, 'a', method, seqs, 8, opts)).toEqual(one);
      expect(await perBaseParallel(pool, 3, model, bytes, 'a', method, seqs, 8, opts)).toEqual(one);
    }
    model.dispose();
  }, 120_000);
});
