// Test seed for the design feature: a project with a small dataset, a finished run whose model is
// built by hand (filter k = log-odds of motif k, filters K+k their reverse complements; the output
// rises with the attention-pooled activation: no motif ≈ −4 logits, a full instance ≈ +4), the
// filter motifs with their trims/thresholds/twins as motif extraction would store them, and one
// learned pair rule. Ground truth is known exactly, so the canvas mechanics can be checked.
import type Database from 'better-sqlite3';
import { handModel, logOdds } from '../grammar/hand-model';
import { serializeModel } from '../../../src/core/model/infer';
import { createRun } from '../../../src/core/train/runs';
import { makeConfig } from '../../../src/core/train/config';
import { saveFilterMotifs } from '../../../src/core/motifs/project-store';
import type { FilterMotif } from '../../../src/core/motifs/extract';
import { replaceRules } from '../../../src/core/grammar/rules-store';
import { writeDataset, type NewSequence } from '../../../src/core/data/store';
import { encode } from '../../../src/core/seq/alphabet';
import { sampleBases } from '../../../src/core/design/background';

const pfm = (s: string, q = 0.91) => [...s].map((ch) => [0, 1, 2, 3].map((c) => ('ACGT'[c] === ch ? q : (1 - q) / 3)));
/** GATA-like (8 bp) and TAL1-like (10 bp), neither palindromic. */
export const MOTIF_A = { name: 'GATA_like', consensus: 'AGATAAGG', probs: pfm('AGATAAGG') };
export const MOTIF_B = { name: 'TAL1_like', consensus: 'AACAGATGGT', probs: pfm('AACAGATGGT') };
export const W = 12;

export interface Seeded { runId: number; datasetId: number; motifA: number; motifB: number; ruleId: number; W: number }

export async function seedProject(db: Database.Database): Promise<Seeded> {
  // Dataset: 40 sequences of 200 bp, first half labelled positive.
  const seqs: NewSequence[] = Array.from({ length: 40 }, (_, i) => ({
    name: `seq${i + 1}`, split: i < 30 ? 'train' : i < 35 ? 'valid' : 'test', labels: [i % 2 === 0 ? 1 : 0], codes: encode(sampleBases(200, 0.45, 100 + i)),
  }));
  const datasetId = writeDataset(db, { name: 'Seed data', kind: 'simulated', taskNames: ['bound'] }, seqs);
  const bg = encode(sampleBases(200, 0.45, 3));
  const withA = bg.slice();
  withA.set(encode(MOTIF_A.consensus), 80);
  const hm = await handModel([MOTIF_A.probs, MOTIF_B.probs], { twins: true, W, calibrate: [bg, withA] });
  const bytes = await serializeModel(hm.model);
  hm.model.dispose();
  const config = makeConfig('quick', { model: { F: 4, W, H: 32, NH: 4, S: 128, nL: 1 } });
  const runId = createRun(db, { name: 'Hand model', modelKind: 'argminn', datasetId, datasetName: 'Seed data', taskNames: ['bound'], seqLength: 200, preset: 'quick', overrides: {}, config });
  db.prepare("UPDATE runs SET model = ?, state = 'done', status = 'done', finished_at = ? WHERE id = ?").run(Buffer.from(bytes), new Date().toISOString(), runId);
  const motifs: FilterMotif[] = [];
  const all = [MOTIF_A, MOTIF_B];
  for (let f = 0; f < 4; f++) {
    const m = all[f % 2];
    const rc = f >= 2;
    const len = m.probs.length, off = Math.floor((W - len) / 2);
    const core = rc ? m.probs.slice().reverse().map((r) => [r[3], r[2], r[1], r[0]]) : m.probs;
    const probs = Array.from({ length: W }, (_, i) => (i >= off && i < off + len ? core[i - off] : [0.25, 0.25, 0.25, 0.25]));
    const max = logOdds(m.probs).reduce((s, r) => s + Math.max(...r), 0);
    motifs.push({
      filter: f, probs, weights: probs.map((r) => r.map((x) => x - 0.25)), nSites: 50, maxActivation: 0.4 * max, threshold: 0.2 * max,
      trimStart: off, trimEnd: off + len, meanIC: 1.5, passes: true, unused: false, firesPos: 20, firesNeg: 2, nPos: 20, nNeg: 20,
      rcTwin: (f + 2) % 4, rcTwinScore: 0.99,
    });
  }
  const ids = saveFilterMotifs(db, runId, datasetId, motifs);
  db.prepare('UPDATE motifs SET user_name = ? WHERE id = ?').run(MOTIF_A.name, ids[0]);
  db.prepare('UPDATE motifs SET user_name = ? WHERE id = ?').run(MOTIF_B.name, ids[1]);
  const [ruleId] = replaceRules(db, runId, null, [{
    runId, motifA: { filter: 0, name: MOTIF_A.name }, motifB: { filter: 1, name: MOTIF_B.name }, orientation: '++',
    spacingMin: 4, spacingMax: 6, spacingMode: 5, enrichment: 6.5, support: 40, controlSupport: 3, pValue: 1e-6, layer: 0, head: 0, saved: true,
  }]);
  return { runId, datasetId, motifA: ids[0], motifB: ids[1], ruleId, W };
}
