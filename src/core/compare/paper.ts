// "Reproduce the paper's benchmark" (MODEL.md §6) as one resumable job in the engine worker: the six
// simulated grammars are simulated from a JASPAR collection of the motif library, then every
// (grammar × model × seed) run is trained in the Paper preset (fresh sequences every epoch) with the
// same train job the Train screen uses, each grammar's runs are evaluated into its comparison table,
// and one self-contained HTML report of all grammars is written. Progress is kept in the job's
// checkpoint (datasets made, runs finished, and the checkpoint of the run in training), so a
// cancelled or interrupted benchmark resumes where it stopped.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PaperJobParams } from '../../shared/api/compare';
import { defineJob } from '../jobs/context';
import { RECIPES } from '../data/recipes';
import { runSimulation } from '../data/simulation-job';
import { getDataset } from '../data/store';
import { MotifLibrary } from '../motifs/library';
import { makeConfig } from '../train/config';
import { createRun } from '../train/runs';
import { trainJob } from '../train/job';
import { evaluateJob } from './jobs';
import { comparisonRows, groupRows } from './store';
import { comparisonHtml } from './report';
import { listMotifs } from '../motifs/project-store';
import type { Motif } from '../pwm/types';
import { MODEL_KINDS } from '../model/kinds';

export const PAPER_MODELS = MODEL_KINDS;

interface State { datasets: Record<string, number>; runs: Record<string, number>; finished: string[]; evaluated: string[]; current: string | null }

/** Checkpoint = 4-byte header length, JSON state, then the bytes of the current run's own checkpoint. */
function pack(state: State, sub: Uint8Array | null): Uint8Array {
  const head = new TextEncoder().encode(JSON.stringify(state));
  const out = new Uint8Array(4 + head.length + (sub?.length ?? 0));
  new DataView(out.buffer).setUint32(0, head.length);
  out.set(head, 4);
  if (sub) out.set(sub, 4 + head.length);
  return out;
}
function unpack(b: Uint8Array): { state: State; sub: Uint8Array | null } {
  const n = new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(0);
  const state = JSON.parse(new TextDecoder().decode(b.subarray(4, 4 + n))) as State;
  return { state, sub: b.length > 4 + n ? b.slice(4 + n) : null };
}

export const paperOverrides = (quick: boolean): Record<string, unknown> =>
  quick ? { epochs: 16, freshData: { enabled: true, stepsPerEpoch: 50 } } : {};

export const paperJob = defineJob('compare.paper', async (ctx) => {
  const p = ctx.params;
  const db = ctx.db();
  const saved = ctx.checkpoint ? unpack(ctx.checkpoint) : null;
  const state: State = saved?.state ?? { datasets: {}, runs: {}, finished: [], evaluated: [], current: null };
  let sub = saved?.sub ?? null;
  const save = () => ctx.saveCheckpoint(pack(state, sub));

  const lib = new MotifLibrary(p.libraryPath, { readonly: true });
  let library: Motif[];
  let collectionName: string;
  try {
    const c = lib.collection(p.collectionId);
    if (!c) throw new Error(`The motif collection ${p.collectionId} is no longer in the library; choose a JASPAR collection.`);
    collectionName = c.name;
    library = lib.collectionMotifs(p.collectionId).map((r) => ({ id: r.motifId, name: r.name, probs: r.probs, ...(r.meta ? { meta: r.meta } : {}) }));
  } finally { lib.close(); }

  const recipes = RECIPES.filter((r) => p.recipes.includes(r.id));
  const cells = recipes.flatMap((r) => p.models.flatMap((m) => Array.from({ length: p.seeds }, (_, i) => ({ recipe: r, model: m, seed: i + 1 }))));
  const total = recipes.length + cells.length + recipes.length;
  let doneUnits = Object.keys(state.datasets).length + state.finished.length + state.evaluated.length;
  const report = (inner: number, message: string, eta: number | null = null) =>
    ctx.progress({ fraction: Math.min(0.99, (doneUnits + inner) / total), message, etaSeconds: eta });

  // ---- datasets (one transaction each; the simulation job's own code)
  for (const r of recipes) {
    if (state.datasets[r.id] && getDataset(db, state.datasets[r.id])) continue;
    ctx.throwIfCancelled();
    report(0, `simulating “${r.title}”`);
    const { datasetId } = await runSimulation(db, {
      name: `Paper benchmark · ${r.title}`, recipe: r.id, fractions: [0.8, 0.1, 0.1],
      ...(p.quick ? { nPositives: 2000, nNegatives: 2000 } : {}), ...(p.dataSize ?? {}), seed: 1,
    }, { signal: ctx.signal }, { motifs: library, name: collectionName });
    state.datasets[r.id] = datasetId;
    doneUnits++;
    save();
  }

  // ---- runs, one after another, each with the Train screen's job
  for (const c of cells) {
    const key = `${c.recipe.id}|${c.model}|${c.seed}`;
    if (state.finished.includes(key)) continue;
    ctx.throwIfCancelled();
    const datasetId = state.datasets[c.recipe.id];
    const ds = getDataset(db, datasetId)!;
    let runId = state.runs[key];
    if (!runId || !db.prepare('SELECT 1 FROM runs WHERE id = ?').get(runId)) {
      const off = c.model === 'argminn' || c.model === 'cnn_reg' ? {} : { lambdaOverlap: { enabled: false }, lambdaL1: { enabled: false } };
      const overrides = { ...off, ...paperOverrides(p.quick), ...(p.trainOverrides ?? {}), seed: c.seed };
      const config = makeConfig('paper', { ...overrides, modelKind: c.model });
      runId = createRun(db, {
        name: `${ds.name} · ${c.model} paper${p.quick ? ' (quick)' : ''} · seed ${c.seed}`, modelKind: c.model, datasetId, datasetName: ds.name,
        taskNames: ds.taskNames, seqLength: ds.seqLength, preset: 'paper', overrides, config,
      });
      state.runs[key] = runId; state.current = key; sub = null;
      save();
    }
    const cellIndex = cells.indexOf(c);
    const res = await trainJob({
      ...ctx,
      params: { runId },
      checkpoint: state.current === key ? sub : null,
      saveCheckpoint: (bytes) => { state.current = key; sub = bytes; save(); },
      progress: (u) => report(u.fraction, `run ${cellIndex + 1} of ${cells.length}: ${c.recipe.title} · ${c.model} · seed ${c.seed} — ${u.message ?? ''}`, null),
    }) as { cancelled?: boolean };
    if (res?.cancelled) ctx.throwIfCancelled();
    state.finished.push(key); state.current = null; sub = null; doneUnits++;
    save();
  }

  // ---- evaluation into each grammar's comparison table, with the collection as the known-motif database
  for (const r of recipes) {
    if (state.evaluated.includes(r.id)) continue;
    ctx.throwIfCancelled();
    const datasetId = state.datasets[r.id];
    const runIds = cells.filter((c) => c.recipe.id === r.id).map((c) => state.runs[`${c.recipe.id}|${c.model}|${c.seed}`]);
    report(0, `evaluating “${r.title}”`);
    await evaluateJob({ ...ctx, params: { datasetId, runIds, collectionId: p.collectionId, libraryPath: p.libraryPath }, checkpoint: null, progress: (u) => report(u.fraction, `evaluating “${r.title}”: ${u.message ?? ''}`) });
    state.evaluated.push(r.id); doneUnits++;
    save();
  }

  // ---- one report of every grammar
  const parts = recipes.map((r) => {
    const datasetId = state.datasets[r.id];
    const rows = comparisonRows(db, datasetId);
    const motifs = new Map(rows.map((row) => [row.runId, listMotifs(db, { runId: row.runId }).filter((m) => m.passes && !m.unused && m.mergedInto === null)]));
    return comparisonHtml({ datasetName: getDataset(db, datasetId)!.name, hasTruth: true, rows, groups: groupRows(rows) }, motifs);
  });
  const html = paperReportHtml(p, parts);
  mkdirSync(dirname(p.reportPath), { recursive: true });
  writeFileSync(p.reportPath, html);
  return { reportPath: p.reportPath, datasets: state.datasets, runs: Object.keys(state.runs).length };
});

/** The per-grammar comparison reports, one after another, under one heading that states the regime. */
function paperReportHtml(p: PaperJobParams, parts: string[]): string {
  const body = parts.map((h) => /<body[^>]*>([\s\S]*)<\/body>/i.exec(h)?.[1] ?? h).join('\n<hr>\n');
  const style = /<style[^>]*>[\s\S]*?<\/style>/i.exec(parts[0] ?? '')?.[0] ?? '';
  const regime = p.quick
    ? 'reduced regime (16 epochs of 50 fresh batches of 64 + 64 reverse complements; 2,000 + 2,000 sequences for the fixed validation/test splits)'
    : 'the paper’s regime (40 epochs of 100 fresh batches of 64 + 64 reverse complements; 10 warm-up, 20 ramp, 10 hold; early stopping keeping the best epoch)';
  return `<!doctype html><html><head><meta charset="utf-8"><title>Cisgram · paper benchmark</title>${style}</head><body>
<h1>Paper benchmark: ${p.recipes.length} simulated grammars × ${p.models.join(', ')} × ${p.seeds} seed${p.seeds > 1 ? 's' : ''}</h1>
<p>Trained in ${regime}. Definitions: see docs/compare.md.</p>
${body}
</body></html>`;
}

