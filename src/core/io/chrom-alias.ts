// Chromosome names as different sources spell them: UCSC `chrX`/`chrM` against Ensembl/NCBI `X`/`MT`.
// A name missing from the genome is matched to the genome's spelling of the same chromosome.

/** The genome's name for chromosome `c` (itself, with/without `chr`, M ↔ MT), or null. */
export function chromAlias(sizes: Map<string, number>, c: string): string | null {
  if (sizes.has(c)) return c;
  const alts = c.startsWith('chr') ? [c.slice(3)] : ['chr' + c];
  if (c === 'MT' || c === 'chrMT') alts.push('chrM', 'M');
  if (c === 'chrM' || c === 'M') alts.push('MT', 'chrMT');
  for (const a of alts) if (sizes.has(a)) return a;
  return null;
}

/** "X → chrX, MT → chrM" for a report, from a map of (source name → genome name). */
export function describeAliases(renamed: Map<string, string>, max = 6): string {
  const pairs = [...renamed].map(([from, to]) => `${from} → ${to}`);
  return pairs.slice(0, max).join(', ') + (pairs.length > max ? `, … (${pairs.length} in all)` : '');
}
