// Fitting a pair to the model's trained window (issue 13): a longer pair is cut to its central L bp
// (sliding off-centre only as far as needed to keep every difference inside, when they fit); a
// shorter pair is centred and padded — with the genome when its header gives chr:start-end and a
// genome is open, else with N (counted, and the report warns). Left padding is ⌊(L−n)/2⌋ bp.
import { N } from '../seq/alphabet';
import type { Genome } from '../io/genome';
import { chromAlias } from '../io/chrom-alias';

export interface FitCounts {
  nAsIs: number; nCut: number; nSlid: number; nDiffsOutside: number; nChangesDropped: number;
  nGenomePadded: number; nNPadded: number; nGenomeMismatch: number;
}
export const emptyFitCounts = (): FitCounts => ({ nAsIs: 0, nCut: 0, nSlid: 0, nDiffsOutside: 0, nChangesDropped: 0, nGenomePadded: 0, nNPadded: 0, nGenomeMismatch: 0 });

export interface Flanks { genome: Genome }

/**
 * Window start of a cut from n to L: centred, slid minimally to keep every difference inside when
 * they span less than L; when they span more, the start that keeps the most of them (earliest wins).
 */
export function cutStart(n: number, L: number, diffs: number[]): number {
  let s = Math.floor((n - L) / 2);
  const lo = diffs[0], hi = diffs[diffs.length - 1];
  if (hi - lo < L) {
    if (lo < s) s = lo;
    else if (hi >= s + L) s = hi - L + 1;
    return s;
  }
  let best = -1, j = 0;
  for (let i = 0; i < diffs.length; i++) {
    while (j < diffs.length && diffs[j] < diffs[i] + L) j++;
    if (j - i > best) { best = j - i; s = Math.min(diffs[i], n - L); }
  }
  return s;
}

/**
 * Where a record lies on the genome, from `chr:start-end` in its name or description. Both
 * conventions are accepted and told apart by the sequence length: 1-based inclusive (samtools
 * faidx, UCSC) when end − start + 1 = n, 0-based half-open (bedtools getfasta) when end − start = n.
 * Returns the 0-based start, or null.
 */
export function headerLocus(text: string, n: number): { chrom: string; start0: number } | null {
  const m = /([A-Za-z0-9_.|-]+):([\d,]+)-([\d,]+)/.exec(text);
  if (!m) return null;
  const s = Number(m[2].replace(/,/g, '')), e = Number(m[3].replace(/,/g, ''));
  if (e - s + 1 === n) return { chrom: m[1], start0: s - 1 };
  if (e - s === n) return { chrom: m[1], start0: s };
  return null;
}

async function genomeFlanks(g: Genome, text: string, ref: Uint8Array, left: number, right: number): Promise<{ l: Uint8Array; r: Uint8Array } | 'mismatch' | null> {
  const loc = headerLocus(text, ref.length);
  if (!loc) return null;
  const sizes = g.chromSizes();
  const chrom = chromAlias(sizes, loc.chrom);
  if (!chrom) return 'mismatch';
  const size = sizes.get(chrom)!, s = loc.start0, e = s + ref.length;
  if (s < 0 || e > size) return 'mismatch';
  // the header must describe this sequence: ≥ 90 % of its bases equal the genome there
  const here = await g.fetch(chrom, s, e);
  let same = 0;
  for (let k = 0; k < ref.length; k++) if (here[k] === ref[k]) same++;
  if (same < 0.9 * ref.length) return 'mismatch';
  const take = async (a: number, b: number, len: number, atLeft: boolean) => {
    const out = new Uint8Array(len).fill(N);
    const lo = Math.max(0, a), hi = Math.min(size, b);
    if (hi > lo) out.set(await g.fetch(chrom, lo, hi), atLeft ? len - (hi - lo) : 0);
    return out;
  };
  return { l: await take(s - left, s, left, true), r: await take(e, e + right, right, false) };
}

/**
 * Fit one pair (equal lengths) to L; `diffs` are 0-based positions in the pair, returned in window
 * coordinates; `start` = where window base 0 lies in the pair (negative when padded).
 */
export async function fitPair(
  ref: Uint8Array, alt: Uint8Array, diffs: number[], L: number | null, meta: { name: string; description: string }, flanks: Flanks | null, counts: FitCounts,
): Promise<{ ref: Uint8Array; alt: Uint8Array; diffs: number[]; start: number }> {
  const n = ref.length;
  if (L === null || n === L) { counts.nAsIs++; return { ref, alt, diffs, start: 0 }; }
  if (n > L) {
    const centre = Math.floor((n - L) / 2), s = cutStart(n, L, diffs);
    counts.nCut++;
    if (s !== centre) counts.nSlid++;
    const kept = diffs.filter((k) => k >= s && k < s + L).map((k) => k - s);
    if (kept.length < diffs.length) { counts.nDiffsOutside++; counts.nChangesDropped += diffs.length - kept.length; }
    return { ref: ref.slice(s, s + L), alt: alt.slice(s, s + L), diffs: kept, start: s };
  }
  const left = Math.floor((L - n) / 2), right = L - n - left;
  let l: Uint8Array | null = null, r: Uint8Array | null = null;
  if (flanks) {
    const got = await genomeFlanks(flanks.genome, `${meta.name} ${meta.description}`, ref, left, right);
    if (got === 'mismatch') counts.nGenomeMismatch++;
    else if (got) ({ l, r } = got);
  }
  if (l && r) counts.nGenomePadded++;
  else { counts.nNPadded++; l = new Uint8Array(left).fill(N); r = new Uint8Array(right).fill(N); }
  const pad = (x: Uint8Array) => { const o = new Uint8Array(L); o.set(l!, 0); o.set(x, left); o.set(r!, left + n); return o; };
  return { ref: pad(ref), alt: pad(alt), diffs: diffs.map((k) => k + left), start: -left };
}
