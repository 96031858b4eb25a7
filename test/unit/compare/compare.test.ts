// The compare feature through the command layer (dispatch → jobs in the engine worker → project
// file): baselines trained with the same train job, runs evaluated into the comparison table
// (figures checked against the runs' own records and the planted truth), CSV/HTML export, an
// importance track with its convergence check, motif discovery into the project's motifs, and
// refusals (mixing datasets, a prior on data without positives, unfinished runs).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CisgramService } from '../../../src/core/app/service';
import { dispatch } from '../../../src/core/app/dispatch';
import type { ApiEvent } from '../../../src/shared/api';
import { addTwoMotifDataset } from './helpers';
import { writeDataset } from '../../../src/core/data/store';
import { apiClient } from '../api-client';
import { hasData, dataPath } from '../motifs/helpers';

const J24 = 'motifs/JASPAR2024_CORE_vertebrates_non-redundant.transfac.txt';

let service: CisgramService;
const events: ApiEvent[] = [];
const { call } = apiClient(() => service);
const fails = async (name: string, input: unknown) => {
  const r = await dispatch(service, name, input);
  if (r.ok) throw new Error(`${name} unexpectedly succeeded`);
  return r.error;
};
const jobDone = async (id: string, ms = 120_000) => {
  const t0 = Date.now();
  for (;;) {
    const j = await call('jobs.get', { id });
    if (j.state === 'done') return j;
    if (j.state === 'failed' || j.state === 'cancelled') throw new Error(`job ${j.kind} ${j.state}: ${j.error}`);
    if (Date.now() - t0 > ms) throw new Error(`job ${j.kind} timed out at ${j.fraction}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

let ds = 0, ds2 = 0, dsNeg = 0;
const runs: Record<string, number> = {};

beforeAll(async () => {
  service = new CisgramService({ dataDir: mkdtempSync(join(tmpdir(), 'cisgram-compare-')), mode: 'browser' });
  service.events.on((e) => events.push(e));
  const p = await call('projects.create', { name: 'Compare' });
  const db = new Database(p.path);
  db.pragma('foreign_keys = ON');
  // the planted arrangement as the simulator records it: A (first half) then B (second half), any strand
  const params = { rule: { kind: 'cooperative', a: 'A', b: 'B', arrangements: [{ gap: [0, 66], orientation: 'any' }] }, motifs: { A: { id: 'A', name: 'A' }, B: { id: 'B', name: 'B' } } };
  ds = addTwoMotifDataset(db, { L: 80, n: { train: 400, valid: 60, test: 80 }, decoys: false, params });
  ds2 = addTwoMotifDataset(db, { name: 'Other data', L: 80, n: { train: 40, valid: 20, test: 20 }, seed: 9 });
  dsNeg = writeDataset(db, { name: 'No positives', kind: 'fasta', taskNames: ['bound'] },
    Array.from({ length: 60 }, (_, i) => ({ name: `s${i}`, split: (i < 40 ? 'train' : i < 50 ? 'valid' : 'test') as 'train', labels: [0], codes: Uint8Array.from({ length: 80 }, (_, k) => (k * 7 + i) % 4) })));
  db.close();
}, 60_000);
afterAll(async () => service.dispose());

describe('comparison of runs on one dataset', () => {
  it('trains the standard CNN and ExplaiNN with the train job (same split, saved runs)', async () => {
    for (const model of ['cnn', 'explainn'] as const) {
      const r = await call('train.start', { datasetId: ds, model, preset: 'quick', overrides: { epochs: 8, lr: 0.005, seed: 1 } });
      expect(r.run.modelKind).toBe(model);
      runs[model] = r.run.id;
      await jobDone(r.job.id);
    }
    const list = await call('train.runs');
    for (const model of ['cnn', 'explainn']) {
      const r = list.find((x: any) => x.id === runs[model]);
      expect(r.hasModel).toBe(true);
      expect(r.test.auroc).toBeGreaterThan(0.6);
      expect(r.paramCount).toBeGreaterThan(100);
    }
  }, 120_000);

  it('refuses a comparison that mixes datasets, and runs without a model', async () => {
    const e = await fails('compare.evaluate', { datasetId: ds2, runIds: [runs.cnn] });
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/one dataset only.*Two motifs/);
    const e2 = await fails('compare.evaluate', { datasetId: ds2 });
    expect(e2.message).toMatch(/No run of this dataset has finished/);
  });

  it('refuses an attribution prior on a dataset without positives, with a clear message', async () => {
    const e = await fails('train.start', { datasetId: dsNeg, model: 'cnn', preset: 'quick', overrides: { prior: { kind: 'fourier', lambda: 1 } } });
    expect(e.message).toMatch(/positive/i);
  });

  it('evaluates the runs into the table: test metrics, motifs, truth, instances, attribution figures', async () => {
    const job = await call('compare.evaluate', { datasetId: ds });
    const done = await jobDone(job.id, 120_000);
    expect(done.result.evaluated.sort()).toEqual([runs.cnn, runs.explainn].sort());
    const t = await call('compare.table', { datasetId: ds });
    expect(t.hasTruth).toBe(true);
    expect(t.rows).toHaveLength(2);
    const detail = await call('train.run', { runId: runs.cnn });
    for (const r of t.rows) {
      expect(r.evaluated).toBe(true);
      expect(r.reference.kind).toBe('truth');
      const m = r.metrics;
      if (r.runId === runs.cnn) expect(m.test.auroc).toBeCloseTo(detail.test.auroc, 9);
      expect(m.motifs.total).toBe(8);                      // 8 first-layer filters / units
      expect(m.referenceSize).toBe(2);                     // planted A and B
      // strict figures: no JASPAR collection with TF families in the library → recovery is not judged, and says why
      const s = m.strict;
      expect(s.version).toBe(1);
      expect(s.note).toMatch(/recovery needs a JASPAR collection with TF families/);
      expect(s.recovery).toBeNull();
      expect(m.relevant).toBeNull();
      expect(r.status).toMatch(/JASPAR collection with TF families/);
      const u = s.usage;
      expect(u.used + u.silent + u.rare + u.notEnriched + u.noNegatives).toBe(8);
      expect(u.units).toBeLessThanOrEqual(u.used);
      // used: fires in ≥ 5 % of positives, enriched there — or, a repressor's filter, in ≥ 5 % of negatives, enriched there
      expect(s.filters.filter((f: any) => f.verdict === 'used').every((f: any) => f.p < 0.01 && (f.role === 'repressing' ? f.fracNeg >= 0.05 && f.fracNeg > f.fracPos : f.fracPos >= 0.05))).toBe(true);
      // instances: merged calls, top-k curve, FIMO with the true motifs beside; no attention (not ARGMINN)
      expect(m.instances.nTruth).toBeGreaterThan(40);      // 40 test positives × 2 sites (+ decoys are not positives)
      expect(s.instances.model.nTruth).toBe(m.instances.nTruth);
      expect(s.instances.model.topK.map((x: any) => x.kRel)).toEqual([0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5]);
      expect(s.instances.fimoTrue.recallAtN).toBeGreaterThan(0.5);
      expect(s.instances.attention).toBeNull();
      expect(s.rule.found).toBeNull();
      expect(s.rule.note).toMatch(/reads ARGMINN's attention/);
      expect(m.attribution.n).toBe(40);
      expect(m.attribution.highFreqShare).toBeGreaterThan(0);
      expect(m.attribution.highFreqShare).toBeLessThan(1);
      expect(m.attribution.entropy).toBeLessThanOrEqual(Math.log2(80) + 1e-9);
      expect(m.params).toBe(r.runId === runs.cnn ? detail.paramCount : m.params);
    }
    expect(t.groups).toHaveLength(2);
    expect(t.groups[0].stats.auroc.n).toBe(1);
    expect(t.groups[0].stats.auroc.sd).toBeNull();
    // the filter motifs were saved to the project's motifs (Motifs screen)
    expect((await call('motifs.list', { runId: runs.cnn })).length).toBe(8);
  }, 150_000);

  it.skipIf(!hasData(J24))('with JASPAR 2024 in the library, planted motifs are judged against the whole collection (custom motifs added as their own entries)', async () => {
    await call('motifs.library.import', { path: dataPath(J24), name: 'JASPAR 2024 vertebrates' });
    const job = await call('compare.evaluate', { datasetId: ds, force: true });
    await jobDone(job.id, 120_000);
    const t = await call('compare.table', { datasetId: ds });
    for (const r of t.rows) {
      const s = r.metrics.strict;
      expect(s.collection).toBe('JASPAR 2024 vertebrates');
      expect(s.note).toBeNull();
      expect(s.recovery.total).toBe(2);
      expect(s.recovery.planted.map((p: any) => p.entryId).sort()).toEqual(['A', 'B']);
      expect(r.metrics.relevant).toBe(s.recovery.recovered);
      // every used unit (twins once) is assigned to a planted motif or extraneous
      const assigned = s.recovery.planted.reduce((a: number, p: any) => a + p.units, 0);
      expect(s.recovery.extraneous + assigned).toBeGreaterThanOrEqual(s.usage.units);
      expect(s.recovery.extraneous).toBeLessThanOrEqual(s.usage.units);
      for (const f of s.filters) if (f.planted) expect(f.verdict).toBe('used');
      expect(r.reference.name).toMatch(/recovery judged against JASPAR 2024 vertebrates/);
    }
  }, 150_000);

  it('ARGMINN: attention calls are scored beside the filter calls, and the planted rule is judged from the syntax explorer', async () => {
    const r = await call('train.start', { datasetId: ds, model: 'argminn', preset: 'quick', overrides: { epochs: 20, lr: 0.005, seed: 1 } });
    runs.argminn = r.run.id;
    await jobDone(r.job.id, 120_000);
    const job = await call('compare.evaluate', { datasetId: ds, runIds: [runs.argminn] });
    await jobDone(job.id, 120_000);
    const t = await call('compare.table', { datasetId: ds });
    const m = t.rows.find((x: any) => x.runId === runs.argminn).metrics;
    const s = m.strict;
    if (s.allInactive) {
      expect(s.rule.found).toBe(false);
      expect(s.instances.model.nCalls).toBe(0);
    } else {
      expect(s.instances.attention === null || s.instances.attention.nTruth === s.instances.model.nTruth).toBe(true);
      if (s.recovery && s.instances.attention) {
        expect(typeof s.rule.found).toBe('boolean');
        expect(s.rule.arrangements).toHaveLength(1);
        expect(s.rule.arrangements[0]).toMatchObject({ a: 'A', b: 'B', gap: [0, 66], orientation: 'any' });
      } else expect(s.rule.note).toBeTruthy();
    }
  }, 150_000);

  it('exports the table as CSV and the comparison as an HTML report', async () => {
    const csv = await call('compare.export', { datasetId: ds, format: 'csv', overwrite: true });
    const lines = readFileSync(csv.path, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^row,dataset,run_id,run,model,prior,seed,reference,accuracy,auroc/);
    expect(lines.filter((l) => l.startsWith('run,'))).toHaveLength(3);
    expect(lines.filter((l) => l.startsWith('mean,'))).toHaveLength(3);
    const html = await call('compare.export', { datasetId: ds, format: 'html', overwrite: true });
    const text = readFileSync(html.path, 'utf8');
    expect(text).toMatch(/<h1>Model comparison · Two motifs<\/h1>/);
    expect(text).not.toMatch(/<script/);
    expect(existsSync(html.path)).toBe(true);
    const again = await fails('compare.export', { datasetId: ds, format: 'csv', path: csv.path });
    expect(again.code).toBe('conflict');
  });

  it('computes an importance track (integrated gradients) with its convergence check', async () => {
    const job = await call('compare.attribute', { runId: runs.explainn, datasetId: ds, seqIdx: 460, method: 'integrated_gradients', steps: 50, reference: 'zero' });
    const done = await jobDone(job.id);
    const list = await call('compare.attributions', { runId: runs.explainn });
    expect(list[0].id).toBe(done.result.attributionId);
    const t = await call('compare.attribution', { id: list[0].id });
    expect(t.sequence).toHaveLength(80);
    expect(t.perBase).toHaveLength(80);
    expect(t.perBase.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(t.sum, 2);
    expect(Math.abs(t.sum - (t.logit - t.refLogit))).toBeLessThan(0.05 * Math.max(1, Math.abs(t.logit - t.refLogit)));
    const bad = await fails('compare.attribute', { runId: runs.explainn, datasetId: ds, seqIdx: 99999, method: 'ism' });
    expect(bad.code).toBe('not_found');
  }, 60_000);

  it('discovers motifs from importance scores into the project motifs', async () => {
    const job = await call('compare.discover', { runId: runs.explainn, method: 'input_x_gradient', maxSequences: 200 });
    const done = await jobDone(job.id);
    expect(done.result.seqlets).toBeGreaterThan(0);
    const ms = (await call('motifs.list', { runId: runs.explainn })).filter((m: any) => m.source.startsWith('seqlets:'));
    expect(ms.length).toBe(done.result.motifs);
    for (const m of ms) expect(m.nSites).toBeGreaterThanOrEqual(10);
  }, 90_000);
});
