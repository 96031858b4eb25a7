// Bad input never crashes and never half-writes: train.start refuses small splits, short or ragged
// sequences and out-of-range settings with plain sentences; the train job (run in-process here with
// a hand-made job context) refuses missing/odd labels and one-class training data; a NaN loss stops
// the run with a clear message and keeps the last good checkpoint, from which it resumes; an
// out-of-memory back-off is reported; broken model files are refused on import.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CisgramService } from '../../../src/core/app/service';
import { dispatch } from '../../../src/core/app/dispatch';
import { selectBackend } from '../../../src/core/model/backend';
import { trainJob } from '../../../src/core/train/job';
import { createRun, getRun } from '../../../src/core/train/runs';
import { makeConfig } from '../../../src/core/train/config';
import { checkpointFromBytes } from '../../../src/core/train/trainer';
import type { JobContext } from '../../../src/core/jobs/context';
import type { MetricPoint } from '../../../src/shared/api';
import { addSimulatedDataset, TINY } from './train-helpers';

process.env.CISGRAM_ENGINE = 'none';

const fault: { nanAfter: number | null; oom: boolean } = { nanAfter: null, oom: false };
vi.mock('../../../src/core/train/trainer', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/core/train/trainer')>();
  return {
    ...real,
    // Fault injection around the real trainer: a NaN after `nanAfter` epochs, or an OOM back-off warning.
    train: async (...args: Parameters<typeof real.train>) => {
      const [data, cfg, opts = {}] = args;
      if (fault.oom) opts.onWarning?.('out of memory with batch 32; continuing with batch 16 (Cannot allocate)');
      if (fault.nanAfter === null) return real.train(data, cfg, opts);
      const r = await real.train(data, cfg, { ...opts, maxEpochsThisCall: fault.nanAfter });
      r.model.dispose();
      throw new real.TrainingError(`loss became NaN at epoch ${fault.nanAfter + 1}, step 1 (bce NaN, overlap 0, L1 0); training stopped; the last good checkpoint is kept. Try a lower learning rate or regulariser weights.`, 'nan', r.checkpoint);
    },
  };
});

let service: CisgramService;
let tmp: string;
const call = async (name: string, input: unknown = {}) => {
  const r = await dispatch(service, name, input);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.value as any;
};
const db = () => service.project!.db;

/** Runs the train job in this process against the project, as the worker would. */
async function runJob(runId: number, checkpoint: Uint8Array | null = null) {
  const jobId = `job-${runId}-${Math.random().toString(36).slice(2)}`;
  db().prepare(`INSERT INTO jobs(id, kind, title, params, state, app_version, created_at) VALUES(?, 'train', 't', '{}', 'running', '0', ?)`).run(jobId, new Date().toISOString());
  const points: MetricPoint[] = [];
  const ctx: JobContext = {
    jobId, params: { runId }, checkpoint, signal: new AbortController().signal, projectPath: service.project!.path, backend: 'wasm',
    db, progress: (u) => points.push(...(u.points ?? [])),
    saveCheckpoint: (b) => db().prepare('UPDATE jobs SET checkpoint = ? WHERE id = ?').run(Buffer.from(b), jobId),
    throwIfCancelled: () => {},
  };
  const saved = () => (db().prepare('SELECT checkpoint FROM jobs WHERE id = ?').get(jobId) as { checkpoint: Buffer | null }).checkpoint;
  try {
    return { result: await trainJob(ctx), error: null as string | null, points, saved: saved() };
  } catch (e) {
    return { result: null, error: (e as Error).message, points, saved: saved() };
  }
}
function newRun(datasetId: number, overrides: Record<string, unknown> = {}) {
  const config = makeConfig('quick', { ...TINY, epochs: 3, ...overrides });
  return createRun(db(), { name: 'r', modelKind: 'argminn', datasetId, datasetName: 'd', taskNames: ['bound'], seqLength: 40, preset: 'quick', overrides, config });
}
const small = { L: 40, n: { train: 80, valid: 20, test: 20 } };

beforeAll(async () => {
  await selectBackend('wasm');
  tmp = mkdtempSync(join(tmpdir(), 'cisgram-train-inputs-'));
  service = new CisgramService({ dataDir: tmp, mode: 'browser' });
  await call('projects.create', { name: 'Inputs' });
});
afterAll(async () => service.dispose());

describe('train.start refuses what cannot be trained, before any run exists', () => {
  it('names the split that is too small, short or ragged sequences, and bad settings', async () => {
    const tiny = addSimulatedDataset(db(), { name: 'tiny valid', L: 40, n: { train: 80, valid: 3, test: 20 } });
    const short = addSimulatedDataset(db(), { name: 'short', L: 12, n: { train: 40, valid: 10, test: 10 } });
    const ragged = addSimulatedDataset(db(), { name: 'ragged', L: 40, n: { train: 40, valid: 10, test: 10 }, length: (s, i) => (s === 'test' && i === 3 ? 55 : 40) });
    const good = addSimulatedDataset(db(), { name: 'good', ...small });
    const refuse = async (input: unknown) => {
      const err = await call('train.start', input).then(() => null, (e) => e);
      expect(err, JSON.stringify(input)).not.toBeNull();
      return err as { code: string; message: string };
    };
    expect(await refuse({ datasetId: tiny })).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/validation split has 3 sequences; training needs at least 10/) });
    expect((await refuse({ datasetId: short })).message).toMatch(/12 bases long, shorter than the filter width W = 15/);
    expect((await refuse({ datasetId: ragged })).message).toMatch(/different lengths \(40–55 bases\)/);
    expect(await refuse({ datasetId: 999 })).toMatchObject({ code: 'not_found' });
    expect((await refuse({ datasetId: good, overrides: { model: { H: 30, NH: 4 } } })).message).toMatch(/Token width \(H\): must be a multiple of the number of attention heads/);
    expect((await refuse({ datasetId: good, overrides: { model: { F: 0 } }, preset: 'paper' })).message).toMatch(/Motif filters \(F\): must be at least 1/);
    expect((await refuse({ datasetId: good, overrides: { lr: 2 } })).message).toMatch(/Learning rate: must be at most 1/);
    expect((await refuse({ datasetId: good, model: 'cnn' })).message).toMatch(/shorter than/);   // baselines are trainable; the CNN needs ≥ 57 bases
    expect((await refuse({ datasetId: good, preset: 'huge' })).code).toBe('invalid_input');
    expect(await call('train.runs')).toEqual([]);
    const listed = await call('train.datasets');
    expect(listed.find((d: any) => d.id === tiny).problem).toMatch(/validation split has 3/);
    expect(listed.find((d: any) => d.id === good)).toMatchObject({ problem: null, splits: { train: 80, valid: 20, test: 20 }, minLength: 40, maxLength: 40 });
  });
});

describe('the train job checks labels before training', () => {
  it('refuses missing labels, labels outside 0–1, and a training split with one class', async () => {
    const nan = addSimulatedDataset(db(), { ...small, label: (s, i, p) => (s === 'valid' && i === 4 ? NaN : p ? 1 : 0) });
    const two = addSimulatedDataset(db(), { ...small, label: (s, i, p) => (s === 'train' && i === 0 ? 2 : p ? 1 : 0) });
    const onlyPos = addSimulatedDataset(db(), { ...small, label: (s, _i, p) => (s === 'train' ? 1 : p ? 1 : 0) });
    for (const [ds, re] of [[nan, /1 label is missing in the validation split/], [two, /1 label is outside 0–1 in the training split/], [onlyPos, /training split has only positives for task “bound”/]] as const) {
      const runId = newRun(ds);
      const r = await runJob(runId);
      expect(r.error).toMatch(re);
      const run = getRun(db(), runId)!;
      expect(run.error).toMatch(re);
      expect(run.hasModel).toBe(false);
      expect(r.saved).toBeNull();
    }
  });
});

describe('NaN loss and out-of-memory', () => {
  it('a NaN loss fails the run with a clear message, keeps the last good checkpoint, and the run resumes from it', async () => {
    const ds = addSimulatedDataset(db(), small);
    const runId = newRun(ds, { epochs: 4 });
    fault.nanAfter = 2;
    const r = await runJob(runId);
    fault.nanAfter = null;
    expect(r.error).toMatch(/^Training stopped: Loss became NaN at epoch 3.*last good checkpoint is kept.*lower learning rate/);
    const failed = getRun(db(), runId)!;
    expect(failed.error).toBe(r.error);
    expect(failed.hasModel).toBe(false);
    expect(failed.epochsDone).toBe(2);
    expect(failed.history).toHaveLength(2);
    expect(r.saved).not.toBeNull();
    const ck = checkpointFromBytes(new Uint8Array(r.saved!));
    expect(ck.nextEpoch).toBe(2);
    // resume (e.g. after the user accepts): continues from epoch 3 to the end
    const again = await runJob(runId, new Uint8Array(r.saved!));
    expect(again.error).toBeNull();
    const done = getRun(db(), runId)!;
    expect(done).toMatchObject({ state: 'done', epochsDone: 4, hasModel: true, error: null });
    expect(done.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    expect(again.points.filter((p) => p.series === 'valid_loss').map((p) => p.x)).toEqual([3, 4]);
  });

  it('reports an out-of-memory batch halving on the run', async () => {
    const ds = addSimulatedDataset(db(), small);
    const runId = newRun(ds, { epochs: 1 });
    fault.oom = true;
    const r = await runJob(runId);
    fault.oom = false;
    expect(r.error).toBeNull();
    expect(getRun(db(), runId)!.warnings).toContainEqual(expect.stringMatching(/^Out of memory with batch 32; continuing with batch 16/));
  });
});

describe('model files', () => {
  it('refuses files that are not, or no longer, Cisgram model files, and models for another task count', async () => {
    const ds = addSimulatedDataset(db(), small);
    const runId = newRun(ds, { epochs: 1 });
    expect((await runJob(runId)).error).toBeNull();
    const good = join(tmp, 'm.cisgram-model');
    await call('train.export', { runId, path: good });
    const bytes = new Uint8Array(readFileSync(good));
    const hl = new DataView(bytes.buffer).getUint32(8, true);
    const modelStart = 12 + hl + ((4 - ((12 + hl) % 4)) % 4);
    const cases: [string, Uint8Array | string, RegExp][] = [
      ['garbage.cisgram-model', 'hello, not a model', /does not start with the Cisgram model signature/],
      ['cut.cisgram-model', bytes.subarray(0, bytes.length - 100), /weights are truncated/],
      ['bare.cisgram-model', bytes.subarray(modelStart), /bare weights without their run record/],
    ];
    // flip one weight to NaN
    const nan = bytes.slice();
    new DataView(nan.buffer).setFloat32(nan.length - 4, NaN, true);
    cases.push(['nan.cisgram-model', nan, /NaN or infinite/]);
    const before = (await call('train.runs')).length;
    for (const [name, content, re] of cases) {
      const p = join(tmp, name);
      writeFileSync(p, content);
      const err = await call('train.import', { path: p }).then(() => null, (e) => e);
      expect(err, name).toMatchObject({ code: 'bad_file' });
      expect(err.message, name).toMatch(re);
    }
    await expect(call('train.import', { path: join(tmp, 'missing.cisgram-model') })).rejects.toMatchObject({ code: 'not_found' });
    const twoTasks = addSimulatedDataset(db(), { ...small, tasks: ['a', 'b'] });
    await expect(call('train.import', { path: good, datasetId: twoTasks })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/predicts 1 task\(s\) but dataset .* has 2/) });
    expect((await call('train.runs')).length).toBe(before); // nothing half-written
    await expect(call('train.export', { runId: 9999, path: join(tmp, 'x') })).rejects.toMatchObject({ code: 'not_found' });
  });
});
