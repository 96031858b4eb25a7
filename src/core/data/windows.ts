// Peaks → fixed-length windows centred on the summit (or the peak centre), with optional seeded
// jitter; windows off chromosome ends, duplicates and peaks on chromosomes absent from the genome
// are dropped and counted in a DropReport.

import type { Peak } from '../io/bed';
import { Rng } from '../seq/random';

export interface Window {
  chrom: string;
  start: number;
  end: number;
  /** Index of the source peak. */
  peak: number;
  name?: string;
}

export type DropReason = 'offChromosomeEnd' | 'duplicate' | 'missingChromosome';

export interface DropReport {
  input: number;
  kept: number;
  dropped: Record<DropReason, number>;
  /** Chromosomes named by peaks but absent from the genome. */
  missingChromosomes: string[];
}

export interface WindowOptions {
  /** Window length (default 500). */
  length?: number;
  /** Max absolute shift in bp, drawn uniformly from [−jitter, jitter] (default 0). */
  jitter?: number;
  seed?: number;
  /** Use narrowPeak summits when present (default true). */
  useSummit?: boolean;
}

export class GenomeMismatchError extends Error {
  override readonly name = 'GenomeMismatchError';
  constructor(readonly missing: string[], readonly available: string[]) {
    super(`none of the peak chromosomes are in the genome: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ', …' : ''} (genome has ${available.slice(0, 10).join(', ')}${available.length > 10 ? ', …' : ''})`);
  }
}

export function peaksToWindows(peaks: readonly Peak[], chromSizes: ReadonlyMap<string, number>, opts: WindowOptions = {}): { windows: Window[]; report: DropReport } {
  const L = opts.length ?? 500;
  const jitter = opts.jitter ?? 0;
  const useSummit = opts.useSummit ?? true;
  const rng = new Rng(opts.seed ?? 1);
  const dropped: Record<DropReason, number> = { offChromosomeEnd: 0, duplicate: 0, missingChromosome: 0 };
  const missing = new Set<string>();
  const seen = new Set<string>();
  const windows: Window[] = [];
  peaks.forEach((p, i) => {
    const size = chromSizes.get(p.chrom);
    if (size === undefined) { dropped.missingChromosome++; missing.add(p.chrom); return; }
    const centre = useSummit && p.summit !== undefined ? p.start + p.summit : Math.floor((p.start + p.end) / 2);
    const shift = jitter > 0 ? rng.int(2 * jitter + 1) - jitter : 0;
    const start = centre - Math.floor(L / 2) + shift;
    const end = start + L;
    if (start < 0 || end > size) { dropped.offChromosomeEnd++; return; }
    const key = `${p.chrom}\t${start}`;
    if (seen.has(key)) { dropped.duplicate++; return; }
    seen.add(key);
    const w: Window = { chrom: p.chrom, start, end, peak: i };
    if (p.name) w.name = p.name;
    windows.push(w);
  });
  if (peaks.length > 0 && dropped.missingChromosome === peaks.length) throw new GenomeMismatchError([...missing].sort(), [...chromSizes.keys()]);
  return { windows, report: { input: peaks.length, kept: windows.length, dropped, missingChromosomes: [...missing].sort() } };
}
