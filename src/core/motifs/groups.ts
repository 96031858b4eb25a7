// Filters that learned the same motif shown as ONE motif with its member filters (RC twins, shifted
// or partial copies). No new maths: the motif identity is grammar/instances.ts groupFilterMotifs —
// the one the Syntax and Design screens already use — applied to a run's informative filters
// (stored `passes`: trimmed ≥ 5 bp, mean IC ≥ 1, not unused). Low-quality filters stay alone.
import { groupFilterMotifs } from '../grammar/instances';

/** What grouping reads of a project motif. */
export interface GroupInput {
  id: number;
  filterIndex: number | null;
  passes: boolean;
  unused: boolean;
  rcTwin: number | null;
  trimStart: number;
  trimEnd: number;
  probs: number[][];
  mergedInto: number | null;
}

export interface MotifGroupInfo {
  /** Project motif id of the group's representative (this motif's own id when it is one, or alone). */
  repId: number;
  /** Members in filter order (the representative included), each with the strand and similarity of its alignment to the representative. */
  members: { id: number; filterIndex: number; strand: '+' | '-'; similarity: number | null }[];
}

/** Motif id → its group, for the filter motifs of ONE run (others map to themselves with no members). */
export function motifGroups(ms: GroupInput[]): Map<number, MotifGroupInfo> {
  const out = new Map<number, MotifGroupInfo>();
  const filters = ms.filter((m) => m.filterIndex !== null && m.mergedInto === null);
  const W = Math.max(1, ...filters.map((m) => m.probs.length));
  const groups = groupFilterMotifs(filters.map((m) => ({
    filter: m.filterIndex!, passes: m.passes && !m.unused, rcTwin: m.rcTwin, trimStart: m.trimStart, trimEnd: m.trimEnd, probs: m.probs,
  })), W);
  const byFilter = new Map(filters.map((m) => [m.filterIndex!, m]));
  const members = new Map<number, MotifGroupInfo['members']>();
  for (const g of groups.values()) {
    const list = members.get(g.rep) ?? [];
    list.push({ id: byFilter.get(g.filter)!.id, filterIndex: g.filter, strand: g.strand, similarity: g.similarity });
    members.set(g.rep, list);
  }
  for (const m of ms) {
    const g = m.filterIndex !== null ? groups.get(m.filterIndex) : undefined;
    if (!g) { out.set(m.id, { repId: m.id, members: [] }); continue; }
    const list = (members.get(g.rep) ?? []).slice().sort((a, b) => a.filterIndex - b.filterIndex);
    out.set(m.id, { repId: byFilter.get(g.rep)!.id, members: list.length > 1 ? list : [] });
  }
  return out;
}
