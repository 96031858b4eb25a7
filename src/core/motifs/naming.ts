// Naming a learned motif by what it is, from its TomTom ranking against a known-motif collection
// whose entries carry a TF family and class (JASPAR 2024: `tf_family`, `tf_class`, kept in each
// library motif's meta by the TRANSFAC reader).
//
// Rule: among the 10 best matches (by p) with q ≤ 0.05, each match votes for each of its families
// (JASPAR joins a dimer's families with ';'); the family with most votes wins, ties going to the one
// of the better-ranked match. The name is that family followed by its first three TFs in rank order,
// e.g. "Ets-related (ELK4, GABPA, ELK1…)". A collection without families names the motif after its
// best significant match ("GABPA-like"); with no match at q ≤ 0.05 the motif is named by its
// consensus, "GGAAGT (no known match)". Names of different motifs of one run are made unique
// (uniqueNames: "…", "… #2"). Pure.

export const NAME_MAX_Q = 0.05;
export const NAME_TOP = 10;
export const NAME_LISTED = 3;

/** One ranked match as naming reads it. */
export interface NamingMatch {
  targetId: string;
  targetName: string;
  p: number;
  q: number;
  /** JASPAR tf_family as written (may join several with ';'), or '' when unknown. */
  family: string;
  /** JASPAR tf_class as written, or ''. */
  tfClass: string;
}

export interface MotifIdentity {
  name: string;
  /** The winning TF family (as written in the collection), or null. */
  family: string | null;
  tfClass: string | null;
  /** TFs of that family among the significant top matches, in rank order (or the best match without families). */
  tfs: string[];
  best: { id: string; name: string; p: number; q: number; family: string | null } | null;
  /** Whether the best match has q ≤ NAME_MAX_Q. */
  significant: boolean;
}

export const splitFamilies = (f: string): string[] => f.split(';').map((s) => s.trim()).filter(Boolean);

/** The identity and name of a motif from its ranking (best first). */
export function nameFromMatches(ranking: NamingMatch[], consensus: string, opts: { maxQ?: number; top?: number; listed?: number } = {}): MotifIdentity {
  const maxQ = opts.maxQ ?? NAME_MAX_Q, top = opts.top ?? NAME_TOP, listed = opts.listed ?? NAME_LISTED;
  const b = ranking[0];
  const best = b ? { id: b.targetId, name: b.targetName, p: b.p, q: b.q, family: b.family || null } : null;
  const sig = ranking.slice(0, top).filter((m) => m.q <= maxQ);
  const unknown = `${consensus || 'motif'} (no known match)`;
  if (!sig.length) return { name: unknown, family: null, tfClass: null, tfs: [], best, significant: false };
  const votes = new Map<string, { key: string; n: number; first: number }>();
  sig.forEach((m, i) => {
    for (const f of splitFamilies(m.family)) {
      const k = f.toLowerCase();
      const v = votes.get(k);
      if (v) v.n++;
      else votes.set(k, { key: f, n: 1, first: i });
    }
  });
  const ordered = [...votes.values()].sort((x, y) => y.n - x.n || x.first - y.first);
  if (!ordered.length) {
    const tfs = [...new Set(sig.map((m) => m.targetName))];
    return { name: `${sig[0].targetName}-like`, family: null, tfClass: null, tfs, best, significant: true };
  }
  const fam = ordered[0].key, famKey = fam.toLowerCase();
  const members = sig.filter((m) => splitFamilies(m.family).some((f) => f.toLowerCase() === famKey));
  const tfs = [...new Set(members.map((m) => m.targetName))];
  const classes = new Map<string, number>();
  for (const m of members) for (const c of splitFamilies(m.tfClass)) classes.set(c, (classes.get(c) ?? 0) + 1);
  const tfClass = [...classes.entries()].sort((x, y) => y[1] - x[1])[0]?.[0] ?? null;
  const list = tfs.slice(0, listed).join(', ') + (tfs.length > listed ? '…' : '');
  return { name: `${fam} (${list})`, family: fam, tfClass, tfs, best, significant: true };
}

/** Make names unique in order: the second "X" becomes "X #2", and so on. */
export function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k === 1 ? n : `${n} #${k}`;
  });
}
