// The effect of data-parallel training's ghost batch norm (docs/train.md "Workers") on the result:
// test auROC of 1 vs 2 engine workers on a small simulated grammar (cooperative GATA–TAL1, gap 5 or
// 10–14 bp, decoys with one motif or a wrong gap; 200 bp), Quick preset, seeds 1–3, same data.
import type { Bench } from './types';
import { selectBackend } from '../src/core/model/backend';
import { train, type Dataset } from '../src/core/train/trainer';
import { makeConfig } from '../src/core/train/config';
import { simulate } from '../src/core/data/simulator';
import { loadMotifFile, demoMotifsPath } from '../src/core/data/simulation-job';
import { WorkerPool } from '../src/core/jobs/pool';
import { sourceWorkerPath } from '../src/core/app/worker/worker-path';

export const benches: Bench[] = [{
  name: 'train.workers_bn',
  run: async () => {
    const be = await selectBackend();
    const lib = loadMotifFile(demoMotifsPath());
    const get = (n: string) => { const m = lib.find((x) => x.name.toUpperCase() === n)!; return { id: m.id, name: m.name, probs: m.probs }; };
    const sim = simulate(
      { kind: 'cooperative', a: 'A', b: 'B', arrangements: [{ gap: [5, 5], orientation: 'same' }, { gap: [10, 14], orientation: 'same' }], decoys: ['single', 'wrongSpacing'] },
      { A: get('GATA1'), B: get('TAL1::TCF3') }, { length: 200, nPositives: 1000, nNegatives: 1000, seed: 21, decoyFraction: 0.6 },
    );
    const part = (k: number): Dataset => {
      const idx = sim.seqs.map((_, i) => i).filter((i) => (k === 0 ? i % 10 < 8 : k === 1 ? i % 10 === 8 : i % 10 === 9));
      return { codes: idx.map((i) => sim.seqs[i]), labels: Float32Array.from(idx, (i) => sim.labels[i]) };
    };
    const data = { train: part(0), valid: part(1), test: part(2) };
    const seeds = (process.env.BENCH_SEEDS ?? '1,2,3').split(',').map(Number);
    const pool = await WorkerPool.start(sourceWorkerPath(), 1, be.name);
    const auc: Record<string, number[]> = { w1: [], w2: [] };
    try {
      for (const seed of seeds) {
        for (const workers of [1, 2]) {
          const cfg = makeConfig('quick', { seed, model: { F: 8, W: 15, H: 16, NH: 2, S: 32, nL: 1 }, ...(workers > 1 ? { workers } : {}) });
          const r = await train(data, cfg, { pool });
          auc[`w${workers}`].push(+r.test!.auroc.toFixed(4));
          r.model.dispose();
        }
      }
    } finally { await pool.close(); }
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    const sd = (a: number[]) => Math.sqrt(a.reduce((x, y) => x + (y - mean(a)) ** 2, 0) / Math.max(1, a.length - 1));
    return {
      bench: 'train.workers_bn', value: +(mean(auc.w2) - mean(auc.w1)).toFixed(4), unit: 'Δ test auROC (2 workers − 1)',
      seeds, auroc_1_worker: auc.w1, auroc_2_workers: auc.w2,
      mean_1: +mean(auc.w1).toFixed(4), sd_1: +sd(auc.w1).toFixed(4), mean_2: +mean(auc.w2).toFixed(4), sd_2: +sd(auc.w2).toFixed(4),
      data: 'cooperative GATA1–TAL1 (gap 5 / 10–14, same orientation), 200 bp, 1000+1000, split 8:1:1', preset: 'quick', backend: be.name,
    };
  },
}];
