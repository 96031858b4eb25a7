// Real-data benchmark of the training presets (issue: "the default for users' own data must learn the
// motif wherever the Paper preset does"): ENCODE ChIP-seq peaks from ../shared/data/chipseq (101 bp,
// DeepBind release) with dinucleotide-shuffled negatives, plus a long-sequence case built from the
// genome there (each peak in the centre of a 1-kb C. elegans chrX window; negatives: the same windows
// with the peak dinucleotide-shuffled, so only the 101 central bases carry a label). Through the app's
// commands (data.import → train.start → motifs.extract with JASPAR 2024 → motifs.list/motifs.match).
// One JSON line per TF × preset: test auROC, whether a passing motif's best JASPAR match is of the TF's
// family (q < 0.05), that match, and the time it took.
// Environment: REAL_TFS=GABPA,… REAL_PRESETS=quick,paper REAL_N=2000 (positives per TF) REAL_LOG=1.
import { existsSync, writeFileSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appSession } from './app-session';
import { Rng } from '../src/core/seq/random';
import { dinucShuffle } from '../src/core/data/shuffle';
import { encode, decode } from '../src/core/seq/alphabet';
import type { Bench, BenchResult } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = resolve(here, '../../shared/data');
const JASPAR24 = join(DATA, 'motifs/JASPAR2024_CORE_vertebrates_non-redundant.transfac.txt');
const CE2 = join(DATA, 'genome/ce2_chrX.fa.gz');
const TFS: Record<string, { file: string; family: RegExp }> = {
  GABPA: { file: 'GABPA_GM12878_GABP_AC.seq.gz', family: /Ets-related/i },
  FOXA1: { file: 'FOXA1_HepG2_FOXA1_AC.seq.gz', family: /Forkhead/i },
  USF1: { file: 'USF1_HepG2_USF-1_AC.seq.gz', family: /bHLH-ZIP/i },
  MYC: { file: 'MYC_H1-hESC_c-Myc_AC.seq.gz', family: /bHLH-ZIP/i },
  'GABPA-1kb': { file: 'GABPA_GM12878_GABP_AC.seq.gz', family: /Ets-related/i },
};
const log = (...a: unknown[]) => { if (process.env.REAL_LOG) console.error(new Date().toISOString().slice(11, 19), ...a); };

/** JASPAR 2024 matrix name → tf_family, read from the TRANSFAC file's CC lines. */
function families(): Map<string, string> {
  const out = new Map<string, string>();
  let name = '';
  for (const line of readFileSync(JASPAR24, 'utf8').split('\n')) {
    if (line.startsWith('ID ')) name = line.slice(3).trim();
    const m = /^CC tf_family:(.*)$/.exec(line);
    if (m && name) out.set(name, m[1].trim());
  }
  return out;
}

function peaks(file: string, n: number): string[] {
  const rows = gunzipSync(readFileSync(join(DATA, 'chipseq', file))).toString('utf8').split('\n').slice(1).filter(Boolean);
  return rows.map((r) => r.split('\t')[2]).filter((s) => /^[ACGT]+$/i.test(s)).slice(0, n);
}

/** Positives and negatives as FASTA: 101-bp peaks vs their shuffles, or peaks inside 1-kb chrX windows. */
function buildFasta(dir: string, tf: string, n: number): { pos: string; neg: string } {
  const seqs = peaks(TFS[tf].file, n);
  const rng = new Rng(7);
  let posSeqs = seqs, negSeqs = seqs.map((s) => decode(dinucShuffle(encode(s.toUpperCase()), rng)));
  if (tf.endsWith('-1kb')) {
    const fa = gunzipSync(readFileSync(CE2)).toString('utf8').split('\n').filter((l) => !l.startsWith('>')).join('').toUpperCase();
    const window = () => { for (;;) { const st = rng.int(fa.length - 1000); const w = fa.slice(st, st + 1000); if (!/N/.test(w)) return w; } };
    const embed = (centre: string) => { const w = window(); const a = 500 - Math.floor(centre.length / 2); return w.slice(0, a) + centre + w.slice(a + centre.length); };
    posSeqs = seqs.map(embed); negSeqs = negSeqs.map(embed);
  }
  const write = (name: string, xs: string[]) => { const p = join(dir, name); writeFileSync(p, xs.map((s, i) => `>${name.replace('.fa', '')}${i}\n${s}\n`).join('')); return p; };
  return { pos: write(`${tf}-pos.fa`, posSeqs), neg: write(`${tf}-neg.fa`, negSeqs) };
}

async function run(): Promise<BenchResult[]> {
  for (const p of [JASPAR24, CE2]) if (!existsSync(p)) throw new Error(`needs ${p}`);
  const tfs = (process.env.REAL_TFS ?? 'GABPA,FOXA1,USF1,GABPA-1kb').split(',').filter((t) => t in TFS);
  const presets = (process.env.REAL_PRESETS ?? 'quick,paper').split(',') as ('quick' | 'paper')[];
  const n = Number(process.env.REAL_N ?? 2000);
  const { dataDir, call, done, close } = appSession('cisgram-real-');
  const fam = families();
  const out: BenchResult[] = [];
  try {
    await call('projects.create', { name: 'Real data' });
    const coll = await call('motifs.library.import', { path: JASPAR24, name: 'JASPAR 2024' });
    for (const tf of tfs) {
      const { pos, neg } = buildFasta(dataDir, tf, n);
      const imp = await done((await call('data.import', { name: tf, source: { kind: 'fasta', positives: pos }, negatives: { mode: 'fasta', fasta: neg, ratio: 1 }, split: { mode: 'random', fractions: [0.8, 0.1, 0.1] }, seed: 1 })).id);
      const datasetId = imp.result.datasetId as number;
      for (const preset of presets) {
        const t0 = performance.now();
        const r = await call('train.start', { datasetId, model: 'argminn', preset, overrides: { seed: 1 } });
        await done(r.job.id);
        const trainS = (performance.now() - t0) / 1000;
        await done((await call('motifs.extract', { runId: r.run.id, datasetId, collectionId: coll.id })).id);
        const motifs = (await call('motifs.list', { runId: r.run.id })).filter((m: any) => m.passes && !m.unused); // eslint-disable-line @typescript-eslint/no-explicit-any
        let found: { filter: number; target: string; family: string; q: number; rank: number } | null = null;
        const best: string[] = [];
        for (const m of motifs) {
          const { matches } = await call('motifs.match', { id: m.id, collectionId: coll.id, maxResults: 5 });
          if (!matches.length) continue;
          const top = matches[0];
          best.push(`${top.targetName} (${fam.get(top.targetName) ?? '?'}, q ${top.q.toExponential(1)})`);
          const rank = matches.findIndex((x: any) => x.q < 0.05 && TFS[tf].family.test(fam.get(x.targetName) ?? '')); // eslint-disable-line @typescript-eslint/no-explicit-any
          if (rank === 0 && (!found || top.q < found.q)) found = { filter: m.filterIndex, target: top.targetName, family: fam.get(top.targetName) ?? '', q: top.q, rank };
        }
        const run = await call('train.run', { runId: r.run.id });
        const line: BenchResult = {
          bench: `realdata.${tf}.${preset}`, value: run.test?.auroc ?? NaN, unit: 'test auROC', motifFound: !!found, match: found,
          passing: motifs.length, bestMatches: best, epochs: run.epochsDone, bestEpoch: run.bestEpoch, warnings: run.warnings, seconds: Math.round(trainS),
        };
        out.push(line);
        log(JSON.stringify(line));
      }
    }
  } finally {
    await close(false);
  }
  return out;
}

export const benches: Bench[] = [{ name: 'realdata', run }];
