// Naming every filter motif of a run by what it is (./naming.ts) against one library collection:
// every filter is compared — low-quality ones too (flagged by the trust verdict, not hidden) — its
// whole ranking cached (./ranking.ts), filters that learned the same motif (./groups.ts) share their
// representative's name (an unused filter is "Filter N (unused)"), names are made unique within the
// run, and the automatic name is stored in
// the motif's `name` column, so that every screen and export that reads the motif's name (through
// src/shared/motif-name.ts motifDisplayName) says it. The user's own name always wins.
import type Database from 'better-sqlite3';
import { listMotifs, asMotif, putCachedMatches, getCachedMatches, type ProjectMotifRecord } from './project-store';
import { rankingOf, type LibraryTomtom, type RankRow } from './ranking';
import { nameFromMatches, uniqueNames, type MotifIdentity } from './naming';
import { motifGroups } from './groups';
import type { ColumnMetric } from '../pwm/tomtom';
import { motifDisplayName } from '../../shared/motif-name';

const IDENTITY_KEY = 'identity';

export interface StoredIdentity extends MotifIdentity {
  collectionId: number;
  collectionName: string;
  metric: ColumnMetric;
}

/** The identity last computed for a motif (any collection), or null. */
export function getIdentity(db: Database.Database, motifId: number): StoredIdentity | null {
  const r = db.prepare('SELECT results FROM motif_matches WHERE motif_id = ? AND metric = ? ORDER BY computed_at DESC LIMIT 1').get(motifId, IDENTITY_KEY) as { results: string } | undefined;
  if (!r) return null;
  const x = (JSON.parse(r.results) as StoredIdentity[])[0];
  return x && typeof x.name === 'string' ? x : null;
}

/** Top-10 in the motifs.match cache format (with the target's logo), so the card opens without recomputing. */
function top10(r: RankRow[], lib: LibraryTomtom, metric: ColumnMetric): unknown[] {
  return r.slice(0, 10).map((x) => ({
    libraryMotifId: x.libraryMotifId, targetId: x.targetId, targetName: x.targetName, p: x.p, E: x.E, q: x.q, qMethod: 'storey', offset: x.offset,
    orientation: x.orientation, overlap: x.overlap, score: x.score, metric, targetProbs: lib.rows[x.targetIndex].probs,
  }));
}

/**
 * Compare every filter motif of a run with a collection, name them and store names and identities.
 * Returns the number of motifs named. `onProgress(done, total)` after each motif.
 */
export function identifyRunMotifs(
  db: Database.Database, runId: number, lib: LibraryTomtom, collection: { id: number; name: string }, metric: ColumnMetric,
  onProgress?: (done: number, total: number) => void,
): number {
  const recs = listMotifs(db, { runId }).filter((m) => m.filterIndex !== null && m.mergedInto === null);
  const identities = new Map<number, MotifIdentity>();
  recs.forEach((m, i) => {
    const ranking = rankingOf(db, m.id, asMotif(m), collection.id, metric, lib);
    if (!getCachedMatches(db, m.id, collection.id, metric)) putCachedMatches(db, m.id, collection.id, metric, top10(ranking, lib, metric));
    const id = nameFromMatches(ranking, m.consensus);
    // a filter that never fires learned nothing to name: say so rather than name its flat logo
    identities.set(m.id, m.unused ? { ...id, name: `${motifDisplayName({ filterIndex: m.filterIndex })} (unused)`, family: null, tfClass: null, tfs: [], significant: false } : id);
    onProgress?.(i + 1, recs.length);
  });
  const groups = motifGroups(recs);
  // one name per group (the representative's), unique within the run, in filter order of representatives
  const reps = [...new Set(recs.map((m) => groups.get(m.id)!.repId))];
  const recById = new Map<number, ProjectMotifRecord>(recs.map((m) => [m.id, m]));
  reps.sort((a, b) => (recById.get(a)!.filterIndex! - recById.get(b)!.filterIndex!));
  const names = uniqueNames(reps.map((id) => identities.get(id)!.name));
  const repName = new Map(reps.map((id, i) => [id, names[i]]));
  const now = new Date().toISOString();
  db.transaction(() => {
    const upd = db.prepare('UPDATE motifs SET name = ? WHERE id = ?');
    const put = db.prepare(`INSERT INTO motif_matches(motif_id, collection_id, metric, results, computed_at) VALUES(?,?,?,?,?)
      ON CONFLICT(motif_id, collection_id, metric) DO UPDATE SET results = excluded.results, computed_at = excluded.computed_at`);
    for (const m of recs) {
      upd.run(repName.get(groups.get(m.id)!.repId)!, m.id);
      const stored: StoredIdentity = { ...identities.get(m.id)!, collectionId: collection.id, collectionName: collection.name, metric };
      put.run(m.id, collection.id, IDENTITY_KEY, JSON.stringify([stored]), now);
    }
  })();
  return recs.length;
}
