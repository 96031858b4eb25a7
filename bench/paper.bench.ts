// The paper benchmark (MODEL.md §6): the six simulated grammars × ARGMINN and the baselines, trained
// in the paper's regime through the same commands the screens call (data.simulate → train.start →
// compare.evaluate → compare.table, in a throw-away project), one JSON line per recipe × model with
// means and sds over seeds and the time it took.
//   paper.quick — 1 seed, a reduced regime (16 epochs = 4 warm-up / 8 ramp / 4 hold, 50 batches per
//                 epoch, 2 000 + 2 000 sequences for the fixed validation/test splits); < 30 min on 2 cores.
//   paper.full  — 3 seeds, the paper's regime as written (40 epochs of 100 fresh batches).
// Environment: PAPER_RECIPES=spi1-single,… PAPER_MODELS=argminn,cnn,… PAPER_SEEDS=1,2,3 restrict a run;
// PAPER_OVERRIDES='{"lambdaL1":{…}}' adds training settings (experiments); PAPER_LOG=1 prints progress to stderr; PAPER_KEEP=1 keeps the throw-away project (its folder is printed). Needs ../shared/data/motifs (JASPAR 2024, TRANSFAC) for the recipes’ motifs and the recovery database.
import { existsSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appSession } from './app-session';
import { RECIPES } from '../src/core/data/recipes';
import type { Bench, BenchResult } from './types';

const here = dirname(fileURLToPath(import.meta.url));
// JASPAR 2024 (TRANSFAC, with tf_family): the grammars' motifs and the whole-collection recovery database.
const JASPAR = resolve(here, '../../shared/data/motifs/JASPAR2024_CORE_vertebrates_non-redundant.transfac.txt');
const MODELS = ['argminn', 'cnn', 'cnn_reg', 'explainn'] as const;

interface Variant { name: string; seeds: number[]; overrides: Record<string, unknown>; data: { nPositives: number; nNegatives: number } }
const QUICK: Variant = {
  name: 'paper.quick', seeds: [1],
  overrides: { epochs: 16, freshData: { enabled: true, stepsPerEpoch: 50 } },
  data: { nPositives: 2000, nNegatives: 2000 },
};
const FULL: Variant = { name: 'paper.full', seeds: [1, 2, 3], overrides: {}, data: { nPositives: 4000, nNegatives: 4000 } };

const log = (...a: unknown[]) => { if (process.env.PAPER_LOG) console.error(new Date().toISOString().slice(11, 19), ...a); };
const list = (env: string | undefined, all: readonly string[]) => (env ? env.split(',').map((s) => s.trim()).filter((s) => all.includes(s)) : [...all]);

function stat(xs: (number | null | undefined)[]): { mean: number | null; sd: number | null; n: number } {
  const v = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (!v.length) return { mean: null, sd: null, n: 0 };
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
  const r = (x: number) => Math.round(x * 1e4) / 1e4;
  return { mean: r(mean), sd: r(sd), n: v.length };
}

async function runVariant(v: Variant): Promise<BenchResult[]> {
  if (!existsSync(JASPAR)) throw new Error(`needs ${JASPAR} (the recipes' JASPAR motifs)`);
  const recipes = list(process.env.PAPER_RECIPES, RECIPES.map((r) => r.id));
  const models = list(process.env.PAPER_MODELS, MODELS);
  const seeds = process.env.PAPER_SEEDS ? process.env.PAPER_SEEDS.split(',').map(Number) : v.seeds;
  const { call, done, close } = appSession('cisgram-paper-');
  const out: BenchResult[] = [];
  try {
    await call('projects.create', { name: 'Paper benchmark' });
    const coll = await call('motifs.library.import', { path: JASPAR, name: 'JASPAR 2024 CORE vertebrates' });
    for (const recipe of recipes) {
      const t0 = performance.now();
      const job = await call('data.simulate', { name: recipe, recipe, motifFile: JASPAR, ...v.data, seed: 1 });
      const sim = await done(job.id);
      const datasetId = sim.result.datasetId as number;
      log(recipe, 'simulated', datasetId);
      const runIds: Record<string, number[]> = {};
      for (const model of models) {
        for (const seed of seeds) {
          const extra = process.env.PAPER_OVERRIDES ? (JSON.parse(process.env.PAPER_OVERRIDES) as Record<string, unknown>) : {};
          const r = await call('train.start', { datasetId, model, preset: 'paper', overrides: { ...v.overrides, ...extra, seed } });
          const tr = performance.now();
          await done(r.job.id);
          (runIds[model] ??= []).push(r.run.id);
          log(recipe, model, seed, 'trained', ((performance.now() - tr) / 1000).toFixed(0), 's');
        }
      }
      const ev = await call('compare.evaluate', { datasetId, force: true, collectionId: coll.id });
      await done(ev.id);
      const table = await call('compare.table', { datasetId });
      for (const model of models) {
        const rows = table.rows.filter((r: any) => runIds[model]?.includes(r.runId) && r.metrics); // eslint-disable-line @typescript-eslint/no-explicit-any
        const m = rows.map((r: any) => r.metrics); // eslint-disable-line @typescript-eslint/no-explicit-any
        const pick = (f: (x: any) => number | null | undefined) => stat(m.map(f)); // eslint-disable-line @typescript-eslint/no-explicit-any
        const auroc = pick((x) => x.test?.auroc);
        const line: BenchResult = {
          bench: `${v.name}.${recipe}.${model}`, value: auroc.mean ?? NaN, unit: 'test auROC', seeds: m.length,
          auroc, relevant: pick((x) => x.relevant), referenceSize: m[0]?.referenceSize ?? null,
          redundancy: pick((x) => x.redundancy), extraneous: pick((x) => x.extraneous), truthSimilarity: pick((x) => x.truthSimilarity),
          instancePrecision: pick((x) => x.instances?.precision), instanceRecall: pick((x) => x.instances?.recall),
          passing: pick((x) => x.motifs?.passing), trainSeconds: pick((x) => x.trainSeconds),
          // MODEL.md §6 figures (compare/strict.ts): every planted motif recovered, redundancy/extraneous
          // with RC twins once, precision at recall 0.8 and top-k recall beside FIMO, planted rule found
          recoveredAll: pick((x) => (x.strict?.recovery ? Number(x.strict.recovery.recovered === x.strict.recovery.total) : null)),
          recovered: pick((x) => x.strict?.recovery?.recovered), plantedTotal: m[0]?.strict?.recovery?.total ?? null,
          strictRedundancy: pick((x) => x.strict?.recovery?.redundancy), strictExtraneous: pick((x) => x.strict?.recovery?.extraneous),
          usedUnits: pick((x) => x.strict?.usage?.units), allInactive: m.map((x: any) => x.strict?.allInactive ?? null), // eslint-disable-line @typescript-eslint/no-explicit-any
          precisionAtRecall80: pick((x) => x.strict?.instances?.model?.precisionAtRecall80),
          attentionPrecisionAtRecall80: pick((x) => x.strict?.instances?.attention?.precisionAtRecall80),
          recallAtN: pick((x) => x.strict?.instances?.model?.recallAtN),
          fimoModelRecallAtN: pick((x) => x.strict?.instances?.fimoModel?.recallAtN),
          fimoTrueRecallAtN: pick((x) => x.strict?.instances?.fimoTrue?.recallAtN),
          ruleFound: pick((x) => (x.strict?.rule?.found == null ? null : Number(x.strict.rule.found))),
          notes: [...new Set(m.map((x: any) => x.strict?.note).filter(Boolean))], // eslint-disable-line @typescript-eslint/no-explicit-any
          ruleNotes: [...new Set(m.map((x: any) => x.strict?.rule?.note).filter(Boolean))], // eslint-disable-line @typescript-eslint/no-explicit-any
          seconds: Math.round((performance.now() - t0) / 1000),
        };
        out.push(line);
        console.error(JSON.stringify(line));
        // importance-score discovery on the standard CNN's scores: its own row, judged the same way
        const disc = m.map((x: any) => x.strict?.discovery).filter(Boolean); // eslint-disable-line @typescript-eslint/no-explicit-any
        if (model === 'cnn' && disc.length) {
          const dp = (f: (x: any) => number | null | undefined) => stat(disc.map(f)); // eslint-disable-line @typescript-eslint/no-explicit-any
          const dl: BenchResult = {
            bench: `${v.name}.${recipe}.discovery`, value: dp((x) => x.recovery?.recovered).mean ?? NaN, unit: 'planted motifs recovered', seeds: disc.length,
            method: disc[0].method, recovered: dp((x) => x.recovery?.recovered), plantedTotal: disc[0].recovery?.total ?? null,
            recoveredAll: dp((x) => (x.recovery ? Number(x.recovery.recovered === x.recovery.total) : null)),
            strictRedundancy: dp((x) => x.recovery?.redundancy), strictExtraneous: dp((x) => x.recovery?.extraneous),
            nSeqlets: dp((x) => x.nSeqlets), nMotifs: dp((x) => x.nMotifs), passing: dp((x) => x.passing),
            precisionAtRecall80: dp((x) => x.instances?.precisionAtRecall80), recallAtN: dp((x) => x.instances?.recallAtN),
            notes: [...new Set(disc.map((x: any) => x.note).filter(Boolean))], // eslint-disable-line @typescript-eslint/no-explicit-any
          };
          out.push(dl);
          console.error(JSON.stringify(dl));
        }
      }
    }
  } finally {
    await close(!!process.env.PAPER_KEEP);
  }
  return out;
}

export const benches: Bench[] = [
  { name: 'paper.quick', run: () => runVariant(QUICK) },
  { name: 'paper.full', run: () => runVariant(FULL) },
];
