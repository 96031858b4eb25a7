// Why a planted rule can be missing although both motifs are learned (docs/compare.md "A pair learned
// as one motif"): with a fixed, short gap one first-layer filter can span the junction — the end of A,
// the gap, the start of B — and the model then reads the arrangement as one motif. The attention has
// no pair of calls to relate, so the syntax explorer cannot find the rule. Seen on JUND–TEAD (8 bp) and
// on REST's canonical arrangement (2 bp) with 15-wide filters.
//
// A filter *learned the pair as one composite* at gap g when, compared by TomTom (Sandelin–Wasserman
// columns, see COMPOSITE_METRIC) with
// the whole known-motif collection plus the planted matrices plus the composites "A, g uniform
// columns, B" (B reverse-complemented for 'opposite'), for every g of the planted range:
//   - its match to a composite has q < 0.05 (q over that whole database, so a composite is not matched
//     by chance as in a database of one or two entries), and a smaller p than its match to A alone and
//     to B alone;
//   - the alignment covers at least COMPOSITE_MIN_PART columns of A and of B.
// This is a diagnosis shown beside the verdict; the verdict itself (definition 5) is unchanged.
import { buildTomtomDb, tomtom } from '../pwm/tomtom';
import { trimmedProbs } from '../motifs/twins';
import { Q_RECOVERED, type FilterPfm, type PlantedRule } from './strict';
import type { Motif } from '../pwm/types';

export const COMPOSITE_MIN_PART = 2;
/**
 * Column similarity of the comparison: Sandelin–Wasserman, not Pearson. The gap between A and B is
 * background in the composite and near-uniform in a junction filter; Pearson's correlation of two
 * uniform columns is undefined and scores nothing, so an 8-bp gap carried no evidence (JUND–TEAD's
 * junction filters matched their composite at p ≈ 0.04 only), while Sandelin–Wasserman scores two
 * matching columns alike whether they are sharp or flat.
 */
export const COMPOSITE_METRIC = 'sandelin' as const;
/** At most this many gaps of a planted range are tried (evenly spread). */
export const COMPOSITE_MAX_GAPS = 8;

export interface CompositeFilter { filter: number; gap: number; p: number; q: number }

const rc = (m: number[][]) => m.slice().reverse().map((r) => [r[3], r[2], r[1], r[0]]);

/** A, `gap` uniform columns, then B (its reverse complement when on the opposite strand). */
export function compositeMatrix(a: number[][], b: number[][], gap: number, orientation: 'same' | 'opposite'): number[][] {
  return [...a, ...Array.from({ length: gap }, () => [0.25, 0.25, 0.25, 0.25]), ...(orientation === 'opposite' ? rc(b) : b)];
}

function gapsOf(range: [number, number]): number[] {
  const [g0, g1] = range;
  const n = g1 - g0 + 1;
  if (n <= COMPOSITE_MAX_GAPS) return Array.from({ length: n }, (_, i) => g0 + i);
  return Array.from({ length: COMPOSITE_MAX_GAPS }, (_, i) => Math.round(g0 + (i * (g1 - g0)) / (COMPOSITE_MAX_GAPS - 1)));
}

/**
 * The filters that learned the planted pair as one composite motif, per planted arrangement (same
 * order as `rules`). `probsOf` gives each planted motif's matrix by its planted ID.
 */
export function compositeFilters(rules: PlantedRule[], probsOf: (id: string) => number[][] | undefined, filters: FilterPfm[], collection: Motif[]): CompositeFilter[][] {
  const targets: Motif[] = collection.slice();
  const plantedIdx = new Map<string, number>();
  for (const id of new Set(rules.flatMap((r) => [r.a, r.b]))) {
    const probs = probsOf(id);
    if (!probs) continue;
    plantedIdx.set(id, targets.length);
    targets.push({ id: `planted:${id}`, name: id, probs });
  }
  // composites: [rule, gap, target index, width of A, width of B]
  const comps: { rule: number; gap: number; target: number; wa: number; wb: number }[] = [];
  rules.forEach((r, k) => {
    const a = probsOf(r.a), b = probsOf(r.b);
    if (!a || !b) return;
    for (const g of gapsOf(r.gap)) {
      // 'any' orientation: both arrangements are candidates
      for (const o of r.orientation === 'any' ? (['same', 'opposite'] as const) : [r.orientation]) {
        comps.push({ rule: k, gap: g, target: targets.length, wa: a.length, wb: b.length });
        targets.push({ id: `composite:${k}:${g}:${o}`, name: `${r.a} +${g} ${r.b}`, probs: compositeMatrix(a, b, g, o) });
      }
    }
  });
  const out: CompositeFilter[][] = rules.map(() => []);
  if (!comps.length || !filters.length) return out;
  const db = buildTomtomDb(targets);
  for (const f of filters) {
    const q = trimmedProbs(f);
    const res = tomtom({ id: `filter${f.filter}`, name: `filter${f.filter}`, probs: q }, db, { metric: COMPOSITE_METRIC });
    const byTarget = new Map(res.map((m) => [m.targetIndex, m]));
    rules.forEach((r, k) => {
      const pa = byTarget.get(plantedIdx.get(r.a) ?? -1)?.p ?? 1, pb = byTarget.get(plantedIdx.get(r.b) ?? -1)?.p ?? 1;
      let best: CompositeFilter | null = null;
      for (const c of comps) {
        if (c.rule !== k) continue;
        const m = byTarget.get(c.target);
        if (!m || m.q >= Q_RECOVERED || m.p >= Math.min(pa, pb)) continue;
        // columns of the composite covered by the query: [offset, offset + q.length) in the orientation read
        const wc = c.wa + c.gap + c.wb;
        const lo = m.orientation === '+' ? m.offset : wc - m.offset - q.length;
        const hi = lo + q.length;
        const coverA = Math.max(0, Math.min(hi, c.wa) - Math.max(lo, 0));
        const coverB = Math.max(0, Math.min(hi, wc) - Math.max(lo, c.wa + c.gap));
        if (coverA < COMPOSITE_MIN_PART || coverB < COMPOSITE_MIN_PART) continue;
        if (!best || m.p < best.p) best = { filter: f.filter, gap: c.gap, p: m.p, q: m.q };
      }
      if (best) out[k].push(best);
    });
  }
  return out;
}
