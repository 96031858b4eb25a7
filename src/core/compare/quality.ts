// LEGACY, lenient motif-quality figures (kept to show what the strict definitions of strict.ts fix;
// the Compare table no longer uses motifQuality). With no tfjs: for a run's passing
// motifs against a reference set (the dataset's planted ground truth, or a motif-library collection):
// relevant motifs recovered (distinct reference motifs that are some motif's best TomTom match with
// q < 0.05), redundancy (matched motifs per recovered reference motif), extraneous motifs (no match),
// and, with ground truth, the mean best column similarity of each truth motif to the run's motifs.
// Also the ground-truth PFMs of a simulated dataset, built from its planted instances.
import type Database from 'better-sqlite3';
import { buildTomtomDb, tomtom } from '../pwm/tomtom';
import type { Motif } from '../pwm/types';
import { bestColumnSimilarity } from '../interpret/filters';
import { getTruth, getSequences } from '../data/store';

export const Q_RELEVANT = 0.05;

export interface MotifMatchRow { motif: string; target: string; q: number }
export interface MotifQuality {
  relevant: number;
  referenceSize: number;
  redundancy: number | null;
  extraneous: number;
  matches: MotifMatchRow[];
}

export function motifQuality(passing: Motif[], reference: Motif[]): MotifQuality {
  const matches: MotifMatchRow[] = [];
  if (!reference.length) return { relevant: 0, referenceSize: 0, redundancy: null, extraneous: passing.length, matches };
  const db = buildTomtomDb(reference);
  const hits = new Map<string, number>();
  let extraneous = 0;
  for (const m of passing) {
    const best = tomtom(m, db, { maxResults: 1 })[0];
    if (best && best.q < Q_RELEVANT) {
      hits.set(best.targetId, (hits.get(best.targetId) ?? 0) + 1);
      matches.push({ motif: m.name, target: best.targetName || best.targetId, q: best.q });
    } else extraneous++;
  }
  const relevant = hits.size;
  const matched = [...hits.values()].reduce((a, b) => a + b, 0);
  return { relevant, referenceSize: reference.length, redundancy: relevant ? matched / relevant : null, extraneous, matches };
}

/** Mean over truth motifs of the best column similarity to any of the run's motifs (either fits inside the other). */
export function truthSimilarity(passing: Motif[], truth: Motif[]): number | null {
  if (!truth.length) return null;
  let tot = 0;
  for (const t of truth) {
    let best = 0;
    const tf = t.probs.flat();
    for (const m of passing) {
      const mf = m.probs.flat();
      const s = mf.length >= tf.length ? bestColumnSimilarity(mf, tf).score : bestColumnSimilarity(tf, mf).score;
      if (s > best) best = s;
    }
    tot += best;
  }
  return tot / truth.length;
}

/** PFMs of a dataset's planted motifs (mean one-hot of every planted instance, on its own strand). */
export function truthMotifs(db: Database.Database, datasetId: number): Motif[] {
  const truth = getTruth(db, datasetId);
  if (!truth.length) return [];
  const seqs = getSequences(db, datasetId, [...new Set(truth.map((t) => t.seqIdx))]);
  const by = new Map<string, { name: string; counts: Float64Array; n: number; w: number }>();
  for (const t of truth) {
    const s = seqs.get(t.seqIdx);
    const w = t.end - t.start;
    if (!s || w <= 0 || t.end > s.length) continue;
    let e = by.get(t.motifId);
    if (!e) by.set(t.motifId, (e = { name: t.motifName || t.motifId, counts: new Float64Array(w * 4), n: 0, w }));
    if (w !== e.w) continue;
    for (let k = 0; k < w; k++) {
      const pos = t.strand === '-' ? t.end - 1 - k : t.start + k;
      const b = s[pos];
      if (b > 3) continue;
      e.counts[k * 4 + (t.strand === '-' ? 3 - b : b)]++;
    }
    e.n++;
  }
  return [...by.entries()].map(([id, e]) => ({
    id, name: e.name, nsites: e.n,
    probs: Array.from({ length: e.w }, (_, k) => {
      const row = [0, 1, 2, 3].map((b) => e.counts[k * 4 + b]);
      const s = row.reduce((a, b) => a + b, 0);
      return s ? row.map((v) => v / s) : [0.25, 0.25, 0.25, 0.25];
    }),
  }));
}
