// Grammar benchmarks: instance calling throughput (sequences/s) over 500-bp sequences with a
// default-size ARGMINN (F=8, W=15, H=32, NH=4, nL=1) on the engine's default backend — the full
// per-sequence path of the grammar.instances job (forward pass with r and attention, pooled
// attention, gates, suppression, per-head coupling); and syntax statistics over the calls.
import type { Bench } from './types';
import { Argminn, DEFAULT_ARGMINN } from '../src/core/model/argminn';
import { selectBackend } from '../src/core/model/backend';
import { callAll, meanActivation } from '../src/core/grammar/call-model';
import { predictBatches } from '../src/core/model/infer';
import { makeGates } from '../src/core/grammar/instances';
import { analyseSyntax, type SeqCalls } from '../src/core/grammar/syntax';
import { Rng } from '../src/core/seq/random';
import { callListParallel } from '../src/core/grammar/call-model';
import { serializeModel } from '../src/core/model/infer';
import { WorkerPool } from '../src/core/jobs/pool';
import { sourceWorkerPath } from '../src/core/app/worker/worker-path';
import { availableParallelism } from 'node:os';

export const benches: Bench[] = [
  {
    name: 'instances',
    run: async () => {
      const be = await selectBackend();
      const model = new Argminn({ ...DEFAULT_ARGMINN }, undefined, 3);
      const rng = new Rng(1);
      const n = 4000, L = 500;
      const seqs = Array.from({ length: n }, () => Uint8Array.from({ length: L }, () => rng.int(4)));
      const motifs = Array.from({ length: 8 }, (_, f) => ({ filter: f, name: `F${f}`, passes: true, rcTwin: f % 2 ? f - 1 : f + 1, trimStart: 2, trimEnd: 13 }));
      const gates = makeGates(motifs, await meanActivation(model, seqs.slice(0, 500)), 8, 15); // gates as the job sets them
      await callAll(model, seqs.slice(0, 256), gates, { attentionThreshold: 0.5 }, () => {}); // warm-up
      let calls = 0;
      const byseq: SeqCalls[] = [];
      const t0 = performance.now();
      await callAll(model, seqs, gates, { attentionThreshold: 0.5, batchSize: 128 }, (res) => { for (const r of res) { calls += r.calls.length; byseq.push({ seq: r.index, calls: r.calls }); } });
      const secs = (performance.now() - t0) / 1000;
      const tf0 = performance.now();
      for await (const b of predictBatches(model, seqs.slice(0, 1000), { withR: true, withAttention: true, batchSize: 128 })) void b;
      const fwd = 1000 / ((performance.now() - tf0) / 1000);
      const t1 = performance.now();
      analyseSyntax(byseq.slice(0, n / 2), byseq.slice(n / 2), n / 2, n / 2);
      const synSecs = (performance.now() - t1) / 1000;
      // N engine workers (N = cores, at least 2; BENCH_WORKERS overrides): same calls, split on whole batches.
      const N = Number(process.env.BENCH_WORKERS) || Math.max(2, availableParallelism());
      const pool = await WorkerPool.start(sourceWorkerPath(), N - 1, be.name);
      const bytes = await serializeModel(model);
      let secsN = Infinity, same = false;
      try {
        await callListParallel(pool, N, model, bytes, 'bench', seqs.slice(0, 512), gates, { attentionThreshold: 0.5 }); // warm-up (loads the model in the helpers)
        const tN = performance.now();
        const resN = await callListParallel(pool, N, model, bytes, 'bench', seqs, gates, { attentionThreshold: 0.5, batchSize: 128 });
        secsN = (performance.now() - tN) / 1000;
        same = resN.reduce((a, r) => a + r.calls.length, 0) === calls;
      } finally { await pool.close(); }
      model.dispose();
      return [
        { bench: 'instances', value: +(n / secs).toFixed(0), unit: 'sequences/s', backend: be.name, seqLength: L, calls, estSecondsFor100k: +((100_000 / (n / secs))).toFixed(0), forwardOnlySeqPerSec: +fwd.toFixed(0),
          workers: N, value_workers: +(n / secsN).toFixed(0), speedup_workers: +(secs / secsN).toFixed(2), same_calls_workers: same, cores: availableParallelism() },
        { bench: 'instances.syntax', value: +(n / synSecs).toFixed(0), unit: 'sequences/s', calls },
      ];
    },
  },
];
