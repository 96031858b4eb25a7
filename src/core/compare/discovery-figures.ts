// Importance-score discovery as a baseline of the paper benchmark (MODEL.md §6: "importance
// discovery"): the TF-MoDISco recipe on a trained model — DeepSHAP-style scores on held-out
// positives and on their dinucleotide shuffles (the null), seqlets at a calibrated FDR, clusters →
// motifs — judged with the same strict definitions as a model's filters: a discovered motif that
// passes the motif quality bar stands where a used filter does (it exists only because its seqlets
// carry importance in positives), recovery against the whole collection + family, reverse-complement
// twins once, extraneous = passing motifs matching no planted motif; its seqlets are its instance
// calls (scored by their importance), merged per motif identity like filter calls.
import type { Motif } from '../pwm/types';
import type { AttributableModel } from '../interpret/attribution';
import type { ImportanceDiscoveryOptions } from '../interpret/importance-discovery';
import { SEQLET_FLANK } from '../interpret/seqlets';
import type { Site } from '../grammar/instances';
import {
  buildRecoveryDb, recovery, rcTwinUnits, countUnits, collectionHasFamilies, mergeCalls, motifIdentity, instanceFigures,
  NEEDS_FAMILIES, type FilterPfm, type FilterCall, type PlantedMotif,
} from './strict';
import type { StrictMetrics } from './store';

export type DiscoveryFigures = NonNullable<StrictMetrics['discovery']>;

/** Scores are DeepSHAP-style with a few shuffled references: enough for seqlets, affordable for every benchmark run. */
export const DISCOVERY_ATTRIBUTION = { method: 'deepshap' as const, refs: 4, steps: 10 };

export async function discoveryFigures(
  model: AttributableModel, seqs: Uint8Array[], seqIndex: number[], truth: Site[], collection: Motif[] | null, planted: PlantedMotif[],
  opts: { task?: number; signal?: AbortSignal; parallel?: ImportanceDiscoveryOptions['parallel'] } = {},
): Promise<DiscoveryFigures> {
  const { importanceDiscovery } = await import('../interpret/importance-discovery');
  const { seqlets, motifs: found } = await importanceDiscovery(model, seqs, { ...DISCOVERY_ATTRIBUTION, task: opts.task, signal: opts.signal, parallel: opts.parallel });
  const method = `${DISCOVERY_ATTRIBUTION.method} (${DISCOVERY_ATTRIBUTION.refs} shuffled references × ${DISCOVERY_ATTRIBUTION.steps} steps)`;
  const passing: FilterPfm[] = [];
  found.forEach((m, k) => { if (m.passes) passing.push({ filter: k, probs: m.probs, trimStart: m.trimStart, trimEnd: m.trimEnd }); });
  const base = { method, nSeqs: seqs.length, nSeqlets: seqlets.length, nMotifs: found.length, passing: passing.length };
  if (!planted.length) return { ...base, recovery: null, instances: null, note: 'no planted motifs: discovery is judged on simulated data only' };
  if (!collection || !collectionHasFamilies(collection)) return { ...base, recovery: null, instances: null, note: NEEDS_FAMILIES };
  if (!passing.length) {
    return {
      ...base, note: seqlets.length ? 'no discovered motif passes the motif quality bar' : 'no seqlet passed the importance threshold',
      recovery: { recovered: 0, total: planted.length, redundancy: null, extraneous: 0, planted: planted.map((p) => ({ id: p.id, name: p.name, recovered: false, motifs: [] })) },
      instances: null,
    };
  }
  const rdb = buildRecoveryDb(collection, planted);
  const rec = recovery(passing, rdb);
  const plantedOf = new Map(rec.matches.map((m) => [m.filter, m.planted]));
  const c = countUnits(rcTwinUnits(passing), (k) => plantedOf.get(k) ?? null);
  // seqlets as calls: each member's core window (the seqlet without its flanks), scored by importance
  const score = new Map(seqlets.map((s) => [`${s.seq}:${s.start}`, s]));
  const calls: FilterCall[] = [];
  for (const f of passing) {
    for (const mem of found[f.filter].members) {
      const sl = score.get(`${mem.seq}:${mem.start}`);
      if (!sl) continue;
      calls.push({ seq: seqIndex[mem.seq], filter: f.filter, start: Math.max(0, sl.start + SEQLET_FLANK), end: sl.end - SEQLET_FLANK, score: sl.score });
    }
  }
  const identity = motifIdentity(passing.map((f) => f.filter), () => null, (k) => plantedOf.get(k) ?? null);
  return {
    ...base, note: null,
    recovery: {
      recovered: rec.recovered, total: rec.total, redundancy: c.redundancy, extraneous: c.extraneous,
      planted: rec.planted.map((p) => ({ id: p.id, name: p.name, recovered: p.recovered, motifs: p.filters })),
    },
    instances: truth.length ? instanceFigures(mergeCalls(calls, identity), truth) : null,
  };
}
