// Training throughput of the ARGMINN engine (reference config F=8, W=15, L=500, nL=1, H=32, NH=4,
// S=128; batch 64 + 64 reverse complements; overlap + L1 on) through the real trainer loop, with the
// PyTorch peer (../shared/bench/argminn_torch.py) run in the same process tree when torch is present.
// Also with N data-parallel engine workers (N = cores, at least 2; BENCH_WORKERS overrides), the 1- and
// N-worker repeats interleaved so machine load hits both alike: `value` is 1 worker, `value_workers` N.
import { spawnSync } from 'node:child_process';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import type { Bench, BenchResult } from './types';
import { selectBackend, wasmThreadCount } from '../src/core/model/backend';
import { train, type DataSplits, type StepInfo } from '../src/core/train/trainer';
import { makeConfig } from '../src/core/train/config';
import { WorkerPool, type PoolLike } from '../src/core/jobs/pool';
import { sourceWorkerPath } from '../src/core/app/worker/worker-path';
import { availableParallelism } from 'node:os';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function synth(n: number, L: number, seed: number) {
  let s = seed;
  const codes = Array.from({ length: n }, () => Uint8Array.from({ length: L }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 30)));
  return { codes, labels: new Float32Array(n).map((_, i) => i % 2) };
}

function peer(): { seq_per_s: number; ms_per_step: number; torch: string } | { error: string } {
  const py = '/usr/bin/python3';
  const script = resolve(repoRoot, '../shared/bench/argminn_torch.py');
  if (!existsSync(py) || !existsSync(script)) return { error: 'python3 or peer script missing' };
  if (spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0) return { error: 'torch not importable' };
  const r = spawnSync(py, [script, '2'], { encoding: 'utf8', timeout: 300_000 });
  const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  try { return JSON.parse(line); } catch { return { error: `peer failed: ${(r.stderr ?? '').slice(-200)}` }; }
}

async function measure(steps: number, workers = 1, pool: PoolLike | null = null): Promise<{ seqps: number; stepMs: number[] }> {
  const L = 500, Bu = 64;
  const data: DataSplits = { train: synth(Bu * (steps + 3), L, 1), valid: synth(16, L, 2) };
  const ms: number[] = [];
  // warmupFraction 0 → epoch 0 is the first ramp epoch: overlap and L1 are on.
  const cfg = makeConfig('quick', { epochs: 2, warmupFraction: 0, rampFraction: 0.5, batchSize: Bu, seed: 1, ...(workers > 1 ? { workers } : {}) });
  const res = await train(data, cfg, { pool, maxEpochsThisCall: 1, onStep: (s: StepInfo) => { if (s.lambdas.ovl <= 0) throw new Error('overlap off'); ms.push(s.ms); } });
  res.model.dispose();
  const timed = ms.slice(3);
  const total = timed.reduce((a, b) => a + b, 0);
  return { seqps: (2 * Bu * timed.length) / (total / 1000), stepMs: timed };
}

export const benches: Bench[] = [{
  name: 'train.argminn',
  run: async (): Promise<BenchResult> => {
    const choice = await selectBackend();
    const N = Number(process.env.BENCH_WORKERS) || Math.max(2, availableParallelism());
    const pool = await WorkerPool.start(sourceWorkerPath(), N - 1, choice.name);
    const reps: number[] = [], repsN: number[] = [];
    let stepMs: number[] = [], stepMsN: number[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const m = await measure(12); reps.push(m.seqps); stepMs = stepMs.concat(m.stepMs);
        const mN = await measure(12, N, pool); repsN.push(mN.seqps); stepMsN = stepMsN.concat(mN.stepMs);
      }
    } finally { await pool.close(); }
    const sorted = [...reps].sort((a, b) => a - b);
    const best = sorted[sorted.length - 1], median = sorted[1];
    const medianN = [...repsN].sort((a, b) => a - b)[1];
    const p = peer();
    const peerV = 'seq_per_s' in p ? p.seq_per_s : undefined;
    const rssPeak = process.resourceUsage().maxRSS / 1024;
    return {
      bench: 'train.argminn', value: Math.round(median), unit: 'seq/s',
      ...(peerV ? { peer: peerV, ratio: Math.round((median / peerV) * 100) / 100 } : { peer_error: (p as { error: string }).error }),
      best: Math.round(best), repeats: reps.map(Math.round),
      step_ms_median: Math.round([...stepMs].sort((a, b) => a - b)[stepMs.length >> 1]),
      workers: N, value_workers: Math.round(medianN), speedup_workers: Math.round((medianN / median) * 100) / 100,
      repeats_workers: repsN.map(Math.round), step_ms_median_workers: Math.round([...stepMsN].sort((a, b) => a - b)[stepMsN.length >> 1]),
      ...(peerV ? { ratio_workers: Math.round((medianN / peerV) * 100) / 100 } : {}),
      cores: availableParallelism(),
      backend: choice.name, wasm_threads: choice.name === 'wasm' ? await wasmThreadCount() : undefined,
      backend_info: choice.info, skipped: choice.skipped.map((s) => `${s.name}: ${s.reason}`),
      rss_peak_mb: Math.round(rssPeak),
      peer_detail: p,
    };
  },
}];
