// Syntax statistics over motif instances (MODEL.md §5 "Syntax"): for every pair of motifs
// (including a motif with itself) the spacing histogram and orientation counts across positive
// sequences vs. control sequences (negatives or dinucleotide shuffles), co-occurrence, attention
// coupling per layer/head, and rule extraction. Pure functions (no database, no tfjs).
//
// Conventions (see rules-store.ts and docs/grammar.md):
// - pairs are read 5'→3' on the + strand: the upstream call is X, the downstream call Y;
//   spacing = start(Y) − end(X) on the called (trimmed) spans, i.e. the edge-to-edge gap in bp
//   (start distance minus width); pairs with spacing outside [minSpacing, maxSpacing] are ignored;
// - canonical form: A = the lower motif index. If X's motif index is higher than Y's, the pair is
//   reverse-complemented: (X sX, Y sY) → (Y flip(sY), X flip(sX)); for A = B, '--' becomes '++';
// - counts are numbers of *sequences* (a sequence with the arrangement twice counts once);
// - enrichment = ((pos + 1)/(nPos + 2)) / ((ctl + 1)/(nCtl + 2));
// - p-value: one-sided binomial test that, among the sequences having the arrangement (pos + ctl),
//   at least `pos` are positives, given the positive fraction nPos/(nPos + nCtl).
import type { Orientation } from './rules-store';

export interface PairCall { motif: number; start: number; end: number; strand: '+' | '-'; heads?: ArrayLike<number> | null }
export interface SeqCalls { seq: number; calls: PairCall[] }

export interface SyntaxOptions {
  minSpacing?: number;   // default -3
  maxSpacing?: number;   // default 50
  /** Minimum positive sequences for a rule, default 10. */
  minSupport?: number;
  /** Per-bin p-value below which a spacing bin counts as enriched, default 1e-3. */
  binP?: number;
  /** Minimum enrichment of a rule, default 2. */
  minEnrichment?: number;
  /** Bins of spacing slack allowed inside one rule window (gaps of non-enriched bins), default 1. */
  slack?: number;
}

export interface PairStats {
  a: number;
  b: number;
  /** orientation → spacing histogram (index d − minSpacing) for positives and controls. */
  hist: Record<Orientation, { pos: number[]; ctl: number[] }>;
  /** sequences with the pair in each orientation (any spacing in range). */
  orient: Record<Orientation, { pos: number; ctl: number }>;
  /** sequences containing both motifs (A = B: two or more instances), any spacing. */
  coocPos: number;
  coocCtl: number;
  enrichment: number;
  pValue: number;
  /** mean coupling per layer×head (min of the two calls' relative attention), null without attention. */
  coupling: number[] | null;
  bestHead: number | null;
}

export interface ExtractedRule {
  a: number; b: number; orientation: Orientation;
  spacingMin: number; spacingMax: number; spacingMode: number;
  support: number; controlSupport: number; enrichment: number; pValue: number;
  head: number | null;
  /** a few positive sequences that follow the rule */
  examples: number[];
}

export interface SyntaxResult {
  motifs: number[];
  nPos: number;
  nCtl: number;
  minSpacing: number;
  maxSpacing: number;
  pairs: PairStats[];
  rules: ExtractedRule[];
}

export const ORIENTS: Orientation[] = ['++', '+-', '-+', '--'];
const flip = (s: '+' | '-'): '+' | '-' => (s === '+' ? '-' : '+');

/** Canonical (a, b, orientation) of an upstream call X and downstream call Y. */
export function canonical(x: { motif: number; strand: '+' | '-' }, y: { motif: number; strand: '+' | '-' }): { a: number; b: number; o: Orientation } {
  if (x.motif < y.motif) return { a: x.motif, b: y.motif, o: (x.strand + y.strand) as Orientation };
  if (x.motif > y.motif) return { a: y.motif, b: x.motif, o: (flip(y.strand) + flip(x.strand)) as Orientation };
  const o = (x.strand + y.strand) as Orientation;
  return { a: x.motif, b: x.motif, o: o === '--' ? '++' : o };
}

export function log1pBinomTail(k: number, n: number, p: number): number {
  // log P(X ≥ k), X ~ Bin(n, p), summed in log space.
  if (k <= 0) return 0;
  if (k > n) return -Infinity;
  const lp = Math.log(p), lq = Math.log1p(-p);
  let lc = lgammaC(n, k);
  let acc = -Infinity;
  for (let i = k; i <= n; i++) {
    const t = lc + i * lp + (n - i) * lq;
    acc = acc === -Infinity ? t : Math.max(acc, t) + Math.log1p(Math.exp(-Math.abs(acc - t)));
    lc += Math.log((n - i) / (i + 1));
    if (t < acc - 40 && i > n * p) break;
  }
  return acc;
}

function lgamma(x: number): number {
  // Lanczos approximation
  const g = 7, c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
const lgammaC = (n: number, k: number): number => lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);

export function binomPValue(pos: number, ctl: number, nPos: number, nCtl: number): number {
  const n = pos + ctl;
  if (!n || !nPos) return 1;
  const p = nPos / (nPos + nCtl);
  if (p >= 1) return 1;
  return Math.min(1, Math.exp(log1pBinomTail(pos, n, p)));
}

export const enrichment = (pos: number, ctl: number, nPos: number, nCtl: number): number =>
  ((pos + 1) / (nPos + 2)) / ((ctl + 1) / (nCtl + 2));

type Occ = Map<string, Set<number>>; // key "a|b|o|d" → sequences

function collect(seqs: SeqCalls[], minS: number, maxS: number, occ: Occ, cooc: Map<string, Set<number>>, coupling: Map<string, { sum: Float64Array; n: number }> | null): void {
  for (const { seq, calls } of seqs) {
    const cs = calls.slice().sort((x, y) => x.start - y.start);
    const counts = new Map<number, number>();
    for (const c of cs) counts.set(c.motif, (counts.get(c.motif) ?? 0) + 1);
    const ms = [...counts.keys()].sort((x, y) => x - y);
    for (let i = 0; i < ms.length; i++)
      for (let k = i; k < ms.length; k++) {
        if (i === k && counts.get(ms[i])! < 2) continue;
        const key = `${ms[i]}|${ms[k]}`;
        let s = cooc.get(key); if (!s) cooc.set(key, (s = new Set())); s.add(seq);
      }
    for (let i = 0; i < cs.length; i++)
      for (let k = i + 1; k < cs.length; k++) {
        const x = cs[i], y = cs[k];
        const d = y.start - x.end;
        if (d > maxS) { if (y.start - x.start > maxS + 64) break; continue; }
        if (d < minS) continue;
        const { a, b, o } = canonical(x, y);
        const key = `${a}|${b}|${o}|${d}`;
        let s = occ.get(key); if (!s) occ.set(key, (s = new Set())); s.add(seq);
        if (coupling && x.heads && y.heads) {
          const ck = `${a}|${b}`;
          let c = coupling.get(ck);
          if (!c) coupling.set(ck, (c = { sum: new Float64Array(x.heads.length), n: 0 }));
          for (let h = 0; h < x.heads.length; h++) c.sum[h] += Math.min(x.heads[h], y.heads[h]);
          c.n++;
        }
      }
  }
}

/** Statistics for every pair and the extracted rules. */
export function analyseSyntax(pos: SeqCalls[], ctl: SeqCalls[], nPos: number, nCtl: number, opts: SyntaxOptions = {}): SyntaxResult {
  const minS = opts.minSpacing ?? -3, maxS = opts.maxSpacing ?? 50;
  const nb = maxS - minS + 1;
  const occP: Occ = new Map(), occC: Occ = new Map();
  const coocP = new Map<string, Set<number>>(), coocC = new Map<string, Set<number>>();
  const coup = new Map<string, { sum: Float64Array; n: number }>();
  collect(pos, minS, maxS, occP, coocP, coup);
  collect(ctl, minS, maxS, occC, coocC, null);
  const motifSet = new Set<number>();
  for (const s of [...pos, ...ctl]) for (const c of s.calls) motifSet.add(c.motif);
  const motifs = [...motifSet].sort((x, y) => x - y);
  const pairs: PairStats[] = [];
  const rules: ExtractedRule[] = [];
  for (let i = 0; i < motifs.length; i++)
    for (let k = i; k < motifs.length; k++) {
      const a = motifs[i], b = motifs[k];
      const hist = {} as PairStats['hist'];
      const orient = {} as PairStats['orient'];
      for (const o of ORIENTS) {
        const hp: number[] = new Array(nb).fill(0), hc: number[] = new Array(nb).fill(0);
        const anyP = new Set<number>(), anyC = new Set<number>();
        for (let d = minS; d <= maxS; d++) {
          const sp = occP.get(`${a}|${b}|${o}|${d}`), sc = occC.get(`${a}|${b}|${o}|${d}`);
          if (sp) { hp[d - minS] = sp.size; for (const s of sp) anyP.add(s); }
          if (sc) { hc[d - minS] = sc.size; for (const s of sc) anyC.add(s); }
        }
        hist[o] = { pos: hp, ctl: hc };
        orient[o] = { pos: anyP.size, ctl: anyC.size };
      }
      const cp = coocP.get(`${a}|${b}`)?.size ?? 0, cc = coocC.get(`${a}|${b}`)?.size ?? 0;
      const c = coup.get(`${a}|${b}`);
      const coupling = c && c.n ? Array.from(c.sum, (v) => v / c.n) : null;
      let bestHead: number | null = null;
      if (coupling) { bestHead = 0; for (let h = 1; h < coupling.length; h++) if (coupling[h] > coupling[bestHead]) bestHead = h; }
      const ps: PairStats = { a, b, hist, orient, coocPos: cp, coocCtl: cc, enrichment: enrichment(cp, cc, nPos, nCtl), pValue: binomPValue(cp, cc, nPos, nCtl), coupling, bestHead };
      pairs.push(ps);
      for (const o of ORIENTS) rules.push(...extractRules(ps, o, occP, occC, minS, maxS, nPos, nCtl, opts));
    }
  rules.sort((x, y) => x.pValue - y.pValue || y.enrichment - x.enrichment || y.support - x.support);
  pairs.sort((x, y) => x.pValue - y.pValue || y.enrichment - x.enrichment);
  return { motifs, nPos, nCtl, minSpacing: minS, maxSpacing: maxS, pairs, rules };
}

/** Contiguous spacing windows whose bins are enriched, merged over up to `slack` weak bins. */
function extractRules(ps: PairStats, o: Orientation, occP: Occ, occC: Occ, minS: number, maxS: number, nPos: number, nCtl: number, opts: SyntaxOptions): ExtractedRule[] {
  const minSupport = opts.minSupport ?? 10, binP = opts.binP ?? 1e-3, minEnr = opts.minEnrichment ?? 2, slack = opts.slack ?? 1;
  const { pos, ctl } = ps.hist[o];
  const good = pos.map((p, i) => p >= 2 && binomPValue(p, ctl[i], nPos, nCtl) < binP && enrichment(p, ctl[i], nPos, nCtl) >= minEnr);
  const out: ExtractedRule[] = [];
  let i = 0;
  while (i < good.length) {
    if (!good[i]) { i++; continue; }
    let j = i, gap = 0, k = i + 1;
    while (k < good.length) {
      if (good[k]) { j = k; gap = 0; } else if (++gap > slack) break;
      k++;
    }
    const dMin = i + minS, dMax = j + minS;
    const sp = new Set<number>(), sc = new Set<number>();
    let mode = dMin, best = -1;
    for (let d = dMin; d <= dMax; d++) {
      const a = occP.get(`${ps.a}|${ps.b}|${o}|${d}`), c = occC.get(`${ps.a}|${ps.b}|${o}|${d}`);
      if (a) for (const s of a) sp.add(s);
      if (c) for (const s of c) sc.add(s);
      if (pos[d - minS] > best) { best = pos[d - minS]; mode = d; }
    }
    const e = enrichment(sp.size, sc.size, nPos, nCtl);
    if (sp.size >= minSupport && e >= minEnr)
      out.push({
        a: ps.a, b: ps.b, orientation: o, spacingMin: dMin, spacingMax: dMax, spacingMode: mode, support: sp.size, controlSupport: sc.size,
        enrichment: e, pValue: binomPValue(sp.size, sc.size, nPos, nCtl), head: ps.bestHead, examples: [...sp].slice(0, 20),
      });
    i = j + 1;
  }
  void maxS;
  return out;
}

/** Co-occurrence matrix (motifs × motifs) of positive-sequence counts and log2 enrichment vs controls. */
export function cooccurrence(res: SyntaxResult): { motifs: number[]; pos: number[][]; ctl: number[][]; log2Enrichment: number[][] } {
  const n = res.motifs.length, ix = new Map(res.motifs.map((m, i) => [m, i]));
  const z = () => Array.from({ length: n }, () => new Array(n).fill(0));
  const pos = z(), ctl = z(), le = z();
  for (const p of res.pairs) {
    const i = ix.get(p.a)!, k = ix.get(p.b)!;
    pos[i][k] = pos[k][i] = p.coocPos;
    ctl[i][k] = ctl[k][i] = p.coocCtl;
    le[i][k] = le[k][i] = Math.log2(p.enrichment);
  }
  return { motifs: res.motifs, pos, ctl, log2Enrichment: le };
}
