// A run says plainly when its model learned nothing: every filter silent (exact check on the
// validation sequences) or a test auROC at chance; a healthy model gets no warning.
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Argminn, DEFAULT_ARGMINN } from '../../../src/core/model/argminn';
import { healthWarnings } from '../../../src/core/train/job';

beforeAll(async () => { await tf.setBackend('cpu'); await tf.ready(); });
const seqs = Array.from({ length: 20 }, (_, i) => Uint8Array.from({ length: 60 }, (_, k) => (k * 7 + i * 3) % 4));

describe('run health warnings', () => {
  it('all filters dead → says so with the epoch; chance auROC → says so', async () => {
    const m = new Argminn({ ...DEFAULT_ARGMINN, W: 8 }, undefined, 1);
    m.p('conv.b').assign(tf.fill([8], -100));
    const w = await healthWarnings(m, seqs, 0.51, 14);
    expect(w[0]).toMatch(/All 8 motif filters are inactive from epoch 14 on/);
    expect(w[1]).toMatch(/ended at chance \(test auROC 0\.51\)/);
    m.dispose();
  });
  it('a model whose filters fire and a good auROC → no warning', async () => {
    const m = new Argminn({ ...DEFAULT_ARGMINN, W: 8 }, undefined, 1);
    m.p('conv.b').assign(tf.fill([8], 0.5));
    expect(await healthWarnings(m, seqs, 0.93, null)).toEqual([]);
    m.dispose();
  });
});
