// Handlers of the train commands: thin, validated entry points into src/core/train (catalog, runs,
// the train job). Nothing here loads TensorFlow.js; training itself runs as a job in the worker.
import { existsSync, readFileSync, renameSync, statSync, writeFileSync, mkdirSync, unlinkSync } from 'node:fs';
import { dirname, resolve, basename } from 'node:path';
import { ZodError } from 'zod';
import type { CisgramService, Handlers } from '../service';
import type { trainCommands } from '../../../shared/api/train';
import type { MetricPoint } from '../../../shared/api/jobs';
import { ApiError } from '../../../shared/api/errors';
import { getDataset, listDatasets } from '../../data/store';
import { makeConfig, TrainConfigSchema } from '../../train/config';
import { fieldCatalog, presetCatalog, MODEL_KIND_CATALOG, describeConfigError, plannedSchedule } from '../../train/catalog';
import {
  listRuns, getRun, createRun, attachJob, renameRun, deleteRun, exportRun, importRun, RunError, MODEL_FILE_EXTENSION, type RunSummary,
} from '../../train/runs';
import { splitProblem, MIN_SPLIT } from '../../train/job';
import { minLength, usesOverlapPenalties, MODEL_KIND_LABELS } from '../../model/kinds';
import { loadSplit } from '../../data/store';
import { runHealth } from '../../motifs/run-health';
import { unknownOverridesMessage } from '../../train/override-keys';
import { defaultWorkerCount } from '../../jobs/pool';
import { availableParallelism } from 'node:os';

const cores = () => Math.max(1, availableParallelism());
const MAX_WORKERS = 64;

const MAX_IMPORT_BYTES = 512 * 2 ** 20;
/** Series drawn per training step (downsampled for display); the others are per epoch. */
const STEP_SERIES = new Set(['loss', 'bce', 'overlap', 'l1', 'entropy', 'seq_per_s']);

function rethrow(e: unknown): never {
  if (e instanceof RunError) throw new ApiError(e.code, e.message);
  throw e;
}

/** Bucket-averages one series to at most n points (x order kept). */
export function downsample(points: MetricPoint[], n: number): MetricPoint[] {
  if (points.length <= n) return points;
  const out: MetricPoint[] = [];
  const size = points.length / n;
  for (let b = 0; b < n; b++) {
    const from = Math.floor(b * size), to = Math.max(from + 1, Math.floor((b + 1) * size));
    let sx = 0, sy = 0;
    for (let i = from; i < to; i++) { sx += points[i].x; sy += points[i].y; }
    out.push({ series: points[from].series, x: sx / (to - from), y: sy / (to - from) });
  }
  return out;
}

export function trainHandlers(svc: CisgramService): Pick<Handlers, keyof typeof trainCommands> {
  const one = (id: number): RunSummary => {
    const r = getRun(svc.requireProject().db, id);
    if (!r) throw new ApiError('not_found', `No run ${id} in this project.`);
    const { config: _c, overrides: _o, warnings: _w, history: _h, testMetrics: _t, peakRssMb: _p, startedAt: _s, ...summary } = r;
    void _c; void _o; void _w; void _h; void _t; void _p; void _s;
    return summary;
  };
  return {
    'train.health': ({ runId }) => {
      one(runId);
      return runHealth(svc.requireProject().db, runId);
    },

    'train.presets': () => ({ presets: presetCatalog(), fields: fieldCatalog(), models: MODEL_KIND_CATALOG, minSplit: { ...MIN_SPLIT }, workers: { default: defaultWorkerCount(cores()), cores: cores(), max: MAX_WORKERS } }),

    'train.datasets': () => {
      const { db } = svc.requireProject();
      const W = makeConfig('quick').model.W;
      const stats = db
        .prepare('SELECT dataset_id AS id, split, COUNT(*) AS n, MIN(length) AS lo, MAX(length) AS hi FROM dataset_seqs GROUP BY dataset_id, split')
        .all() as { id: number; split: 'train' | 'valid' | 'test'; n: number; lo: number; hi: number }[];
      return listDatasets(db).map((d) => {
        const mine = stats.filter((s) => s.id === d.id);
        const splits = { train: 0, valid: 0, test: 0 };
        for (const s of mine) splits[s.split] = s.n;
        return {
          id: d.id, name: d.name, kind: d.kind, taskNames: d.taskNames, nSeqs: d.nSeqs, splits,
          minLength: mine.length ? Math.min(...mine.map((s) => s.lo)) : null,
          maxLength: mine.length ? Math.max(...mine.map((s) => s.hi)) : null,
          problem: d.nSeqs ? splitProblem(db, d.id, W) : 'This dataset has no sequences.',
        };
      });
    },

    'train.start': ({ datasetId, model, preset, overrides, name }) => {
      const { db, jobs } = svc.requireProject();
      const unknownKeys = unknownOverridesMessage(overrides);
      if (unknownKeys) throw new ApiError('invalid_input', unknownKeys);
      const ds = getDataset(db, datasetId);
      if (!ds) throw new ApiError('not_found', `No dataset ${datasetId} in this project.`);
      let config;
      try {
        // Baselines other than the ablation train without ARGMINN's penalties (unless asked for).
        const off = usesOverlapPenalties(model) ? {} : { lambdaOverlap: { enabled: false }, lambdaL1: { enabled: false } };
        // Workers: cores − 1 unless asked; 1 is stored as absent (the single-worker path of every run before workers existed).
        const workers = (overrides.workers as number | undefined) ?? defaultWorkerCount(cores());
        const { workers: _w, ...rest } = overrides; void _w;
        config = makeConfig(preset, { ...off, ...rest, modelKind: model, ...(workers === 1 ? {} : { workers }) });
      } catch (e) {
        if (e instanceof ZodError) throw new ApiError('invalid_input', `Some settings are out of range — ${describeConfigError(e)}.`, e.issues);
        throw e;
      }
      const problem = splitProblem(db, datasetId, minLength(model, config.model.W));
      if (problem) throw new ApiError('invalid_input', problem);
      if (config.prior.kind !== 'none') {
        const { labels } = loadSplit(db, datasetId, 'train');
        if (!labels.some((v) => v >= 0.5)) {
          throw new ApiError('invalid_input', `The attribution prior is applied to positive sequences only, and the training split of “${ds.name}” has no positives. Add positives on the Data screen, or train without a prior.`);
        }
      }
      const priorText = config.prior.kind === 'none' ? '' : ` + ${config.prior.kind === 'tv' ? 'TV' : 'Fourier'} prior`;
      const runName = name ?? `${ds.name} · ${MODEL_KIND_LABELS[model]}${priorText} ${preset} · seed ${config.seed}`;
      const runId = createRun(db, {
        name: runName, modelKind: model, datasetId, datasetName: ds.name, taskNames: ds.taskNames, seqLength: ds.seqLength,
        preset, overrides, config,
      });
      let job;
      try {
        job = jobs.start('train', `Train “${runName}”`, { runId });
      } catch (e) {
        db.prepare('DELETE FROM runs WHERE id = ?').run(runId);
        throw e;
      }
      attachJob(db, runId, job.id);
      return { run: one(runId), job };
    },

    'train.runs': () => listRuns(svc.requireProject().db),

    'train.run': ({ runId }) => {
      const r = getRun(svc.requireProject().db, runId);
      if (!r) throw new ApiError('not_found', `No run ${runId} in this project.`);
      const parsed = TrainConfigSchema.safeParse(r.config);
      return { ...r, config: r.config as unknown as Record<string, unknown>, schedule: parsed.success ? plannedSchedule(parsed.data) : [] };
    },

    'train.curves': ({ runId, maxPoints }) => {
      const { db, jobs } = svc.requireProject();
      const r = getRun(db, runId);
      if (!r) throw new ApiError('not_found', `No run ${runId} in this project.`);
      if (!r.jobId) return { points: [] };
      const all = jobs.metrics(r.jobId);
      const bySeries = new Map<string, MetricPoint[]>();
      for (const p of all) {
        const list = bySeries.get(p.series) ?? [];
        list.push(p);
        bySeries.set(p.series, list);
      }
      const points: MetricPoint[] = [];
      for (const [s, list] of bySeries) points.push(...(STEP_SERIES.has(s) ? downsample(list, maxPoints) : list));
      return { points };
    },

    'train.rename': ({ runId, name }) => {
      try {
        renameRun(svc.requireProject().db, runId, name);
      } catch (e) {
        rethrow(e);
      }
      return one(runId);
    },

    'train.delete': ({ runId }) => {
      try {
        deleteRun(svc.requireProject().db, runId);
      } catch (e) {
        rethrow(e);
      }
      return null;
    },

    'train.export': ({ runId, path, overwrite }) => {
      const { db } = svc.requireProject();
      let target = resolve(path);
      if (!target.toLowerCase().endsWith(MODEL_FILE_EXTENSION)) target += MODEL_FILE_EXTENSION;
      if (existsSync(target)) {
        if (statSync(target).isDirectory()) throw new ApiError('invalid_input', `${target} is a folder; give a file name.`);
        if (!overwrite) throw new ApiError('conflict', `A file named “${basename(target)}” already exists there. Choose another name, or confirm to replace it.`);
      }
      let bytes: Uint8Array;
      try {
        bytes = exportRun(db, runId);
      } catch (e) {
        rethrow(e);
      }
      const tmp = `${target}.part-${process.pid}`;
      try {
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(tmp, bytes);
        renameSync(tmp, target);
      } catch (e) {
        try { if (existsSync(tmp)) unlinkSync(tmp); } catch { /* best effort */ }
        throw new ApiError('invalid_input', `Could not write ${target}: ${(e as Error).message}`);
      }
      return { path: target, bytes: bytes.byteLength };
    },

    'train.import': ({ path, datasetId, name }) => {
      const { db } = svc.requireProject();
      const file = resolve(path);
      if (!existsSync(file) || !statSync(file).isFile()) throw new ApiError('not_found', `No file at ${file}.`);
      if (statSync(file).size > MAX_IMPORT_BYTES) throw new ApiError('bad_file', `${basename(file)} is larger than any Cisgram model file (${MAX_IMPORT_BYTES / 2 ** 20} MB); it is probably not one.`);
      const buf = readFileSync(file);
      let id: number;
      try {
        id = db.transaction(() => {
          const runId = importRun(db, new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), datasetId, (c) => TrainConfigSchema.parse(c));
          if (name) renameRun(db, runId, name);
          return runId;
        })();
      } catch (e) {
        if (e instanceof RunError && e.code === 'bad_file') throw new ApiError('bad_file', `${basename(file)}: ${e.message}`);
        rethrow(e);
      }
      return one(id);
    },
  };
}
