// End-to-end motif recovery: ARGMINN (wasm backend, "quick" λ end points on 40 epochs, Adam lr 1e-3 as
// in MODEL.md §1.4; validation/test scored on both strands, trainer.evaluate) trained
// on 2000 simulated 100-bp sequences, half carrying one SPI1-like 13-column site on a random strand,
// reaches test auROC ≥ 0.95 and one filter's PFM (MODEL.md §5 rule: W-mers above 0.5 × max activation
// on test positives) matches the planted motif with mean column Pearson ≥ 0.9.
// What it proves: the whole path (RC-doubled batches, BN batch/running statistics, folded attention,
// Adam + clipping, regulariser schedule, eval-mode inference, PFM extraction) learns a real motif.
// The task is first shown to be well posed: the Bayes-optimal scorer (likelihood ratio of the true PWM
// summed over positions and strands) must reach auROC ≥ 0.98 on the same test set. (With consensus
// probability 0.82 that ceiling was only 0.94–0.97 on 200 test sequences — no model could pass 0.95
// reliably — so sites now use 0.90 and the test set has 500 sequences.)
// W = 20 (not the default 15): a filter only two columns wider than the motif often locks onto it
// shifted by 1–2 columns, so its W-mers truncate the site and the full-motif PFM score collapses
// (~0.3) even though the filter detects the motif; the extra slack keeps the whole site in the window.
// (lr 3e-3 over 30 epochs learned faster but left some seeds with a motif filter split across two
// partial filters, PFM score ≈ 0.8.)
// MOTIF_SEED sets the training seed (default 1; seeds 1–5 checked: test auROC 0.955–0.973, PFM ≥ 0.998
// against an oracle of 0.989); MOTIF_DEBUG prints epochs. About 40 s alone on one wasm thread.
import { describe, it, expect } from 'vitest';
import { selectBackend } from '../../../src/core/model/backend';
import { train, type Dataset } from '../../../src/core/train/trainer';
import { makeConfig } from '../../../src/core/train/config';
import { predictBatches } from '../../../src/core/model/infer';
import { pfmFromFilter, bestColumnSimilarity } from '../../../src/core/interpret/filters';
import { TrainRng } from '../../../src/core/seq/random';
import { revcomp } from '../../../src/core/seq/alphabet';
import { auroc } from '../../../src/core/train/metrics';

// SPI1 (PU.1)-like "AAAAGAGGAAGTG": 13 columns, consensus base 0.90, others 1/30 (A, C, G, T per row).
// (A short GATA core is too common in 100-bp random background for any model to reach auROC 0.95.)
const MOTIF = [...'AAAAGAGGAAGTG'].map((ch) => [0, 1, 2, 3].map((c) => ('ACGT'[c] === ch ? 0.9 : 0.1 / 3)));

/** Bayes-optimal score for "one site somewhere, either strand": log Σ_positions,strands PWM likelihood ratio. */
function oracleScore(q: Uint8Array): number {
  const lo = MOTIF.map((col) => col.map((p) => Math.log(p / 0.25)));
  const m = lo.length;
  let s = 0;
  for (let i = 0; i + m <= q.length; i++) {
    let a = 0, b = 0;
    for (let k = 0; k < m; k++) { a += lo[k][q[i + k]]; b += lo[m - 1 - k][3 - q[i + k]]; }
    s += Math.exp(a) + Math.exp(b);
  }
  return Math.log(s);
}

function simulate(n: number, L: number, rng: TrainRng): Dataset {
  const codes: Uint8Array[] = [], labels = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const q = Uint8Array.from({ length: L }, () => rng.int(4));
    if (i % 2 === 0) {
      let site: Uint8Array = Uint8Array.from(MOTIF, (col) => { let u = rng.next(), c = 0; while (c < 3 && u >= col[c]) { u -= col[c]; c++; } return c; });
      if (rng.next() < 0.5) site = revcomp(site);
      q.set(site, rng.int(L - site.length + 1));
      labels[i] = 1;
    }
    codes.push(q);
  }
  return { codes, labels };
}

describe('motif recovery on simulated data', () => {
  it('test auROC ≥ 0.95 and a filter PFM matches the planted SPI1-like motif (Pearson ≥ 0.9)', async () => {
    const t0 = performance.now();
    const be = await selectBackend('wasm');
    const rng = new TrainRng(42);
    const L = Number(process.env.MOTIF_L ?? 100);
    const data = { train: simulate(Number(process.env.MOTIF_N ?? 2000), L, rng), valid: simulate(200, L, rng), test: simulate(500, L, rng) };
    const oracle = auroc(data.test.codes.map(oracleScore), data.test.labels);
    expect(oracle).toBeGreaterThanOrEqual(0.98);
    const res = await train(data, makeConfig('quick', {
      seed: Number(process.env.MOTIF_SEED ?? 1), model: { F: 8, W: 20, H: 32, NH: 4, S: 128, nL: 1 }, epochs: Number(process.env.MOTIF_EPOCHS ?? 40), lr: Number(process.env.MOTIF_LR ?? 1e-3) }), {
      onEpoch: (e) => { if (process.env.MOTIF_DEBUG) console.log(e.epoch, e.trainLoss.toFixed(3), e.valid.loss.toFixed(3), e.valid.auroc.toFixed(3), e.lambdas.ovl.toExponential(1)); },
    });
    expect(res.status).toBe('done');
    // PFMs from the positives of the test set
    const pos = data.test.codes.filter((_, i) => data.test.labels[i] === 1);
    const acts: Float32Array[] = [];
    const F = res.model.config.F, W = res.model.config.W, Lp = L - W + 1;
    for await (const b of predictBatches(res.model, pos, { withR: true, batchSize: 128 }))
      for (let k = 0; k < b.count; k++) acts.push(b.r!.slice(k * Lp * F, (k + 1) * Lp * F));
    const flat = MOTIF.flat();
    const sims = Array.from({ length: F }, (_, f) => {
      const p = pfmFromFilter(pos, acts, F, f, W);
      return { f, sites: p.nSites, ...(p.nSites ? bestColumnSimilarity(p.pfm, flat) : { score: 0, offset: -1, strand: '+' as const }) };
    });
    const best = sims.reduce((a, b) => (b.score > a.score ? b : a));
    console.log(JSON.stringify({ backend: be.name, oracle, auroc: res.test!.auroc, auprc: res.test!.auprc, best, seconds: (performance.now() - t0) / 1000 }));
    expect(res.test!.auroc).toBeGreaterThanOrEqual(0.95);
    expect(best.score).toBeGreaterThanOrEqual(0.9);
    res.model.dispose();
  }, 180_000);
});
