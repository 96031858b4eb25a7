// Loading weights into a model must not leave tensors behind (models are loaded per job and per
// design re-score cache miss, in a long-lived engine worker).
import { describe, it, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Argminn, DEFAULT_ARGMINN } from '../../../src/core/model/argminn';

describe('setWeights', () => {
  it('frees the temporary tensors it creates', async () => {
    await tf.setBackend('cpu');
    const m = new Argminn({ ...DEFAULT_ARGMINN, F: 4, W: 6 }, undefined, 1);
    const w = await m.getWeights();
    const before = tf.memory().numTensors;
    m.setWeights(w);
    m.setWeights(w);
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });
});
