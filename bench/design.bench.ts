// Design benchmarks. `design.constraints`: 500-bp designs checked per second under the IDT-like
// gene-fragment profile (all rules incl. both-strand forbidden sites and 100-bp GC windows).
// `design.batch`: designs generated, scored (model + instance calls), checked and stored per second
// by the `design.batch` job. `design.rescore_p95`: canvas re-score latency of a 500-bp design end
// to end through the API (dispatch → engine worker → store), median and p95. Both use a project
// seeded with a hand-built ARGMINN (test/unit/design/seed.ts) so they need no training.
import { sampleBases } from '../src/core/design/background';
import { checkDesign } from '../src/core/design/constraints';
import { IDT_LIKE_GENE_FRAGMENT } from '../src/core/design/profiles';
import type { Bench } from './types';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function seeded() {
  const { CisgramService } = await import('../src/core/app/service');
  const { dispatch } = await import('../src/core/app/dispatch');
  const { seedProject } = await import('../test/unit/design/seed');
  const service = new CisgramService({ dataDir: mkdtempSync(join(tmpdir(), 'cisgram-bench-design-')), mode: 'browser' });
  const call = async (name: string, input: unknown = {}): Promise<any> => {
    const r = await dispatch(service, name, input);
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.value;
  };
  await call('projects.create', { name: 'Bench' });
  const seed = await seedProject(service.requireProject().db);
  return { service, call, seed };
}

export const benches: Bench[] = [
  {
    name: 'design.constraints',
    run: async () => {
      const n = 200;
      const seqs = Array.from({ length: n }, (_, i) => sampleBases(500, 0.35 + 0.3 * (i / n), i + 1));
      let violations = 0;
      for (const s of seqs) violations += checkDesign(s, 'warmup', IDT_LIKE_GENE_FRAGMENT).length;
      let checked = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < 1000) {
        for (const s of seqs) checkDesign(s, 'd', IDT_LIKE_GENE_FRAGMENT, ['other']);
        checked += n;
      }
      const sec = (performance.now() - t0) / 1000;
      return { bench: 'design.constraints', value: Math.round(checked / sec), unit: 'designs/s', length: 500, profile: IDT_LIKE_GENE_FRAGMENT.id, meanViolations: violations / n };
    },
  },
  {
    name: 'design.batch',
    run: async () => {
      const { service, call, seed } = await seeded();
      try {
        await call('design.create', { runId: seed.runId, name: 'warm', background: { source: 'sampled', length: 500, gc: 0.45 } }); // loads the model in the worker
        const { job } = await call('design.batch', {
          runId: seed.runId, name: 'bench', motifA: seed.motifA, motifB: seed.motifB, spacingMin: 0, spacingMax: 49, orientations: ['++', '+-', '-+', '--'], k: 5,
          background: { source: 'sampled', length: 500, gc: 0.45 }, seed: 1,
        });
        const t0 = performance.now();
        let j: any;
        for (;;) {
          j = await call('jobs.get', { id: job.id });
          if (['done', 'failed', 'cancelled'].includes(j.state)) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        if (j.state !== 'done') throw new Error(`batch ${j.state}: ${j.error}`);
        const sec = (performance.now() - t0) / 1000;
        return { bench: 'design.batch', value: Math.round(j.result.designs / sec), unit: 'designs/s', designs: j.result.designs, length: 500, scoringOnly: Math.round(j.result.designsPerSecond), backend: service.engine.info.backend };
      } finally {
        await service.dispose();
      }
    },
  },
  {
    name: 'design.rescore_p95',
    run: async () => {
      const { service, call, seed } = await seeded();
      try {
        const d = await call('design.create', { runId: seed.runId, name: 'lat', background: { source: 'sampled', length: 500, gc: 0.45 }, seed: 3 });
        await call('design.place', { id: d.id, motifId: seed.motifA, start: 100, strand: '+' });
        await call('design.place', { id: d.id, motifId: seed.motifB, start: 300, strand: '-' });
        const times: number[] = [];
        for (let i = 0; i < 200; i++) {
          const t0 = performance.now();
          await call('design.move', { id: d.id, index: 0, start: 20 + (i % 150), strand: i % 2 ? '-' : '+' });
          times.push(performance.now() - t0);
        }
        times.sort((a, b) => a - b);
        const q = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))] * 10) / 10;
        return { bench: 'design.rescore_p95', value: q(0.95), unit: 'ms', median: q(0.5), p99: q(0.99), edits: times.length, length: 500, backend: service.engine.info.backend };
      } finally {
        await service.dispose();
      }
    },
  },
];
