// A FIMO scan split by motif groups across engine workers (motifs/fimo-parallel.ts) equals the
// one-worker fimo() exactly — hits, order, p- and q-values, tests — on real pool workers, with
// motifs of several widths (several k-mer groups) and N bases; a hit cap falls back to one worker.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { fimo } from '../../../src/core/pwm/fimo';
import { fimoParallel } from '../../../src/core/motifs/fimo-parallel';
import { WorkerPool } from '../../../src/core/jobs/pool';
import { sourceWorkerPath } from '../../../src/core/app/worker/worker-path';
import { Rng } from '../../../src/core/seq/random';
import type { Motif } from '../../../src/core/pwm/types';

let pool: WorkerPool;
beforeAll(async () => { pool = await WorkerPool.start(sourceWorkerPath(), 2, null); }, 120_000);
afterAll(async () => { await pool?.close(); });

const rng = new Rng(11);
const motifs: Motif[] = Array.from({ length: 90 }, (_, i) => {
  const w = 4 + (i % 14); // widths 4–17: k = 4, 5 and 6 groups
  return { id: `M${i}`, name: `m${i}`, probs: Array.from({ length: w }, () => { const r = [0, 1, 2, 3].map(() => rng.next() ** 3 + 0.02); const s = r.reduce((a, b) => a + b, 0); return r.map((x) => x / s); }) } as Motif;
});
const seqs = Array.from({ length: 12 }, (_, k) => Uint8Array.from({ length: 3000 + 500 * k }, (_, i) => (i % 997 === 5 ? 4 : rng.int(4))));

describe('FIMO on several engine workers', () => {
  it('equals the one-worker scan exactly (run and per-motif q-values)', async () => {
    for (const opts of [{ pThreshold: 1e-3 }, { pThreshold: 1e-4, qScope: 'motif' as const, bg: 'sequences' as const }]) {
      const one = fimo(motifs, seqs, opts);
      expect(one.hits.length).toBeGreaterThan(100);
      expect(await fimoParallel(pool, 2, motifs, seqs, opts)).toEqual(one);
      expect(await fimoParallel(pool, 3, motifs, seqs, opts)).toEqual(one);
      expect(await fimoParallel(null, 3, motifs, seqs, opts)).toEqual(one);
    }
  }, 120_000);

  it('a hit cap gives the one-worker truncation', async () => {
    const one = fimo(motifs, seqs, { pThreshold: 1e-2, maxHits: 500 });
    expect(one.truncated).toBe(true);
    expect(await fimoParallel(pool, 2, motifs, seqs, { pThreshold: 1e-2, maxHits: 500 })).toEqual(one);
  }, 120_000);
});
