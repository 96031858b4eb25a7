// Matrix arithmetic on motifs (MOTIFS.md "Matrices", MODEL.md §5): pseudocounts, log-odds PWMs,
// information content (two forms), reverse complement, IUPAC consensus, IC trimming and the
// "passes" rule for learned filters.
import type { Motif } from './types';
import { icKL, icShannon, revcompMatrix, type Bg, UNIFORM_BG } from '../../shared/logo';

// One definition with the logos (the renderer draws them too): IC forms, background, reverse complement.
export { icKL, icShannon, revcompMatrix, UNIFORM_BG, type Bg } from '../../shared/logo';

/** p′ = (p·N + α·bg)/(N + α); N = nsites (20 when unknown), α = 0.1 by default. */
export function withPseudocounts(probs: number[][], opts: { alpha?: number; bg?: Bg; nsites?: number } = {}): number[][] {
  const a = opts.alpha ?? 0.1;
  const bg = opts.bg ?? UNIFORM_BG;
  const n = opts.nsites && opts.nsites > 0 ? opts.nsites : 20;
  return probs.map((r) => r.map((p, b) => (p * n + a * bg[b]) / (n + a)));
}

/** Log-odds PWM W = log₂(p′/bg) with pseudocounts as in withPseudocounts (N from motif.nsites). */
export function logOdds(motif: Motif, opts: { alpha?: number; bg?: Bg } = {}): number[][] {
  const bg = opts.bg ?? UNIFORM_BG;
  return withPseudocounts(motif.probs, { alpha: opts.alpha, bg, nsites: motif.nsites }).map((r) => r.map((p, b) => Math.log2(p / bg[b])));
}

/** Relative score (s − min)/(max − min) of a PWM score s. */
export function relativeScore(pwm: number[][], s: number): number {
  let mn = 0, mx = 0;
  for (const r of pwm) { mn += Math.min(...r); mx += Math.max(...r); }
  return mx > mn ? (s - mn) / (mx - mn) : 0;
}

export type IcForm = 'kl' | 'shannon';
export function informationContent(motif: Motif, form: IcForm = 'kl', bg: Bg = UNIFORM_BG): number[] {
  return form === 'kl' ? icKL(motif.probs, bg) : icShannon(motif.probs, motif.nsites);
}

/** Reverse-complement motif: same metadata, id/name unchanged, meta.strand toggled. */
export function revcompMotif(motif: Motif): Motif {
  const out: Motif = { ...motif, probs: revcompMatrix(motif.probs) };
  out.meta = { ...(motif.meta ?? {}), strand: motif.meta?.strand === '-' ? '+' : '-' };
  return out;
}

const IUPAC2: Record<string, string> = { AC: 'M', AG: 'R', AT: 'W', CG: 'S', CT: 'Y', GT: 'K' };
const IUPAC3: Record<string, string> = { ACG: 'V', ACT: 'H', AGT: 'D', CGT: 'B' };

/**
 * IUPAC consensus (Cavener-style rules): one base when p ≥ 0.5 and ≥ 2× the runner-up; else a
 * two-base code when the top two sum ≥ 0.75; else a three-base code when the rarest base ≤ 0.05;
 * otherwise N.
 */
export function consensus(probs: number[][]): string {
  let s = '';
  for (const r of probs) {
    const o = [0, 1, 2, 3].sort((a, b) => r[b] - r[a] || a - b);
    const L = (i: number) => 'ACGT'[i];
    if (r[o[0]] >= 0.5 && r[o[0]] >= 2 * r[o[1]]) s += L(o[0]);
    else if (r[o[0]] + r[o[1]] >= 0.75) s += IUPAC2[[L(o[0]), L(o[1])].sort().join('')];
    else if (r[o[3]] <= 0.05) s += IUPAC3[[L(o[0]), L(o[1]), L(o[2])].sort().join('')];
    else s += 'N';
  }
  return s;
}

/** Trim flanking positions whose IC (KL form, uniform bg) is below threshold (default 0.2). end is exclusive. */
export function trimByIC(motif: Motif, threshold = 0.2, form: IcForm = 'kl'): { start: number; end: number; motif: Motif } {
  const ic = informationContent(motif, form);
  let s = 0, e = ic.length;
  while (s < e && ic[s] < threshold) s++;
  while (e > s && ic[e - 1] < threshold) e--;
  return { start: s, end: e, motif: { ...motif, probs: motif.probs.slice(s, e) } };
}

export function meanIC(motif: Motif, form: IcForm = 'kl'): number {
  const ic = informationContent(motif, form);
  return ic.length ? ic.reduce((a, b) => a + b, 0) / ic.length : 0;
}

/** MODEL.md §5: trim flanks with IC < 0.2; passes when trimmed length ≥ 5 and mean IC (of the trimmed motif) ≥ 1.0. */
export function motifPasses(motif: Motif, opts: { trimThreshold?: number; minLength?: number; minMeanIC?: number; form?: IcForm } = {}):
  { passes: boolean; start: number; end: number; length: number; meanIC: number } {
  const t = trimByIC(motif, opts.trimThreshold ?? 0.2, opts.form);
  const len = t.end - t.start;
  const mic = len ? meanIC(t.motif, opts.form) : 0;
  return { passes: len >= (opts.minLength ?? 5) && mic >= (opts.minMeanIC ?? 1.0), start: t.start, end: t.end, length: len, meanIC: mic };
}
