// THE name of a learned motif, shared by core and renderer so that every screen, table and export
// says the same thing: the user's own name when they gave one, else the automatic name read from the
// motif library ("Ets-related (ELK4, GABPA, ELK1…)", stored in the project when motifs are read),
// else "Filter N" for a filter never compared. Pure: no Node, no Vue.

/** What the name is made from (ProjectMotif / project-store record fields). */
export interface NamedMotif {
  /** The user's name (null/empty when none). */
  userName?: string | null;
  /** The automatic name stored in the project ("Filter N" until the motif is compared with a library). */
  defaultName?: string | null;
  /** 0-based filter of the run's first layer, when the motif was read from a filter. */
  filterIndex?: number | null;
  id?: number;
}

/** "filter 3" (1-based) for a filter motif; "motif 12" otherwise. */
export function filterLabel(m: Pick<NamedMotif, 'filterIndex' | 'id'>): string {
  return m.filterIndex !== null && m.filterIndex !== undefined ? `filter ${m.filterIndex + 1}` : `motif ${m.id ?? '?'}`;
}

/** The one display name of a learned motif (use this everywhere instead of "Filter N"). */
export function motifDisplayName(m: NamedMotif): string {
  const u = m.userName?.trim();
  if (u) return u;
  const d = m.defaultName?.trim();
  if (d) return d;
  return m.filterIndex !== null && m.filterIndex !== undefined ? `Filter ${m.filterIndex + 1}` : `Motif ${m.id ?? '?'}`;
}

/** Name of filter f (0-based) given a map of filter → display name, for tables keyed by filter index. */
export function nameOfFilter(names: ReadonlyMap<number, string>, f: number): string {
  return names.get(f) ?? motifDisplayName({ filterIndex: f });
}
