// Motif benchmarks: FIMO-style scanning throughput and TomTom-style comparison throughput on real
// JASPAR databases (skipped with an error line when ../shared/data is absent).
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench } from './types';
import { parseMotifs } from '../src/core/pwm/formats';
import { prepareFimoMotif, scanRaw } from '../src/core/pwm/fimo';
import { buildTomtomDb, tomtom } from '../src/core/pwm/tomtom';
import { MEME_DEFAULT_BG } from '../src/core/pwm/background';
import { CODE_OF } from '../src/core/seq/alphabet';
import { fimo } from '../src/core/pwm/fimo';
import { fimoParallel } from '../src/core/motifs/fimo-parallel';
import { WorkerPool } from '../src/core/jobs/pool';
import { sourceWorkerPath } from '../src/core/app/worker/worker-path';
import { availableParallelism } from 'node:os';

const dataDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/data');
const need = (p: string) => { const f = resolve(dataDir, p); if (!existsSync(f)) throw new Error(`missing ${f} (shared data absent)`); return f; };

/** First `limit` bases of the first FASTA record of a gzip FASTA, as codes (non-ACGT → N). */
function readGzFastaPrefix(file: string, limit: number): Uint8Array {
  const buf = gunzipSync(readFileSync(file));
  const out = new Uint8Array(limit);
  let n = 0, i = 0;
  if (buf[0] === 0x3e) while (i < buf.length && buf[i] !== 0x0a) i++;
  for (; i < buf.length && n < limit; i++) {
    const b = buf[i];
    if (b === 0x0a || b === 0x0d) continue;
    if (b === 0x3e) break;
    const c = CODE_OF[b];
    out[n++] = c === 255 ? 4 : c;
  }
  return out.subarray(0, n);
}

export const benches: Bench[] = [
  {
    name: 'fimo',
    run: async () => {
      const motifs = parseMotifs(readFileSync(need('motifs/JASPAR2020_CORE_vertebrates_non-redundant.meme.txt'), 'utf8'));
      const seq = readGzFastaPrefix(need('genome/ce2_chrX.fa.gz'), 10_000_000);
      const mb = seq.length / 1e6;
      const t0 = performance.now();
      const models = motifs.map((m) => prepareFimoMotif(m, MEME_DEFAULT_BG, { pThreshold: 1e-4 }));
      const t1 = performance.now();
      const { hits } = scanRaw(models, [seq], { maxHits: 50_000_000 });
      const t2 = performance.now();
      const sec = (t2 - t0) / 1000;
      // 1 vs N engine workers on the whole fimo() path (prepare, scan, p-values, q-values, sort) over
      // the first 3 Mb, split by motif groups (identical hits): N = cores, at least 2 (BENCH_WORKERS).
      const N = Number(process.env.BENCH_WORKERS) || Math.max(2, availableParallelism());
      const part = seq.subarray(0, 3_000_000);
      const pool = await WorkerPool.start(sourceWorkerPath(), N - 1, null);
      let s1 = 0, sN = 0, same = false;
      try {
        const a0 = performance.now();
        const one = fimo(motifs, [part], { pThreshold: 1e-4, maxHits: 50_000_000 });
        s1 = (performance.now() - a0) / 1000;
        const b0 = performance.now();
        const many = await fimoParallel(pool, N, motifs, [part], { pThreshold: 1e-4, maxHits: 50_000_000 });
        sN = (performance.now() - b0) / 1000;
        same = many.hits.length === one.hits.length && many.hits.every((h, i) => h.p === one.hits[i].p && h.start === one.hits[i].start && h.motifIndex === one.hits[i].motifIndex);
      } finally { await pool.close(); }
      return {
        workers: N, workers_mb: 3, fimo_seconds_1: +s1.toFixed(2), fimo_seconds_workers: +sN.toFixed(2), speedup_workers: +(s1 / sN).toFixed(2),
        value_1_full: +((motifs.length * 3) / s1).toFixed(1), value_workers: +((motifs.length * 3) / sN).toFixed(1), same_hits_workers: same, cores: availableParallelism(),
        bench: 'fimo', motifsFrom: 'JASPAR 2020 (746)', sequence: 'ce2 chrX, first 10 Mb',
        // value: motif·Mb per second = (#motifs × Mb scanned, both strands) / wall seconds.
        value: +((motifs.length * mb) / sec).toFixed(1),
        unit: 'motif·Mb/s (both strands)',
        definition: 'value = 746 motifs × 10 Mb (both strands per window) / wall seconds incl. motif preparation; sequenceMbPerS = 10 Mb / wall seconds for all 746 motifs',
        sequenceMbPerS: +(mb / sec).toFixed(4),
        motifs: motifs.length, mb: +mb.toFixed(3), seconds: +sec.toFixed(2), prepareSeconds: +((t1 - t0) / 1000).toFixed(2),
        hits: hits.n, pThreshold: 1e-4, background: 'MEME default (NRDB, averaged over strands)',
        // No peer field: MEME's C FIMO cannot be installed here, so no ratio is claimed.
      };
    },
  },
  {
    name: 'tomtom',
    run: async () => {
      const db = buildTomtomDb(parseMotifs(readFileSync(need('motifs/JASPAR2024_CORE_vertebrates_non-redundant.transfac.txt'), 'utf8')));
      const queries = parseMotifs(readFileSync(need('motifs/JASPAR2020_CORE_vertebrates_non-redundant.meme.txt'), 'utf8')).slice(0, 100);
      const t0 = performance.now();
      let n = 0;
      for (const q of queries) n += tomtom(q, db).length;
      const sec = (performance.now() - t0) / 1000;
      return {
        bench: 'tomtom', queries: 100, database: 'JASPAR 2024 CORE vertebrates (879)', value: +(queries.length / sec).toFixed(1), unit: 'queries/s',
        seconds: +sec.toFixed(2), targets: db.targets.length, matches: n, metric: 'pearson',
        statistic: 'MEME 4.12: p of the max complete score over offsets and strands, pseudocount 0.1, Storey q',
      };
    },
  },
  {
    name: 'motifs.extract',
    run: async () => {
      // The app's filter-reading job body: 2,000 positives + 2,000 negatives of 500 bp through an
      // ARGMINN (F=8, W=15, paper sizes) on the CPU backend, PFMs, firing counts and twins.
      const tf = await import('@tensorflow/tfjs');
      await tf.setBackend('cpu');
      const { Argminn, DEFAULT_ARGMINN } = await import('../src/core/model/argminn');
      const { extractFilterMotifs } = await import('../src/core/motifs/extract');
      const model = new Argminn({ ...DEFAULT_ARGMINN }, undefined, 1);
      let seed = 1;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      const mk = (n: number) => Array.from({ length: n }, () => Uint8Array.from({ length: 500 }, () => Math.floor(rnd() * 4)));
      const pos = mk(2000), neg = mk(2000);
      const t0 = performance.now();
      const ms = await extractFilterMotifs(model, pos, neg);
      const sec = (performance.now() - t0) / 1000;
      model.dispose();
      return { bench: 'motifs.extract.4000x500bp_F8', value: +(4000 / sec).toFixed(1), unit: 'sequences/s (cpu backend)', seconds: +sec.toFixed(2), filters: ms.length };
    },
  },
];
