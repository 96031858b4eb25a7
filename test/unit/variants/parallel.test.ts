// Variant scoring split across engine workers (variants/parallel.ts): real pool workers give exactly
// what one worker gives — probabilities, effects and the instances each change breaks or makes.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../../src/core/seq/random';
import { serializeModel } from '../../../src/core/model/infer';
import { WorkerPool } from '../../../src/core/jobs/pool';
import { sourceWorkerPath } from '../../../src/core/app/worker/worker-path';
import { loadMotifFile, demoMotifsPath } from '../../../src/core/data/simulation-job';
import { scoreEffects } from '../../../src/core/variants/effects';
import { scoreEffectsParallel } from '../../../src/core/variants/parallel';
import { gatesOf } from '../../../src/core/grammar/call-model';
import { handModel, type HandModel } from '../grammar/hand-model';

const gata = loadMotifFile(demoMotifsPath()).find((x) => x.name.toUpperCase() === 'GATA1')!;
const cons = Uint8Array.from(gata.probs.map((r) => r.indexOf(Math.max(...r))));
let hm: HandModel;
let pool: WorkerPool;
beforeAll(async () => {
  await tf.setBackend('cpu'); await tf.ready();
  const rng = new Rng(3);
  const bg = Array.from({ length: 20 }, () => Uint8Array.from({ length: 120 }, () => rng.int(4)));
  const w = bg.map((s) => { const q = s.slice(); q.set(cons, 50); return q; });
  hm = await handModel([gata.probs], { twins: true, fireFraction: 0.7, calibrate: [bg, w] });
  pool = await WorkerPool.start(sourceWorkerPath(), 2, 'cpu');
}, 120_000);
afterAll(async () => { hm?.model.dispose(); await pool?.close(); });

describe('variant effects on several engine workers', () => {
  it('equal the one-worker scores, in order, with the same broken and created sites', async () => {
    const rng = new Rng(11);
    const windows = Array.from({ length: 45 }, (_, i) => {
      const ref = Uint8Array.from({ length: 120 }, () => rng.int(4));
      if (i % 3 === 0) ref.set(cons, 40 + (i % 7));
      const alt = ref.slice();
      const pos = 44 + (i % 9);
      alt[pos] = (alt[pos] + 1 + (i % 3)) % 4;
      return { refSeq: ref, altSeq: alt, offset: pos };
    });
    const W = hm.W, off = Math.floor((W - gata.probs.length) / 2);
    const gates = gatesOf([
      { filter: 0, name: 'GATA', passes: true, rcTwin: 1, trimStart: off, trimEnd: off + 11, meanPos: 0.05 },
      { filter: 1, name: 'GATA', passes: true, rcTwin: 0, trimStart: off, trimEnd: off + 11, meanPos: 0.05 },
    ], hm.F, W);
    const one = await scoreEffects(hm.model, windows, gates, { bothStrands: true, chunk: 8 });
    expect(one).toHaveLength(45);
    expect(one.some((s) => s.lost.length > 0)).toBe(true);
    const bytes = await serializeModel(hm.model);
    const seen: number[] = [];
    const par = await scoreEffectsParallel(pool, 3, hm.model, bytes, 'k', windows, gates, { bothStrands: true, chunk: 8, onProgress: (d) => { seen.push(d); } });
    expect(par).toEqual(one);
    expect(seen).toEqual([24, 45]);
    expect(await scoreEffectsParallel(null, 2, hm.model, bytes, 'k', windows, gates, { bothStrands: true, chunk: 8 })).toEqual(one);
  }, 120_000);
});
