// Science of the baselines and priors, through the one trainer: on simulated data a CNN trained with
// the Fourier prior has smoother attributions (lower high-frequency share on held-out positives) than
// the same CNN, same seed, without it; and on a simulated two-motif grammar ARGMINN's motifs are less
// redundant than the standard CNN's (motifs read from the first-layer filters that fire, matched to
// the truth with TomTom q < 0.05; redundancy = matched filters per recovered planted motif).
import { describe, it, expect, beforeAll } from 'vitest';
import { selectBackend } from '../../../src/core/model/backend';
import { train, type DataSplits } from '../../../src/core/train/trainer';
import { makeConfig } from '../../../src/core/train/config';
import { inputXGradient, magnitudes } from '../../../src/core/interpret/attribution';
import { highFrequencyShare } from '../../../src/core/model/priors';
import { extractFilterMotifs } from '../../../src/core/motifs/extract';
import { motifQuality } from '../../../src/core/compare/quality';
import { twoMotifSequences, MOTIF_A, MOTIF_B } from '../compare/helpers';
import { encode } from '../../../src/core/seq/alphabet';
import type { Motif } from '../../../src/core/pwm/types';

beforeAll(async () => { await selectBackend('wasm'); });

function splits(o: Parameters<typeof twoMotifSequences>[0]): DataSplits & { test: { codes: Uint8Array[]; labels: Float32Array } } {
  const { seqs } = twoMotifSequences(o);
  const part = (s: string) => { const r = seqs.filter((x) => x.split === s); return { codes: r.map((x) => x.codes), labels: Float32Array.from(r.map((x) => x.labels[0])) }; };
  return { train: part('train'), valid: part('valid'), test: part('test') };
}
const positives = (d: { codes: Uint8Array[]; labels: Float32Array }) => d.codes.filter((_, i) => d.labels[i] >= 0.5);
const truth: Motif[] = [MOTIF_A, MOTIF_B].map((m, i) => ({ id: `m${i}`, name: `m${i}`, probs: Array.from(encode(m), (c) => [0, 1, 2, 3].map((k) => (k === c ? 0.91 : 0.03))) }));

describe('attribution prior in training', () => {
  it('the Fourier prior lowers the high-frequency share of a CNN’s attributions (same seed)', async () => {
    const data = splits({ L: 96, n: { train: 480, valid: 60, test: 80 }, decoys: false, seed: 11 });
    const hf: Record<string, number> = {}, auroc: Record<string, number> = {};
    for (const prior of ['none', 'fourier'] as const) {
      const cfg = makeConfig('quick', { modelKind: 'cnn', epochs: 6, lr: 0.005, seed: 2, lambdaOverlap: { enabled: false }, lambdaL1: { enabled: false }, prior: { kind: prior, lambda: 1 } });
      const res = await train(data, cfg);
      const pos = positives(data.test!);
      const att = await inputXGradient(res.model, pos);
      hf[prior] = att.reduce((a, r) => a + highFrequencyShare(magnitudes(r.scores)), 0) / att.length;
      auroc[prior] = res.history[res.history.length - 1].valid.auroc;
      res.model.dispose();
    }
    expect(auroc.fourier).toBeGreaterThan(0.6);           // still a working model
    expect(hf.fourier).toBeLessThan(hf.none - 0.02);
  }, 60_000);
});

describe('motif redundancy on a two-motif grammar', () => {
  it('ARGMINN’s motifs are less redundant than the standard CNN’s', async () => {
    const data = splits({ L: 80, n: { train: 1200, valid: 80, test: 80 }, decoys: true, seed: 5 });
    const red: Record<string, { redundancy: number | null; relevant: number; passing: number }> = {};
    for (const kind of ['argminn', 'cnn'] as const) {
      const cfg = makeConfig('quick', {
        modelKind: kind, lr: kind === 'argminn' ? 0.001 : 0.005, epochs: kind === 'argminn' ? 20 : 12, seed: 1,
        ...(kind === 'cnn' ? { lambdaOverlap: { enabled: false }, lambdaL1: { enabled: false } } : {}),
      });
      const res = await train(data, cfg);
      const pos = positives(data.train), neg = data.train.codes.filter((_, i) => data.train.labels[i] < 0.5);
      const fm = await extractFilterMotifs(res.model, pos, neg);
      // every filter that fires counts (passing or not): the CNN's filters rarely pass the IC bar,
      // and "no passing motif" must not read as "no redundancy"
      const used = fm.filter((m) => !m.unused).map((m) => ({ id: `f${m.filter}`, name: `f${m.filter}`, probs: m.probs.slice(m.trimStart, m.trimEnd > m.trimStart ? m.trimEnd : m.probs.length) }));
      const q = motifQuality(used, truth);
      red[kind] = { redundancy: q.redundancy, relevant: q.relevant, passing: fm.filter((m) => m.passes && !m.unused).length, auroc: res.history[res.history.length - 1].valid.auroc, ic: fm.map((m) => +m.meanIC.toFixed(2)) } as any;
      res.model.dispose();
    }
    expect(red.argminn.relevant, JSON.stringify(red)).toBe(2);       // both planted motifs recovered
    expect(red.cnn.relevant, JSON.stringify(red)).toBeGreaterThanOrEqual(1);
    expect(red.argminn.redundancy!, JSON.stringify(red)).toBeLessThan(red.cnn.redundancy!);
  }, 90_000);
});
