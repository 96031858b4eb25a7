// The strict evaluation of a trained model on data with known answers (MODEL.md §6 "Evaluation,
// strictly"; docs/compare.md "How the figures are defined"). Pure functions: no tfjs, no database.
// The caller (evaluate.ts, or a benchmark harness) reads the filters, calls and rules; this module
// judges them.
//
// 1. Used filters (usedFilters). A filter *fires* in a sequence when its maximum activation there
//    exceeds ½ of its maximum over the positives (the motif threshold of MODEL.md §5, recorded per
//    filter by motifs/extract.ts as firesPos / firesNeg). It is *used* when it fires in ≥ 5 % of the
//    positives AND fires more often in positives than in negatives by a one-sided Fisher exact test
//    (2×2 table fires / does not fire × positives / negatives) with p < 0.01. Silent, rare or
//    unenriched filters are neither motifs nor extraneous. Without negatives enrichment cannot be
//    tested and no filter is used (the verdict says so).
// 1b. Repressors (a decision beyond MODEL.md §6's wording, docs/compare.md): §6 asks a used filter to
//    fire in ≥ 5 % of positives with enrichment over negatives, which no filter of a repressor's motif
//    can do — in the SPI1/CTCF grammar CTCF sits only in negatives. A filter that fires in ≥ 5 % of
//    negatives and more often there (one-sided Fisher p < 0.01, the same test turned round) is also
//    used, with role 'repressing'; extract.ts reads such a filter's threshold and sites from the
//    negatives. Nothing else about "used" is loosened.
// 2. Recovery (buildRecoveryDb, matchFilter, recovery). Each used filter's IC-trimmed PFM is compared
//    by TomTom (Pearson, q by Benjamini–Hochberg over the whole database) with the whole known-motif
//    collection (JASPAR CORE with `tf_family` annotations) plus any planted matrix the collection
//    lacks. A planted motif is identified by its JASPAR matrix ID (version ignored; falling back to an
//    exact name match); a column slice such as `MA0138.2[0:9]` (a REST half-site) is judged against
//    the sliced matrix itself, added to the database under that ID, with the TF family of its parent
//    entry; a planted motif that is no JASPAR entry (a custom consensus) is added as its own entry
//    with no family. A filter *matches* planted motif P when its best match (smallest p) is P's entry
//    or an entry sharing one of P's TF families (JASPAR `tf_family`, split on ';', case-insensitive),
//    AND P's entry itself matches the filter with q < 0.05. A filter matching several planted motifs
//    (two half-sites of one TF share a family) is assigned to the one whose own entry matches it with
//    the smallest p. P is *recovered* when at least one used filter is assigned to it.
// 3. Redundancy and extraneous motifs (rcTwinPairs, motifFigures). A filter and its reverse-
//    complement twin count once: used filters are paired greedily by twin score (the twin rule of
//    motifs/twins.ts: the RC of one trimmed PFM fits inside the other with mean column Pearson ≥ 0.9,
//    better than forward), each filter in at most one pair. Redundancy = mean over recovered planted
//    motifs of the number of units (single filters or twin pairs) assigned to it; extraneous = units
//    none of whose filters is assigned to a planted motif. Without planted motifs (real data) the
//    same counts are made against the collection's entries: a unit is "known" when its best match
//    has q < 0.05, redundancy = units per distinct best-matched entry.
// 4. Instances (mergeCalls, instanceFigures). Calls of filters that learned the same motif are merged
//    before scoring: the caller gives each filter a motif identity, and among calls of one identity
//    in one sequence overlapping by more than half the shorter length only the best-scoring one is
//    kept (grammar/instances.ts suppress). A call matches a planted site when they overlap by ≥ half
//    the shorter length; each site is matched once, so a second call on a matched site is a false
//    positive. Reported: the top-k recall curve (fraction of planted sites covered by the k best
//    calls, k = multiples of the number of planted sites, K_GRID), recall with all calls, and the
//    precision at recall 0.8 (the best precision of any cut-off reaching recall ≥ 0.8; null when
//    no cut-off does). The same figures for FIMO hits (score −log10 p, p < 1e-3) with any motif set.
// 5. Planted rule (plantedRules, plantedRuleFound). A planted arrangement "A, gap g ∈ [g0, g1], B on
//    the same / opposite strand" is *found* when one of the 3 best rules (by the explorer's order:
//    p-value, then enrichment) among those whose two motifs are assigned to A and B has the right
//    order and orientation (read in the planted motifs' own orientation, using the strand of each
//    filter's TomTom alignment to its planted entry) and a spacing window inside [g0 − 2, g1 + 2] bp
//    once the explorer's spacing (between the called, trimmed spans) is converted to the planted
//    matrices' edges with each span's inset in its matrix (spanInset, from the same alignment; a
//    filter trimmed to GATA1's core sits 2–3 bases inside the 11-column matrix on each side). The
//    ±2 bp absorb the explorer's bin merging and an alignment off by a base.
import { buildTomtomDb, tomtom, type TomtomDb, type TomtomMatch } from '../pwm/tomtom';
import { findRcTwins, trimmedProbs } from '../motifs/twins';
import { fisherGreater, repressiveP } from '../motifs/fisher';
import { fimoSites } from '../grammar/evaluate';
import { overlaps, precisionRecall, suppress, type ScoredSite, type Site } from '../grammar/instances';
import type { Orientation } from '../grammar/rules-store';
import type { GrammarRule } from '../data/simulator';
import type { Motif } from '../pwm/types';

// ---------------------------------------------------------------------------------------------
// 1. Used filters

export const USAGE_MIN_FRACTION = 0.05;
export const USAGE_MAX_P = 0.01;

/** What usage reads of a filter (FilterMotif / ProjectMotifRecord fields). */
export interface FilterFiring {
  filter: number;
  /** Positive / negative sequences in which the filter fires (max activation > ½ of its max over positives). */
  firesPos: number;
  firesNeg: number;
  nPos: number;
  nNeg: number;
  /** extract.ts "unused": never fires, or its maximum is < 10⁻³ of the strongest filter's. */
  unused?: boolean;
  maxActivation?: number;
}

export type UsageVerdict = 'used' | 'silent' | 'rare' | 'not enriched' | 'no negatives';

export interface FilterUsage {
  filter: number;
  used: boolean;
  verdict: UsageVerdict;
  fracPos: number;
  fracNeg: number | null;
  /** One-sided Fisher p (fires more in the class it is enriched in); null when not tested. */
  p: number | null;
  /** 'repressing' for a filter used because it fires more in negatives (header, 1b). */
  role: 'activating' | 'repressing';
}

export { fisherGreater };

/** The usage verdict of every filter (definition 1 in the header). */
export function usedFilters(fs: FilterFiring[], opts: { minFraction?: number; maxP?: number } = {}): FilterUsage[] {
  const minFrac = opts.minFraction ?? USAGE_MIN_FRACTION, maxP = opts.maxP ?? USAGE_MAX_P;
  return fs.map((f) => {
    const fracPos = f.nPos ? f.firesPos / f.nPos : 0;
    const fracNeg = f.nNeg ? f.firesNeg / f.nNeg : null;
    const out = (verdict: UsageVerdict, p: number | null): FilterUsage => ({ filter: f.filter, used: verdict === 'used', verdict, fracPos, fracNeg, p, role: 'activating' });
    if (f.unused || (f.maxActivation !== undefined && !(f.maxActivation > 0)) || (f.firesPos <= 0 && f.firesNeg <= 0)) return out('silent', null);
    if (fracPos < minFrac && (fracNeg ?? 0) < minFrac) return out('rare', null);
    if (!f.nNeg) return out('no negatives', null);
    const p = fisherGreater(f.firesPos, f.nPos - f.firesPos, f.firesNeg, f.nNeg - f.firesNeg);
    if (fracPos >= minFrac && p < maxP) return out('used', p);
    // A repressor's motif: fires in ≥ 5 % of negatives and more often there (header, 1b).
    const pr = repressiveP(f, minFrac);
    if (pr !== null && pr < maxP) return { ...out('used', pr), role: 'repressing' };
    return out('not enriched', p);
  });
}

// ---------------------------------------------------------------------------------------------
// 2. Recovery against the whole collection plus TF family

export const Q_RECOVERED = 0.05;
export const NEEDS_FAMILIES = 'recovery needs a JASPAR collection with TF families';

export class RecoveryError extends Error {}

/** TF families of a motif from JASPAR's `tf_family` annotation (split on ';'), lower-cased. */
export function tfFamilies(m: Pick<Motif, 'meta'>): string[] {
  const f = m.meta?.tf_family;
  return f ? f.split(';').map((s) => s.trim().toLowerCase()).filter(Boolean) : [];
}

/** Whether at least `minShare` of a collection's motifs carry a TF family. */
export function collectionHasFamilies(ms: Pick<Motif, 'meta'>[], minShare = 0.5): boolean {
  return ms.length > 0 && ms.filter((m) => tfFamilies(m).length > 0).length >= minShare * ms.length;
}

/** A planted motif as the truth records it: ID (JASPAR matrix ID, possibly with a column slice) and the planted matrix. */
export interface PlantedMotif { id: string; name: string; probs?: number[][] }

export interface PlantedEntry {
  /** The planted motif's ID as recorded (e.g. "MA0080.5", "MA0138.2[0:9]", "A"). */
  id: string;
  name: string;
  /** Index of its entry in the recovery database. */
  target: number;
  /** ID of that entry (a collection ID, or the planted ID when added). */
  entryId: string;
  families: string[];
  /** How the entry was found: a collection entry, an added slice of one, or an added custom matrix. */
  source: 'collection' | 'slice' | 'custom';
}

export interface RecoveryDb {
  tomtom: TomtomDb;
  /** Families per database target. */
  families: string[][];
  planted: PlantedEntry[];
  collectionSize: number;
}

const baseId = (id: string) => id.replace(/\.\d+$/, '').toUpperCase();

/** "MA0138.2[0:9]" → { parent: "MA0138.2", columns: [0, 9] }. */
export function parsePlantedId(id: string): { parent: string; columns: [number, number] | null } {
  const m = /^(.*)\[(\d+):(\d+)\]$/.exec(id.trim());
  return m ? { parent: m[1], columns: [Number(m[2]), Number(m[3])] } : { parent: id.trim(), columns: null };
}

/**
 * The database recovery is judged against: the whole collection plus the planted matrices it lacks
 * (slices, custom motifs). Throws RecoveryError when the collection has no TF families.
 */
export function buildRecoveryDb(collection: Motif[], planted: PlantedMotif[], opts: { requireFamilies?: boolean } = {}): RecoveryDb {
  if ((opts.requireFamilies ?? true) && !collectionHasFamilies(collection)) throw new RecoveryError(NEEDS_FAMILIES);
  const targets = collection.slice();
  const families = collection.map(tfFamilies);
  const entries: PlantedEntry[] = [];
  const find = (id: string, name: string): number => {
    const exact = targets.findIndex((t, i) => i < collection.length && t.id.toUpperCase() === id.toUpperCase());
    if (exact >= 0) return exact;
    const byBase = collection.findIndex((t) => baseId(t.id) === baseId(id));
    if (byBase >= 0) return byBase;
    return collection.findIndex((t) => t.name.toLowerCase() === name.toLowerCase());
  };
  for (const p of planted) {
    const { parent, columns } = parsePlantedId(p.id);
    const pi = find(parent, p.name);
    if (!columns && pi >= 0) {
      entries.push({ id: p.id, name: p.name, target: pi, entryId: collection[pi].id, families: families[pi], source: 'collection' });
      continue;
    }
    let probs = p.probs;
    if (!probs && columns && pi >= 0) probs = collection[pi].probs.slice(columns[0], columns[1]);
    if (!probs || !probs.length) throw new RecoveryError(`planted motif ${p.id}: no matrix to compare with (not in the collection and none given)`);
    targets.push({ id: p.id, name: columns && pi >= 0 ? `${collection[pi].name}[${columns[0]}:${columns[1]}]` : p.name, probs });
    const fam = columns && pi >= 0 ? families[pi] : [];
    families.push(fam);
    entries.push({ id: p.id, name: p.name, target: targets.length - 1, entryId: p.id, families: fam, source: columns && pi >= 0 ? 'slice' : 'custom' });
  }
  return { tomtom: buildTomtomDb(targets), families, planted: entries, collectionSize: collection.length };
}

/** A filter as recovery reads it: W×4 PFM and its IC-trimming bounds. */
export interface FilterPfm { filter: number; probs: number[][]; trimStart: number; trimEnd: number }

export interface FilterMatch {
  filter: number;
  /** Best TomTom match in the whole database (null for an empty database). */
  best: { id: string; name: string; p: number; q: number; families: string[] } | null;
  /** Planted motif this filter is assigned to (definition 2), or null. */
  planted: string | null;
  /** TomTom of the filter against each planted entry: q, p and the strand of the alignment ('-' = the filter is the entry's reverse complement). */
  plantedMatches: { id: string; p: number; q: number; strand: '+' | '-'; offset: number }[];
}

function familyShared(a: string[], b: string[]): boolean {
  return a.some((x) => b.includes(x));
}

/** TomTom of one filter's trimmed PFM against the recovery database, and its planted assignment. */
export function matchFilter(f: FilterPfm, rdb: RecoveryDb, qMax = Q_RECOVERED): FilterMatch {
  const res = tomtom({ id: `filter${f.filter}`, name: `filter${f.filter}`, probs: trimmedProbs(f) }, rdb.tomtom);
  const byTarget = new Map<number, TomtomMatch>(res.map((m) => [m.targetIndex, m]));
  const top = res[0];
  const best = top ? { id: top.targetId, name: top.targetName, p: top.p, q: top.q, families: rdb.families[top.targetIndex] } : null;
  const plantedMatches = rdb.planted.map((e) => {
    const m = byTarget.get(e.target)!;
    return { id: e.id, p: m.p, q: m.q, strand: m.orientation, offset: m.offset };
  });
  let planted: string | null = null, bestP = Infinity;
  if (top) {
    rdb.planted.forEach((e, i) => {
      const pm = plantedMatches[i];
      const bestOk = top.targetIndex === e.target || familyShared(rdb.families[top.targetIndex], e.families);
      if (bestOk && pm.q < qMax && pm.p < bestP) { bestP = pm.p; planted = e.id; }
    });
  }
  return { filter: f.filter, best, planted, plantedMatches };
}

export interface PlantedRecovery { id: string; name: string; entryId: string; source: PlantedEntry['source']; recovered: boolean; filters: number[] }

/** Which planted motifs the given (used) filters recover. */
export function recovery(used: FilterPfm[], rdb: RecoveryDb): { matches: FilterMatch[]; planted: PlantedRecovery[]; recovered: number; total: number } {
  const matches = used.map((f) => matchFilter(f, rdb));
  const planted = rdb.planted.map((e) => {
    const filters = matches.filter((m) => m.planted === e.id).map((m) => m.filter);
    return { id: e.id, name: e.name, entryId: e.entryId, source: e.source, recovered: filters.length > 0, filters };
  });
  return { matches, planted, recovered: planted.filter((p) => p.recovered).length, total: planted.length };
}

// ---------------------------------------------------------------------------------------------
// 3. Twins, redundancy, extraneous motifs

/**
 * Reverse-complement twin pairs among the given filters (motifs/twins.ts rule, every given filter
 * taking part), paired greedily by twin score so each filter is in at most one pair. Returns units:
 * pairs [a, b] and single filters [a].
 */
export function rcTwinUnits(fs: FilterPfm[], minSim = 0.9): number[][] {
  const cands = fs.map((f) => ({ filter: f.filter, probs: f.probs, trimStart: f.trimStart, trimEnd: f.trimEnd, passes: true, rcTwin: null as number | null, rcTwinScore: null as number | null }));
  findRcTwins(cands, minSim);
  const edges = cands.filter((c) => c.rcTwin !== null).map((c) => ({ a: Math.min(c.filter, c.rcTwin!), b: Math.max(c.filter, c.rcTwin!), s: c.rcTwinScore! }));
  edges.sort((x, y) => y.s - x.s || x.a - y.a || x.b - y.b);
  const paired = new Set<number>();
  const units: number[][] = [];
  for (const e of edges) {
    if (paired.has(e.a) || paired.has(e.b)) continue;
    paired.add(e.a); paired.add(e.b);
    units.push([e.a, e.b]);
  }
  for (const f of fs) if (!paired.has(f.filter)) units.push([f.filter]);
  return units.sort((x, y) => x[0] - y[0]);
}

export interface UnitCounts {
  /** key → units assigned to it (a unit with members assigned to two keys counts for both). */
  perKey: Map<string, number>;
  /** Units none of whose filters is assigned to a key. */
  extraneous: number;
  extraneousFilters: number[];
  /** Mean units per key that has any; null when none. */
  redundancy: number | null;
}

/** Count units (filters with twins counted once) per assigned key (planted motif, or known entry). */
export function countUnits(units: number[][], keyOf: (filter: number) => string | null): UnitCounts {
  const perKey = new Map<string, number>();
  let extraneous = 0;
  const extraneousFilters: number[] = [];
  for (const u of units) {
    const keys = new Set(u.map(keyOf).filter((k): k is string => k !== null));
    if (!keys.size) { extraneous++; extraneousFilters.push(...u); continue; }
    for (const k of keys) perKey.set(k, (perKey.get(k) ?? 0) + 1);
  }
  const vals = [...perKey.values()];
  return { perKey, extraneous, extraneousFilters, redundancy: vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : null };
}

export interface MotifFigures {
  usage: FilterUsage[];
  nUsed: number;
  /** No filter is used (and the data had negatives to test against). */
  allInactive: boolean;
  units: number[][];
  /** Against planted motifs (null without planted motifs or without a usable collection). */
  planted: { recovered: number; total: number; perPlanted: (PlantedRecovery & { units: number })[]; redundancy: number | null; extraneous: number; extraneousFilters: number[] } | null;
  /** Against the collection's entries (real data: no planted motifs). */
  known: { distinct: number; redundancy: number | null; extraneous: number; extraneousFilters: number[] } | null;
  matches: FilterMatch[];
  note: string | null;
  /** The database the filters were matched against (to match more filters the same way), null when none. */
  rdb: RecoveryDb | null;
}

/**
 * Definitions 1–3 in one call. `filters`: every filter with its firing counts and PFM; `collection`:
 * the known-motif collection (null when none); `planted`: the planted motifs (empty on real data).
 */
export function motifFigures(
  filters: (FilterFiring & FilterPfm)[], collection: Motif[] | null, planted: PlantedMotif[],
  opts: { minFraction?: number; maxP?: number; qMax?: number } = {},
): MotifFigures {
  const usage = usedFilters(filters, opts);
  const usedSet = new Set(usage.filter((u) => u.used).map((u) => u.filter));
  const used = filters.filter((f) => usedSet.has(f.filter));
  const units = rcTwinUnits(used);
  const noNeg = usage.length > 0 && usage.every((u) => u.verdict !== 'used' && u.verdict !== 'not enriched') && usage.some((u) => u.verdict === 'no negatives');
  const allInactive = !used.length && !noNeg;
  const base = { usage, nUsed: used.length, allInactive, units, planted: null, known: null, matches: [] as FilterMatch[], rdb: null };
  if (noNeg) return { ...base, note: 'usage needs negative sequences: without them no filter can be shown to be enriched in positives' };
  if (allInactive) {
    // nothing is recovered and nothing is extraneous: zeros, so that means over seeds count the dead seed
    return {
      ...base, note: 'all filters inactive: no filter fires in ≥ 5 % of positives with enrichment over negatives',
      planted: planted.length ? {
        recovered: 0, total: planted.length, redundancy: null, extraneous: 0, extraneousFilters: [],
        perPlanted: planted.map((p) => ({ id: p.id, name: p.name, entryId: p.id, source: 'custom' as const, recovered: false, filters: [], units: 0 })),
      } : null,
      known: planted.length ? null : { distinct: 0, redundancy: null, extraneous: 0, extraneousFilters: [] },
    };
  }
  if (planted.length) {
    if (!collection || !collectionHasFamilies(collection)) return { ...base, note: NEEDS_FAMILIES };
    const rdb = buildRecoveryDb(collection, planted);
    const rec = recovery(used, rdb);
    const key = new Map(rec.matches.map((m) => [m.filter, m.planted]));
    const c = countUnits(units, (f) => key.get(f) ?? null);
    return {
      ...base, matches: rec.matches, note: null, rdb,
      planted: {
        recovered: rec.recovered, total: rec.total, perPlanted: rec.planted.map((p) => ({ ...p, units: c.perKey.get(p.id) ?? 0 })),
        redundancy: c.redundancy, extraneous: c.extraneous, extraneousFilters: c.extraneousFilters,
      },
    };
  }
  if (!collection || !collection.length) return { ...base, note: 'no known-motif collection chosen' };
  const rdb = buildRecoveryDb(collection, [], { requireFamilies: false });
  const qMax = opts.qMax ?? Q_RECOVERED;
  const matches = used.map((f) => matchFilter(f, rdb, qMax));
  const key = new Map(matches.map((m) => [m.filter, m.best && m.best.q < qMax ? m.best.id : null]));
  const c = countUnits(units, (f) => key.get(f) ?? null);
  return { ...base, matches, note: null, rdb, known: { distinct: c.perKey.size, redundancy: c.redundancy, extraneous: c.extraneous, extraneousFilters: c.extraneousFilters } };
}

// ---------------------------------------------------------------------------------------------
// 4. Instances

/** One filter's call in one sequence (before merging). */
export interface FilterCall { seq: number; filter: number; start: number; end: number; score: number }

/**
 * Motif identity of filters for merging calls: filters in the same group (grammar/instances.ts
 * groupFilterMotifs representative, which also joins RC twins) or assigned to the same planted
 * motif share an identity (union of both relations). Returns filter → identity (the smallest filter
 * index of its class).
 */
export function motifIdentity(filters: number[], repOf: (f: number) => number | null, plantedOf: (f: number) => string | null = () => null): Map<number, number> {
  const parent = new Map<number, number>(filters.map((f) => [f, f]));
  const find = (x: number): number => { let r = x; while (parent.get(r)! !== r) r = parent.get(r)!; parent.set(x, r); return r; };
  const union = (a: number, b: number) => { if (!parent.has(a) || !parent.has(b)) return; const ra = find(a), rb = find(b); if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb)); };
  for (const f of filters) { const r = repOf(f); if (r !== null) union(f, r); }
  const byPlanted = new Map<string, number>();
  for (const f of filters) {
    const p = plantedOf(f);
    if (p === null) continue;
    const o = byPlanted.get(p);
    if (o === undefined) byPlanted.set(p, f); else union(o, f);
  }
  return new Map(filters.map((f) => [f, find(f)]));
}

/** One site, one call: per sequence and motif identity, overlapping (> half the shorter) calls keep only the best. */
export function mergeCalls(calls: FilterCall[], identity: Map<number, number> | ((filter: number) => number)): ScoredSite[] {
  const id = typeof identity === 'function' ? identity : (f: number) => identity.get(f) ?? f;
  const bySeq = new Map<number, { motif: number; start: number; end: number; score: number }[]>();
  for (const c of calls) {
    let l = bySeq.get(c.seq); if (!l) bySeq.set(c.seq, (l = []));
    l.push({ motif: id(c.filter), start: c.start, end: c.end, score: c.score });
  }
  const out: ScoredSite[] = [];
  for (const [seq, l] of bySeq) for (const c of suppress(l)) out.push({ seq, start: c.start, end: c.end, score: c.score });
  return out;
}

/** k of the top-k recall curve, as multiples of the number of planted sites. */
export const K_GRID = [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5] as const;

export interface InstanceFigures {
  nTruth: number;
  nCalls: number;
  /** Recall of the k best calls; k = round(kRel × nTruth) (all calls when fewer). */
  topK: { kRel: number; k: number; recall: number }[];
  /** Recall at k = number of planted sites (where recall = precision). */
  recallAtN: number;
  /** Best precision of a cut-off reaching recall ≥ 0.8; null when never reached. */
  precisionAtRecall80: number | null;
  /** Recall and precision with every call. */
  recall: number;
  precision: number;
  averagePrecision: number;
}

/** Top-k recall curve and precision at recall 0.8 of scored calls against planted sites (definition 4). */
export function instanceFigures(calls: ScoredSite[], truth: Site[], grid: readonly number[] = K_GRID): InstanceFigures {
  const pr = precisionRecall(calls, truth);
  const order = calls.slice().sort((a, b) => b.score - a.score);
  const N = truth.length, n = order.length;
  // tp[k] = planted sites covered by the k best calls (each site matched once)
  const tp = new Int32Array(n + 1);
  const bySeq = new Map<number, { s: Site; used: boolean }[]>();
  for (const t of truth) { let l = bySeq.get(t.seq); if (!l) bySeq.set(t.seq, (l = [])); l.push({ s: t, used: false }); }
  for (let i = 0; i < n; i++) {
    const c = order[i];
    let hit = 0;
    const l = bySeq.get(c.seq);
    if (l) for (const t of l) if (!t.used && overlaps(c, t.s)) { t.used = true; hit = 1; break; }
    tp[i + 1] = tp[i] + hit;
  }
  const rec = (k: number) => (N ? tp[Math.min(k, n)] / N : 0);
  const ks = grid.map((r) => ({ kRel: r, k: Math.max(1, Math.round(r * N)) }));
  const last = pr.points[pr.points.length - 1];
  return {
    nTruth: N, nCalls: order.length,
    topK: ks.map(({ kRel, k }) => ({ kRel, k, recall: rec(k) })),
    recallAtN: rec(N),
    precisionAtRecall80: pr.precisionAtRecall80,
    recall: pr.maxRecall, precision: last ? last.precision : 0, averagePrecision: pr.averagePrecision,
  };
}

/**
 * The same figures for a FIMO scan (p < pThreshold, score −log10 p) of `seqs` with `motifs`;
 * `identity[i]` = motif identity of motif i (hits of one identity merged like model calls; default: each its own).
 */
export function fimoFigures(motifs: Motif[], seqs: Uint8Array[], seqIndex: number[], truth: Site[], opts: { identity?: number[]; pThreshold?: number } = {}): InstanceFigures {
  const sites = fimoSites(motifs, seqs, opts.pThreshold ?? 1e-3, seqIndex, opts.identity ? (i) => opts.identity![i] : undefined);
  return instanceFigures(sites, truth);
}

// ---------------------------------------------------------------------------------------------
// 5. The planted rule

export const RULE_TOP = 3;
export const RULE_SPACING_TOLERANCE = 2;

/** A planted arrangement: A first, then B after `gap` bases, B on the same / opposite strand as A (or either). */
export interface PlantedRule { a: string; b: string; gap: [number, number]; orientation: 'same' | 'opposite' | 'any' }

/** The planted pair arrangements of a simulation rule (motif keys mapped to planted IDs); [] for rules without a pair arrangement. */
export function plantedRules(rule: GrammarRule, idOf: (key: string) => string): PlantedRule[] {
  if (rule.kind === 'cooperative') return rule.arrangements.map((a) => ({ a: idOf(rule.a), b: idOf(rule.b), gap: [a.gap[0], a.gap[1]], orientation: a.orientation }));
  if (rule.kind === 'fixedSpacing') return [{ a: idOf(rule.a), b: idOf(rule.b), gap: [rule.gap, rule.gap], orientation: rule.orientation }];
  return [];
}

/** A rule as the syntax explorer reports it (grammar/syntax.ts ExtractedRule; a, b = motif identities). */
export interface FoundRule { a: number; b: number; orientation: Orientation; spacingMin: number; spacingMax: number; pValue: number; enrichment: number }

/** Where an explorer motif comes from; a palindromic planted motif reads the same on both strands, so its strand is not identifiable. */
export interface MotifOrigin {
  planted: string; strand: '+' | '-'; palindromic?: boolean;
  /**
   * How far the motif's called (trimmed) span sits inside the planted matrix, in the planted matrix's
   * own orientation: [bases from the matrix's left edge to the span's start, bases from the span's end
   * to the matrix's right edge] (negative where the span overhangs). From the TomTom alignment of the
   * trimmed PFM to the planted entry (spanInset). Absent = edges taken as equal.
   */
  inset?: [number, number];
}

/**
 * The inset of a trimmed span of length q aligned by TomTom to a planted matrix of length lt:
 * query column i ↔ target column i + offset, the target read in `strand` ('-' = reverse complement).
 */
export function spanInset(q: number, lt: number, offset: number, strand: '+' | '-'): [number, number] {
  return strand === '+' ? [offset, lt - offset - q] : [lt - offset - q, offset];
}

export interface RuleVerdict {
  rule: PlantedRule;
  found: boolean;
  /** The matching rule's rank among the pair's rules (1-based), and in the explorer's whole list. */
  rank: number | null;
  globalRank: number | null;
  /** Rules of the explorer between the two planted motifs. */
  pairRules: number;
  match: FoundRule | null;
}

const flip = (s: '+' | '-'): '+' | '-' => (s === '+' ? '-' : '+');

/** Whether one explorer rule is the planted arrangement (definition 5, without the rank condition). */
export function ruleMatches(planted: PlantedRule, r: FoundRule, origin: (motif: number) => MotifOrigin | null, tolerance = RULE_SPACING_TOLERANCE): boolean {
  const oa = origin(r.a), ob = origin(r.b);
  if (!oa || !ob) return false;
  // strands of the two calls in the planted motifs' own orientation
  const sa = oa.strand === '+' ? (r.orientation[0] as '+' | '-') : flip(r.orientation[0] as '+' | '-');
  const sb = ob.strand === '+' ? (r.orientation[1] as '+' | '-') : flip(r.orientation[1] as '+' | '-');
  // the rule read on either strand: (upstream, downstream)
  const readings: [MotifOrigin, MotifOrigin][] = [
    [{ planted: oa.planted, strand: sa, palindromic: oa.palindromic, inset: oa.inset }, { planted: ob.planted, strand: sb, palindromic: ob.palindromic, inset: ob.inset }],
    [{ planted: ob.planted, strand: flip(sb), palindromic: ob.palindromic, inset: ob.inset }, { planted: oa.planted, strand: flip(sa), palindromic: oa.palindromic, inset: oa.inset }],
  ];
  // a palindromic motif's own strand is not identifiable, so it is not checked; the order is still read
  // in the other motif's orientation (A … B+ is not B+ … A, palindrome or not)
  // The explorer's spacing runs from the upstream call's end to the downstream call's start; the planted
  // gap runs between the matrices' edges. Subtract the insets on the facing sides (a palindrome's strand
  // is unknown, so either of its sides may face the gap).
  const strandsOf = (o: MotifOrigin): ('+' | '-')[] => (o.palindromic ? ['+', '-'] : [o.strand]);
  const down = (o: MotifOrigin, st: '+' | '-') => (o.inset ? (st === '+' ? o.inset[1] : o.inset[0]) : 0);
  const up = (o: MotifOrigin, st: '+' | '-') => (o.inset ? (st === '+' ? o.inset[0] : o.inset[1]) : 0);
  const spacingFits = (x: MotifOrigin, y: MotifOrigin) => strandsOf(x).some((sx) => strandsOf(y).some((sy) => {
    const adj = down(x, sx) + up(y, sy);
    return r.spacingMin - adj >= planted.gap[0] - tolerance && r.spacingMax - adj <= planted.gap[1] + tolerance;
  }));
  return readings.some(([x, y]) => x.planted === planted.a && (x.strand === '+' || !!x.palindromic) && y.planted === planted.b
    && (planted.orientation === 'any' || !!y.palindromic || y.strand === (planted.orientation === 'same' ? '+' : '-'))
    && spacingFits(x, y));
}

/** Definition 5: the planted arrangement is among the `top` best explorer rules of its motif pair. */
export function plantedRuleFound(
  planted: PlantedRule, found: FoundRule[], origin: Map<number, MotifOrigin> | ((motif: number) => MotifOrigin | null),
  opts: { top?: number; tolerance?: number } = {},
): RuleVerdict {
  const top = opts.top ?? RULE_TOP, tol = opts.tolerance ?? RULE_SPACING_TOLERANCE;
  const get = typeof origin === 'function' ? origin : (m: number) => origin.get(m) ?? null;
  const ranked = found.map((r, i) => ({ r, i })).sort((x, y) => x.r.pValue - y.r.pValue || y.r.enrichment - x.r.enrichment || x.i - y.i);
  const pair = ranked.filter(({ r }) => {
    const a = get(r.a), b = get(r.b);
    if (!a || !b) return false;
    return (a.planted === planted.a && b.planted === planted.b) || (a.planted === planted.b && b.planted === planted.a);
  });
  for (let k = 0; k < Math.min(top, pair.length); k++) {
    if (ruleMatches(planted, pair[k].r, get, tol)) {
      return { rule: planted, found: true, rank: k + 1, globalRank: ranked.indexOf(pair[k]) + 1, pairRules: pair.length, match: pair[k].r };
    }
  }
  return { rule: planted, found: false, rank: null, globalRank: null, pairRules: pair.length, match: null };
}
