// Handlers of the compare commands: thin, validated entry points into src/core/compare. Nothing here
// loads TensorFlow.js: evaluation, importance scores and discovery run as jobs in the worker.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CisgramService, Handlers } from '../service';
import type { compareCommands } from '../../../shared/api/compare';
import { ApiError } from '../../../shared/api/errors';
import { getDataset } from '../../data/store';
import { LIBRARY_FILE, MotifLibrary } from '../../motifs/library';
import { RECIPES } from '../../data/recipes';
import { createRun, attachJob } from '../../train/runs';
import { comparisonRows, groupRows, comparisonCsv, COLUMNS } from '../../compare/store';
import { comparisonHtml } from '../../compare/report';
import { listMotifs } from '../../motifs/project-store';
import { MODEL_KINDS } from '../../model/kinds';

interface RunLite { id: number; dataset_id: number | null; model_kind: string; state: string; has_model: number; config: string; seed: number; name: string; preset: string; overrides: string; task_names: string; seq_length: number | null; dataset_name: string }

const safeName = (s: string) => s.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'comparison';

export function compareHandlers(svc: CisgramService): Pick<Handlers, keyof typeof compareCommands> {
  const libraryPath = () => join(svc.opts.dataDir, LIBRARY_FILE);
  const dataset = (id: number) => {
    const ds = getDataset(svc.requireProject().db, id);
    if (!ds) throw new ApiError('not_found', `No dataset ${id} in this project.`);
    return ds;
  };
  const run = (id: number): RunLite => {
    const r = svc.requireProject().db.prepare(`SELECT r.id, r.dataset_id, r.model_kind, COALESCE(j.state, r.state) AS state, r.model IS NOT NULL AS has_model, r.config, r.seed, r.name,
      r.preset, r.overrides, r.task_names, r.seq_length, r.dataset_name FROM runs r LEFT JOIN jobs j ON j.id = r.job_id WHERE r.id = ?`).get(id) as RunLite | undefined;
    if (!r) throw new ApiError('not_found', `No run ${id} in this project.`);
    return r;
  };
  const hasTruth = (datasetId: number) => !!svc.requireProject().db.prepare('SELECT 1 FROM dataset_truth WHERE dataset_id = ? LIMIT 1').get(datasetId);
  const table = (datasetId: number) => {
    const ds = dataset(datasetId);
    const rows = comparisonRows(svc.requireProject().db, datasetId);
    return { datasetId, datasetName: ds.name, hasTruth: hasTruth(datasetId), columns: COLUMNS.map(({ key, label, digits, truthOnly }) => ({ key, label, digits, ...(truthOnly ? { truthOnly } : {}) })), rows, groups: groupRows(rows) };
  };
  const startEvaluate = (datasetId: number, runIds: number[], collectionId: number | null) =>
    svc.requireProject().jobs.start('compare.evaluate', `Compare ${runIds.length} run${runIds.length === 1 ? '' : 's'} on “${dataset(datasetId).name}”`,
      { datasetId, runIds, collectionId, libraryPath: libraryPath() });

  return {
    'compare.table': ({ datasetId }) => table(datasetId),

    'compare.evaluate': ({ datasetId, runIds, collectionId, force }) => {
      dataset(datasetId);
      let ids: number[];
      if (runIds?.length) {
        const rs = runIds.map(run);
        const other = rs.filter((r) => r.dataset_id !== datasetId);
        if (other.length) {
          throw new ApiError('invalid_input', `A comparison holds runs of one dataset only: ${other.map((r) => `“${r.name}”`).join(', ')} ${other.length === 1 ? 'was' : 'were'} trained on “${other[0].dataset_name}”. Compare each dataset separately.`);
        }
        const unfinished = rs.filter((r) => !r.has_model);
        if (unfinished.length) throw new ApiError('invalid_input', `${unfinished.map((r) => `“${r.name}”`).join(', ')} ${unfinished.length === 1 ? 'has' : 'have'} no trained model yet; wait for training to finish.`);
        ids = rs.map((r) => r.id);
      } else {
        const rows = comparisonRows(svc.requireProject().db, datasetId);
        ids = rows.filter((r) => r.hasModel && (force || !r.evaluated)).map((r) => r.runId);
        if (!ids.length) {
          throw new ApiError('invalid_input', rows.some((r) => r.hasModel)
            ? 'Every finished run of this dataset is already in the table. Use “Re-evaluate” to compute the figures again.'
            : 'No run of this dataset has finished training yet. Train models on the Train screen (or “Train the baselines” here) first.');
        }
      }
      return startEvaluate(datasetId, ids, collectionId);
    },

    'compare.repeat': ({ datasetId, seeds, collectionId }) => {
      const ds = dataset(datasetId);
      const { db, jobs } = svc.requireProject();
      const rows = comparisonRows(db, datasetId).filter((r) => r.state !== 'failed' && r.state !== 'cancelled');
      if (!rows.length) throw new ApiError('invalid_input', `No runs on “${ds.name}” to repeat. Train at least one model first.`);
      const groups = groupRows(rows);
      const started = [];
      const newIds: number[] = [];
      for (const g of groups) {
        const have = new Set(g.seeds);
        const template = run(g.runIds[0]);
        let seed = 1;
        while (have.size < seeds) {
          while (have.has(seed)) seed++;
          have.add(seed);
          const config = { ...JSON.parse(template.config), seed };
          const name = `${ds.name} · ${g.group} · seed ${seed}`;
          const runId = createRun(db, {
            name, modelKind: template.model_kind as 'argminn', datasetId, datasetName: ds.name, taskNames: JSON.parse(template.task_names),
            seqLength: template.seq_length, preset: template.preset, overrides: { ...JSON.parse(template.overrides), seed }, config,
          });
          let job;
          try { job = jobs.start('train', `Train “${name}”`, { runId }); } catch (e) { db.prepare('DELETE FROM runs WHERE id = ?').run(runId); throw e; }
          attachJob(db, runId, job.id);
          started.push(job); newIds.push(runId);
        }
      }
      const all = [...rows.map((r) => r.runId), ...newIds];
      const evaluate = all.length ? startEvaluate(datasetId, all, collectionId) : null;
      return { started: started.length, jobs: started, evaluate };
    },

    'compare.paper': ({ collectionId, seeds, quick, recipes, models }) => {
      const { path, jobs } = svc.requireProject();
      const lib = new MotifLibrary(libraryPath(), { readonly: true });
      let motifs: { motifId: string; name: string }[];
      try {
        if (!lib.collection(collectionId)) throw new ApiError('not_found', `No motif collection ${collectionId} in the library.`);
        motifs = lib.collectionMotifs(collectionId);
      } finally { lib.close(); }
      const ids = recipes ?? RECIPES.map((r) => r.id);
      const unknown = ids.filter((id) => !RECIPES.some((r) => r.id === id));
      if (unknown.length) throw new ApiError('invalid_input', `Unknown grammar recipe(s): ${unknown.join(', ')}.`);
      // Every grammar's motifs must be in the collection (by JASPAR ID or name), or nothing starts.
      const missing = RECIPES.filter((r) => ids.includes(r.id)).flatMap((r) => r.motifs.filter((m) =>
        !motifs.some((x) => (m.id && x.motifId.replace(/\.\d+$/, '').toUpperCase() === m.id.toUpperCase()) || m.names.some((n) => n.toLowerCase() === x.name.toLowerCase())),
      ).map((m) => `${m.names[0]}${m.id ? ` (${m.id})` : ''}`));
      if (missing.length) throw new ApiError('invalid_input', `This collection lacks motifs the grammars need: ${[...new Set(missing)].join(', ')}. Import JASPAR CORE vertebrates (2020 or later) into the motif library and choose it.`);
      const ms = models ?? [...MODEL_KINDS];
      const reportPath = join(dirname(path), 'exports', `paper-benchmark${quick ? '-quick' : ''}.html`); // (compare/paper.ts loads the engine: not imported here)
      return jobs.start('compare.paper', `Paper benchmark · ${ids.length} grammars × ${ms.length} models × ${seeds} seed${seeds > 1 ? 's' : ''}${quick ? ' (quick)' : ''}`,
        { collectionId, libraryPath: libraryPath(), seeds, quick, recipes: ids, models: ms, reportPath });
    },

    'compare.export': ({ datasetId, format, path, overwrite }) => {
      const t = table(datasetId);
      const base = svc.project ? join(dirname(svc.project.path), 'exports') : join(svc.opts.dataDir, 'exports');
      const file = resolve(path ?? join(base, `${safeName(t.datasetName)}-comparison.${format}`));
      if (!file.toLowerCase().endsWith(`.${format}`)) throw new ApiError('invalid_input', `A ${format.toUpperCase()} file needs a name ending in .${format}.`);
      if (existsSync(file) && !overwrite) throw new ApiError('conflict', `${file} already exists. Choose another name or allow replacing it.`);
      const motifsByRun = new Map(t.rows.map((r) => [r.runId, listMotifs(svc.requireProject().db, { runId: r.runId }).filter((m) => m.passes && !m.unused && m.mergedInto === null)]));
      const text = format === 'csv' ? comparisonCsv(t.datasetName, t.rows, t.groups) : comparisonHtml(t, motifsByRun);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      return { path: file, bytes: Buffer.byteLength(text) };
    },

    'compare.attribute': ({ runId, datasetId, seqIdx, method, task, steps, reference, refs, seed }) => {
      const r = run(runId);
      const ds = dataset(datasetId);
      if (!r.has_model) throw new ApiError('invalid_input', `“${r.name}” has no trained model yet; wait for training to finish.`);
      const T = (JSON.parse(r.task_names) as string[]).length;
      if (task >= T) throw new ApiError('invalid_input', `This model predicts ${T} task(s); there is no task ${task + 1}.`);
      if (ds.nTasks !== T) throw new ApiError('invalid_input', `“${r.name}” predicts ${T} task(s) but dataset “${ds.name}” has ${ds.nTasks}.`);
      const row = svc.requireProject().db.prepare('SELECT length FROM dataset_seqs WHERE dataset_id = ? AND idx = ?').get(datasetId, seqIdx) as { length: number } | undefined;
      if (!row) throw new ApiError('not_found', `Dataset “${ds.name}” has no sequence ${seqIdx + 1}.`);
      if (r.seq_length !== null && row.length !== r.seq_length) throw new ApiError('invalid_input', `This sequence has ${row.length} bases; the model reads ${r.seq_length}.`);
      return svc.requireProject().jobs.start('compare.attribute', `Importance scores (${method.replace(/_/g, ' ')}) · ${r.name}`, { runId, datasetId, seqIdx, method, task, steps, reference, refs, seed });
    },

    'compare.attributions': ({ runId, limit }) => {
      const db = svc.requireProject().db;
      const rows = (runId !== undefined
        ? db.prepare(`SELECT a.*, r.name AS run_name FROM attributions a JOIN runs r ON r.id = a.run_id WHERE a.run_id = ? ORDER BY a.id DESC LIMIT ?`).all(runId, limit)
        : db.prepare(`SELECT a.*, r.name AS run_name FROM attributions a JOIN runs r ON r.id = a.run_id ORDER BY a.id DESC LIMIT ?`).all(limit)) as AttrRow[];
      return rows.map(summary);
    },

    'compare.attribution': ({ id }) => {
      const r = svc.requireProject().db.prepare(`SELECT a.*, r.name AS run_name FROM attributions a JOIN runs r ON r.id = a.run_id WHERE a.id = ?`).get(id) as AttrRow | undefined;
      if (!r) throw new ApiError('not_found', `No importance track ${id} in this project.`);
      return { ...summary(r), sequence: r.sequence, perBase: JSON.parse(r.per_base) as number[], scores: JSON.parse(r.scores) as number[] };
    },

    'compare.discover': ({ runId, method, maxSequences, task, steps, collectionId }) => {
      const r = run(runId);
      if (!r.has_model) throw new ApiError('invalid_input', `“${r.name}” has no trained model yet; wait for training to finish.`);
      if (r.dataset_id === null) throw new ApiError('invalid_input', `The dataset of “${r.name}” was deleted; discovery reads the positives of the run's dataset.`);
      const T = (JSON.parse(r.task_names) as string[]).length;
      if (task >= T) throw new ApiError('invalid_input', `This model predicts ${T} task(s); there is no task ${task + 1}.`);
      return svc.requireProject().jobs.start('compare.discover', `Discover motifs from importance scores · ${r.name}`,
        { runId, datasetId: r.dataset_id, method, maxSequences, task, steps, collectionId, libraryPath: libraryPath() });
    },
  };
}

interface AttrRow {
  id: number; run_id: number; run_name: string; dataset_id: number | null; seq_idx: number | null; seq_name: string; sequence: string; method: string; params: string;
  per_base: string; scores: string; logit: number; ref_logit: number | null; sum: number | null; convergence: number | null; seconds: number; created_at: string;
}
function summary(r: AttrRow) {
  return {
    id: r.id, runId: r.run_id, runName: r.run_name, datasetId: r.dataset_id, seqIdx: r.seq_idx, seqName: r.seq_name,
    method: r.method as 'ism', length: r.sequence.length, logit: r.logit, refLogit: r.ref_logit, sum: r.sum, convergence: r.convergence,
    seconds: r.seconds, createdAt: r.created_at, params: JSON.parse(r.params) as Record<string, unknown>,
  };
}
