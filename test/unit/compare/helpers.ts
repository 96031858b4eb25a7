// Test data for the compare feature: a simulated two-motif dataset with ground truth (planted
// instances recorded like the Data screen's simulator does). Positives carry motif A and motif B
// (random strands and positions); decoy negatives carry only one of them; the rest is background.
import type Database from 'better-sqlite3';
import { writeDataset, type NewSequence, type TruthInstance } from '../../../src/core/data/store';
import { TrainRng } from '../../../src/core/seq/random';
import { encode, revcomp } from '../../../src/core/seq/alphabet';

export const MOTIF_A = 'TGACTCA';     // AP-1-like
export const MOTIF_B = 'CACGTGGC';    // E-box-like

function sample(consensus: string, rng: TrainRng): Uint8Array {
  return Uint8Array.from(encode(consensus), (c) => (rng.next() < 0.9 ? c : rng.int(4)));
}

export interface TwoMotifOptions { name?: string; L?: number; n?: { train: number; valid: number; test: number }; seed?: number; decoys?: boolean; params?: Record<string, unknown> }

/** `decoys: false` → negatives are plain background (an easier task that trains in seconds). */
export function twoMotifSequences(o: TwoMotifOptions = {}): { seqs: NewSequence[]; truth: TruthInstance[] } {
  const L = o.L ?? 80, n = o.n ?? { train: 400, valid: 60, test: 80 };
  const rng = new TrainRng(o.seed ?? 3);
  const seqs: NewSequence[] = [], truth: TruthInstance[] = [];
  let idx = 0;
  for (const split of ['train', 'valid', 'test'] as const) {
    for (let i = 0; i < n[split]; i++, idx++) {
      const q = Uint8Array.from({ length: L }, () => rng.int(4));
      const positive = i % 2 === 0;
      const kind = positive ? 'both' : o.decoys !== false && i % 4 === 1 ? (rng.next() < 0.5 ? 'A' : 'B') : 'none';
      const plant = (m: string, name: string, lo: number, hi: number) => {
        let site = sample(m, rng);
        const strand = rng.next() < 0.5 ? '+' : '-';
        if (strand === '-') site = revcomp(site);
        const start = lo + rng.int(hi - lo - site.length + 1);
        q.set(site, start);
        truth.push({ seqIdx: idx, motifId: name, motifName: name, start, end: start + site.length, strand, role: positive ? 'positive' : 'decoy' });
      };
      if (kind === 'both' || kind === 'A') plant(MOTIF_A, 'A', 0, L / 2);
      if (kind === 'both' || kind === 'B') plant(MOTIF_B, 'B', L / 2, L);
      seqs.push({ name: `${split}${i}`, split, labels: [positive ? 1 : 0], codes: q, origin: `simulated:${kind}` });
    }
  }
  return { seqs, truth };
}

export function addTwoMotifDataset(db: Database.Database, o: TwoMotifOptions = {}): number {
  const { seqs, truth } = twoMotifSequences(o);
  return writeDataset(db, { name: o.name ?? 'Two motifs', kind: 'simulated', taskNames: ['bound'], seed: o.seed ?? 3, ...(o.params ? { params: o.params } : {}) }, seqs, truth);
}
