// Designs start from a background the model calls clean: below the shown threshold with no model
// instance call, redrawn otherwise with the count reported (or marked not clean after the limit);
// Δ on insertion is stored on each placed motif, and leave-one-out contributions (Δ if removed,
// and a rule pair's interaction) match independent re-scoring.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CisgramService } from '../../../src/core/app/service';
import { drawModelClean, contributions, type Scored } from '../../../src/core/design/model-clean';
import type { Background } from '../../../src/core/design/background';
import { sampleBases } from '../../../src/core/design/background';
import { seedProject, type Seeded } from './seed';
import { apiClient } from '../api-client';

const bgOf = (seed: number): Background => ({ source: 'sampled', seed, bases: sampleBases(60, 0.5, seed), rejected: 0 });

describe('drawModelClean (fake model)', () => {
  it('redraws until the model scores below the threshold with no call, and counts the redraws', async () => {
    let n = 0;
    const score = async (seqs: string[]): Promise<Scored[]> => seqs.map(() => {
      n++;
      return n <= 5 ? { probs: [0.9], calls: [] } : n === 6 ? { probs: [0.05], calls: [{}] } : { probs: [0.05], calls: [] };
    });
    const r = await drawModelClean(bgOf, 3, score, { threshold: 0.2, perRound: 4 });
    expect(r).toMatchObject({ redraws: 6, clean: true });
    expect(r.scored.probs[0]).toBe(0.05);
    expect(r.background.bases).toHaveLength(60);
  });
  it('keeps the lowest-scoring candidate, marked not clean, when none passes', async () => {
    let n = 0;
    const score = async (seqs: string[]): Promise<Scored[]> => seqs.map(() => ({ probs: [0.5 + 0.01 * ((n++ * 7) % 10)], calls: [] }));
    const r = await drawModelClean(bgOf, 1, score, { threshold: 0.2, maxDraws: 12, perRound: 5 });
    expect(r).toMatchObject({ redraws: 12, clean: false });
    expect(r.scored.probs[0]).toBe(0.5);
  });
  it('contributions are leave-one-out differences of the same scorer', async () => {
    const bg = bgOf(9);
    const ins = [
      { motifId: '1', motifName: 'A', start: 5, strand: '+' as const, source: 'consensus' as const, bases: 'GGGG' },
      { motifId: '2', motifName: 'B', start: 20, strand: '+' as const, source: 'consensus' as const, bases: 'TTTT' },
    ];
    // prediction = 0.1 + 0.2·[GGGG] + 0.1·[TTTT] + 0.3·[both]
    const f = (s: string) => { const g = s.slice(5, 9) === 'GGGG', t = s.slice(20, 24) === 'TTTT'; return 0.1 + (g ? 0.2 : 0) + (t ? 0.1 : 0) + (g && t ? 0.3 : 0); };
    const bare = { ...bg, bases: bg.bases.slice(0, 5) + 'ACAC' + bg.bases.slice(9, 20) + 'ACAC' + bg.bases.slice(24) };
    const r = await contributions(bare, ins, [{ a: 0, b: 1, rule: 'A ++ B' }], async (seqs) => seqs.map((s) => ({ probs: [f(s)], calls: [] })));
    expect(r.prediction).toBeCloseTo(0.7, 12);
    expect(r.items.map((i) => +i.delta.toFixed(12))).toEqual([0.5, 0.4]);
    expect(r.pairs[0].delta).toBeCloseTo(0.6, 12);
    expect(r.pairs[0].interaction).toBeCloseTo(0.3, 12);
  });
});

describe('through the API with a hand-built model', () => {
  let service: CisgramService;
  let seed: Seeded;
  const { call } = apiClient(() => service);
  beforeAll(async () => {
    service = new CisgramService({ dataDir: mkdtempSync(join(tmpdir(), 'cisgram-clean-')), mode: 'browser' });
    await call('projects.create', { name: 'Clean' });
    seed = await seedProject(service.requireProject().db);
  }, 60_000);
  afterAll(async () => service?.dispose());

  it('starts from a model-clean background and shows the start score, Δ on insertion and contributions', async () => {
    const d = await call('design.create', { runId: seed.runId, name: 'clean', background: { source: 'shuffled-negative', datasetId: seed.datasetId }, seed: 4 });
    expect(d.background.modelClean).toBe(true);
    expect(d.background.cleanBelow).toBe(0.2);
    expect(d.background.startPrediction).toBeLessThan(0.2);
    expect(d.background.modelRedraws).toBeGreaterThanOrEqual(0);
    expect(d.calls).toEqual([]);
    expect(d.prediction).toBeCloseTo(d.background.startPrediction, 6);
    const p = await call('design.place', { id: d.id, motifId: seed.motifA, start: 40, strand: '+' });
    expect(p.insertions[0].deltaOnInsert).toBeCloseTo(p.prediction - d.prediction, 9);
    expect(p.insertions[0].deltaOnInsert).toBeGreaterThan(0.1);
    const c = await call('design.contributions', { id: d.id });
    expect(c.prediction).toBeCloseTo(p.prediction, 6);
    expect(c.items).toHaveLength(1);
    expect(c.items[0].without).toBeCloseTo(d.prediction, 6); // removing it gives the bare background back
    expect(c.items[0].delta).toBeCloseTo(p.prediction - d.prediction, 6);
  }, 60_000);

  it('reports redraws, or not clean, when the threshold is below what the model gives any background', async () => {
    const d = await call('design.create', { runId: seed.runId, name: 'strict', background: { source: 'sampled', length: 200, gc: 0.45 }, seed: 2, cleanBelow: 0.01 });
    if (d.background.modelClean) expect(d.background.startPrediction).toBeLessThan(0.01);
    else {
      expect(d.background.modelRedraws).toBe(40);
      expect(d.background.startPrediction).toBeGreaterThanOrEqual(0.01);
    }
  }, 90_000);
});
