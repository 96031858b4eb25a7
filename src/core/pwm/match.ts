// TomTom matching of a project motif against one library collection (no tfjs: usable on the main
// thread for a single motif, and in the extraction job for all of a run's filters).
import { tomtom, type ColumnMetric, type QMethod, type TomtomDb, type TomtomMatch } from './tomtom';
import type { Motif } from './types';

export interface MotifMatch extends TomtomMatch {
  /** The matched library motif's row id in the app library (for logos and export). */
  libraryMotifId: number;
}

/** TomTom of one (trimmed) query against a collection's database; the best `maxResults` by p (q by Storey unless asked). */
export function matchMotif(query: Motif, db: TomtomDb, rowIds: number[], metric: ColumnMetric, maxResults = 10, qMethod: QMethod = 'storey'): MotifMatch[] {
  return tomtom(query, db, { metric, maxResults, qMethod }).map((m) => ({ ...m, libraryMotifId: rowIds[m.targetIndex] }));
}
