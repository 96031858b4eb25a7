// Training on several engine workers through the API and the real engine: the run records its worker
// count; the same seed and worker count give identical weights; cancel → resume gives the
// uninterrupted run's weights; a helper worker that dies fails the run with a sentence naming it,
// leaves the project intact (checkpoint kept, no half-written model) and the run resumes to the same weights.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CisgramService } from '../../../src/core/app/service';
import { dispatch } from '../../../src/core/app/dispatch';
import type { ApiEvent, RunDetail } from '../../../src/shared/api';
import { runModelBytes } from '../../../src/core/train/runs';
import { unpackBlob } from '../../../src/core/model/infer';
import { addSimulatedDataset, SIM, TINY } from './train-helpers';

delete process.env.CISGRAM_ENGINE;

let service: CisgramService;
const events: ApiEvent[] = [];
let datasetId: number;

const call = async (name: string, input: unknown = {}) => {
  const r = await dispatch(service, name, input);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as any;
};
const waitFor = async (pred: () => boolean | Promise<boolean>, ms = 120_000) => {
  const t0 = Date.now();
  while (!(await pred())) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 15));
  }
};
const jobState = (id: string) => [...events].reverse().find((e): e is Extract<ApiEvent, { type: 'job' }> => e.type === 'job' && e.job.id === id)?.job.state;
const weights = (runId: number) => unpackBlob(runModelBytes(service.project!.db, runId)).arrays;
const expectSameWeights = (a: number, b: number) => {
  const wa = weights(a), wb = weights(b);
  expect([...wb.keys()]).toEqual([...wa.keys()]);
  for (const [k, v] of wa) expect(Array.from(wb.get(k)!), k).toEqual(Array.from(v));
};
const CFG = { ...TINY, epochs: 4, workers: 2 };

let crashFile: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  const dir = mkdtempSync(join(tmpdir(), 'cisgram-workers-'));
  crashFile = join(dir, 'crash-once');
  process.env.CISGRAM_TEST_WORKER_CRASH = `${crashFile}:29`; // read by pool workers (the engine's env is copied at its start)
  service = new CisgramService({ dataDir: dir, mode: 'browser' });
  service.events.on((e) => events.push(e));
  await call('projects.create', { name: 'Workers' });
  datasetId = addSimulatedDataset(service.project!.db, SIM);
});
afterAll(async () => { delete process.env.CISGRAM_TEST_WORKER_CRASH; await service.dispose(); });

describe('train job on 2 engine workers', () => {
  it('a dying helper fails the run clearly and keeps the project; resume, a repeat and cancel → resume all give the same weights', async () => {
    const presets = await call('train.presets');
    expect(presets.workers.default).toBe(Math.max(1, presets.workers.cores - 1));
    await expect(call('train.start', { datasetId, preset: 'quick', overrides: { ...CFG, workers: 0 } })).rejects.toThrow(/Engine workers: must be at least 1/);

    // The helper dies on its 30th share (epoch 2, of 19 steps each) while the marker file exists.
    writeFileSync(crashFile, '');
    const { run } = await call('train.start', { datasetId, preset: 'quick', overrides: CFG });
    await waitFor(() => ['done', 'failed'].includes(jobState(run.jobId) ?? ''));
    expect(existsSync(crashFile)).toBe(false);
    const failed: RunDetail = await call('train.run', { runId: run.id });
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/^Training stopped at epoch 2, step 11: engine worker 1 of 1 crashed: worker killed by the CISGRAM_TEST_WORKER_CRASH hook\. The project is unchanged/);
    expect(failed.hasModel).toBe(false);
    expect(failed.epochsDone).toBe(1);
    expect(failed.config.workers).toBe(2);
    expect(service.project!.db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');

    // Resume from the kept checkpoint on a fresh pool.
    await call('jobs.resume', { id: run.jobId });
    await waitFor(() => jobState(run.jobId) === 'done');
    const resumed: RunDetail = await call('train.run', { runId: run.id });
    expect(resumed.state).toBe('done');

    const again = await call('train.start', { datasetId, preset: 'quick', overrides: CFG });
    await waitFor(() => jobState(again.run.jobId) === 'done');
    expectSameWeights(again.run.id, run.id);

    const c = await call('train.start', { datasetId, preset: 'quick', overrides: CFG });
    await waitFor(async () => (await call('train.run', { runId: c.run.id })).epochsDone >= 2);
    await call('jobs.cancel', { id: c.run.jobId });
    await waitFor(() => jobState(c.run.jobId) === 'cancelled');
    await call('jobs.resume', { id: c.run.jobId });
    await waitFor(() => jobState(c.run.jobId) === 'done');
    expectSameWeights(c.run.id, run.id);

    // One worker is a different run (ghost batch norm): the worker count matters, and is recorded.
    const one = await call('train.start', { datasetId, preset: 'quick', overrides: { ...CFG, workers: 1 } });
    await waitFor(() => jobState(one.run.jobId) === 'done');
    const d1: RunDetail = await call('train.run', { runId: one.run.id });
    expect(d1.config.workers).toBeUndefined();
    expect(Array.from(weights(one.run.id).get('conv.w')!)).not.toEqual(Array.from(weights(run.id).get('conv.w')!));
  }, 600_000);
});
