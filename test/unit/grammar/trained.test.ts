// Grammar criteria with a REALLY TRAINED ARGMINN (no hand-set weights). One model is trained in
// beforeAll exactly as in test/unit/train/motif.test.ts (wasm backend, "quick" preset, F 8, W 20,
// Adam lr 1e-3, 40 epochs, seed 1) on 2000 simulated 100-bp sequences, half carrying one
// SPI1-like 13-column site (consensus 0.90) on a random strand; the planted positions are kept as truth.
// What it proves (assertions hold for training seeds 1–4, measured 2026-11-21; seed 1 is committed):
// 1. Instance calling (MODEL.md §5: pooled attention ≥ 0.5 × its sequence maximum, passing filters
//    gated by their mean activation over positives, redundant filters grouped into one motif
//    identity (groupFilterMotifs: trimmed PFMs with mean column Pearson ≥ 0.75 over ≥ 6 and ≥ half
//    the shorter motif's columns, either strand; RC twins always), call = the representative's
//    trimmed columns as aligned to the firing filter; a call matches a planted site when they
//    overlap by ≥ half the shorter length), with the motifs extracted from the trained model's
//    filters (extractedMotifs → extractFilterMotifs) and gates from meanActivation, on the 500 test
//    sequences (250 planted sites): recall ≥ 0.8 of the planted sites, and precision ≥ 0.5 at
//    recall ≥ 0.8 on the top-k curve.
//    NOT asserted: the precision ≥ 0.9 at recall ≥ 0.8, which holds for seeds 1, 2 and 4
//    but not 3. Measured precision at recall ≥ 0.8 (2026-11-21) with the grouping (before it, RC
//    twins only): seed 1 0.986 (0.986), seed 2 0.962 (0.962), seed 3 0.877 (0.688), seed 4 0.971
//    (0.586); max recall 0.90–0.95. Grouping puts every passing filter carrying the motif into one
//    motif (seed 3: filters 1, 2, 4, 5, numbered from 1, → one motif at alignment similarity 0.999; seed 4: six
//    filters → one), so a planted site is called once. What remains on seed 3 is not redundancy:
//    all 349 calls are of that one motif, 92 of them in negatives — the gates (mean activation over
//    all positions ≈ 0.001) let weak background firing through.
// 2. Variant effects (scoreWindows: Δ = p(alt) − p(ref), averaged over both strands): a substitution
//    of the consensus base at column 7 of the site (first G of the GGAA core) in each positive test
//    sequence (225 sites whose planted base was the consensus), against background substitutions
//    (one per positive ≥ 20 bp from its site, one per negative): within the same positive sequence
//    the breaking variant has the larger |Δ| in ≥ 90% of pairs (measured 0.96–0.99), the breaking
//    variants lower the prediction (median Δ < 0), their mean |Δ| is ≥ 3× the background's
//    (measured 5.2–20×) and the pooled auROC of |Δ| (break vs all background) is ≥ 0.65 (measured
//    0.70–0.92; in logit units 0.88–0.96). It is not ≥ 0.9 pooled because the model's output is
//    saturated (median p(ref) ≈ 0.998): with 12 of 13 columns intact most sites still score ~1, so Δp
//    is small (median −0.003 to −0.017), comparable to a background variant in a weak negative.
//    (Column 7 was chosen on seed 1 among the 13 columns; seeds 2–4 were not used to choose it.)
// Timing: ~40–47 s per run alone on the wasm backend (training ~39–47 s, calling and scoring < 1 s).
// GRAMMAR_SEED sets the training seed (default 1); GRAMMAR_DEBUG prints the measured numbers.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { selectBackend } from '../../../src/core/model/backend';
import { train, type Dataset } from '../../../src/core/train/trainer';
import { makeConfig } from '../../../src/core/train/config';
import { TrainRng } from '../../../src/core/seq/random';
import { revcomp } from '../../../src/core/seq/alphabet';
import { auroc } from '../../../src/core/train/metrics';
import type { SeqModel } from '../../../src/core/model/registry';
import { callAll, extractedMotifs, gatesOf, meanActivation, type GrammarMotif } from '../../../src/core/grammar/call-model';
import { precisionRecall, type ScoredSite, type Site } from '../../../src/core/grammar/instances';
import { scoreWindows } from '../../../src/core/variants/score';
import { pairWindows } from '../../../src/core/variants/pairs';

// SPI1 (PU.1)-like "AAAAGAGGAAGTG", as in motif.test.ts: consensus base 0.90, others 1/30.
const CONS = 'AAAAGAGGAAGTG';
const MOTIF = [...CONS].map((ch) => [0, 1, 2, 3].map((c) => ('ACGT'[c] === ch ? 0.9 : 0.1 / 3)));
const M = MOTIF.length;
const L = 100;
const BREAK_COL = 6; // 0-based: first G of the GGAA core (every column has the same information content)

interface SimSet extends Dataset { sites: (Site & { strand: '+' | '-' })[] }

/** motif.test.ts's simulation, also recording each planted site (seq, start, end, strand). */
function simulate(n: number, rng: TrainRng): SimSet {
  const codes: Uint8Array[] = [], labels = new Float32Array(n), sites: SimSet['sites'] = [];
  for (let i = 0; i < n; i++) {
    const q = Uint8Array.from({ length: L }, () => rng.int(4));
    if (i % 2 === 0) {
      let site: Uint8Array = Uint8Array.from(MOTIF, (col) => { let u = rng.next(), c = 0; while (c < 3 && u >= col[c]) { u -= col[c]; c++; } return c; });
      const minus = rng.next() < 0.5;
      if (minus) site = revcomp(site);
      const at = rng.int(L - site.length + 1);
      q.set(site, at);
      labels[i] = 1;
      sites.push({ seq: i, start: at, end: at + M, strand: minus ? '-' : '+' });
    }
    codes.push(q);
  }
  return { codes, labels, sites };
}

const SEED = Number(process.env.GRAMMAR_SEED ?? 1);
const debug = (x: unknown) => { if (process.env.GRAMMAR_DEBUG) console.log(JSON.stringify(x)); };
let model: SeqModel | null = null;
let data: { train: SimSet; valid: SimSet; test: SimSet };
let motifs: GrammarMotif[];

beforeAll(async () => {
  const t0 = performance.now();
  await selectBackend('wasm');
  const rng = new TrainRng(42);
  data = { train: simulate(2000, rng), valid: simulate(200, rng), test: simulate(500, rng) };
  const res = await train(data, makeConfig('quick', { seed: SEED, model: { F: 8, W: 20, H: 32, NH: 4, S: 128, nL: 1 }, epochs: 40, lr: 1e-3 }));
  expect(res.status).toBe('done');
  model = res.model;
  // as runMotifs (grammar/jobs.ts): motifs and gates from up to 1000 positives (here: training ones)
  const pos = data.train.codes.filter((_, i) => data.train.labels[i] === 1);
  const neg = data.train.codes.filter((_, i) => data.train.labels[i] === 0);
  const base = await extractedMotifs(model, pos, neg);
  const mean = await meanActivation(model, pos);
  motifs = base.map((m) => ({ ...m, meanPos: mean[m.filter] }));
  debug({ seed: SEED, testAuroc: res.test?.auroc, trainSeconds: (performance.now() - t0) / 1000, motifs: motifs.map((m) => ({ f: m.filter, passes: m.passes, twin: m.rcTwin, trim: [m.trimStart, m.trimEnd], meanPos: +m.meanPos.toFixed(3) })) });
}, 240_000);
afterAll(() => model?.dispose());

describe('grammar with a trained model (simulated single SPI1-like motif)', () => {
  it('calls the planted instances: recall ≥ 0.8, precision ≥ 0.5 at recall ≥ 0.8 (default thresholds)', async () => {
    const m = model!;
    const { F, W } = m.config;
    const gates = gatesOf(motifs, F, W);
    expect(gates.some(Boolean)).toBe(true);
    const calls: (ScoredSite & { strand: string; motif: number })[] = [];
    await callAll(m, data.test.codes, gates, { attentionThreshold: 0.5 }, (res) => {
      for (const r of res) for (const c of r.calls) calls.push({ seq: r.index, start: c.start, end: c.end, score: c.score, strand: c.strand, motif: c.motif });
    });
    if (process.env.GRAMMAR_DEBUG) {
      const per = [...new Set(calls.map((c) => c.motif))].map((mo) => { const cs = calls.filter((c) => c.motif === mo); const q = precisionRecall(cs, data.test.sites, 1000); return { motif: mo, n: cs.length, inNeg: cs.filter((c) => data.test.labels[c.seq] === 0).length, maxRecall: q.maxRecall, p80: q.precisionAtRecall80, gate: gates[mo]?.gate }; });
      debug({ seed: SEED, perMotif: per });
    }
    const pr = precisionRecall(calls, data.test.sites, 1000);
    // best precision at each recall level (for the report)
    const at = (r: number) => Math.max(0, ...pr.points.filter((p) => p.recall >= r).map((p) => p.precision));
    debug({ seed: SEED, groups: gates.map((g) => g && [g.filter, g.motif, g.strand, g.trimStart, g.trimEnd]) });
    debug({ seed: SEED, nCalls: pr.nCalls, nTruth: pr.nTruth, maxRecall: pr.maxRecall, p80: pr.precisionAtRecall80, ap: pr.averagePrecision, pAt: { r70: at(0.7), r80: at(0.8), r85: at(0.85), r90: at(0.9) }, callsInNegatives: calls.filter((c) => data.test.labels[c.seq] === 0).length });
    expect(pr.maxRecall).toBeGreaterThanOrEqual(0.8);
    expect(pr.precisionAtRecall80).not.toBeNull();
    expect(pr.precisionAtRecall80!).toBeGreaterThanOrEqual(0.5);
  }, 120_000);

  it('a variant breaking a planted site ranks above background variants (Δ = p(alt) − p(ref), both strands)', async () => {
    const m = model!;
    const { F, W } = m.config;
    const gates = gatesOf(motifs, F, W);
    const rng = new TrainRng(7);
    const refs: { name: string; codes: Uint8Array }[] = [], alts: { name: string; codes: Uint8Array }[] = [];
    const isBreak: number[] = [];
    const mutate = (q: Uint8Array, p: number, label: number, name: string) => {
      const a = q.slice(); a[p] = (q[p] + 1 + rng.int(3)) % 4;
      refs.push({ name, codes: q }); alts.push({ name, codes: a }); isBreak.push(label);
    };
    const { codes, labels, sites } = data.test;
    for (const s of sites) {
      const q = codes[s.seq];
      // column BREAK_COL of the motif, as read on the site's strand
      const p = s.strand === '+' ? s.start + BREAK_COL : s.end - 1 - BREAK_COL;
      const want = 'ACGT'.indexOf(CONS[BREAK_COL]);
      if (q[p] !== (s.strand === '+' ? want : 3 - want)) continue; // the planted base was already a non-consensus one
      mutate(q, p, 1, `break ${s.seq}`);
      // one background variant in the same positive, ≥ 20 bp from the site, when there is room
      const far = Array.from({ length: L }, (_, i) => i).filter((i) => i < s.start - 20 || i >= s.end + 20);
      if (far.length) mutate(q, far[rng.int(far.length)], 0, `bg+ ${s.seq}`);
    }
    for (let i = 0; i < codes.length; i++) if (labels[i] === 0) mutate(codes[i], rng.int(L), 0, `bg- ${i}`);
    const { windows } = await pairWindows(refs, alts, { window: null, W });
    const scored = await scoreWindows(m, windows, gates, { bothStrands: true });
    const d = scored.map((s) => s.delta);
    const a = auroc(d.map(Math.abs), isBreak);
    const br = d.filter((_, i) => isBreak[i] === 1).sort((x, y) => x - y);
    const bg = d.filter((_, i) => isBreak[i] === 0).map(Math.abs).sort((x, y) => x - y);
    const med = (x: number[]) => x[Math.floor(x.length / 2)];
    // paired: within the same positive sequence, the break variant against its background variant
    let wins = 0, pairs = 0;
    for (let i = 0; i + 1 < isBreak.length; i++) if (isBreak[i] === 1 && refs[i + 1]?.name === `bg+ ${refs[i].name.slice(6)}`) { pairs++; if (Math.abs(d[i]) > Math.abs(d[i + 1])) wins++; }
    const logit = (p: number) => Math.log(Math.max(p, 1e-7) / Math.max(1 - p, 1e-7));
    const aLogit = auroc(scored.map((s) => Math.abs(logit(s.pAlt) - logit(s.pRef))), isBreak);
    const lostFrac = scored.filter((s, i) => isBreak[i] === 1 && s.lost.length > 0).length / br.length;
    debug({ seed: SEED, nBreak: br.length, nBackground: bg.length, auroc: a, medianBreakDelta: med(br), medianAbsBgDelta: med(bg), p95AbsBg: bg[Math.floor(bg.length * 0.95)], pairs, pairedWin: wins / pairs, aurocLogit: aLogit, meanAbsBreak: br.reduce((x, y) => x + Math.abs(y), 0) / br.length, meanAbsBg: bg.reduce((x, y) => x + y, 0) / bg.length, lostFrac });
    expect(br.length).toBeGreaterThan(100);
    expect(pairs).toBeGreaterThan(100);
    expect(wins / pairs).toBeGreaterThanOrEqual(0.9);
    expect(med(br)).toBeLessThan(0);
    expect(br.reduce((x, y) => x + Math.abs(y), 0) / br.length).toBeGreaterThanOrEqual(3 * bg.reduce((x, y) => x + y, 0) / bg.length);
    expect(a).toBeGreaterThanOrEqual(0.65);
  }, 120_000);
});
