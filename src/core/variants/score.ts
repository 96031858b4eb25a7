// Variant effects (MODEL.md §5 "Variants"): windows of the model's input length centred on each
// SNV (reference from the genome, alternate = the same window with the ALT base), checks against a
// genome build mismatch, effect = p(alt) − p(ref) (optionally averaged over both strands), and the
// motif instances the variant destroys (lost) or creates (gained). Metrics when labels are known.
import type { SeqModel } from '../model/registry';
import type { Genome } from '../io/genome';
import { LETTERS } from '../seq/alphabet';
import { ApiError } from '../../shared/api/errors';
import type { FilterGate } from '../grammar/instances';
import { scoreEffects, type ScoredVariant } from './effects';
import type { VariantRecord } from './vcf';
import { chromAlias } from '../io/chrom-alias';

export interface VariantWindow {
  name: string;
  chrom: string | null;
  pos: number | null;
  ref: string;
  alt: string;
  label: number | null;
  refSeq: Uint8Array;
  altSeq: Uint8Array;
  /** 0-based offset of the variant in the window (first differing base for FASTA pairs). */
  offset: number;
  /** Every changed position in the window (FASTA pairs); absent = [offset]. */
  diffs?: number[];
}

export interface WindowReport {
  nInput: number;
  nChecked: number;
  nMismatch: number;
  mismatchRate: number;
  mismatchExamples: string[];
  missingChroms: string[];
  nMissingChrom: number;
  nTooCloseToEnd: number;
  edgeExamples: string[];
  nWithN: number;
}

/**
 * Reference/alternate windows of length L centred on each SNV (the variant at offset ⌊L/2⌋).
 * Refuses (ApiError bad_file) when more than maxMismatch of the checked REF alleles disagree with
 * the genome (wrong build), when no chromosome is found, or when nothing is left to score.
 */
export async function buildWindows(genome: Genome, variants: VariantRecord[], L: number, opts: { maxMismatch?: number; labelField?: string | null; signal?: AbortSignal } = {}): Promise<{ windows: VariantWindow[]; report: WindowReport }> {
  const sizes = genome.chromSizes();
  const maxMismatch = opts.maxMismatch ?? 0.05;
  const half = Math.floor(L / 2);
  const missing = new Map<string, number>();
  const rep: WindowReport = { nInput: variants.length, nChecked: 0, nMismatch: 0, mismatchRate: 0, mismatchExamples: [], missingChroms: [], nMissingChrom: 0, nTooCloseToEnd: 0, edgeExamples: [], nWithN: 0 };
  const windows: VariantWindow[] = [];
  for (const v of variants) {
    if (opts.signal?.aborted) throw new Error('cancelled');
    const chrom = chromAlias(sizes, v.chrom);
    if (!chrom) { missing.set(v.chrom, (missing.get(v.chrom) ?? 0) + 1); rep.nMissingChrom++; continue; }
    const p0 = v.pos - 1, n = sizes.get(chrom)!;
    if (p0 >= n) { rep.nTooCloseToEnd++; if (rep.edgeExamples.length < 5) rep.edgeExamples.push(`${v.chrom}:${v.pos} (line ${v.line}) is beyond the end of ${chrom} (${n} bp)`); continue; }
    const refBase = (await genome.fetch(chrom, p0, p0 + 1))[0];
    rep.nChecked++;
    if (LETTERS[refBase] !== v.ref) {
      rep.nMismatch++;
      if (rep.mismatchExamples.length < 5) rep.mismatchExamples.push(`${v.chrom}:${v.pos} REF ${v.ref}, genome ${LETTERS[refBase]} (line ${v.line})`);
      continue;
    }
    const s = p0 - half, e = s + L;
    if (s < 0 || e > n) { rep.nTooCloseToEnd++; if (rep.edgeExamples.length < 5) rep.edgeExamples.push(`${v.chrom}:${v.pos} (line ${v.line}) is within ${half} bp of an end of ${chrom}`); continue; }
    const refSeq = await genome.fetch(chrom, s, e);
    if (refSeq.some((c) => c > 3)) rep.nWithN++;
    const altSeq = refSeq.slice();
    altSeq[half] = LETTERS.indexOf(v.alt);
    const lab = opts.labelField ? Number(v.fields[opts.labelField]) : NaN;
    windows.push({ name: v.id === `${v.chrom}:${v.pos}` ? `${v.chrom}:${v.pos}${v.ref}>${v.alt}` : `${v.id} ${v.ref}>${v.alt}`, chrom: v.chrom, pos: v.pos, ref: v.ref, alt: v.alt, label: Number.isFinite(lab) ? lab : null, refSeq, altSeq, offset: half });
  }
  rep.missingChroms = [...missing.keys()].slice(0, 20);
  rep.mismatchRate = rep.nChecked ? rep.nMismatch / rep.nChecked : 0;
  if (rep.nChecked === 0 && rep.nMissingChrom > 0)
    throw new ApiError('bad_file', `None of the variants' chromosomes (${rep.missingChroms.slice(0, 5).join(', ')}) are in the genome (which has ${[...sizes.keys()].slice(0, 5).join(', ')}${sizes.size > 5 ? '…' : ''}). Is this the right genome?`);
  if (rep.mismatchRate > maxMismatch)
    throw new ApiError('bad_file', `${(rep.mismatchRate * 100).toFixed(1)}% of the reference alleles (${rep.nMismatch} of ${rep.nChecked}) do not match the genome — more than the ${(maxMismatch * 100).toFixed(0)}% allowed. The variants are probably on a different genome build (e.g. hg19 vs hg38). Examples: ${rep.mismatchExamples.slice(0, 3).join('; ')}.`);
  if (!windows.length)
    throw new ApiError('bad_file', `No variant could be scored: ${rep.nMissingChrom} on chromosomes missing from the genome, ${rep.nTooCloseToEnd} too close to a chromosome end, ${rep.nMismatch} with a REF mismatch.`);
  return { windows, report: rep };
}

export type { InstanceBrief, ScoredVariant } from './effects';

/** Score windows in chunks (progress after each): see ./effects.ts. */
export async function scoreWindows(
  model: SeqModel, windows: VariantWindow[], gates: (FilterGate | null)[],
  opts: { bothStrands?: boolean; attentionThreshold?: number; signal?: AbortSignal; onProgress?: (done: number) => void | Promise<void>; chunk?: number } = {},
): Promise<ScoredVariant[]> {
  return scoreEffects(model, windows, gates, opts);
}

export { variantMetrics, type VariantMetrics } from './metrics';
