// The train feature through the API and the real engine worker: a run trains as a job on simulated
// data with a planted motif, stores its model and test metrics (checked against an independent
// recomputation from the stored model), reports live curves; same seed → same weights; cancel →
// resume and kill → reopen → resume both give the uninterrupted run's weights; export → import
// round-trips to identical predictions; delete rules.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CisgramService } from '../../../src/core/app/service';
import { dispatch } from '../../../src/core/app/dispatch';
import type { ApiEvent, RunDetail, RunSummary } from '../../../src/shared/api';
import { loadSplit } from '../../../src/core/data/store';
import { loadRunModel, runModelBytes } from '../../../src/core/train/runs';
import { predict, unpackBlob } from '../../../src/core/model/infer';
import { countParams } from '../../../src/core/model/argminn';
import { APP_VERSION } from '../../../src/core/version';
import { revcomp } from '../../../src/core/seq/alphabet';
import { addSimulatedDataset, mannWhitney, SIM, TINY, TINY_PLAIN } from './train-helpers';

delete process.env.CISGRAM_ENGINE; // the real engine: these tests train

let service: CisgramService;
let events: ApiEvent[] = [];
let datasetId: number;
let tmp: string;

const callOn = async (svc: CisgramService, name: string, input: unknown = {}) => {
  const r = await dispatch(svc, name, input);
  if (!r.ok) throw Object.assign(new Error(`${r.error.code}: ${r.error.message}`), { code: r.error.code });
  return r.value as any;
};
const call = (name: string, input: unknown = {}) => callOn(service, name, input);
const waitFor = async (pred: () => boolean | Promise<boolean>, ms = 60_000) => {
  const t0 = Date.now();
  while (!(await pred())) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 15));
  }
};
const jobState = (evs: ApiEvent[], id: string) =>
  [...evs].reverse().find((e): e is Extract<ApiEvent, { type: 'job' }> => e.type === 'job' && e.job.id === id)?.job.state;
const weights = (svc: CisgramService, runId: number) => unpackBlob(runModelBytes(svc.project!.db, runId)).arrays;

async function trainToEnd(overrides: unknown): Promise<RunDetail> {
  const { run } = await call('train.start', { datasetId, preset: 'quick', overrides });
  await waitFor(() => ['done', 'failed'].includes(jobState(events, run.jobId) ?? ''));
  const d: RunDetail = await call('train.run', { runId: run.id });
  if (d.state !== 'done') throw new Error(`run ended ${d.state}: ${d.error}`);
  return d;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  tmp = mkdtempSync(join(tmpdir(), 'cisgram-train-'));
  service = new CisgramService({ dataDir: tmp, mode: 'browser' });
  service.events.on((e) => events.push(e));
  await call('projects.create', { name: 'Train' });
  datasetId = addSimulatedDataset(service.project!.db, SIM);
});
afterAll(async () => service.dispose());

describe('train job', () => {
  let first: RunDetail;

  it('trains a run as a job and stores its model with test metrics that match the stored model', async () => {
    const t0 = Date.now();
    first = await trainToEnd(TINY_PLAIN);
    const secs = (Date.now() - t0) / 1000;
    expect(first.hasModel).toBe(true);
    expect(first.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(first.epochsDone).toBe(6);
    expect(first.seed).toBe(5);
    expect(first.appVersion).toBe(APP_VERSION);
    expect(['wasm', 'cpu', 'tensorflow']).toContain(first.backend);
    expect(first.trainSeconds).toBeGreaterThan(0);
    expect(first.paramCount).toBe(countParams({ ...TINY.model, T: 1, P: 16 }));
    // the planted motif is learned (regularisers off: this checks the pipeline, not the λ schedule)
    const tm = first.testMetrics!;
    expect(tm.n).toBe(60);
    const task = tm.perTask[0];
    expect([task.nPos, task.nNeg]).toEqual([30, 30]);
    expect(task.auroc!).toBeGreaterThanOrEqual(0.85);
    // curves: ≤ 200 points, ROC from (0,0) to (1,1), monotone
    expect(task.roc.x.length).toBeLessThanOrEqual(200);
    expect([task.roc.x[0], task.roc.y[0]]).toEqual([0, 0]);
    expect([task.roc.x.at(-1), task.roc.y.at(-1)]).toEqual([1, 1]);
    for (let i = 1; i < task.roc.x.length; i++) expect(task.roc.x[i]).toBeGreaterThanOrEqual(task.roc.x[i - 1]);
    expect(task.pr.x.at(-1)).toBe(1);
    // independent check: predictions of the stored model on the test split, both strands averaged
    // (the run was trained with reverse-complement doubling) → Mann–Whitney auROC
    const test = loadSplit(service.project!.db, datasetId, 'test');
    const { model } = await loadRunModel(service.project!.db, first.id);
    const fwd = await predict(model, test.codes);
    const rev = await predict(model, test.codes.map((c) => revcomp(c)));
    const probs = Array.from(fwd.logits, (l, i) => 1 / (1 + Math.exp(-(l + rev.logits[i]) / 2)));
    model.dispose();
    expect(mannWhitney(probs, test.labels)).toBeCloseTo(task.auroc!, 2);
    const acc = probs.reduce((a, p, i) => a + ((p >= 0.5 ? 1 : 0) === test.labels[i] ? 1 : 0), 0) / probs.length;
    expect(acc).toBeCloseTo(task.accuracy!, 1);
    // live curves: every component, at most ~5 step points per second, one validation point per epoch
    const { points } = await call('train.curves', { runId: first.id });
    const series = new Set(points.map((p: any) => p.series));
    for (const s of ['loss', 'bce', 'seq_per_s', 'valid_loss', 'valid_auroc', 'valid_auprc', 'lambda_ovl', 'lambda_l1']) expect(series).toContain(s);
    // regularisers off: the overlap and L1 terms are never computed, so never drawn; the attention
    // entropy is measured at every step whatever its weight (the chart is never empty), without gradient
    for (const s of ['overlap', 'l1']) expect(series).not.toContain(s);
    expect(series).toContain('entropy');
    expect(points.filter((p: any) => p.series === 'valid_auroc').map((p: any) => p.x)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(points.filter((p: any) => p.series === 'bce').length).toBeLessThanOrEqual(Math.ceil(secs * 5) + 6);
    // filter activity: one series per motif filter, one point per epoch; the last is the stored model's
    // BatchNorm running sd (no early stopping in this run, so the stored weights are the last epoch's)
    const { model: stored } = await loadRunModel(service.project!.db, first.id);
    const runVar = (await stored.getWeights()).get('bn.runVar')!;
    stored.dispose();
    expect(runVar.length).toBeGreaterThan(0);
    for (let f = 0; f < runVar.length; f++) {
      const sd = points.filter((p: any) => p.series === `filter_sd_${f}`);
      expect(sd.map((p: any) => p.x)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(sd.at(-1).y).toBeCloseTo(Math.sqrt(runVar[f]), 5);
    }
    expect(series).not.toContain(`filter_sd_${runVar.length}`);
    const msgs = events.filter((e) => e.type === 'job' && e.job.id === first.jobId).map((e: any) => e.job.message);
    expect(msgs.some((m) => /^epoch \d+\/6 · step \d+\/19 · \d+ seq\/s$/.test(m))).toBe(true);
    const listed: RunSummary[] = await call('train.runs');
    expect(listed[0]).toMatchObject({ id: first.id, state: 'done', test: { auroc: task.auroc } });
  });

  it('same seed and backend give identical weights; cancel then resume gives the uninterrupted run’s weights', async () => {
    const cfg = { ...TINY, epochs: 12 };
    const a = await trainToEnd(cfg);
    // λ per epoch follow the planned schedule (3 warm-up epochs at 0, then the log ramp)
    expect(a.history.map((h) => h.lambdaOvl)).toEqual(a.schedule.map((s) => s.ovl));
    expect(a.history.slice(0, 3).every((h) => h.lambdaOvl === 0 && h.lambdaL1 === 0)).toBe(true);
    expect(a.history[3].lambdaOvl).toBeCloseTo(10 ** 0.5, 4);

    const { run } = await call('train.start', { datasetId, preset: 'quick', overrides: cfg });
    await waitFor(async () => (await call('train.run', { runId: run.id })).epochsDone >= 2);
    await call('jobs.cancel', { id: run.jobId });
    await waitFor(() => jobState(events, run.jobId) === 'cancelled');
    const cancelled: RunDetail = await call('train.run', { runId: run.id });
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.hasModel).toBe(false);
    expect(cancelled.epochsDone).toBeGreaterThanOrEqual(2);
    expect(cancelled.epochsDone).toBeLessThan(12);
    await call('jobs.resume', { id: run.jobId });
    await waitFor(() => jobState(events, run.jobId) === 'done');
    const b: RunDetail = await call('train.run', { runId: run.id });
    expect(b.state).toBe('done');
    const wa = weights(service, a.id), wb = weights(service, b.id);
    expect([...wb.keys()]).toEqual([...wa.keys()]);
    for (const [k, v] of wa) expect(Array.from(wb.get(k)!), k).toEqual(Array.from(v));
    expect(b.history.map((h) => h.validLoss)).toEqual(a.history.map((h) => h.validLoss));
    expect(b.testMetrics!.auroc).toBe(a.testMetrics!.auroc);
    // the redone epoch is drawn once; regulariser terms only from the end of the warm-up (epoch 3) on
    const { points } = await call('train.curves', { runId: b.id });
    const ovl = points.filter((p: any) => p.series === 'overlap');
    expect(ovl.length).toBeGreaterThan(0);
    expect(Math.min(...ovl.map((p: any) => p.x))).toBeGreaterThan(3);
    expect(points.filter((p: any) => p.series === 'l1').length).toBeGreaterThan(0);
    expect(points.some((p: any) => p.series === 'entropy')).toBe(true); // measured at λ_ent = 0 too
    expect(points.filter((p: any) => p.series === 'valid_loss').map((p: any) => p.x)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // a different seed gives different weights
    const c = await trainToEnd({ ...TINY, epochs: 2, seed: 6 });
    const d = await trainToEnd({ ...TINY, epochs: 2 });
    expect(Array.from(weights(service, c.id).get('conv.w')!)).not.toEqual(Array.from(weights(service, d.id).get('conv.w')!));
  });

  it('exports a run to one file and imports it back with the same record and identical predictions', async () => {
    const file = join(tmp, 'exported');
    const out = await call('train.export', { runId: first.id, path: file });
    expect(out.path).toBe(`${file}.cisgram-model`);
    expect(existsSync(out.path)).toBe(true);
    await expect(call('train.export', { runId: first.id, path: out.path })).rejects.toMatchObject({ code: 'conflict' });
    expect((await call('train.export', { runId: first.id, path: out.path, overwrite: true })).bytes).toBe(out.bytes);

    const imported: RunSummary = await call('train.import', { path: out.path, datasetId, name: 'From a colleague' });
    expect(imported).toMatchObject({ origin: 'imported', state: 'done', name: 'From a colleague', seed: first.seed, backend: first.backend, datasetId, hasModel: true });
    const d: RunDetail = await call('train.run', { runId: imported.id });
    expect(d.config).toEqual(first.config);
    expect(d.testMetrics).toEqual(first.testMetrics);
    expect(d.history).toEqual(first.history);
    const test = loadSplit(service.project!.db, datasetId, 'test');
    const m1 = await loadRunModel(service.project!.db, first.id), m2 = await loadRunModel(service.project!.db, imported.id);
    const [p1, p2] = [await predict(m1.model, test.codes), await predict(m2.model, test.codes)];
    m1.model.dispose(); m2.model.dispose();
    expect(Array.from(p2.probs)).toEqual(Array.from(p1.probs));
    expect(m2.meta.origin).toBe('imported');
  });

  it('exports and imports a baseline (standard CNN) run too, with identical predictions', async () => {
    const { run } = await call('train.start', { datasetId, model: 'cnn', preset: 'quick', overrides: { epochs: 1, batchSize: 32, seed: 2 } });
    await waitFor(() => ['done', 'failed'].includes(jobState(events, run.jobId) ?? ''));
    const d: RunDetail = await call('train.run', { runId: run.id });
    expect(d.state).toBe('done');
    const out = await call('train.export', { runId: run.id, path: join(tmp, 'cnn-exported') });
    const imported: RunSummary = await call('train.import', { path: out.path, datasetId, name: 'CNN from a colleague' });
    const test = loadSplit(service.project!.db, datasetId, 'test');
    const m1 = await loadRunModel(service.project!.db, run.id), m2 = await loadRunModel(service.project!.db, imported.id);
    const [p1, p2] = [await predict(m1.model, test.codes), await predict(m2.model, test.codes)];
    m1.model.dispose(); m2.model.dispose();
    expect(Array.from(p2.probs)).toEqual(Array.from(p1.probs));
  });

  it('refuses to delete a run that is training; deletes a finished one', async () => {
    const { run } = await call('train.start', { datasetId, preset: 'quick', overrides: { ...TINY, epochs: 30 } });
    await waitFor(() => jobState(events, run.jobId) === 'running');
    await expect(call('train.delete', { runId: run.id })).rejects.toMatchObject({ code: 'conflict' });
    await call('jobs.cancel', { id: run.jobId });
    await waitFor(() => jobState(events, run.jobId) === 'cancelled');
    await call('train.delete', { runId: run.id });
    await expect(call('train.run', { runId: run.id })).rejects.toMatchObject({ code: 'not_found' });
    expect((await call('jobs.get', { id: run.jobId })).hasCheckpoint).toBe(false);
  });

  it('a run cut off by the app stopping is interrupted after reopening, and resumes to the uninterrupted weights', async () => {
    const cfg = { ...TINY, epochs: 12 };
    const ref = (await call('train.runs')).find((r: RunSummary) => r.epochs === 12 && r.state === 'done');
    const { run } = await call('train.start', { datasetId, preset: 'quick', overrides: cfg });
    await waitFor(async () => (await call('train.run', { runId: run.id })).epochsDone >= 2);
    const path: string = (await call('projects.current')).path;
    await service.engine.stop(); // the worker dies mid-run: no clean shutdown
    service.project!.lock!.abandon(); // and leaves its lock file behind, as a killed process does

    const second = new CisgramService({ dataDir: mkdtempSync(join(tmpdir(), 'cisgram-train2-')), mode: 'browser' });
    const seen: ApiEvent[] = [];
    second.events.on((e) => seen.push(e));
    try {
      await callOn(second, 'projects.open', { path });
      const found: RunSummary = (await callOn(second, 'train.runs')).find((r: RunSummary) => r.id === run.id);
      expect(found.state).toBe('interrupted');
      expect(found.epochsDone).toBeGreaterThanOrEqual(2);
      await callOn(second, 'jobs.resume', { id: run.jobId });
      await waitFor(() => jobState(seen, run.jobId) === 'done' || jobState(seen, run.jobId) === 'failed');
      const done: RunDetail = await callOn(second, 'train.run', { runId: run.id });
      expect(done.state).toBe('done');
      const wr = weights(second, ref.id), wd = weights(second, run.id);
      for (const [k, v] of wr) expect(Array.from(wd.get(k)!), k).toEqual(Array.from(v));
    } finally {
      await second.dispose();
    }
  });
});
