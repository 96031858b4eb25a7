// Seeds a project file for grammar tests and the e2e: a simulated cooperative GATA–TAL1 dataset
// (planted 5 bp and 10–14 bp gaps, same orientation; decoys with one motif or a wrong gap) and a
// finished ARGMINN run whose model is set by hand to the two motifs (+ reverse-complement twins).
import type Database from 'better-sqlite3';
import * as tf from '@tensorflow/tfjs';
import { simulate } from '../../../src/core/data/simulator';
import { loadMotifFile, demoMotifsPath } from '../../../src/core/data/simulation-job';
import { writeDataset } from '../../../src/core/data/store';
import { createRun } from '../../../src/core/train/runs';
import { serializeModel } from '../../../src/core/model/infer';
import { handModel } from './hand-model';

export async function seedGrammarProject(db: Database.Database, opts: { nPos?: number; nNeg?: number; length?: number } = {}): Promise<{ datasetId: number; runId: number }> {
  if (tf.getBackend() !== 'cpu') { await tf.setBackend('cpu'); await tf.ready(); }
  const lib = loadMotifFile(demoMotifsPath());
  const get = (n: string) => { const m = lib.find((x) => x.name.toUpperCase() === n)!; return { id: m.id, name: m.name, probs: m.probs }; };
  const A = get('GATA1'), B = get('TAL1::TCF3');
  const L = opts.length ?? 200;
  const sim = simulate(
    { kind: 'cooperative', a: 'A', b: 'B', arrangements: [{ gap: [5, 5], orientation: 'same' }, { gap: [10, 14], orientation: 'same' }], decoys: ['single', 'wrongSpacing'] },
    { A, B }, { length: L, nPositives: opts.nPos ?? 300, nNegatives: opts.nNeg ?? 300, seed: 21, decoyFraction: 0.6 },
  );
  const splits = ['train', 'valid', 'test'] as const;
  const datasetId = writeDataset(db, { name: 'GATA–TAL1 spacing (simulated)', kind: 'simulated', taskNames: ['task1'], params: { recipe: 'grammar-test' }, seed: 21 },
    sim.seqs.map((codes, i) => ({ name: `sim${i + 1}`, split: splits[i % 10 < 8 ? 0 : i % 10 === 8 ? 1 : 2], labels: [sim.labels[i]], codes, origin: sim.labels[i] ? 'positive' : 'negative:simulated' })),
    sim.instances.map((p) => ({ seqIdx: p.seqIndex, motifId: p.motifId, motifName: p.motif === 'A' ? 'GATA1' : 'TAL1::TCF3', start: p.start, end: p.end, strand: p.strand, role: p.role })),
  );
  // calibrate the output on real data: a background negative → −4 logits, a typical positive → +4
  const bg = sim.seqs.filter((_, i) => sim.kinds[i] === 'background').slice(0, 50);
  const pos = sim.seqs.filter((_, i) => sim.labels[i] === 1).slice(0, 50);
  const hm = await handModel([A.probs, B.probs], { twins: true, fireFraction: 0.6, kappa: 0.08, calibrate: [bg, pos] });
  const blob = await serializeModel(hm.model);
  hm.model.dispose();
  const runId = createRun(db, { name: 'Hand-set GATA/TAL1 model', modelKind: 'argminn', datasetId, datasetName: 'GATA–TAL1 spacing (simulated)', taskNames: ['task1'], seqLength: L, preset: 'quick', overrides: {}, config: { seed: 1 } as never });
  const now = new Date().toISOString();
  db.prepare("UPDATE runs SET state = 'done', status = 'done', model = ?, finished_at = ? WHERE id = ?").run(Buffer.from(blob), now, runId);
  return { datasetId, runId };
}
