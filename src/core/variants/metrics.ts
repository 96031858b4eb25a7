// Metrics of variant effects against known labels (the VCF path and labelled pairs share them):
//  - allele labels (+1 = alt bound, −1 = ref bound): sign accuracy of Δ over non-tied pairs, and
//    auROC/auPRC symmetrised (each pair scored both ways: (Δ, alt bound) and (−Δ, ref bound)), so the
//    figure does not depend on which allele a file calls "ref"; Pearson/Spearman of Δ with ±1.
//  - 0/1 labels (1 = has an effect): |Δ| ranks variants (auROC/auPRC, correlations).
//  - continuous effects: Pearson/Spearman of Δ with the effect, sign accuracy, auROC/auPRC of Δ for
//    the effect being positive.
import { auroc, auprc } from '../train/metrics';

export type LabelKind = 'binary' | 'continuous' | 'allele';
export interface VariantMetrics {
  kind: LabelKind; n: number; auroc: number | null; auprc: number | null; pearson: number | null; spearman: number | null; note: string;
  /** Fraction of non-tied pairs whose Δ has the labelled sign (null for 0/1 labels). */
  signAccuracy?: number | null;
  /** Labelled pairs with Δ = 0 (left out of the sign accuracy). */
  nTied?: number;
  /** The same metrics for a PWM's best log-odds difference between alleles (./pwm-baseline.ts). */
  baseline?: { name: string; metrics: Omit<VariantMetrics, 'baseline'> } | null;
}

export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length; let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { const a = x[i] - mx, b = y[i] - my; sxy += a * b; sxx += a * a; syy += b * b; }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}
export function ranks(x: ArrayLike<number>): Float64Array {
  const idx = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const r = new Float64Array(x.length);
  for (let i = 0; i < idx.length;) { let j = i; while (j + 1 < idx.length && x[idx[j + 1]] === x[idx[i]]) j++; for (let k = i; k <= j; k++) r[idx[k]] = (i + j) / 2; i = j + 1; }
  return r;
}
const fin = (v: number) => (Number.isFinite(v) ? v : null);

function signAgreement(d: number[], l: number[]): { acc: number | null; tied: number } {
  let ok = 0, n = 0, tied = 0;
  for (let i = 0; i < d.length; i++) {
    if (d[i] === 0) { tied++; continue; }
    if (l[i] === 0) continue;
    n++; if (Math.sign(d[i]) === Math.sign(l[i])) ok++;
  }
  return { acc: n ? ok / n : null, tied };
}

/** Metrics of Δ against labels (null entries = unlabelled); null when fewer than 3 labelled. */
export function variantMetrics(deltas: number[], labels: (number | null)[], kind?: 'allele' | 'effect' | null): VariantMetrics | null {
  const d: number[] = [], l: number[] = [];
  labels.forEach((v, i) => { if (v !== null && Number.isFinite(v) && Number.isFinite(deltas[i])) { d.push(deltas[i]); l.push(v); } });
  if (d.length < 3) return null;
  const corr = (x: number[]) => ({ pearson: fin(pearson(x, l)), spearman: fin(pearson(ranks(x), ranks(l))) });
  if (kind === 'allele') {
    const s = signAgreement(d, l);
    const scores = [...d, ...d.map((x) => -x)], ys = [...l.map((v) => (v > 0 ? 1 : 0)), ...l.map((v) => (v > 0 ? 0 : 1))];
    return {
      kind: 'allele', n: d.length, auroc: fin(auroc(scores, ys)), auprc: fin(auprc(scores, ys)), ...corr(d), signAccuracy: s.acc, nTied: s.tied,
      note: 'labels say which allele is bound: sign accuracy = share of pairs where the bound allele scores higher (ties left out); auROC/auPRC symmetrised over both allele orders',
    };
  }
  if (l.every((v) => v === 0 || v === 1)) {
    const s = d.map(Math.abs);
    return { kind: 'binary', n: d.length, auroc: fin(auroc(s, l)), auprc: fin(auprc(s, l)), ...corr(s), signAccuracy: null, nTied: 0, note: 'labels are 0/1: |Δ| ranks variants; 1 = has an effect' };
  }
  const sign = l.map((v) => (v > 0 ? 1 : 0));
  const s = signAgreement(d, l);
  return {
    kind: 'continuous', n: d.length, auroc: fin(auroc(d, sign)), auprc: fin(auprc(d, sign)), ...corr(d), signAccuracy: s.acc, nTied: s.tied,
    note: 'effects are continuous: correlation of Δ with the effect; sign accuracy = share where Δ and the effect agree in sign; auROC/auPRC of Δ for the effect being positive',
  };
}
