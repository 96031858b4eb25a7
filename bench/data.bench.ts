// Data-import benches: FASTA parse throughput + peak→window→fetch rate on ce2 chrX, and dinucleotide shuffle speed.
import { Readable } from 'node:stream';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Bench } from './types';
import { readFasta } from '../src/core/io/fasta';
import { openGenome } from '../src/core/io/genome';
import { peaksToWindows } from '../src/core/data/windows';
import { dinucShuffle } from '../src/core/data/shuffle';
import { Rng } from '../src/core/seq/random';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import { createProjectFile } from '../src/core/store/project-db';
import { runImport } from '../src/core/data/import';
import { ImportSpec } from '../src/shared/api/data';

const here = path.dirname(fileURLToPath(import.meta.url));
const ce2 = path.resolve(here, '../../shared/data/genome/ce2_chrX.fa.gz');

async function fastaMBs(): Promise<number> {
  const line = Buffer.from('ACGTACGTTGCAACGTNNACGTACGTTGCAACGTACGTACGTTGCAACGTACGTACGTTGCA\n');
  const block = Buffer.concat(Array.from({ length: 1000 }, () => line));
  const total = 3000;
  let i = 0;
  const src = new Readable({ read() { if (i >= total) { this.push(null); return; } this.push(Buffer.from(`>r${i++}\n`)); this.push(block); } });
  const t0 = performance.now();
  let bytes = 0;
  for await (const r of readFasta(src)) bytes += r.codes.length;
  return bytes / 1e6 / ((performance.now() - t0) / 1000);
}

/** Writes n random records of len bp (60-column lines) and returns the file size. */
async function writeRandomFasta(file: string, n: number, len: number, seed: number): Promise<number> {
  const rng = new Rng(seed);
  const out = createWriteStream(file);
  const L = 'ACGT';
  for (let i = 0; i < n; i++) {
    let s = `>s${i}\n`;
    for (let p = 0; p < len; p += 60) {
      let line = '';
      for (let q = p; q < Math.min(len, p + 60); q++) line += L[rng.u32() & 3];
      s += line + '\n';
    }
    if (!out.write(s)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return statSync(file).size;
}

/** The whole import job path (parse → split → stats → one-transaction write) on 200k × 1 kb, in-process. */
async function fasta200k(negatives: 'none' | 'shuffle') {
  const dir = mkdtempSync(path.join(tmpdir(), 'cg-bench-import-'));
  try {
    const n = 200_000;
    const file = path.join(dir, 'pos.fa');
    const bytes = await writeRandomFasta(file, n, 1000, 1);
    const db = createProjectFile(path.join(dir, 'bench.cisgram'), 'bench');
    const rss0 = process.resourceUsage().maxRSS;
    let savingAt = 0;
    const t0 = performance.now();
    const r = await runImport(db, ImportSpec.parse({ name: 'big', source: { kind: 'fasta', positives: file }, negatives: { mode: negatives } }), {
      progress: (_f, m) => { if (!savingAt && m.startsWith('saving')) savingAt = performance.now(); },
    });
    const s = (performance.now() - t0) / 1000;
    const writeS = savingAt ? (performance.now() - savingAt) / 1000 : NaN;
    const total = r.stats.total;
    db.close();
    return {
      bench: negatives === 'none' ? 'import.fasta_200k' : 'import.fasta_200k_shuffled',
      value: Math.round(total / s), unit: 'seq/s',
      sequences: total, seconds: +s.toFixed(2), writeSeconds: +writeS.toFixed(2), inputMBs: +(bytes / 1e6 / s).toFixed(1),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), rssBeforeMB: Math.round(rss0 / 1024),
      projectMB: Math.round(statSync(path.join(dir, 'bench.cisgram')).size / 1e6),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const benches: Bench[] = [
  { name: 'import.fasta_200k', run: async () => [await fasta200k('none'), await fasta200k('shuffle')] },
  {
    name: 'import.windows',
    run: async () => {
      const mbs = await fastaMBs();
      if (!existsSync(ce2)) return { bench: 'import.windows', value: NaN, unit: 'windows/s', fastaMBs: mbs, note: 'ce2_chrX.fa.gz missing' };
      const t0 = performance.now();
      const g = await openGenome(ce2);
      const loadS = (performance.now() - t0) / 1000;
      const rng = new Rng(1);
      const n = g.chromSizes().get('chrX')!;
      const peaks = Array.from({ length: 50000 }, () => { const s = rng.int(n - 2000); return { chrom: 'chrX', start: s, end: s + 400, summit: 200 }; });
      const t1 = performance.now();
      const { windows } = peaksToWindows(peaks, g.chromSizes(), { length: 500 });
      for (const w of windows) await g.fetch(w.chrom, w.start, w.end);
      const s = (performance.now() - t1) / 1000;
      return { bench: 'import.windows', value: Math.round(windows.length / s), unit: 'windows/s', fastaMBs: Math.round(mbs), genomeLoadS: +loadS.toFixed(2) };
    },
  },
  {
    name: 'shuffle',
    run: async () => {
      const rng = new Rng(2);
      const seqs = Array.from({ length: 20000 }, () => new Uint8Array(500).map(() => rng.int(4)));
      const out = new Uint8Array(500);
      for (let i = 0; i < 2000; i++) dinucShuffle(seqs[i], rng, out); // warm-up
      const t0 = performance.now();
      for (const s of seqs) dinucShuffle(s, rng, out);
      const sec = (performance.now() - t0) / 1000;
      return { bench: 'shuffle', value: +((seqs.length * 500) / 1e6 / sec).toFixed(1), unit: 'Mb/s', k: 2, seqLength: 500 };
    },
  },
];
