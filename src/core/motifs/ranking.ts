// The whole TomTom ranking of a project motif against a library collection (every entry, best
// first — not only the top 10), cached in the project (motif_matches, metric key "<metric>:all",
// compact rows without logos), paged for the screen, and searched for one TF ("where is GABPA in my
// results?": its rank in every motif's ranking). Statistic: tomtom.ts (MEME 4.12), q by Storey.
import type Database from 'better-sqlite3';
import { tomtom, type ColumnMetric, type TomtomDb } from '../pwm/tomtom';
import type { LibraryMotifRow } from './library';
import { getCachedMatches, putCachedMatches } from './project-store';
import type { Motif } from '../pwm/types';

export interface RankRow {
  /** 1-based rank by p. */
  rank: number;
  libraryMotifId: number;
  targetIndex: number;
  targetId: string;
  targetName: string;
  /** JASPAR tf_family / tf_class of the entry ('' when the collection has none). */
  family: string;
  tfClass: string;
  p: number;
  E: number;
  q: number;
  offset: number;
  orientation: '+' | '-';
  overlap: number;
  score: number;
}

export interface LibraryTomtom { db: TomtomDb; rows: LibraryMotifRow[] }

const keyOf = (metric: ColumnMetric) => `${metric}:all`;
const fam = (r: LibraryMotifRow) => r.meta?.tf_family ?? '';
const cls = (r: LibraryMotifRow) => r.meta?.tf_class ?? '';

/** TomTom of one (trimmed) query against every entry of a collection, best first. */
export function fullRanking(query: Motif, lib: LibraryTomtom, metric: ColumnMetric): RankRow[] {
  const res = tomtom(query, lib.db, { metric, maxResults: lib.rows.length * 2 + 1, qMethod: 'storey' });
  return res.map((m, i) => {
    const r = lib.rows[m.targetIndex];
    return {
      rank: i + 1, libraryMotifId: r.id, targetIndex: m.targetIndex, targetId: m.targetId, targetName: m.targetName, family: fam(r), tfClass: cls(r),
      p: m.p, E: m.E, q: m.q, offset: m.offset, orientation: m.orientation, overlap: m.overlap, score: m.score,
    };
  });
}

type Compact = [number, number, number, number, number, number, 0 | 1, number, number]; // targetIndex, libId, p, E, q, offset, orient, overlap, score

export function putRanking(db: Database.Database, motifId: number, collectionId: number, metric: ColumnMetric, rows: RankRow[]): void {
  const compact: Compact[] = rows.map((r) => [r.targetIndex, r.libraryMotifId, r.p, r.E, r.q, r.offset, r.orientation === '-' ? 1 : 0, r.overlap, Math.round(r.score * 1e6) / 1e6]);
  putCachedMatches(db, motifId, collectionId, keyOf(metric), [{ v: 1, n: rows.length, rows: compact }]);
}

/** The cached ranking, or null when absent or made against a different version of the collection. */
export function getRanking(db: Database.Database, motifId: number, collectionId: number, metric: ColumnMetric, lib: LibraryTomtom): RankRow[] | null {
  const c = getCachedMatches(db, motifId, collectionId, keyOf(metric)) as { v: number; n: number; rows: Compact[] }[] | null;
  const x = c?.[0];
  if (!x || x.v !== 1 || x.n !== lib.rows.length) return null;
  const out: RankRow[] = [];
  for (const [ti, libId, p, E, q, offset, o, overlap, score] of x.rows) {
    const r = lib.rows[ti];
    if (!r || r.id !== libId) return null;
    out.push({ rank: out.length + 1, libraryMotifId: libId, targetIndex: ti, targetId: r.motifId, targetName: r.name, family: fam(r), tfClass: cls(r), p, E, q, offset, orientation: o ? '-' : '+', overlap, score });
  }
  return out;
}

/** Cached ranking, computed and stored when missing. */
export function rankingOf(db: Database.Database, motifId: number, query: Motif, collectionId: number, metric: ColumnMetric, lib: LibraryTomtom): RankRow[] {
  const cached = getRanking(db, motifId, collectionId, metric, lib);
  if (cached) return cached;
  const rows = fullRanking(query, lib, metric);
  putRanking(db, motifId, collectionId, metric, rows);
  return rows;
}

/** Library entries a TF query names: exact name, one partner of a dimer ("FOXO1::ELK1"), or matrix ID; else names starting with the query. */
export function entriesForTf(rows: LibraryMotifRow[], query: string): LibraryMotifRow[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const base = (id: string) => id.toLowerCase().replace(/\.\d+$/, '');
  const exact = rows.filter((r) => r.name.toLowerCase() === q || r.name.toLowerCase().split('::').includes(q) || r.motifId.toLowerCase() === q || base(r.motifId) === q);
  if (exact.length) return exact;
  return rows.filter((r) => r.name.toLowerCase().split('::').some((n) => n.startsWith(q)));
}

export interface TfHit {
  motifId: number;
  libraryMotifId: number;
  targetId: string;
  targetName: string;
  family: string;
  rank: number;
  total: number;
  p: number;
  q: number;
  E: number;
}

/** Where the entries named by `query` rank in each motif's ranking; best rank first (ties by p). */
export function findTf(query: string, lib: LibraryTomtom, rankings: { motifId: number; ranking: RankRow[] }[]): { entries: LibraryMotifRow[]; hits: TfHit[] } {
  const entries = entriesForTf(lib.rows, query);
  const want = new Set(entries.map((e) => e.id));
  const hits: TfHit[] = [];
  for (const { motifId, ranking } of rankings) {
    for (const r of ranking) {
      if (!want.has(r.libraryMotifId)) continue;
      hits.push({ motifId, libraryMotifId: r.libraryMotifId, targetId: r.targetId, targetName: r.targetName, family: r.family, rank: r.rank, total: ranking.length, p: r.p, q: r.q, E: r.E });
    }
  }
  hits.sort((a, b) => a.rank - b.rank || a.p - b.p || a.motifId - b.motifId);
  return { entries, hits };
}
