// The current display names of a run's filter motifs (shared/motif-name.ts motifDisplayName over the
// motifs table), so that tables made earlier (instance sets, syntax analyses) show a motif by the
// name it has now — after it was named by family or renamed — not the name it had when they were
// computed. Filters without a motif row keep the name recorded with the table.
import type Database from 'better-sqlite3';
import { motifDisplayName } from '../../shared/motif-name';

export function runMotifNames(db: Database.Database, runId: number, recorded: Iterable<[number, string]> = []): Map<number, string> {
  const names = new Map(recorded);
  const rows = db.prepare('SELECT filter_index, name, user_name FROM motifs WHERE run_id = ? AND filter_index IS NOT NULL').all(runId) as { filter_index: number; name: string; user_name: string | null }[];
  for (const r of rows) names.set(r.filter_index, motifDisplayName({ userName: r.user_name, defaultName: r.name, filterIndex: r.filter_index }));
  return names;
}
