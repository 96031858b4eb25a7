// Motif-grammar simulator: synthetic sequences whose labels follow a known rule (single motif,
// A-or-B, cooperative pair with spacing/orientation, hard spacing, repressor), with every planted
// instance returned as ground truth for motif-recovery and instance-calling benchmarks.
//
// Model (MODEL.md §6): background is iid with P(G)=P(C)=gc/2, P(A)=P(T)=(1−gc)/2, then cleaned so that
// no window matches any rule motif with relative PWM score ≥ `maxBackgroundScore` (either strand);
// offending windows are redrawn locally (a local rejection sampler, which keeps the base composition
// except inside would-be matches). Cleaning runs after planting, so matches straddling a planted
// instance and its flank are removed too. Only the bases drawn from a motif's PFM are protected:
// every other base — flanks and the gaps between the motifs of a pair — is background and is
// cleaned like any other (a gap of filler letters would leak the label). Instances are drawn column
// by column from the PFM. Pairs are placed as a composite "A, gap, B" (gap = background bases
// between them, B's strand relative to A given by the arrangement's orientation); the composite's
// strand is random unless the rule fixes it, and a '−' composite is the reverse complement of the
// whole thing (so B comes first on the + strand). Each placed element (one motif or a composite) has
// its centre at the sequence centre plus a uniform offset in ±`centreJitter` bp.
// Negatives: `1 − decoyFraction` background-only; the rest are decoys that make the grammar matter:
//   single / mixture → background only (no decoys);
//   cooperative      → one of A or B alone ('single') or both at a disallowed gap ('wrongSpacing');
//   fixedSpacing     → both motifs at a different gap;
//   repressor        → activator + repressor together.

import { Rng } from '../seq/random';
import { revcomp } from '../seq/alphabet';

export interface SimMotif {
  id: string;
  name: string;
  probs: number[][];
}

export type Strand = '+' | '-';
export type StrandRule = Strand | 'random';

export interface Arrangement {
  /** Inclusive range of the gap (bp) between the first and second motif of the composite. */
  gap: [number, number];
  /** Strand of B relative to A. */
  orientation: 'same' | 'opposite' | 'any';
}

export type GrammarRule =
  | { kind: 'single'; motif: string; strand?: StrandRule; copies?: [number, number] }
  | { kind: 'mixture'; motifs: string[]; strand?: StrandRule }
  | { kind: 'cooperative'; a: string; b: string; arrangements: Arrangement[]; strand?: StrandRule; decoys?: ('single' | 'wrongSpacing')[] }
  | { kind: 'fixedSpacing'; a: string; b: string; gap: number; orientation: 'same' | 'opposite'; strand?: StrandRule }
  | { kind: 'repressor'; activator: string; repressor: string; strand?: StrandRule };

export interface SimConfig {
  length: number;
  nPositives: number;
  nNegatives: number;
  /** Background GC fraction (default 0.5). */
  gc?: number;
  /** Fraction of negatives that are decoys (default 0.5; ignored for rules without decoys). */
  decoyFraction?: number;
  seed?: number;
  /** Relative PWM score at or above which a background window counts as an accidental match (default 0.9, as the paper). */
  maxBackgroundScore?: number;
  /** Element centres are drawn uniformly in sequence centre ± this many bp (default 50; clamped to fit). */
  centreJitter?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface PlantedInstance {
  seqIndex: number;
  /** Key of the motif in the rule's motif map. */
  motif: string;
  motifId: string;
  start: number;
  end: number;
  strand: Strand;
  /** Bases drawn from the PFM, in motif orientation (equals the sequence slice when strand is +, its reverse complement when −). */
  sampled: Uint8Array;
  /** 'signal' in positives, 'decoy' in decoy negatives. */
  role: 'signal' | 'decoy';
}

export interface SimulatedData {
  seqs: Uint8Array[];
  labels: Uint8Array;
  kinds: ('positive' | 'background' | 'decoy')[];
  instances: PlantedInstance[];
  /** Background windows redrawn because of accidental motif matches. */
  backgroundRedraws: number;
}

/** Log-odds PWM (pseudocount 0.1 toward uniform, 20 sites) with min/max for relative scores. */
export interface Pwm {
  w: number;
  fwd: Float64Array; // w×4
  rev: Float64Array; // reverse-complement matrix
  min: number;
  max: number;
}

export function makePwm(probs: number[][]): Pwm {
  const w = probs.length;
  const fwd = new Float64Array(w * 4), rev = new Float64Array(w * 4);
  let min = 0, max = 0;
  for (let i = 0; i < w; i++) {
    let lo = Infinity, hi = -Infinity;
    for (let b = 0; b < 4; b++) {
      const p = (probs[i][b] * 20 + 0.1 * 0.25) / 20.1;
      const s = Math.log2(p / 0.25);
      fwd[i * 4 + b] = s;
      rev[(w - 1 - i) * 4 + (3 - b)] = s;
      lo = Math.min(lo, s); hi = Math.max(hi, s);
    }
    min += lo; max += hi;
  }
  return { w, fwd, rev, min, max };
}

/** Best relative score (0…1) over both strands of codes[start,end); windows containing N are skipped. */
export function maxRelativeScore(pwm: Pwm, codes: Uint8Array, start = 0, end = codes.length): { score: number; pos: number } {
  let best = -Infinity, pos = -1;
  const { w, fwd, rev } = pwm;
  for (let p = start; p + w <= end; p++) {
    let sf = 0, sr = 0, ok = true;
    for (let i = 0; i < w; i++) {
      const c = codes[p + i];
      if (c > 3) { ok = false; break; }
      sf += fwd[i * 4 + c]; sr += rev[i * 4 + c];
    }
    if (!ok) continue;
    const s = sf > sr ? sf : sr;
    if (s > best) { best = s; pos = p; }
  }
  return { score: pwm.max > pwm.min ? (best - pwm.min) / (pwm.max - pwm.min) : 0, pos };
}

function sampleInstance(m: SimMotif, rng: Rng): Uint8Array {
  const out = new Uint8Array(m.probs.length);
  for (let i = 0; i < out.length; i++) {
    const col = m.probs[i];
    const sum = col[0] + col[1] + col[2] + col[3];
    let u = rng.next() * sum, b = 0;
    while (b < 3 && u >= col[b]) { u -= col[b]; b++; }
    out[i] = b;
  }
  return out;
}

function pickStrand(rule: StrandRule | undefined, rng: Rng): Strand {
  return rule === '+' || rule === '-' ? rule : rng.next() < 0.5 ? '+' : '-';
}

interface Element {
  /** Bases of the element; only the parts' spans are planted, the rest (gaps) are background. */
  codes: Uint8Array;
  parts: { motif: string; offset: number; strand: Strand; sampled: Uint8Array }[];
}

/** A single motif instance as a placeable element. */
function single(key: string, m: SimMotif, strand: Strand, rng: Rng): Element {
  const sampled = sampleInstance(m, rng);
  return { codes: strand === '+' ? sampled : revcomp(sampled), parts: [{ motif: key, offset: 0, strand, sampled }] };
}

/**
 * Composite A–gap–B (B's strand relative to A), then flipped as a whole when strand is '−'. The gap
 * is drawn from the background model (`drawBase`), never filled with one letter.
 */
function composite(ka: string, a: SimMotif, kb: string, b: SimMotif, gap: number, bRel: Strand, strand: Strand, rng: Rng, drawBase: () => number): Element {
  const sa = sampleInstance(a, rng), sb = sampleInstance(b, rng);
  const wa = sa.length, wb = sb.length, len = wa + gap + wb;
  const codes = new Uint8Array(len);
  for (let i = wa; i < wa + gap; i++) codes[i] = drawBase();
  codes.set(sa, 0);
  codes.set(bRel === '+' ? sb : revcomp(sb), wa + gap);
  if (strand === '+') {
    return { codes, parts: [{ motif: ka, offset: 0, strand: '+', sampled: sa }, { motif: kb, offset: wa + gap, strand: bRel, sampled: sb }] };
  }
  return {
    codes: revcomp(codes),
    parts: [
      { motif: kb, offset: 0, strand: bRel === '+' ? '-' : '+', sampled: sb },
      { motif: ka, offset: wb + gap, strand: '-', sampled: sa },
    ],
  };
}

export function simulate(rule: GrammarRule, motifs: Record<string, SimMotif>, cfg: SimConfig): SimulatedData {
  const L = cfg.length;
  const gc = cfg.gc ?? 0.5;
  const decoyFraction = cfg.decoyFraction ?? 0.5;
  const thr = cfg.maxBackgroundScore ?? 0.9;
  const jitter = Math.max(0, cfg.centreJitter ?? 50);
  const rng = new Rng(cfg.seed ?? 1);
  const get = (k: string): SimMotif => {
    const m = motifs[k];
    if (!m) throw new Error(`simulation rule refers to motif '${k}', which is not in the motif map`);
    return m;
  };
  const ruleKeys =
    rule.kind === 'single' ? [rule.motif] : rule.kind === 'mixture' ? rule.motifs : rule.kind === 'repressor' ? [rule.activator, rule.repressor] : [rule.a, rule.b];
  const pwms = [...new Set(ruleKeys)].map((k) => makePwm(get(k).probs));
  if (rule.kind === 'fixedSpacing') {
    rule = { kind: 'cooperative', a: rule.a, b: rule.b, strand: rule.strand, decoys: ['wrongSpacing'], arrangements: [{ gap: [rule.gap, rule.gap], orientation: rule.orientation }] };
  }
  const r = rule;
  const hasDecoys = r.kind === 'cooperative' || r.kind === 'repressor';
  const total = cfg.nPositives + cfg.nNegatives;
  const seqs: Uint8Array[] = [];
  const labels = new Uint8Array(total);
  const kinds: SimulatedData['kinds'] = [];
  const instances: PlantedInstance[] = [];
  let redraws = 0;

  const thresholds = pwms.map((p) => p.min + thr * (p.max - p.min));
  const pA = (1 - gc) / 2, pC = gc / 2;
  const drawBase = () => { const u = rng.next(); return u < pA ? 0 : u < pA + pC ? 1 : u < pA + 2 * pC ? 2 : 3; };

  const background = (): Uint8Array => {
    const s = new Uint8Array(L);
    for (let i = 0; i < L; i++) s[i] = drawBase();
    return s;
  };

  const scoreAt = (k: number, s: Uint8Array, p: number): number => {
    const { w, fwd, rev } = pwms[k];
    let sf = 0, sr = 0;
    for (let i = 0; i < w; i++) { const c = s[p + i]; sf += fwd[i * 4 + c]; sr += rev[i * 4 + c]; }
    return sf > sr ? sf : sr;
  };

  /**
   * Redraw unprotected bases of every window scoring ≥ threshold for any rule motif. Windows lying
   * wholly inside planted bases are left alone; a window whose planted part forces a match is
   * given up on after 20 redraws. Repeats until a full pass finds nothing to fix.
   */
  const clean = (s: Uint8Array, prot: Uint8Array): void => {
    const givenUp = new Set<number>();
    for (let pass = 0; pass < 50; pass++) {
      let changed = false;
      for (let k = 0; k < pwms.length; k++) {
        const w = pwms[k].w, t = thresholds[k];
        for (let p = 0; p + w <= L; p++) {
          if (scoreAt(k, s, p) < t || givenUp.has(k * L + p)) continue;
          let free = 0;
          for (let i = 0; i < w; i++) if (!prot[p + i]) free++;
          if (!free) continue;
          let fixed = false;
          for (let tries = 0; tries < 20 && !fixed; tries++) {
            for (let i = 0; i < w; i++) if (!prot[p + i]) s[p + i] = drawBase();
            redraws++;
            fixed = scoreAt(k, s, p) < t;
          }
          changed = true; // bases changed, so rescan
          if (!fixed) givenUp.add(k * L + p);
        }
      }
      if (!changed) return;
    }
  };

  /**
   * Place elements at non-overlapping positions, each centred at L/2 ± jitter (clamped so it fits),
   * marking only their planted motif bases as protected (gaps stay background and are cleaned).
   */
  const place = (seq: Uint8Array, prot: Uint8Array, seqIndex: number, els: Element[], role: 'signal' | 'decoy'): void => {
    const need = els.reduce((a, e) => a + e.codes.length, 0);
    if (need > L) throw new Error(`sequence length ${L} is too short for the planted motifs (${need} bp)`);
    const startOf = (e: Element, spread: number): number => {
      const lo = Math.max(0, Math.ceil(L / 2 - spread - e.codes.length / 2));
      const hi = Math.min(L - e.codes.length, Math.floor(L / 2 + spread - e.codes.length / 2));
      return hi >= lo ? lo + rng.int(hi - lo + 1) : rng.int(L - e.codes.length + 1);
    };
    for (let attempt = 0; attempt < 1000; attempt++) {
      // Several elements that cannot share the central window spread out gradually (rare: decoys of two motifs).
      const spread = attempt < 200 ? jitter : L;
      const starts = els.map((e) => startOf(e, spread));
      let ok = true;
      for (let i = 0; i < els.length && ok; i++)
        for (let j = i + 1; j < els.length && ok; j++)
          if (starts[i] < starts[j] + els[j].codes.length && starts[j] < starts[i] + els[i].codes.length) ok = false;
      if (!ok) continue;
      els.forEach((e, i) => {
        seq.set(e.codes, starts[i]);
        for (const p of e.parts) {
          const m = get(p.motif);
          const st = starts[i] + p.offset;
          prot.fill(1, st, st + p.sampled.length);
          instances.push({ seqIndex, motif: p.motif, motifId: m.id, start: st, end: st + p.sampled.length, strand: p.strand, sampled: p.sampled, role });
        }
      });
      return;
    }
    throw new Error(`could not place ${els.length} non-overlapping motif instance(s) in ${L} bp`);
  };

  const pairElement = (arr: Arrangement, gapOverride?: number): Element => {
    if (r.kind !== 'cooperative') throw new Error('unreachable');
    const gap = gapOverride ?? arr.gap[0] + rng.int(arr.gap[1] - arr.gap[0] + 1);
    const bRel: Strand = arr.orientation === 'same' ? '+' : arr.orientation === 'opposite' ? '-' : rng.next() < 0.5 ? '+' : '-';
    return composite(r.a, get(r.a), r.b, get(r.b), gap, bRel, pickStrand(r.strand, rng), rng, drawBase);
  };

  const disallowedGap = (): number => {
    if (r.kind !== 'cooperative') throw new Error('unreachable');
    const hi = Math.max(...r.arrangements.map((a) => a.gap[1])) + 20;
    const allowed = (g: number) => r.arrangements.some((a) => g >= a.gap[0] && g <= a.gap[1]);
    const opts: number[] = [];
    for (let g = 0; g <= hi; g++) if (!allowed(g)) opts.push(g);
    return opts[rng.int(opts.length)];
  };

  for (let n = 0; n < total; n++) {
    if ((n & 255) === 0) {
      if (cfg.signal?.aborted) throw cfg.signal.reason ?? new DOMException('Aborted', 'AbortError');
      cfg.onProgress?.(n, total);
    }
    const seq = background();
    const prot = new Uint8Array(L);
    const positive = n < cfg.nPositives;
    let kind: SimulatedData['kinds'][number] = positive ? 'positive' : 'background';
    if (positive) {
      switch (r.kind) {
        case 'single': {
          const [lo, hi] = r.copies ?? [1, 1];
          const c = lo + rng.int(hi - lo + 1);
          place(seq, prot, n, Array.from({ length: c }, () => single(r.motif, get(r.motif), pickStrand(r.strand, rng), rng)), 'signal');
          break;
        }
        case 'mixture': {
          const k = r.motifs[rng.int(r.motifs.length)];
          place(seq, prot, n, [single(k, get(k), pickStrand(r.strand, rng), rng)], 'signal');
          break;
        }
        case 'cooperative':
          place(seq, prot, n, [pairElement(r.arrangements[rng.int(r.arrangements.length)])], 'signal');
          break;
        case 'repressor':
          place(seq, prot, n, [single(r.activator, get(r.activator), pickStrand(r.strand, rng), rng)], 'signal');
          break;
      }
    } else if (hasDecoys && rng.next() < decoyFraction) {
      kind = 'decoy';
      if (r.kind === 'repressor') {
        place(seq, prot, n, [single(r.activator, get(r.activator), pickStrand(r.strand, rng), rng), single(r.repressor, get(r.repressor), pickStrand(r.strand, rng), rng)], 'decoy');
      } else if (r.kind === 'cooperative') {
        const modes = r.decoys ?? ['single'];
        const mode = modes[rng.int(modes.length)];
        if (mode === 'single') {
          const k = rng.next() < 0.5 ? r.a : r.b;
          place(seq, prot, n, [single(k, get(k), pickStrand(r.strand, rng), rng)], 'decoy');
        } else {
          place(seq, prot, n, [pairElement(r.arrangements[rng.int(r.arrangements.length)], disallowedGap())], 'decoy');
        }
      }
    }
    clean(seq, prot);
    seqs.push(seq);
    labels[n] = positive ? 1 : 0;
    kinds.push(kind);
  }
  cfg.onProgress?.(total, total);
  return { seqs, labels, kinds, instances, backgroundRedraws: redraws };
}
