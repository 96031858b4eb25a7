// Simulated datasets for the Data screen: resolve a shipped recipe (or a custom rule) against the
// user's motif file, simulate in seeded chunks (so progress and cancel work on big requests), split
// at random stratified by label, and save sequences with their planted instances in one transaction.
import { readFileSync, statSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { SimulateSpec, DatasetStats } from '../../shared/api/data';
import { parseMotifs } from '../pwm/formats';
import type { Motif } from '../pwm/types';
import { Rng } from '../seq/random';
import { getRecipe, resolveRecipeMotifs, type Recipe } from './recipes';
import { simulate, type GrammarRule } from './simulator';
import { randomSplit } from './splits';
import { computeStats } from './stats';
import { writeDatasetAsync, type NewSequence, type TruthInstance, type NewDataset } from './store';
import type { PlanHooks } from './import';

const DEMO_MOTIFS = 'demo-motifs.meme';

/**
 * The bundled demo motif file (resources/demo-motifs.meme): CISGRAM_RESOURCES, Electron's
 * resourcesPath, or the nearest `resources/` folder above this module (source tree, out/main…).
 */
export function demoMotifsPath(): string {
  const cands: string[] = [];
  if (process.env.CISGRAM_RESOURCES) cands.push(join(process.env.CISGRAM_RESOURCES, DEMO_MOTIFS));
  const rp = (process as { resourcesPath?: string }).resourcesPath;
  if (rp) cands.push(join(rp, DEMO_MOTIFS), join(rp, 'resources', DEMO_MOTIFS));
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    cands.push(join(dir, 'resources', DEMO_MOTIFS));
    dir = dirname(dir);
  }
  cands.push(resolve(process.cwd(), 'resources', DEMO_MOTIFS));
  const hit = cands.find((p) => existsSync(p));
  if (!hit) throw new Error(`the bundled demo motifs (${DEMO_MOTIFS}) are missing from this installation; looked in ${cands.slice(0, 4).join(', ')}…`);
  return hit;
}

/** A custom rule becomes a recipe whose motif keys are matched by ID or name in the file. */
function customRecipe(rule: GrammarRule): Recipe {
  const keys = rule.kind === 'single' ? [rule.motif] : rule.kind === 'mixture' ? rule.motifs : rule.kind === 'repressor' ? [rule.activator, rule.repressor] : [rule.a, rule.b];
  return {
    id: 'custom',
    title: 'Custom rule',
    description: 'A rule defined by the user.',
    motifs: [...new Set(keys)].map((k) => ({ key: k, names: [k], id: /^MA\d+/i.test(k) ? k : undefined })),
    rule,
    defaults: { length: 500, nPositives: 2000, nNegatives: 2000, gc: 0.45, decoyFraction: 0.5, seed: 1 },
  };
}

export function loadMotifFile(file: string): Motif[] {
  return parseMotifs(readFileSync(file, 'utf8'), { file: basename(file) });
}

/**
 * Simulate a recipe into a new dataset. Motifs come from `spec.motifFile` (default: the bundled demo
 * motifs) or, when given, from `fromLibrary` (a motif-library collection, recorded by its name).
 */
export async function runSimulation(
  db: Database.Database, spec: SimulateSpec, hooks: PlanHooks = {}, fromLibrary?: { motifs: Motif[]; name: string },
): Promise<{ datasetId: number; stats: DatasetStats; instances: number }> {
  const recipe = spec.recipe === 'custom' ? customRecipe(spec.custom as GrammarRule) : getRecipe(spec.recipe);
  if (!recipe) throw new Error(`unknown recipe '${spec.recipe}'`);
  const motifFile = fromLibrary ? `library: ${fromLibrary.name}` : spec.motifFile ?? demoMotifsPath();
  const library = fromLibrary ? fromLibrary.motifs : loadMotifFile(motifFile);
  const motifs = resolveRecipeMotifs(recipe, library);
  const cfg = {
    ...recipe.defaults,
    ...Object.fromEntries(Object.entries({ length: spec.length, nPositives: spec.nPositives, nNegatives: spec.nNegatives, gc: spec.gc, decoyFraction: spec.decoyFraction, seed: spec.seed }).filter(([, v]) => v !== undefined)),
  } as Recipe['defaults'];
  const seed = cfg.seed ?? 1;
  const total = cfg.nPositives + cfg.nNegatives;
  if (total * cfg.length > 400e6) throw new Error(`${total.toLocaleString('en')} sequences × ${cfg.length} bp is too large to simulate at once (limit 400 Mb in total)`);

  // Chunks of ~1000 sequences, each seeded from a master generator: deterministic for a seed.
  const master = new Rng(seed);
  const chunks = Math.max(1, Math.ceil(total / 1000));
  const codes: Uint8Array[] = [];
  const labels: number[] = [];
  const origins: string[] = [];
  const truth: TruthInstance[] = [];
  let redraws = 0, donePos = 0, doneNeg = 0;
  for (let c = 0; c < chunks; c++) {
    if (hooks.signal?.aborted) throw hooks.signal.reason ?? new DOMException('Aborted', 'AbortError');
    const np = Math.round((cfg.nPositives * (c + 1)) / chunks) - donePos;
    const nn = Math.round((cfg.nNegatives * (c + 1)) / chunks) - doneNeg;
    donePos += np; doneNeg += nn;
    const sim = simulate(recipe.rule, motifs, { ...cfg, nPositives: np, nNegatives: nn, seed: master.u32(), signal: hooks.signal });
    const base = codes.length;
    sim.seqs.forEach((s, i) => {
      codes.push(s);
      labels.push(sim.labels[i]);
      origins.push(`simulated:${sim.kinds[i]}`);
    });
    for (const inst of sim.instances) truth.push({ seqIdx: base + inst.seqIndex, motifId: inst.motifId, motifName: motifs[inst.motif]?.name ?? inst.motif, start: inst.start, end: inst.end, strand: inst.strand, role: inst.role });
    redraws += sim.backgroundRedraws;
    hooks.progress?.((0.85 * (c + 1)) / chunks, `simulated ${codes.length.toLocaleString('en')} of ${total.toLocaleString('en')} sequences`);
    await new Promise((r) => setImmediate(r));
  }
  const split = randomSplit(codes.length, { fractions: spec.fractions, seed, labels });
  const splitOf = new Array<'train' | 'valid' | 'test'>(codes.length).fill('train');
  for (const k of ['valid', 'test'] as const) for (const i of split[k]) splitOf[i] = k;
  const seqs: NewSequence[] = codes.map((c, i) => ({ name: `sim${String(i + 1).padStart(String(codes.length).length, '0')}`, split: splitOf[i], labels: [labels[i]], codes: c, origin: origins[i] }));
  const byKind = (k: string) => origins.filter((o) => o === `simulated:${k}`).length;
  const notes = [
    `Recipe “${recipe.title}”: ${recipe.description}`,
    `Motifs: ${Object.values(motifs).map((m) => `${m.name} (${m.id})`).join(', ')} from ${basename(motifFile)}.`,
    `${byKind('positive')} positives, ${byKind('background')} background negatives, ${byKind('decoy')} decoy negatives; background GC ${cfg.gc ?? 0.5}; ${truth.length} planted instances; ${redraws} accidental background matches redrawn.`,
    `Random split ${spec.fractions.map((f) => Math.round(f * 100)).join('/')} (train/validation/test), seed ${seed}, stratified by label.`,
  ];
  const stats = computeStats(seqs.map((s) => ({ split: s.split, labels: s.labels, codes: s.codes })), ['task1'], [], notes);
  const meta: NewDataset = {
    name: spec.name,
    kind: 'simulated',
    taskNames: ['task1'],
    sources: [fromLibrary
      ? { role: 'motifs', path: motifFile, file: fromLibrary.name, format: 'library', sizeBytes: 0 }
      : { role: 'motifs', path: motifFile, file: basename(motifFile), format: 'motifs', sizeBytes: statSync(motifFile).size }],
    params: { ...spec, recipe: recipe.id, rule: recipe.rule, config: cfg, motifs: Object.fromEntries(Object.entries(motifs).map(([k, m]) => [k, { id: m.id, name: m.name, probs: m.probs }])) },
    seed,
    stats,
  };
  hooks.progress?.(0.88, `saving ${seqs.length.toLocaleString('en')} sequences`);
  await new Promise((r) => setTimeout(r, 100));
  const datasetId = await writeDatasetAsync(db, meta, seqs, truth, { signal: hooks.signal });
  return { datasetId, stats, instances: truth.length };
}
