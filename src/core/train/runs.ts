// Training runs stored in the project file (migration 3): listing, detail, the trained model, delete,
// and single-file export/import of a trained model with its provenance.
//
// Stable API for other features (motif library, grammar, design, variants) — keep these signatures:
//   listRuns(db)                → RunSummary[]   newest first; `state` is live (taken from the run's job)
//   getRun(db, id)              → RunDetail | null   config, history, test metrics with ROC/PR curves
//   loadRunModel(db, id)        → Promise<{ model: SeqModel, meta: RunSummary & { config } }>
//                                 throws RunError when the run has no trained model (yet). Loads tfjs
//                                 lazily (call it in the engine worker); the caller disposes the model.
//   runModelBytes(db, id)       → Uint8Array   the serialized model blob (no tfjs needed)
// Everything else here is used by the train commands and the train job.
//
// This module never imports tfjs at load time, so the main process can list runs cheaply.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { APP_VERSION } from '../version';
import type { SeqModel } from '../model/registry';
import type { TrainConfig } from './config';
import { MODEL_KINDS, type ModelKind } from '../model/kinds';

export type RunState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';
export type { ModelKind };

export class RunError extends Error {
  constructor(message: string, readonly code: 'not_found' | 'conflict' | 'bad_file' | 'invalid_input') {
    super(message);
    this.name = 'RunError';
  }
}

export interface MeanMetrics { accuracy: number | null; auroc: number | null; auprc: number | null }

export interface RunSummary {
  id: number;
  name: string;
  modelKind: ModelKind;
  origin: 'trained' | 'imported';
  datasetId: number | null;
  datasetName: string;
  taskNames: string[];
  seqLength: number | null;
  preset: string;
  seed: number;
  backend: string | null;
  appVersion: string;
  jobId: string | null;
  state: RunState;
  /** Finished runs: 'done' (all epochs) or 'early-stopped'. */
  status: string | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  trainSeconds: number;
  epochsDone: number;
  epochs: number;
  bestEpoch: number | null;
  test: MeanMetrics | null;
  paramCount: number | null;
  hasModel: boolean;
}

/** One epoch of training (1-based epoch); NaN metrics are stored as null. */
export interface EpochRow {
  epoch: number;
  trainLoss: number | null;
  validLoss: number | null;
  validAuroc: number | null;
  validAuprc: number | null;
  validAccuracy: number | null;
  lambdaOvl: number;
  lambdaL1: number;
  lambdaEnt: number;
  seconds: number;
  improved: boolean;
}

export interface TaskResult {
  task: string;
  nPos: number;
  nNeg: number;
  accuracy: number | null;
  auroc: number | null;
  auprc: number | null;
  roc: { x: number[]; y: number[] };
  pr: { x: number[]; y: number[] };
}

export interface TestMetrics extends MeanMetrics {
  n: number;
  loss: number | null;
  perTask: TaskResult[];
}

export interface RunDetail extends RunSummary {
  config: TrainConfig;
  overrides: Record<string, unknown>;
  warnings: string[];
  history: EpochRow[];
  testMetrics: TestMetrics | null;
  peakRssMb: number | null;
  startedAt: string | null;
}

interface RunRow {
  id: number; name: string; model_kind: ModelKind; origin: 'trained' | 'imported'; dataset_id: number | null; dataset_name: string;
  task_names: string; seq_length: number | null; preset: string; overrides: string; config: string; seed: number; backend: string | null;
  app_version: string; job_id: string | null; state: RunState; status: string | null; error: string | null; warnings: string;
  created_at: string; started_at: string | null; finished_at: string | null; train_seconds: number; epochs_done: number;
  best_epoch: number | null; history: string; test_metrics: string | null; param_count: number | null; peak_rss_mb: number | null;
  has_model: number; job_state: RunState | null; job_error: string | null;
}

const COLS = `r.id, r.name, r.model_kind, r.origin, r.dataset_id, r.dataset_name, r.task_names, r.seq_length, r.preset, r.overrides,
  r.config, r.seed, r.backend, r.app_version, r.job_id, r.state, r.status, r.error, r.warnings, r.created_at, r.started_at,
  r.finished_at, r.train_seconds, r.epochs_done, r.best_epoch, r.history, r.test_metrics, r.param_count, r.peak_rss_mb,
  r.model IS NOT NULL AS has_model, j.state AS job_state, j.error AS job_error`;
const FROM = 'runs r LEFT JOIN jobs j ON j.id = r.job_id';

/** A finished run is done for good; otherwise its job says where it stands (cancelled, interrupted…). */
function liveState(r: RunRow): RunState {
  if (r.state === 'done') return 'done';
  if (r.job_state === 'done') return r.has_model ? 'done' : 'failed';
  return r.job_state ?? r.state;
}

function summary(r: RunRow): RunSummary {
  const cfg = JSON.parse(r.config) as { epochs?: number };
  const tm = r.test_metrics ? (JSON.parse(r.test_metrics) as TestMetrics) : null;
  return {
    id: r.id, name: r.name, modelKind: r.model_kind, origin: r.origin, datasetId: r.dataset_id, datasetName: r.dataset_name,
    taskNames: JSON.parse(r.task_names) as string[], seqLength: r.seq_length, preset: r.preset, seed: r.seed, backend: r.backend,
    appVersion: r.app_version, jobId: r.job_id, state: liveState(r), status: r.status,
    error: r.error ?? (r.job_state === 'failed' ? r.job_error : null),
    createdAt: r.created_at, finishedAt: r.finished_at, trainSeconds: r.train_seconds, epochsDone: r.epochs_done,
    epochs: cfg.epochs ?? 0, bestEpoch: r.best_epoch,
    test: tm ? { accuracy: tm.accuracy, auroc: tm.auroc, auprc: tm.auprc } : null,
    paramCount: r.param_count, hasModel: !!r.has_model,
  };
}
export function listRuns(db: Database.Database): RunSummary[] {
  return (db.prepare(`SELECT ${COLS} FROM ${FROM} ORDER BY r.id DESC`).all() as RunRow[]).map(summary);
}

export function getRun(db: Database.Database, id: number): RunDetail | null {
  const r = db.prepare(`SELECT ${COLS} FROM ${FROM} WHERE r.id = ?`).get(id) as RunRow | undefined;
  if (!r) return null;
  return {
    ...summary(r),
    config: JSON.parse(r.config) as TrainConfig,
    overrides: JSON.parse(r.overrides) as Record<string, unknown>,
    warnings: JSON.parse(r.warnings) as string[],
    history: JSON.parse(r.history) as EpochRow[],
    testMetrics: r.test_metrics ? (JSON.parse(r.test_metrics) as TestMetrics) : null,
    peakRssMb: r.peak_rss_mb,
    startedAt: r.started_at,
  };
}

export function getRunByJob(db: Database.Database, jobId: string): RunSummary | null {
  const r = db.prepare(`SELECT ${COLS} FROM ${FROM} WHERE r.job_id = ?`).get(jobId) as RunRow | undefined;
  return r ? summary(r) : null;
}

export interface NewRun {
  name: string;
  modelKind: ModelKind;
  datasetId: number | null;
  datasetName: string;
  taskNames: string[];
  seqLength: number | null;
  preset: string;
  overrides: Record<string, unknown>;
  config: TrainConfig;
}

/** A new run waiting for its job (state 'queued'). */
export function createRun(db: Database.Database, r: NewRun): number {
  const info = db
    .prepare(`INSERT INTO runs(name, model_kind, origin, dataset_id, dataset_name, task_names, seq_length, preset, overrides, config, seed, app_version, state, created_at)
      VALUES(?,?, 'trained', ?,?,?,?,?,?,?,?,?, 'queued', ?)`)
    .run(r.name, r.modelKind, r.datasetId, r.datasetName, JSON.stringify(r.taskNames), r.seqLength, r.preset, JSON.stringify(r.overrides),
      JSON.stringify(r.config), r.config.seed, APP_VERSION, new Date().toISOString());
  return Number(info.lastInsertRowid);
}

export function attachJob(db: Database.Database, runId: number, jobId: string): void {
  db.prepare('UPDATE runs SET job_id = ? WHERE id = ?').run(jobId, runId);
}

export function renameRun(db: Database.Database, id: number, name: string): void {
  const n = db.prepare('UPDATE runs SET name = ? WHERE id = ?').run(name, id).changes;
  if (!n) throw new RunError(`No run ${id} in this project.`, 'not_found');
}

/**
 * Deletes a run with its model (and, through foreign keys, everything derived from it). A run whose
 * job is queued or running must be cancelled first. The job stays in the job list, without its
 * checkpoint (nothing left to resume into).
 */
export function deleteRun(db: Database.Database, id: number): void {
  const r = db.prepare(`SELECT r.job_id, j.state AS job_state FROM ${FROM} WHERE r.id = ?`).get(id) as { job_id: string | null; job_state: string | null } | undefined;
  if (!r) throw new RunError(`No run ${id} in this project.`, 'not_found');
  if (r.job_state === 'running' || r.job_state === 'queued') throw new RunError('This run is still training: cancel it first, then delete it.', 'conflict');
  db.transaction(() => {
    db.prepare('DELETE FROM runs WHERE id = ?').run(id);
    if (r.job_id) db.prepare(`UPDATE jobs SET checkpoint = NULL, message = 'its run was deleted' WHERE id = ?`).run(r.job_id);
  })();
}

/** The serialized model blob of a finished run. */
export function runModelBytes(db: Database.Database, id: number): Uint8Array {
  const r = db.prepare('SELECT model, state FROM runs WHERE id = ?').get(id) as { model: Buffer | null; state: string } | undefined;
  if (!r) throw new RunError(`No run ${id} in this project.`, 'not_found');
  if (!r.model) throw new RunError(`Run ${id} has no trained model yet (it is ${r.state}).`, 'conflict');
  return new Uint8Array(r.model.buffer, r.model.byteOffset, r.model.byteLength);
}

/** The trained model of a run, ready for inference (tfjs loaded lazily; dispose the model when done). */
export async function loadRunModel(db: Database.Database, id: number): Promise<{ model: SeqModel; meta: RunSummary & { config: TrainConfig } }> {
  const detail = getRun(db, id);
  if (!detail) throw new RunError(`No run ${id} in this project.`, 'not_found');
  const bytes = runModelBytes(db, id);
  const { deserializeModel } = await import('../model/infer');
  const { model } = deserializeModel(bytes);
  const { history: _h, testMetrics: _t, warnings: _w, overrides: _o, ...meta } = detail;
  void _h; void _t; void _w; void _o;
  return { model, meta };
}

// ---------------------------------------------------------------------------------------------
// Single-file export: "CGRX" magic, u32 format version, u32 header length, JSON header (run
// provenance, config, history, test metrics), padding to 4 bytes, then the model blob verbatim
// ("CGRM" container of src/core/model/infer.ts). Reading it needs no tfjs.

const EXPORT_MAGIC = 0x58524743; // 'CGRX' little-endian
const EXPORT_VERSION = 1;
const MODEL_MAGIC = 0x4d524743; // 'CGRM'
export const MODEL_FILE_EXTENSION = '.cisgram-model';

const NullableNum = z.number().nullable();
const ExportHeader = z.object({
  kind: z.literal('cisgram-run'),
  name: z.string().min(1).max(200),
  modelKind: z.enum(MODEL_KINDS),
  datasetName: z.string(),
  taskNames: z.array(z.string()).min(1),
  seqLength: z.number().int().nullable(),
  preset: z.string(),
  overrides: z.record(z.string(), z.unknown()),
  config: z.record(z.string(), z.unknown()),
  seed: z.number().int(),
  backend: z.string().nullable(),
  appVersion: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  trainSeconds: z.number(),
  epochsDone: z.number().int(),
  bestEpoch: z.number().int().nullable(),
  status: z.string().nullable(),
  history: z.array(z.record(z.string(), z.unknown())),
  testMetrics: z.object({ n: z.number(), loss: NullableNum, accuracy: NullableNum, auroc: NullableNum, auprc: NullableNum, perTask: z.array(z.unknown()) }).passthrough().nullable(),
  paramCount: z.number().int().nullable(),
  warnings: z.array(z.string()),
  exportedAt: z.string(),
  exportedBy: z.string(),
});
type ExportHeader = z.infer<typeof ExportHeader>;

/** Header JSON and float arrays index of a CGRM model blob, read without tfjs; throws on malformed input. */
function inspectModelBlob(bytes: Uint8Array): { kind: string; config: Record<string, number>; arrays: { name: string; offset: number; length: number }[]; floats: Float32Array } {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 12 || dv.getUint32(0, true) !== MODEL_MAGIC) throw new Error('the model part is not a Cisgram model');
  if (dv.getUint32(4, true) !== 1) throw new Error(`unsupported model version ${dv.getUint32(4, true)}`);
  const hl = dv.getUint32(8, true);
  if (12 + hl > bytes.byteLength) throw new Error('the model header is truncated');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + hl))) as { kind?: string; config?: Record<string, number>; arrays?: { name: string; offset: number; length: number }[] };
  const KNOWN = ['argminn', 'cnn', 'explainn'];
  if (!header.kind || !KNOWN.includes(header.kind) || !header.config || !Array.isArray(header.arrays)) {
    throw new Error(`the model header is not a model Cisgram knows (kind '${header.kind ?? 'none'}')`);
  }
  const start = 12 + hl + ((4 - ((12 + hl) % 4)) % 4);
  const total = header.arrays.reduce((a, x) => a + x.length, 0);
  if (bytes.byteLength !== start + 4 * total) throw new Error(`the model weights are truncated or padded (${bytes.byteLength} bytes, expected ${start + 4 * total})`);
  const floats = new Float32Array(bytes.slice(start).buffer);
  return { kind: header.kind, config: header.config, arrays: header.arrays, floats };
}

/** Checks a model blob's weights for the shapes its config implies and for finite values. */
function checkModel(bytes: Uint8Array, taskCount: number): void {
  const { kind, config: c, arrays, floats } = inspectModelBlob(bytes);
  for (let i = 0; i < floats.length; i++) if (!Number.isFinite(floats[i])) throw new Error('the model weights contain NaN or infinite values');
  if (kind !== 'argminn') {
    // Baselines: their own constructors check shapes on load; here the task count must agree.
    if (!Number.isInteger(c.T) || c.T !== taskCount) throw new Error(`the model predicts ${c.T} task(s) but its record names ${taskCount}`);
    return;
  }
  for (const k of ['F', 'W', 'H', 'NH', 'S', 'nL', 'T', 'P']) if (!Number.isInteger(c[k]) || c[k] < 1) throw new Error(`the model config has no valid ${k}`);
  if (c.T !== taskCount) throw new Error(`the model predicts ${c.T} task(s) but its record names ${taskCount}`);
  const len = new Map(arrays.map((a) => [a.name, a.length]));
  const expect: [string, number][] = [['conv.w', c.W * 4 * c.F], ['conv.b', c.F], ['tok.w', (c.F + c.P) * c.H], ['out.w', c.S * c.T], ['out.b', c.T]];
  for (let l = 0; l < c.nL; l++) expect.push([`L${l}.q.w`, c.S * c.H], [`L${l}.mlp2.w`, c.H * c.S]);
  for (const [name, n] of expect) if (len.get(name) !== n) throw new Error(`weight ${name} has ${len.get(name) ?? 'no'} values, expected ${n}`);
  for (let i = 0; i < floats.length; i++) if (!Number.isFinite(floats[i])) throw new Error('the model weights contain NaN or infinite values');
}

/** A finished run as one self-contained file: config + weights + provenance + metrics. */
export function exportRun(db: Database.Database, id: number): Uint8Array {
  const d = getRun(db, id);
  if (!d) throw new RunError(`No run ${id} in this project.`, 'not_found');
  const model = runModelBytes(db, id);
  const header: ExportHeader = {
    kind: 'cisgram-run', name: d.name, modelKind: d.modelKind, datasetName: d.datasetName, taskNames: d.taskNames, seqLength: d.seqLength,
    preset: d.preset, overrides: d.overrides, config: d.config as unknown as Record<string, unknown>, seed: d.seed, backend: d.backend,
    appVersion: d.appVersion, createdAt: d.createdAt, finishedAt: d.finishedAt, trainSeconds: d.trainSeconds, epochsDone: d.epochsDone,
    bestEpoch: d.bestEpoch, status: d.status, history: d.history as unknown as Record<string, unknown>[], testMetrics: d.testMetrics as ExportHeader["testMetrics"],
    paramCount: d.paramCount, warnings: d.warnings, exportedAt: new Date().toISOString(), exportedBy: APP_VERSION,
  };
  const hjson = new TextEncoder().encode(JSON.stringify(header));
  const pad = (4 - ((12 + hjson.length) % 4)) % 4;
  const out = new Uint8Array(12 + hjson.length + pad + model.byteLength);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, EXPORT_MAGIC, true);
  dv.setUint32(4, EXPORT_VERSION, true);
  dv.setUint32(8, hjson.length, true);
  out.set(hjson, 12);
  out.set(model, 12 + hjson.length + pad);
  return out;
}

/** Parses and checks an exported run file; throws RunError('bad_file') with a readable reason. */
export function readRunFile(bytes: Uint8Array): { header: ExportHeader; model: Uint8Array } {
  const bad = (why: string) => new RunError(`This is not a usable Cisgram model file: ${why}.`, 'bad_file');
  if (bytes.byteLength < 12) throw bad('it is too short');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== EXPORT_MAGIC) {
    throw bad(dv.getUint32(0, true) === MODEL_MAGIC ? 'it holds bare weights without their run record' : 'it does not start with the Cisgram model signature');
  }
  const ver = dv.getUint32(4, true);
  if (ver !== EXPORT_VERSION) throw bad(`it was written in format version ${ver}, which this version of Cisgram (${APP_VERSION}) cannot read`);
  const hl = dv.getUint32(8, true);
  if (12 + hl > bytes.byteLength) throw bad('it is truncated');
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + hl)));
  } catch {
    throw bad('its record is not readable');
  }
  const parsed = ExportHeader.safeParse(raw);
  if (!parsed.success) throw bad(`its record is incomplete (${parsed.error.issues.slice(0, 3).map((i) => i.path.join('.') || i.message).join(', ')})`);
  const start = 12 + hl + ((4 - ((12 + hl) % 4)) % 4);
  const model = bytes.slice(start);
  try {
    checkModel(model, parsed.data.taskNames.length);
  } catch (e) {
    throw bad((e as Error).message);
  }
  return { header: parsed.data, model };
}

/**
 * Adds an exported run to this project as an 'imported' run. `datasetId` optionally links it to a
 * dataset of this project with the same number of tasks (needed for reading motifs on that data).
 */
export function importRun(db: Database.Database, bytes: Uint8Array, datasetId?: number | null, parseConfig?: (c: unknown) => TrainConfig): number {
  const { header: h, model } = readRunFile(bytes);
  let config: TrainConfig;
  try {
    config = parseConfig ? parseConfig(h.config) : (h.config as unknown as TrainConfig);
  } catch (e) {
    throw new RunError(`This model file's training settings are not valid in this version of Cisgram: ${(e as Error).message.slice(0, 300)}`, 'bad_file');
  }
  let dsName = h.datasetName;
  if (datasetId != null) {
    const ds = db.prepare('SELECT name, n_tasks FROM datasets WHERE id = ?').get(datasetId) as { name: string; n_tasks: number } | undefined;
    if (!ds) throw new RunError(`No dataset ${datasetId} in this project.`, 'not_found');
    if (ds.n_tasks !== h.taskNames.length) throw new RunError(`The model predicts ${h.taskNames.length} task(s) but dataset “${ds.name}” has ${ds.n_tasks}.`, 'invalid_input');
    dsName = ds.name;
  }
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const info = db
    .prepare(`INSERT INTO runs(name, model_kind, origin, dataset_id, dataset_name, task_names, seq_length, preset, overrides, config, seed, backend,
        app_version, state, status, warnings, created_at, started_at, finished_at, train_seconds, epochs_done, best_epoch, history, test_metrics,
        param_count, model)
      VALUES(?,?, 'imported', ?,?,?,?,?,?,?,?,?,?, 'done', ?,?,?,?,?,?,?,?,?,?,?,?)`)
    .run(h.name, h.modelKind, datasetId ?? null, dsName, JSON.stringify(h.taskNames), h.seqLength, h.preset, JSON.stringify(h.overrides),
      JSON.stringify(config), h.seed, h.backend, h.appVersion, h.status,
      JSON.stringify([...h.warnings, `imported on ${new Date().toISOString().slice(0, 10)} from a model file exported by Cisgram ${h.exportedBy}`]),
      h.createdAt, null, h.finishedAt, num(h.trainSeconds) ?? 0, h.epochsDone, h.bestEpoch, JSON.stringify(h.history),
      h.testMetrics ? JSON.stringify(h.testMetrics) : null, h.paramCount, Buffer.from(model.buffer, model.byteOffset, model.byteLength));
  return Number(info.lastInsertRowid);
}

/** JSON-safe number: NaN/±Infinity become null. */
export const jnum = (v: number): number | null => (Number.isFinite(v) ? v : null);
