// Attribution throughput (sequences/s) per method on a default ARGMINN (F=8, W=15, nL=1) over
// 200-bp sequences: attribution.input_x_gradient, .integrated_gradients (50 steps, zero reference),
// .ism (600 single-base mutants per sequence), .deepshap (10 shuffled references × 25 steps); and
// train.fourier_slowdown: time per training step with the Fourier prior over plain training
// (same data, batch 64 + reverse complements, the real trainer loop, overlap + L1 on).
import type { Bench, BenchResult } from './types';
import { selectBackend } from '../src/core/model/backend';
import { Argminn, DEFAULT_ARGMINN } from '../src/core/model/argminn';
import { attribute, type AttributionMethod } from '../src/core/interpret/attribution';
import { train, type DataSplits, type StepInfo } from '../src/core/train/trainer';
import { makeConfig } from '../src/core/train/config';

function synth(n: number, L: number, seed: number) {
  let s = seed;
  const codes = Array.from({ length: n }, () => Uint8Array.from({ length: L }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 30)));
  return { codes, labels: new Float32Array(n).map((_, i) => i % 2) };
}

const N: Record<AttributionMethod, number> = { input_x_gradient: 256, integrated_gradients: 8, ism: 8, deepshap: 4 };

function methodBench(method: AttributionMethod): Bench {
  return {
    name: `attribution.${method}`,
    run: async (): Promise<BenchResult> => {
      const choice = await selectBackend();
      const m = new Argminn(DEFAULT_ARGMINN, undefined, 1);
      try {
        const seqs = synth(N[method], 200, 3).codes;
        await attribute(m, method, seqs.slice(0, 1));   // warm-up (kernels, caches)
        const t0 = performance.now();
        await attribute(m, method, seqs);
        const s = (performance.now() - t0) / 1000;
        return { bench: `attribution.${method}`, value: Math.round((seqs.length / s) * 100) / 100, unit: 'seq/s', sequences: seqs.length, length: 200, backend: choice.name };
      } finally { m.dispose(); }
    },
  };
}

async function stepMs(prior: boolean): Promise<number> {
  const L = 200, Bu = 64, steps = 8;
  const data: DataSplits = { train: synth(Bu * steps, L, 1), valid: synth(16, L, 2) };
  const ms: number[] = [];
  const cfg = makeConfig('quick', {
    epochs: 2, warmupFraction: 0, rampFraction: 0.5, batchSize: Bu, seed: 1,
    ...(prior ? { prior: { kind: 'fourier', lambda: 1 } } : {}),
  });
  const res = await train(data, cfg, { maxEpochsThisCall: 1, onStep: (s: StepInfo) => { ms.push(s.ms); } });
  res.model.dispose();
  const timed = ms.slice(2).sort((a, b) => a - b);
  return timed[timed.length >> 1];
}

export const benches: Bench[] = [
  ...(['input_x_gradient', 'integrated_gradients', 'ism', 'deepshap'] as const).map(methodBench),
  {
    name: 'train.fourier_slowdown',
    run: async (): Promise<BenchResult> => {
      const choice = await selectBackend();
      const plain = await stepMs(false), withPrior = await stepMs(true);
      return {
        bench: 'train.fourier_slowdown', value: Math.round((withPrior / plain) * 100) / 100, unit: '×',
        plain_step_ms: Math.round(plain), prior_step_ms: Math.round(withPrior), batch: '64+64rc', length: 200, backend: choice.name,
      };
    },
  },
];
