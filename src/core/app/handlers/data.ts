// Handlers of the data commands: thin, validated entry points into src/core/data services. Long
// work (preview, import, simulate) starts jobs; files are checked here first so that a wrong path
// or a bad motif file is reported at once instead of as a failed job.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ApiError } from '../../../shared/api/errors';
import type { ImportSpec, SimulateSpec } from '../../../shared/api/data';
import type { CisgramService, Handlers } from '../service';
import type { dataCommands } from '../../../shared/api/data';
import { listDatasets, getDataset, pageSequences, getSequences, getTruth, renameDataset, deleteDataset, type DatasetRecord } from '../../data/store';
import { RECIPES, DEMO_RECIPE, getRecipe, resolveRecipeMotifs } from '../../data/recipes';
import { demoMotifsPath, loadMotifFile } from '../../data/simulation-job';
import { decode } from '../../seq/alphabet';
import { fileNameFor, projectInfo } from '../projects';
import { inspectHandlers } from './data-inspect';

const MAX_LETTERS = 100_000;

function requireFile(path: string, what: string): void {
  if (!existsSync(path)) throw new ApiError('not_found', `The ${what} file was not found: ${path}`);
  if (!statSync(path).isFile()) throw new ApiError('invalid_input', `The ${what} path is a folder, not a file: ${path}`);
}

function checkImport(spec: ImportSpec): void {
  if (spec.source.kind === 'fasta') requireFile(spec.source.positives, 'positives FASTA');
  else if (spec.source.kind === 'table') requireFile(spec.source.file, 'sequence table');
  else {
    requireFile(spec.source.peaks, 'peaks (BED/narrowPeak)');
    requireFile(spec.source.genome, 'genome');
  }
  if (spec.negatives.mode === 'fasta') requireFile(spec.negatives.fasta!, 'negatives FASTA');
  if (spec.testFile) requireFile(spec.testFile, 'test set');
  const split = spec.split;
  if (split?.mode === 'chromosome') {
    const both = split.valid.filter((c) => split.test.includes(c));
    if (both.length) throw new ApiError('invalid_input', `Chromosome ${both.join(', ')} is in both the validation and the test set.`);
  }
  if (spec.split?.mode === 'random' && !(spec.split.fractions[0] + spec.split.fractions[1] + spec.split.fractions[2] > 0))
    throw new ApiError('invalid_input', 'The split fractions must add up to more than zero.');
}

function checkSimulate(spec: SimulateSpec): SimulateSpec {
  const recipe = spec.recipe === 'custom' ? null : getRecipe(spec.recipe);
  if (spec.recipe !== 'custom' && !recipe) throw new ApiError('not_found', `There is no recipe “${spec.recipe}”.`);
  const motifFile = spec.motifFile ?? demoMotifsPath();
  requireFile(motifFile, 'motif');
  let library;
  try {
    library = loadMotifFile(motifFile);
  } catch (e) {
    throw new ApiError('bad_file', (e as Error).message);
  }
  if (recipe) {
    try {
      resolveRecipeMotifs(recipe, library);
    } catch (e) {
      throw new ApiError('bad_file', `${(e as Error).message} (in ${motifFile}). Choose a motif file that has them, e.g. JASPAR 2020 CORE vertebrates.`);
    }
  }
  return { ...spec, motifFile };
}

function must(rec: DatasetRecord | null, id: number): DatasetRecord {
  if (!rec) throw new ApiError('not_found', `There is no dataset ${id} in this project.`);
  return rec;
}

export function dataHandlers(svc: CisgramService): Pick<Handlers, keyof typeof dataCommands> {
  const db = () => svc.requireProject().db;
  return {
    ...inspectHandlers(svc),
    'data.list': () => (svc.project ? listDatasets(svc.project.db) : []),
    'data.get': ({ id }) => must(getDataset(db(), id), id),
    'data.page': ({ id, offset, limit, split }) => {
      must(getDataset(db(), id), id);
      return pageSequences(db(), id, { offset, limit, split });
    },
    'data.sequence': ({ id, idx }) => {
      must(getDataset(db(), id), id);
      const codes = getSequences(db(), id, [idx]).get(idx);
      if (!codes) throw new ApiError('not_found', `Dataset ${id} has no sequence number ${idx}.`);
      const row = db().prepare('SELECT name FROM dataset_seqs WHERE dataset_id = ? AND idx = ?').get(id, idx) as { name: string };
      const n = Math.min(codes.length, MAX_LETTERS);
      return { idx, name: row.name, letters: decode(codes, 0, n), truncated: n < codes.length, length: codes.length, truth: getTruth(db(), id, idx) };
    },
    'data.truth': ({ id, idx }) => {
      must(getDataset(db(), id), id);
      return getTruth(db(), id, idx);
    },
    'data.rename': ({ id, name }) => {
      must(getDataset(db(), id), id);
      renameDataset(db(), id, name);
      return getDataset(db(), id)!;
    },
    'data.delete': ({ id }) => {
      must(getDataset(db(), id), id);
      deleteDataset(db(), id);
      return null;
    },
    'data.preview': (spec) => {
      const p = svc.requireProject();
      checkImport(spec);
      return p.jobs.start('data.preview', `Preview “${spec.name}”`, spec);
    },
    'data.import': (spec) => {
      const p = svc.requireProject();
      checkImport(spec);
      return p.jobs.start('data.import', `Import “${spec.name}”`, spec);
    },
    'data.simulate': (spec) => {
      const p = svc.requireProject();
      const checked = checkSimulate(spec);
      return p.jobs.start('data.simulate', `Simulate “${spec.name}”`, checked);
    },
    'data.recipes': () =>
      [...RECIPES, DEMO_RECIPE].map((r) => ({
        id: r.id, title: r.title, description: r.description, motifs: r.motifs,
        defaults: { length: r.defaults.length, nPositives: r.defaults.nPositives, nNegatives: r.defaults.nNegatives, gc: r.defaults.gc, decoyFraction: r.defaults.decoyFraction, seed: r.defaults.seed },
        demo: r === DEMO_RECIPE,
      })),
    'data.createDemo': ({ dir }) => {
      const folder = resolve(dir ?? svc.files.projectsDir);
      let name = 'Cisgram demo';
      for (let i = 2; existsSync(join(folder, fileNameFor(name))); i++) name = `Cisgram demo ${i}`;
      const spec = checkSimulate({ name: DEMO_RECIPE.title, recipe: DEMO_RECIPE.id, fractions: [0.8, 0.1, 0.1] });
      const { db: pdb, path } = svc.files.create(name, folder);
      const p = svc.openCreated(pdb, path);
      const job = p.jobs.start('data.simulate', `Simulate “${spec.name}”`, spec);
      return { project: projectInfo(p.db, path), job };
    },
  };
}
