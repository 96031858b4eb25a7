// Paired ref/alt sequences (issue 13): the i-th reference record pairs with the i-th alternate.
// Every difference of a pair is listed with its 1-based position in the submitted sequence; pairs
// of unequal length (indels) and identical pairs are counted and set apart, never fatal; each pair
// is then fitted to the model's window (./window-fit.ts) and may carry a label (./pair-labels.ts).
import { LETTERS } from '../seq/alphabet';
import { ApiError } from '../../shared/api/errors';
import type { VariantWindow } from './score';
import { fitPair, type FitCounts, type Flanks, emptyFitCounts } from './window-fit';
import { oneLabelKind, type PairLabel } from './pair-labels';

export interface PairRecord { name: string; description?: string; codes: Uint8Array }

/** One difference between the alleles of a pair: 1-based position in the submitted sequence. */
export interface Change { pos: number; ref: string; alt: string }

export interface PairReport {
  kind: 'pairs';
  nInput: number;
  nScored: number;
  nUnequal: number;
  unequalExamples: string[];
  nIdentical: number;
  identicalExamples: string[];
  nTooShort: number;
  nNameMismatch: number;
  nSingle: number;
  nMulti: number;
  maxChanges: number;
  /** Model window the pairs were fitted to (null: each pair scored at its own length). */
  window: number | null;
  fit: FitCounts;
  nLabelled: number;
  /** allele: labels say which allele is bound (+1 alt, −1 ref); effect: a measured number per pair. */
  labelKind: 'allele' | 'effect' | null;
  /** Labels of the other kind when both occur (only the majority kind is used). */
  nLabelDropped: number;
  /** Plain sentences the screen and the exported table show. */
  notes: string[];
}

/** Positions (0-based) where the two alleles differ. */
export function differences(ref: Uint8Array, alt: Uint8Array): number[] {
  const out: number[] = [];
  for (let k = 0; k < ref.length; k++) if (ref[k] !== alt[k]) out.push(k);
  return out;
}

/** The ref/alt columns of a pair: bases with their 1-based position, e.g. "G@12,C@40" / "A@12,T@40". */
export function changeColumns(changes: Change[]): { ref: string; alt: string } {
  return { ref: changes.map((c) => `${c.ref}@${c.pos}`).join(','), alt: changes.map((c) => `${c.alt}@${c.pos}`).join(',') };
}

/** Inverse of changeColumns (null when the columns are VCF alleles rather than a change list). */
export function parseChanges(ref: string, alt: string): Change[] | null {
  if (!ref.includes('@')) return null;
  const r = ref.split(','), a = alt.split(',');
  if (r.length !== a.length) return null;
  const out: Change[] = [];
  for (let i = 0; i < r.length; i++) {
    const [rb, rp] = r[i].split('@'), [ab, ap] = a[i].split('@');
    const pos = Number(rp);
    if (!rb || !ab || rp !== ap || !Number.isInteger(pos)) return null;
    out.push({ pos, ref: rb, alt: ab });
  }
  return out;
}

export interface PairOptions {
  /** Model window; null = score each pair at its own length. */
  window: number | null;
  /** Filter width: pairs shorter than this cannot be scored at their own length. */
  W: number;
  labels?: (name: string, description: string) => PairLabel | null;
  flanks?: Flanks | null;
}

/**
 * Pair up the records, list their differences and fit them to the window. Throws only when the
 * files cannot pair at all (different record counts) or nothing is left to score.
 */
export async function pairWindows(refs: PairRecord[], alts: PairRecord[], opts: PairOptions): Promise<{ windows: VariantWindow[]; changes: Change[][]; report: PairReport }> {
  if (refs.length !== alts.length) throw new ApiError('bad_file', `The reference FASTA has ${refs.length} sequences but the alternate FASTA has ${alts.length}; they must pair up one to one, in the same order.`);
  const rep: PairReport = {
    kind: 'pairs', nInput: refs.length, nScored: 0, nUnequal: 0, unequalExamples: [], nIdentical: 0, identicalExamples: [], nTooShort: 0,
    nNameMismatch: 0, nSingle: 0, nMulti: 0, maxChanges: 0, window: opts.window, fit: emptyFitCounts(), nLabelled: 0, labelKind: null, nLabelDropped: 0, notes: [],
  };
  const windows: VariantWindow[] = [], changes: Change[][] = [], labels: (PairLabel | null)[] = [];
  for (let i = 0; i < refs.length; i++) {
    const r = refs[i], a = alts[i];
    const name = r.name === a.name || !a.name ? r.name : `${r.name} / ${a.name}`;
    if (r.name !== a.name) rep.nNameMismatch++;
    if (r.codes.length !== a.codes.length) {
      rep.nUnequal++;
      if (rep.unequalExamples.length < 5) rep.unequalExamples.push(`pair ${i + 1} (${name}): ${r.codes.length} vs ${a.codes.length} bp`);
      continue;
    }
    const diffs = differences(r.codes, a.codes);
    if (!diffs.length) {
      rep.nIdentical++;
      if (rep.identicalExamples.length < 5) rep.identicalExamples.push(`pair ${i + 1} (${name})`);
      continue;
    }
    if (opts.window === null && r.codes.length < opts.W) { rep.nTooShort++; continue; }
    const fitted = await fitPair(r.codes, a.codes, diffs, opts.window, { name, description: r.description ?? '' }, opts.flanks ?? null, rep.fit);
    const ch = diffs.map((k) => ({ pos: k + 1, ref: LETTERS[r.codes[k]], alt: LETTERS[a.codes[k]] }));
    const label = opts.labels?.(r.name, `${r.description ?? ''} ${a.description ?? ''}`) ?? null;
    if (diffs.length === 1) rep.nSingle++; else rep.nMulti++;
    rep.maxChanges = Math.max(rep.maxChanges, diffs.length);
    const cols = changeColumns(ch);
    // pos of a pair = 1-based position, in the submitted sequence, of the window's first base
    windows.push({ name, chrom: null, pos: fitted.start + 1, ref: cols.ref, alt: cols.alt, label: null, refSeq: fitted.ref, altSeq: fitted.alt, offset: fitted.diffs[0] ?? 0, diffs: fitted.diffs });
    changes.push(ch);
    labels.push(label);
  }
  const lk = oneLabelKind(labels);
  lk.values.forEach((v, i) => { windows[i].label = v; if (v !== null) rep.nLabelled++; });
  rep.labelKind = lk.kind; rep.nLabelDropped = lk.nDropped;
  rep.nScored = windows.length;
  rep.notes = pairNotes(rep);
  if (!windows.length) {
    throw new ApiError('bad_file', `No pair could be scored: ${rep.nUnequal} differ in length (indels are not scored), ${rep.nIdentical} are identical${rep.nTooShort ? `, ${rep.nTooShort} are shorter than the model's filter width (${opts.W} bp)` : ''}.`);
  }
  return { windows, changes, report: rep };
}

function pairNotes(r: PairReport): string[] {
  const n: string[] = [];
  const pairs = (k: number) => `${k.toLocaleString('en-US')} ${k === 1 ? 'pair' : 'pairs'}`;
  const verb = (k: number, one: string, many: string) => (k === 1 ? one : many);
  n.push(`${r.nScored.toLocaleString('en-US')} of ${pairs(r.nInput)} scored: ${r.nSingle} with one difference, ${r.nMulti} with several (up to ${r.maxChanges}).`);
  if (r.nUnequal) n.push(`${pairs(r.nUnequal)} ${verb(r.nUnequal, 'differs', 'differ')} in length (insertions/deletions) and ${verb(r.nUnequal, 'was', 'were')} skipped — e.g. ${r.unequalExamples.slice(0, 3).join('; ')}.`);
  if (r.nIdentical) n.push(`${pairs(r.nIdentical)} ${verb(r.nIdentical, 'is', 'are')} identical (no difference to score) and ${verb(r.nIdentical, 'was', 'were')} set apart — e.g. ${r.identicalExamples.slice(0, 3).join('; ')}.`);
  if (r.nTooShort) n.push(`${pairs(r.nTooShort)} shorter than the model's filter width skipped.`);
  if (r.nLabelled) n.push(`${pairs(r.nLabelled)} labelled ${r.labelKind === 'allele' ? 'with the bound allele' : 'with a measured effect'}${r.nLabelDropped ? ` (${r.nLabelDropped} labels of the other kind ignored)` : ''}.`);
  if (r.nNameMismatch) n.push(`${pairs(r.nNameMismatch)} with different names in the two files: check that the files are in the same order.`);
  const f = r.fit;
  if (r.window === null) n.push('Each pair was scored at its own length (the model has no recorded training window).');
  else {
    if (f.nAsIs === r.nScored) n.push(`All pairs already had the model's window of ${r.window} bp.`);
    if (f.nCut) n.push(`${pairs(f.nCut)} longer than the model's ${r.window} bp window ${verb(f.nCut, 'was', 'were')} cut to their central ${r.window} bp${f.nSlid ? ` (${f.nSlid} slid off-centre so that every difference stays inside)` : ''}.`);
    if (f.nDiffsOutside) n.push(`${pairs(f.nDiffsOutside)} with differences spread over more than ${r.window} bp: ${f.nChangesDropped} ${verb(f.nChangesDropped, 'difference falls', 'differences fall')} outside the window and ${verb(f.nChangesDropped, 'is', 'are')} not scored.`);
    if (f.nGenomePadded) n.push(`${pairs(f.nGenomePadded)} shorter than ${r.window} bp ${verb(f.nGenomePadded, 'was', 'were')} extended on both sides with the genome (coordinates from the FASTA header).`);
    if (f.nNPadded) n.push(`Warning: ${pairs(f.nNPadded)} shorter than the model's ${r.window} bp window ${verb(f.nNPadded, 'was', 'were')} padded on both sides with N${f.nGenomeMismatch ? ` (${f.nGenomeMismatch} because the coordinates in the header did not match the genome)` : ''}; the model never saw N-padded sequences in training, so their scores may be off. Give the genome (and chr:start-end in the headers) to pad with real flanking sequence.`);
  }
  return n;
}
