// Variant effects (MODEL.md §5 "Variants"): windows of the model's input length centred on each
// SNV (reference from the genome, alternate = the same window with the ALT base), checks against a
// genome build mismatch, effect = p(alt) − p(ref) (optionally averaged over both strands), and the
// motif instances the variant destroys (lost) or creates (gained). Metrics when labels are known.
import type { Argminn } from '../model/argminn';
import type { Genome } from '../io/genome';
import { predict } from '../model/infer';
import { revcomp, LETTERS } from '../seq/alphabet';
import { ApiError } from '../../shared/api/errors';
import { auroc, auprc } from '../train/metrics';
import { callAll } from '../grammar/call-model';
import type { FilterGate, Call } from '../grammar/instances';
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

/** Paired ref/alt sequences (FASTA records in the same order, equal lengths). */
export function pairWindows(refs: { name: string; codes: Uint8Array }[], alts: { name: string; codes: Uint8Array }[], W: number): VariantWindow[] {
  if (refs.length !== alts.length) throw new ApiError('bad_file', `The reference FASTA has ${refs.length} sequences but the alternate FASTA has ${alts.length}; they must pair up one to one, in the same order.`);
  return refs.map((r, i) => {
    const a = alts[i];
    if (r.codes.length !== a.codes.length) throw new ApiError('bad_file', `Pair ${i + 1} (${r.name} / ${a.name}): lengths differ (${r.codes.length} vs ${a.codes.length}); only substitutions can be scored from paired FASTA.`);
    if (r.codes.length < W) throw new ApiError('bad_file', `Pair ${i + 1} (${r.name}) is ${r.codes.length} bp, shorter than the model's filter width (${W}).`);
    const diffs: number[] = [];
    for (let k = 0; k < r.codes.length; k++) if (r.codes[k] !== a.codes[k]) diffs.push(k);
    const off = diffs.length ? diffs[0] : Math.floor(r.codes.length / 2);
    return {
      name: r.name === a.name || !a.name ? r.name : `${r.name} / ${a.name}`, chrom: null, pos: null,
      ref: diffs.map((k) => LETTERS[r.codes[k]]).join('') || '=', alt: diffs.map((k) => LETTERS[a.codes[k]]).join('') || '=',
      label: null, refSeq: r.codes, altSeq: a.codes, offset: off,
    };
  });
}

export interface InstanceBrief { motif: number; name: string; start: number; end: number; strand: '+' | '-'; activation: number; attention: number }
export interface ScoredVariant { pRef: number; pAlt: number; delta: number; lost: InstanceBrief[]; gained: InstanceBrief[] }

const brief = (c: Call, gates: (FilterGate | null)[]): InstanceBrief => ({ motif: c.motif, name: gates[c.filter]?.name ?? `Filter ${c.motif + 1}`, start: c.start, end: c.end, strand: c.strand, activation: c.activation, attention: c.attention });

/** Instances of `a` covering [lo, hi) with no same-motif instance of `b` overlapping by ≥ half. */
export function diffInstances(a: Call[], b: Call[], lo: number, hi: number): Call[] {
  return a.filter((c) => c.start < hi && c.end > lo && !b.some((d) => d.motif === c.motif && 2 * (Math.min(c.end, d.end) - Math.max(c.start, d.start)) >= Math.min(c.end - c.start, d.end - d.start)));
}

/** Score windows in chunks (progress after each). */
export async function scoreWindows(
  model: Argminn, windows: VariantWindow[], gates: (FilterGate | null)[],
  opts: { bothStrands?: boolean; attentionThreshold?: number; signal?: AbortSignal; onProgress?: (done: number) => void | Promise<void>; chunk?: number } = {},
): Promise<ScoredVariant[]> {
  const out: ScoredVariant[] = [];
  const chunk = opts.chunk ?? 128;
  for (let s = 0; s < windows.length; s += chunk) {
    const part = windows.slice(s, s + chunk);
    const seqs: Uint8Array[] = [];
    for (const w of part) seqs.push(w.refSeq, w.altSeq);
    const calls: Call[][] = new Array(seqs.length);
    const probs = new Float64Array(seqs.length);
    await callAll(model, seqs, gates, { attentionThreshold: opts.attentionThreshold ?? 0.5, signal: opts.signal, bothStrands: opts.bothStrands ?? true }, (res) => {
      for (const r of res) { calls[r.index] = r.calls; probs[r.index] = r.prob; }
    });
    if (opts.bothStrands ?? true) {
      const rc = await predict(model, seqs.map((x) => revcomp(x)), { signal: opts.signal });
      for (let i = 0; i < seqs.length; i++) probs[i] = (probs[i] + rc.probs[i * model.config.T]) / 2;
    }
    if (probs.some((v) => !Number.isFinite(v))) throw new ApiError('internal', 'The model returned an invalid probability (NaN) for some windows: this trained model is broken; retrain it.');
    part.forEach((w, k) => {
      const rc = calls[2 * k], ac = calls[2 * k + 1];
      const lo = w.offset, hi = w.offset + Math.max(1, w.ref.length);
      out.push({
        pRef: probs[2 * k], pAlt: probs[2 * k + 1], delta: probs[2 * k + 1] - probs[2 * k],
        lost: diffInstances(rc, ac, lo, hi).map((c) => brief(c, gates)), gained: diffInstances(ac, rc, lo, hi).map((c) => brief(c, gates)),
      });
    });
    await opts.onProgress?.(Math.min(windows.length, s + chunk));
  }
  return out;
}

export interface VariantMetrics { kind: 'binary' | 'continuous'; n: number; auroc: number | null; auprc: number | null; pearson: number | null; spearman: number | null; note: string }

function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length; let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { const a = x[i] - mx, b = y[i] - my; sxy += a * b; sxx += a * a; syy += b * b; }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}
function ranks(x: ArrayLike<number>): Float64Array {
  const idx = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const r = new Float64Array(x.length);
  for (let i = 0; i < idx.length;) { let j = i; while (j + 1 < idx.length && x[idx[j + 1]] === x[idx[i]]) j++; for (let k = i; k <= j; k++) r[idx[k]] = (i + j) / 2; i = j + 1; }
  return r;
}
const fin = (v: number) => (Number.isFinite(v) ? v : null);

/**
 * Metrics against known labels: binary labels (all 0/1) → auROC/auPRC of |Δ|; continuous effects →
 * Pearson and Spearman of Δ with the effect, and auROC/auPRC of Δ for the effect's sign.
 */
export function variantMetrics(deltas: number[], labels: (number | null)[]): VariantMetrics | null {
  const d: number[] = [], l: number[] = [];
  labels.forEach((v, i) => { if (v !== null && Number.isFinite(v)) { d.push(deltas[i]); l.push(v); } });
  if (d.length < 3) return null;
  const binary = l.every((v) => v === 0 || v === 1);
  if (binary) {
    const s = d.map(Math.abs);
    return { kind: 'binary', n: d.length, auroc: fin(auroc(s, l)), auprc: fin(auprc(s, l)), pearson: fin(pearson(s, l)), spearman: fin(pearson(ranks(s), ranks(l))), note: 'labels are 0/1: |Δ| ranks variants; 1 = has an effect' };
  }
  const sign = l.map((v) => (v > 0 ? 1 : 0));
  return { kind: 'continuous', n: d.length, auroc: fin(auroc(d, sign)), auprc: fin(auprc(d, sign)), pearson: fin(pearson(d, l)), spearman: fin(pearson(ranks(d), ranks(l))), note: 'effects are continuous: correlation of Δ with the effect; auROC/auPRC of Δ for the effect being positive' };
}
