// FIMO-style motif scanning (MOTIFS.md "FIMO-style scanning"), numbers as MEME 4.12's fimo
// (test/unit/pwm/meme-fimo.test.ts): log-odds PWM in bits with pseudocount 0.1 toward the
// background, MEME's integer scaling (offset = ⌊min⌋, scale = ⌊range / (max − offset)⌋, entries
// rounded; range 1000), exact score distribution under an i.i.d. background, p threshold → score
// threshold once per motif, then a fast both-strand scan of Uint8Array codes. The background is
// MEME's default (NRDB frequencies averaged over strands) unless asked otherwise, and every result
// says which one it used.
//
// Speed: every window score is a sum of ceil(w/k) lookups in per-block k-mer tables (k = 6 by
// default) over a k-mer index array computed once per sequence and shared by all motifs. Motifs are
// scanned in groups of 32: one Int32 mask table per group says, from the k-mer at the window start,
// which motifs can still reach their threshold (block score + best possible rest, either strand), so
// one lookup screens 32 motifs; survivors pass the motif's most selective block filter and then the
// exact sum. All filters are necessary conditions: the scan is exact. A window
// containing N hits a sentinel entry and can never pass. Both strands are scored in the same pass
// (the reverse strand by the reverse-complement matrix at the same window).
import type { Motif } from './types';
import { N as CODE_N, decode } from '../seq/alphabet';
import { withPseudocounts, revcompMatrix, type Bg, UNIFORM_BG } from './matrix';
import { sumDistribution, upperTail, scoreThreshold, bhQValues } from './pvalue';
import { MEME_DEFAULT_BG, backgroundFromSequences, backgroundInfo, type BackgroundInfo } from './background';
import { DEFAULT_SCAN_P } from '../../shared/scan-defaults';

export { backgroundFromSequences } from './background';

export interface FimoOptions {
  /** Report windows with p < pThreshold (default DEFAULT_SCAN_P = 1e-4, FIMO's). */
  pThreshold?: number;
  /**
   * Background: 'meme' (default: MEME's NRDB frequencies averaged over strands), 'uniform',
   * 'sequences' (base composition of the scanned sequences, strand-symmetrised), explicit A,C,G,T
   * frequencies (used as given), or a resolved BackgroundInfo (e.g. from a background file).
   */
  bg?: 'meme' | 'uniform' | 'sequences' | Bg | BackgroundInfo;
  /** Motif pseudocount α (default 0.1), applied as p′ = (p·N + α·bg)/(N + α), N = nsites or 20. */
  pseudocount?: number;
  /** Integer range of the scaled matrix (default 1000). */
  range?: number;
  /** k-mer block size of the lookup tables (default 6). */
  k?: number;
  /** q-values over all tests of the run ('run', default) or per motif ('motif'). */
  qScope?: 'run' | 'motif';
  /** Stop storing hits beyond this many (default 5,000,000); `truncated` is then set. */
  maxHits?: number;
}

/** A motif prepared for scanning (precompute once, reuse over many sequence sets with the same background). */
export interface FimoMotif {
  motif: Motif;
  width: number;
  /** Log-odds (bits), forward, width × 4. */
  pwm: number[][];
  /** Scaled integer matrix, forward and reverse complement, width*4 (A,C,G,T per position). */
  scaled: Int32Array;
  scaledRc: Int32Array;
  /** MEME's scaling (integers): raw ≈ scaledSum / scale + width·offset (MEME reports this as the score). */
  scale: number;
  offset: number;
  /** sf[s] = P(S ≥ s) for the forward and reverse-complement matrices under bg. */
  sf: Float64Array;
  sfRc: Float64Array;
  /** Minimal scaled score with p < pThreshold (forward / reverse); > max score when unreachable. */
  threshold: number;
  thresholdRc: number;
  bg: Bg;
}

export interface FimoHit {
  motifIndex: number;
  motifId: string;
  seqIndex: number;
  /** 0-based half-open window on the forward strand. */
  start: number;
  end: number;
  strand: '+' | '-';
  /** Log-odds score in bits (sum of the PWM over the window, motif orientation). */
  score: number;
  p: number;
  q: number;
  /** Matched sequence read in the motif's orientation (reverse complement for '-'). */
  matched: string;
}

export interface FimoResult {
  hits: FimoHit[];
  /** Number of tests: valid windows (no N) × 2 strands, per motif. */
  tests: number[];
  bg: Bg;
  /** Which background the p-values are under (kind, frequencies, label). */
  background: BackgroundInfo;
  truncated: boolean;
}

/** The background of a scan from the option and the sequences scanned. */
export function resolveBackground(spec: FimoOptions['bg'], seqs: Uint8Array[]): BackgroundInfo {
  if (spec === undefined || spec === 'meme') return backgroundInfo('meme', MEME_DEFAULT_BG);
  if (spec === 'uniform') return backgroundInfo('uniform', UNIFORM_BG);
  if (spec === 'sequences') return backgroundInfo('sequences', backgroundFromSequences(seqs));
  if (Array.isArray(spec)) return backgroundInfo('custom', spec as Bg);
  return spec as BackgroundInfo;
}

/**
 * Log-odds (bits) with pseudocount toward bg, scaled as MEME does: offset = ⌊min⌋, scale =
 * ⌊range / (max − offset)⌋ (at least 1), entries round((x − offset)·scale) in 0…range.
 */
export function prepareFimoMotif(motif: Motif, bg: Bg = MEME_DEFAULT_BG, opts: Pick<FimoOptions, 'pThreshold' | 'pseudocount' | 'range'> = {}): FimoMotif {
  const w = motif.probs.length;
  if (!w) throw new Error(`motif ${motif.id}: empty matrix`);
  const pc = withPseudocounts(motif.probs, { alpha: opts.pseudocount ?? 0.1, bg, nsites: motif.nsites });
  const pwm = pc.map((r) => r.map((p, b) => Math.log2(p / bg[b])));
  let mn = Infinity, mx = -Infinity;
  for (const r of pwm) for (const x of r) { if (x < mn) mn = x; if (x > mx) mx = x; }
  const range = opts.range ?? 1000;
  const offset = Math.floor(mn);
  const scale = mx > offset ? Math.max(1, Math.floor(range / (mx - offset))) : 1;
  const scaled = new Int32Array(w * 4);
  for (let i = 0; i < w; i++) for (let b = 0; b < 4; b++) scaled[i * 4 + b] = Math.round((pwm[i][b] - offset) * scale);
  const scaledRc = new Int32Array(w * 4);
  for (let i = 0; i < w; i++) for (let b = 0; b < 4; b++) scaledRc[i * 4 + b] = scaled[(w - 1 - i) * 4 + (3 - b)];
  const dist = (m: Int32Array) => {
    const vals: number[][] = [], probs: number[][] = [];
    for (let i = 0; i < w; i++) { vals.push([m[i * 4], m[i * 4 + 1], m[i * 4 + 2], m[i * 4 + 3]]); probs.push([bg[0], bg[1], bg[2], bg[3]]); }
    return upperTail(sumDistribution(vals, probs));
  };
  const sf = dist(scaled);
  const symmetric = bg[0] === bg[3] && bg[1] === bg[2];
  const sfRc = symmetric ? sf : dist(scaledRc);
  const pt = opts.pThreshold ?? DEFAULT_SCAN_P;
  return {
    motif, width: w, pwm, scaled, scaledRc, scale, offset, sf, sfRc,
    threshold: scoreThreshold(sf, pt), thresholdRc: scoreThreshold(sfRc, pt), bg,
  };
}

/** Exact p-value of a scaled score (upper tail). */
export function fimoPValue(m: FimoMotif, scaledScore: number, strand: '+' | '-' = '+'): number {
  const sf = strand === '+' ? m.sf : m.sfRc;
  if (scaledScore <= 0) return 1;
  return scaledScore >= sf.length ? 0 : sf[scaledScore];
}

/** Scaled integer score of the window starting at pos (undefined when it contains N or runs off the end). */
export function scaledWindowScore(m: FimoMotif, codes: Uint8Array, pos: number, strand: '+' | '-'): number | undefined {
  if (pos < 0 || pos + m.width > codes.length) return undefined;
  const t = strand === '+' ? m.scaled : m.scaledRc;
  let s = 0;
  for (let i = 0; i < m.width; i++) { const c = codes[pos + i]; if (c > 3) return undefined; s += t[i * 4 + c]; }
  return s;
}

const SENTINEL = -(1 << 26);

/** k-mer code at every position (first letter in the high bits); 4^k when the k-mer has N or runs off the end. */
export function kmerIndex(codes: Uint8Array, k: number): Uint16Array {
  const n = codes.length;
  const bad = 1 << (2 * k);
  const mask = bad - 1;
  const out = new Uint16Array(n);
  let code = 0, lastN = -1;
  for (let i = 0; i < n; i++) {
    const c = codes[i];
    if (c > 3) { lastN = i; code = (code << 2) & mask; } else code = ((code << 2) | c) & mask;
    const st = i - k + 1;
    if (st >= 0) out[st] = lastN >= st ? bad : code;
  }
  for (let st = Math.max(0, n - k + 1); st < n; st++) out[st] = bad;
  return out;
}

interface Plan { k: number; nb: number; offs: Int32Array; tf: Int32Array; tr: Int32Array; size: number; filter: Uint8Array; fb: number; filter0: Uint8Array }

/**
 * Block tables: block b starts at offs[b]; the last block may overlap its predecessor (overlap counted
 * once). The filter is a 0/1 table over the k-mers of the most selective block fb: 1 when that block's
 * score plus the maximal score of all other blocks can still reach the threshold on either strand.
 * Windows whose filter entry is 0 are abandoned after one lookup (exact: no hit is ever missed).
 */
export function makePlan(m: FimoMotif, kMax: number, thF: number, thR: number): Plan {
  const w = m.width;
  const k = Math.min(kMax, w);
  const starts: number[] = [];
  for (let s = 0; s + k <= w; s += k) starts.push(s);
  if (starts[starts.length - 1] + k < w) starts.push(w - k);
  const size = (1 << (2 * k)) + 1;
  const nb = starts.length;
  const tf = new Int32Array(nb * size), tr = new Int32Array(nb * size);
  const maxF = new Array<number>(nb).fill(0), maxR = new Array<number>(nb).fill(0);
  let covered = 0; // positions < covered already belong to an earlier block
  for (let b = 0; b < nb; b++) {
    const s = starts[b];
    const own0 = Math.max(s, covered);
    for (let code = 0; code < size - 1; code++) {
      let f = 0, r = 0;
      for (let j = 0; j < k; j++) {
        const pos = s + j;
        if (pos < own0) continue;
        const letter = (code >> (2 * (k - 1 - j))) & 3;
        f += m.scaled[pos * 4 + letter];
        r += m.scaledRc[pos * 4 + letter];
      }
      tf[b * size + code] = f;
      tr[b * size + code] = r;
      if (f > maxF[b]) maxF[b] = f;
      if (r > maxR[b]) maxR[b] = r;
    }
    tf[b * size + size - 1] = SENTINEL;
    tr[b * size + size - 1] = SENTINEL;
    covered = s + k;
  }
  const totF = maxF.reduce((a, b) => a + b, 0), totR = maxR.reduce((a, b) => a + b, 0);
  let best: Uint8Array = new Uint8Array(size), bestCount = Infinity, fb = 0;
  let filter0: Uint8Array = best;
  for (let b = 0; b < nb; b++) {
    const g = new Uint8Array(size);
    const restF = totF - maxF[b], restR = totR - maxR[b];
    let cnt = 0;
    for (let code = 0; code < size - 1; code++) {
      if (tf[b * size + code] + restF >= thF || tr[b * size + code] + restR >= thR) { g[code] = 1; cnt++; }
    }
    if (b === 0) filter0 = g;
    if (cnt < bestCount) { bestCount = cnt; best = g; fb = b; }
  }
  return { k, nb, offs: Int32Array.from(starts), tf, tr, size, filter: best, fb, filter0 };
}

/** Compact hit store (structure of arrays). */
export class RawHits {
  motif = new Int32Array(1024); seq = new Int32Array(1024); pos = new Int32Array(1024);
  strand = new Uint8Array(1024); score = new Int32Array(1024); n = 0;
  push(mi: number, si: number, p: number, st: number, sc: number): void {
    if (this.n === this.pos.length) {
      const g = <T extends Int32Array | Uint8Array>(a: T): T => { const b = new (a.constructor as new (n: number) => T)(a.length * 2); b.set(a); return b; };
      this.motif = g(this.motif); this.seq = g(this.seq); this.pos = g(this.pos); this.strand = g(this.strand); this.score = g(this.score);
    }
    const i = this.n++;
    this.motif[i] = mi; this.seq[i] = si; this.pos[i] = p; this.strand[i] = st; this.score[i] = sc;
  }
}

const CHUNK = 1 << 16;
const candPos = new Int32Array(CHUNK);
const candMask = new Int32Array(CHUNK);

/** Phase 1: positions in [from, to) whose group mask is non-zero (one index load + one mask load each). */
function maskPass(mask: Int32Array, idx: Uint16Array, from: number, to: number): number {
  let nc = 0;
  for (let p = from; p < to; p++) {
    const m = mask[idx[p]];
    if (m !== 0) { candPos[nc] = p; candMask[nc++] = m; }
  }
  return nc;
}

/**
 * Scan one sequence with a group of ≤ 32 plans sharing k: bit j of mask[code] says whether motif j
 * can still reach its threshold given the k-mer at the window start (block-0 filter). Candidates then
 * go through the motif's most selective block filter and the exact block-table sum.
 */
function scanGroup(plans: Plan[], mis: number[], models: FimoMotif[], mask: Int32Array, idx: Uint16Array, n: number, hits: RawHits, si: number, maxHits: number): boolean {
  let maxWin = 0;
  const nWin = plans.map((_, j) => { const v = n - models[mis[j]].width + 1; if (v > maxWin) maxWin = v; return v; });
  const thF = mis.map((mi) => capT(models[mi].threshold)), thR = mis.map((mi) => capT(models[mi].thresholdRc));
  for (let base = 0; base < maxWin; base += CHUNK) {
    const nc = maskPass(mask, idx, base, Math.min(maxWin, base + CHUNK));
    for (let c = 0; c < nc; c++) {
      const p = candPos[c];
      let m = candMask[c];
      while (m !== 0) {
        const low = m & -m;
        const j = 31 - Math.clz32(low);
        m ^= low;
        if (p >= nWin[j]) continue;
        const pl = plans[j];
        if (pl.filter[idx[p + pl.offs[pl.fb]]] === 0) continue;
        const { nb, offs, tf, tr, size } = pl;
        let f = 0, r = 0;
        for (let b = 0; b < nb; b++) { const a = idx[p + offs[b]] + b * size; f += tf[a]; r += tr[a]; }
        if (f >= thF[j] || r >= thR[j]) {
          if (hits.n >= maxHits) return false;
          if (f >= thF[j]) hits.push(mis[j], si, p, 0, f);
          if (r >= thR[j]) hits.push(mis[j], si, p, 1, r);
        }
      }
    }
  }
  return true;
}

const capT = (t: number) => (t > 2 ** 30 ? 2 ** 30 : t);

/**
 * The motif groups scanRaw scans together, in its order: motifs with the same k-mer size
 * (min(k, width)) by index, at most 32 per group, groups by increasing k. Hits of one sequence come
 * group by group, so a scan split into contiguous group ranges merges back in the same order.
 */
export function scanGroups(widths: number[], kOpt?: number): number[][] {
  const kMax = Math.min(7, Math.max(1, kOpt ?? 6));
  const byK = new Map<number, number[]>();
  widths.forEach((w, mi) => { const k = Math.min(kMax, w); const g = byK.get(k) ?? []; g.push(mi); byK.set(k, g); });
  const out: number[][] = [];
  for (const [, list] of [...byK.entries()].sort((a, b) => a[0] - b[0])) for (let i = 0; i < list.length; i += 32) out.push(list.slice(i, i + 32));
  return out;
}

/**
 * Low-level scan: all prepared motifs over all sequences, both strands; hits with scaled score ≥
 * the motif's threshold go to a compact store. Returns also the tests per motif (valid windows × 2).
 */
export function scanRaw(models: FimoMotif[], seqs: Uint8Array[], opts: Pick<FimoOptions, 'k' | 'maxHits'> = {}): { hits: RawHits; tests: number[]; truncated: boolean } {
  const kMax = Math.min(7, Math.max(1, opts.k ?? 6));
  const maxHits = opts.maxHits ?? 5_000_000;
  const plans = models.map((m) => makePlan(m, kMax, capT(m.threshold), capT(m.thresholdRc)));
  // Groups of ≤ 32 motifs with the same k, each with a combined block-0 bit mask table.
  const groups = scanGroups(models.map((m) => m.width), opts.k).map((mis) => {
    const k = plans[mis[0]].k, size = (1 << (2 * k)) + 1;
    const mask = new Int32Array(size);
    mis.forEach((mi, j) => { const f0 = plans[mi].filter0; for (let c = 0; c < size; c++) if (f0[c]) mask[c] |= 1 << j; });
    return { k, mis, mask };
  });
  const hits = new RawHits();
  const tests = models.map(() => 0);
  for (let si = 0; si < seqs.length; si++) {
    const codes = seqs[si];
    const runs = acgtRuns(codes);
    const vwCache = new Map<number, number>();
    models.forEach((m, mi) => {
      let vw = vwCache.get(m.width);
      if (vw === undefined) { vw = 0; for (const L of runs) if (L >= m.width) vw += L - m.width + 1; vwCache.set(m.width, vw); }
      tests[mi] += 2 * vw;
    });
    const idxCache = new Map<number, Uint16Array>();
    for (const g of groups) {
      let idx = idxCache.get(g.k);
      if (!idx) { idx = kmerIndex(codes, g.k); idxCache.set(g.k, idx); }
      if (!scanGroup(g.mis.map((mi) => plans[mi]), g.mis, models, g.mask, idx, codes.length, hits, si, maxHits)) return { hits, tests, truncated: true };
    }
  }
  return { hits, tests, truncated: false };
}

/** Lengths of the maximal runs of A/C/G/T (no N). */
function acgtRuns(codes: Uint8Array): number[] {
  const out: number[] = [];
  let run = 0;
  for (let i = 0; i < codes.length; i++) {
    if (codes[i] > 3) { if (run) out.push(run); run = 0; } else run++;
  }
  if (run) out.push(run);
  return out;
}

/** FIMO-style scan of motifs over sequences (Uint8Array codes, alphabet.ts). Hits sorted by p then position. */
export function fimo(motifs: Motif[], seqs: Uint8Array[], opts: FimoOptions = {}): FimoResult {
  const background = resolveBackground(opts.bg, seqs);
  const bg = background.values;
  const models = motifs.map((m) => prepareFimoMotif(m, bg, opts));
  const { hits: raw, tests, truncated } = scanRaw(models, seqs, opts);
  return finishFimo(rawToHits(models, seqs, raw), tests, bg, background, truncated, opts);
}

/**
 * One part of a FIMO scan split by motif groups (the motifs of groups [from, to) of scanGroups):
 * its hits in scan order (motifIndex global, q not yet set) and its motifs' tests. `bg` must be resolved.
 */
export function fimoPart(motifs: Motif[], seqs: Uint8Array[], opts: FimoOptions & { bg: BackgroundInfo }, from: number, to: number): { hits: FimoHit[]; tests: [number, number][]; truncated: boolean } {
  const mis = scanGroups(motifs.map((m) => m.probs.length), opts.k).slice(from, to).flat().sort((a, b) => a - b);
  const models = mis.map((mi) => prepareFimoMotif(motifs[mi], opts.bg.values, opts));
  const { hits: raw, tests, truncated } = scanRaw(models, seqs, opts);
  const hits = rawToHits(models, seqs, raw);
  for (const h of hits) h.motifIndex = mis[h.motifIndex];
  return { hits, tests: tests.map((t, i) => [mis[i], t]), truncated };
}

/** Raw hits → FimoHit (score in bits, p-value, matched sequence), in raw order, q = 1. */
export function rawToHits(models: FimoMotif[], seqs: Uint8Array[], raw: RawHits): FimoHit[] {
  const hits: FimoHit[] = [];
  for (let i = 0; i < raw.n; i++) {
    const mi = raw.motif[i], m = models[mi], si = raw.seq[i], pos = raw.pos[i], minus = raw.strand[i] === 1;
    const codes = seqs[si];
    const pwm = minus ? revcompMatrix(m.pwm) : m.pwm;
    let score = 0;
    for (let j = 0; j < m.width; j++) score += pwm[j][codes[pos + j]];
    const fwd = codes.subarray(pos, pos + m.width);
    let matched = decode(fwd);
    if (minus) {
      let rc = '';
      for (let j = matched.length - 1; j >= 0; j--) rc += 'TGCAN'['ACGTN'.indexOf(matched[j])] ?? 'N';
      matched = rc;
    }
    hits.push({
      motifIndex: mi, motifId: m.motif.id, seqIndex: si, start: pos, end: pos + m.width, strand: minus ? '-' : '+',
      score, p: fimoPValue(m, raw.score[i], minus ? '-' : '+'), q: 1, matched,
    });
  }
  return hits;
}

/** q-values (per run or per motif) and the final order (p, then sequence, position, strand) of a scan's hits. */
export function finishFimo(hits: FimoHit[], tests: number[], bg: Bg, background: BackgroundInfo, truncated: boolean, opts: FimoOptions = {}): FimoResult {
  if ((opts.qScope ?? 'run') === 'run') {
    const q = bhQValues(hits.map((h) => h.p), tests.reduce((a, b) => a + b, 0));
    hits.forEach((h, i) => (h.q = q[i]));
  } else {
    for (let mi = 0; mi < tests.length; mi++) {
      const sel = hits.filter((h) => h.motifIndex === mi);
      const q = bhQValues(sel.map((h) => h.p), tests[mi]);
      sel.forEach((h, i) => (h.q = q[i]));
    }
  }
  hits.sort((a, b) => a.p - b.p || a.seqIndex - b.seqIndex || a.start - b.start || (a.strand < b.strand ? -1 : a.strand > b.strand ? 1 : 0));
  void CODE_N;
  return { hits, tests, bg, background, truncated };
}
