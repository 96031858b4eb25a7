// Reading motifs out of first-layer filters, against ground truth:
// 1. a hand-built ARGMINN whose filter 0 holds the log-odds of JASPAR SPI1 (MA0080), filter 1 its
//    reverse complement, filter 2 can never fire and filter 3 is noise: on sequences with planted
//    SPI1 sites, extraction recovers SPI1 (column Pearson ≥ 0.9, passes, TomTom's best JASPAR 2020
//    hit is MA0080), fires in positives far more than in negatives, calls 0 and 1 twins and 2 unused;
//    the streamed PFM equals pfmFromFilter's (all activations in memory) exactly.
// 2. the same through dispatch: a run holding that model, the motifs.extract job (with library
//    matching), cards listed with twins, merge of the twins.
// 3. a lenient check on a really trained tiny model (its learning quality is not this test's
//    subject): extraction runs, equals pfmFromFilter, and reports consistent counts.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Argminn, DEFAULT_ARGMINN, type ArgminnConfig } from '../../../src/core/model/argminn';
import type { SeqModel } from '../../../src/core/model/registry';
import { predictBatches, serializeModel } from '../../../src/core/model/infer';
import { pfmFromFilter, bestColumnSimilarity } from '../../../src/core/interpret/filters';
import { extractFilterMotifs, trimmedProbs, type FilterMotif } from '../../../src/core/motifs/extract';
import { parseMotifs } from '../../../src/core/pwm/formats';
import { buildTomtomDb, tomtom } from '../../../src/core/pwm/tomtom';
import { logOdds, trimByIC } from '../../../src/core/pwm/matrix';
import { revcomp } from '../../../src/core/seq/alphabet';
import { train } from '../../../src/core/train/trainer';
import { makeConfig } from '../../../src/core/train/config';
import { CisgramService } from '../../../src/core/app/service';
import { dispatch } from '../../../src/core/app/dispatch';
import { writeDataset } from '../../../src/core/data/store';
import type { JobInfo } from '../../../src/shared/api';
import type { Motif } from '../../../src/core/pwm/types';
import { hasData, dataPath, readData, skipMsg, mulberry32 } from './helpers';

process.env.CISGRAM_ENGINE = 'none';

const J20 = 'motifs/JASPAR2020_CORE_vertebrates_non-redundant.meme.txt';
const have = hasData(J20);
if (!have) console.warn(skipMsg(J20));

const W = 15, F = 4, L = 100;
const rnd = mulberry32(11);
const rint = (n: number) => Math.floor(rnd() * n);

function sampleSite(m: Motif): Uint8Array {
  return Uint8Array.from(m.probs, (col) => { let u = rnd(), c = 0; while (c < 3 && u >= col[c]) { u -= col[c]; c++; } return c; });
}
function makeSeqs(m: Motif | null, n: number, len = L): Uint8Array[] {
  return Array.from({ length: n }, () => {
    const q = Uint8Array.from({ length: len }, () => rint(4));
    if (m) {
      let s = sampleSite(m);
      if (rnd() < 0.5) s = revcomp(s);
      q.set(s, rint(len - s.length + 1));
    }
    return q;
  });
}

/** ARGMINN with hand-set first layer: conv.w layout [W,4,F] (index k*4*F + c*F + f). */
function handModel(spi1: Motif): Argminn {
  const cfg: ArgminnConfig = { ...DEFAULT_ARGMINN, F, W, H: 8, NH: 2, S: 16, nL: 1, T: 1 };
  const w = new Float32Array(W * 4 * F), b = new Float32Array(F);
  const lo = logOdds(spi1); // width×4 bits
  const rcLo = lo.slice().reverse().map((r) => [r[3], r[2], r[1], r[0]]);
  const off = Math.floor((W - lo.length) / 2);
  for (let k = 0; k < lo.length; k++) for (let c = 0; c < 4; c++) {
    w[(off + k) * 4 * F + c * F + 0] = lo[k][c];
    w[(off + k) * 4 * F + c * F + 1] = rcLo[k][c];
  }
  for (let k = 0; k < W; k++) for (let c = 0; c < 4; c++) {
    w[k * 4 * F + c * F + 2] = -1;
    w[k * 4 * F + c * F + 3] = (rnd() - 0.5) * 0.6;
  }
  b[2] = -1;
  return new Argminn(cfg, new Map([['conv.w', w], ['conv.b', b]]), 3);
}

async function activations(model: SeqModel, seqs: Uint8Array[]): Promise<Float32Array[]> {
  const acts: Float32Array[] = [];
  const Fm = model.config.F;
  for await (const b of predictBatches(model, seqs, { withR: true, batchSize: 64 })) {
    const Lp = b.L - model.config.W + 1;
    for (let k = 0; k < b.count; k++) acts.push(b.r!.slice(k * Lp * Fm, (k + 1) * Lp * Fm));
  }
  return acts;
}

function expectEqualsPfmFromFilter(ms: FilterMotif[], pos: Uint8Array[], acts: Float32Array[], Fm: number, Wm: number) {
  for (const m of ms) {
    const ref = pfmFromFilter(pos, acts, Fm, m.filter, Wm);
    expect(m.nSites).toBe(ref.nSites);
    expect(m.maxActivation).toBeCloseTo(ref.maxActivation, 5);
    if (ref.nSites) for (let k = 0; k < Wm; k++) for (let c = 0; c < 4; c++) expect(m.probs[k][c]).toBeCloseTo(ref.pfm[k * 4 + c], 6);
  }
}

describe.skipIf(!have)('filter motifs against ground truth', () => {
  const jaspar = have ? parseMotifs(readData(J20)) : [];
  const spi1 = jaspar.find((m) => m.id.startsWith('MA0080'))!;
  // JASPAR's SPI1 is 20 columns wide with weak flanks: the filters hold its IC-trimmed core (≤ W)
  const core = have ? trimByIC(spi1).motif : spi1;
  let model: Argminn;
  const pos = makeSeqs(spi1, 240), neg = makeSeqs(null, 240);

  beforeAll(async () => {
    await tf.setBackend('cpu');
    expect(core.probs.length).toBeLessThanOrEqual(W);
    model = handModel(core);
  });
  afterAll(() => model?.dispose());

  it('recovers SPI1 from a filter set to its log-odds, with twins, unused filter and firing counts', async () => {
    const ms = await extractFilterMotifs(model, pos, neg);
    expect(ms.length).toBe(F);
    const [f0, f1, f2] = ms;
    const truth = core.probs.flat();
    const s0 = bestColumnSimilarity(f0.probs.flat(), truth);
    expect(s0.score).toBeGreaterThanOrEqual(0.9);
    expect(s0.strand).toBe('+');
    const s1 = bestColumnSimilarity(f1.probs.flat(), truth);
    expect(s1.score).toBeGreaterThanOrEqual(0.9);
    expect(s1.strand).toBe('-');
    expect(f0.passes && f1.passes).toBe(true);
    expect(f0.trimEnd - f0.trimStart).toBeGreaterThanOrEqual(5);
    expect(f0.meanIC).toBeGreaterThanOrEqual(1);
    // threshold = half the best site's score: strong planted sites fire, background almost never
    expect(f0.firesPos).toBeGreaterThan(0.25 * pos.length);
    expect(f0.firesNeg).toBeLessThan(f0.firesPos / 5);
    expect([f0.nPos, f0.nNeg]).toEqual([240, 240]);
    expect(f0.rcTwin).toBe(1);
    expect(f1.rcTwin).toBe(0);
    expect(f0.rcTwinScore!).toBeGreaterThanOrEqual(0.9);
    expect(f2.unused).toBe(true);
    expect(f2.passes).toBe(false);
    expect(f2.nSites).toBe(0);
    expect(f2.firesPos + f2.firesNeg).toBe(0);
    // weights view: mean-centred (rows sum to 0) and the argmax follows the SPI1 consensus
    for (const r of f0.weights) expect(r.reduce((a, x) => a + x, 0)).toBeCloseTo(0, 5);
    // TomTom of the trimmed PFM: best JASPAR 2020 hit is SPI1 itself, forward for f0, reverse for f1
    const db = buildTomtomDb(jaspar);
    const t0 = tomtom({ id: 'f0', name: 'f0', probs: trimmedProbs(f0) }, db, { maxResults: 3 });
    const t1 = tomtom({ id: 'f1', name: 'f1', probs: trimmedProbs(f1) }, db, { maxResults: 3 });
    expect(t0[0].targetId).toBe(spi1.id);
    expect(t0[0].orientation).toBe('+');
    expect(t1[0].targetId).toBe(spi1.id);
    expect(t1[0].orientation).toBe('-');
    expect(t0[0].q).toBeLessThan(0.05);
  }, 60_000);

  it("a repressor's filter (its motif only in negatives) is read from the negatives: SPI1 recovered, role 'repressing'", async () => {
    // the same model, classes swapped: SPI1 sites only in the negatives, as CTCF in the SPI1/CTCF grammar
    const ms = await extractFilterMotifs(model, neg, pos);
    const [f0, f1] = ms;
    expect(f0.role).toBe('repressing');
    expect(f1.role).toBe('repressing');
    expect(bestColumnSimilarity(f0.probs.flat(), core.probs.flat()).score).toBeGreaterThanOrEqual(0.9);
    expect(f0.passes).toBe(true);
    expect(f0.firesNeg).toBeGreaterThan(0.25 * pos.length);
    expect(f0.firesPos).toBeLessThan(f0.firesNeg / 5);
    // a filter holding one orientation of SPI1 fires in carriers of either orientation (both strands read)
    const f0fwd = (await extractFilterMotifs(model, neg, pos, { bothStrands: false }))[0];
    expect(f0.firesNeg).toBeGreaterThan(1.5 * f0fwd.firesNeg);
    // the activating reading of the original orientation is unchanged
    const forward = await extractFilterMotifs(model, pos, neg);
    expect(forward.map((m) => m.role)).toEqual(['activating', 'activating', 'activating', 'activating']);
  }, 60_000);

  it('streams to exactly the PFMs of pfmFromFilter (all activations in memory), also with N bases and mixed lengths', async () => {
    const mixed = [...pos.slice(0, 60), ...makeSeqs(spi1, 30, 80)];
    mixed[3] = mixed[3].slice(); mixed[3].fill(4, 10, 30); // an N run
    // extraction reads both strands (the reverse complements are further positives), or the forward strand alone
    const bothStrands = [...mixed, ...mixed.map(revcomp)];
    const ms = await extractFilterMotifs(model, mixed, [], { batchSize: 16 });
    expectEqualsPfmFromFilter(ms, bothStrands, await activations(model, bothStrands), F, W);
    const fwd = await extractFilterMotifs(model, mixed, [], { batchSize: 16, bothStrands: false });
    expectEqualsPfmFromFilter(fwd, mixed, await activations(model, mixed), F, W);
    // a different threshold fraction changes the sites exactly as pfmFromFilter does
    const ms2 = await extractFilterMotifs(model, mixed, [], { fraction: 0.8 });
    const acts = await activations(model, bothStrands);
    for (const m of ms2) expect(m.nSites).toBe(pfmFromFilter(bothStrands, acts, F, m.filter, W, 0.8).nSites);
    expect(ms2[0].nSites).toBeLessThan(ms[0].nSites);
    await expect(extractFilterMotifs(model, [new Uint8Array(10)], [])).rejects.toThrow(/shorter than the filter width/);
  }, 60_000);

  describe('through the app', () => {
    let service: CisgramService;
    const call = async (name: string, input: unknown = {}) => {
      const r = await dispatch(service, name, input);
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      return r.value as any;
    };
    const waitJob = async (id: string, ms = 60_000): Promise<JobInfo> => {
      const t0 = Date.now();
      for (;;) {
        const j: JobInfo = await call('jobs.get', { id });
        if (['done', 'failed', 'cancelled'].includes(j.state)) return j;
        if (Date.now() - t0 > ms) throw new Error(`job ${id} still ${j.state}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    beforeAll(async () => {
      service = new CisgramService({ dataDir: mkdtempSync(join(tmpdir(), 'cisgram-extract-')), mode: 'browser' });
      await call('projects.create', { name: 'Extract' });
    });
    afterAll(async () => service?.dispose());

    it('extracts a run’s filters in a job, matches them to the library, lists cards with twins, and merges twins', async () => {
      const db = service.requireProject().db;
      const dsId = writeDataset(db, { name: 'SPI1 sim', kind: 'simulated', taskNames: ['bound'] }, [
        ...pos.map((codes, i) => ({ name: `p${i}`, split: 'train' as const, labels: [1], codes })),
        ...neg.map((codes, i) => ({ name: `n${i}`, split: 'train' as const, labels: [0], codes })),
      ]);
      const { createRun } = await import('../../../src/core/train/runs');
      const runId = createRun(db, {
        name: 'hand-set SPI1', modelKind: 'argminn', datasetId: dsId, datasetName: 'SPI1 sim', taskNames: ['bound'], seqLength: L,
        preset: 'quick', overrides: {}, config: makeConfig('quick'),
      });
      db.prepare("UPDATE runs SET model = ?, state = 'done', status = 'done', finished_at = ? WHERE id = ?")
        .run(Buffer.from(await serializeModel(model)), new Date().toISOString(), runId);
      const coll = await call('motifs.library.import', { path: dataPath(J20), name: 'JASPAR 2020' });
      const runs = await call('motifs.runs');
      expect(runs[0]).toMatchObject({ runId, nMotifs: 0, datasetId: dsId });
      const job = await call('motifs.extract', { runId, collectionId: coll.id });
      const done = await waitJob(job.id);
      expect(done.state, done.error ?? '').toBe('done');
      expect(done.result).toMatchObject({ nFilters: F, nPassing: 2, nUnused: 1, nTwins: 2, nPositives: 240, nNegatives: 240, matched: 4 }); // every filter is compared and named (issue 12)
      const cards = await call('motifs.list', { runId });
      expect(cards.map((c: any) => c.filterIndex)).toEqual([0, 1, 2, 3]);
      expect(cards[0]).toMatchObject({ defaultName: 'SPI1-like', displayName: 'SPI1-like', passes: true, rcTwin: 1, rcTwinMotifId: cards[1].id, datasetId: dsId });
      expect(cards[2].unused).toBe(true);
      const m0 = await call('motifs.match', { id: cards[0].id, collectionId: coll.id });
      expect(m0.cached).toBe(true); // computed by the job
      expect(m0.matches[0].targetId).toBe(spi1.id);
      expect(m0.queryEnd - m0.queryStart).toBe(cards[0].trimEnd - cards[0].trimStart);
      // rename survives re-extraction
      await call('motifs.update', { id: cards[0].id, userName: 'SPI1-like', starred: true });
      const again = await waitJob((await call('motifs.extract', { runId })).id);
      expect(again.state, again.error ?? '').toBe('done');
      const cards2 = await call('motifs.list', { runId });
      expect(cards2[0]).toMatchObject({ id: cards[0].id, name: 'SPI1-like', starred: true });
      // merging the twin: the merged motif disappears from the list and the PFM stays SPI1
      const merged = await call('motifs.merge', { into: cards[0].id, from: [cards[1].id] });
      expect(merged.merged[0].strand).toBe('-');
      expect(merged.motif.nSites).toBe(cards2[0].nSites + cards2[1].nSites);
      expect(bestColumnSimilarity(merged.motif.probs.flat(), core.probs.flat()).score).toBeGreaterThanOrEqual(0.9);
      expect((await call('motifs.list', { runId })).map((c: any) => c.filterIndex)).toEqual([0, 2, 3]);
      expect((await call('motifs.list', { runId, includeMerged: true })).length).toBe(4);
      const r = await dispatch(service, 'motifs.merge', { into: cards[0].id, from: [cards[1].id] });
      expect(!r.ok && r.error.code).toBe('conflict');
      // scanning with project motifs
      const scanJob = await waitJob((await call('motifs.scan.start', { source: { kind: 'dataset', datasetId: dsId }, motifIds: [cards[0].id] })).id);
      expect(scanJob.state).toBe('done');
      const scan = (await call('motifs.scan.list'))[0];
      expect(scan.motifs[0]).toMatchObject({ key: `p:${cards[0].id}`, name: 'SPI1-like' });
      expect(scan.nHits).toBeGreaterThan(150);
      // deleting the run deletes its motifs
      db.prepare('DELETE FROM runs WHERE id = ?').run(runId);
      expect((await call('motifs.list')).length).toBe(0);
    }, 90_000);
  });
});

describe('filter motifs of a really trained tiny model (lenient)', () => {
  it('extraction equals pfmFromFilter and reports consistent counts', async () => {
    await tf.setBackend('cpu');
    const motif: Motif = { id: 'm', name: 'SPI1-like', probs: [...'AAAAGAGGAAGTG'].map((ch) => [0, 1, 2, 3].map((c) => ('ACGT'[c] === ch ? 0.82 : 0.06))) };
    const mk = (n: number) => {
      const codes: Uint8Array[] = [], labels = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const q = makeSeqs(i % 2 === 0 ? motif : null, 1, 60)[0];
        codes.push(q);
        labels[i] = i % 2 === 0 ? 1 : 0;
      }
      return { codes, labels };
    };
    const data = { train: mk(400), valid: mk(100) };
    const res = await train(data, makeConfig('quick', { seed: 1, epochs: 4, lr: 3e-3, batchSize: 64, model: { F: 4, W: 15, H: 8, NH: 2, S: 16, nL: 1 } }));
    const m = res.model;
    try {
      const p = data.valid.codes.filter((_, i) => data.valid.labels[i] === 1);
      const n = data.valid.codes.filter((_, i) => data.valid.labels[i] === 0);
      const ms = await extractFilterMotifs(m, p, n);
      expect(ms.length).toBe(4);
      const pBoth = [...p, ...p.map(revcomp)];
      expectEqualsPfmFromFilter(ms, pBoth, await activations(m, pBoth), 4, 15);
      for (const x of ms) {
        expect(x.firesPos).toBeLessThanOrEqual(p.length);
        expect(x.firesNeg).toBeLessThanOrEqual(n.length);
        if (!x.unused) expect(x.firesPos).toBeGreaterThanOrEqual(1); // the maximum's own sequence fires
        for (const r of x.probs) expect(r.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 6);
      }
      const best = Math.max(...ms.map((x) => (x.nSites ? bestColumnSimilarity(x.probs.flat(), motif.probs.flat()).score : 0)));
      console.log(`trained tiny model: best filter similarity to the planted motif ${best.toFixed(2)} (informational)`);
    } finally {
      m.dispose();
    }
  }, 60_000);
});
