// The Design value of the design canvas and pure edits on it (place / move / delete a motif
// insertion), plus the batch spacing generator with its controls. Everything is immutable: edits
// return a new Design whose `sequence` is recomputed.
//
// Conventions
// - Coordinates are 0-based half-open on the design's + strand; an insertion occupies
//   [start, start + bases.length) and REPLACES the background there (length never changes).
// - `bases` are written in the motif's own orientation (as the motif reads 5′→3′); on the '-'
//   strand the design carries their reverse complement.
// - Overlapping insertions are REJECTED (DesignError): two motifs cannot occupy the same base, and
//   a silent overwrite would make provenance lie. Abutting insertions (spacing 0) are allowed.
// - Spacing between A then B (B downstream on the + strand) is edge-to-edge: startB − endA.

import type { Motif } from '../pwm/types';
import { Rng } from '../seq/random';
import type { Background } from './background';
import { reverseComplement } from './constraints';

export type Strand = '+' | '-';
export type InsertionSource = 'consensus' | 'sampled';

export interface Insertion {
  motifId: string;
  motifName: string;
  start: number;
  strand: Strand;
  source: InsertionSource;
  /** Seed of the PFM draw when source = 'sampled'. */
  seed?: number;
  /** Uppercase A/C/G/T in motif orientation. */
  bases: string;
  /** Control: the bases are a shuffle of the motif instance `originalBases` (seeded). */
  scrambled?: { seed: number; originalBases: string };
  /** Optional score to show in exports (e.g. FIMO log-odds or model attribution). */
  score?: number;
}

export type BatchRole =
  | 'pair'
  | 'background-only'
  | 'a-alone'
  | 'b-alone'
  | 'a-scrambled'
  | 'b-scrambled';

export interface Design {
  id: string;
  name: string;
  background: Background;
  length: number;
  /** Sorted by start; never overlapping. */
  insertions: Insertion[];
  /** Final + strand sequence (background with insertions applied). */
  sequence: string;
  /** Model scoring provenance, filled by the scoring layer. */
  scoredBy?: { modelId: string; runId?: string; probability?: number };
  /** Batch provenance. */
  batch?: {
    rule: string;
    role: BatchRole;
    backgroundIndex: number;
    spacing?: number;
    orientation?: Orientation;
  };
  /** Where the background came from on a genome, for BED export (0-based half-open). */
  genome?: { chrom: string; start: number; end: number; strand: Strand };
}

export class DesignError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DesignError';
  }
}

/** Bases as they appear on the design's + strand. */
export function plusStrandBases(ins: Insertion): string {
  return ins.strand === '+' ? ins.bases : reverseComplement(ins.bases);
}

export function insertionEnd(ins: Insertion): number {
  return ins.start + ins.bases.length;
}

/** Final sequence: background with every insertion written over it. */
export function renderSequence(background: Background, insertions: readonly Insertion[]): string {
  // Insertions are non-overlapping; apply left to right, building the string once.
  const sorted = [...insertions].sort((a, b) => a.start - b.start);
  const bg = background.bases;
  let out = '', pos = 0;
  for (const ins of sorted) {
    out += bg.slice(pos, ins.start) + plusStrandBases(ins);
    pos = insertionEnd(ins);
  }
  return out + bg.slice(pos);
}

export function createDesign(id: string, name: string, background: Background, insertions: readonly Insertion[] = []): Design {
  const bases = background.bases.toUpperCase();
  if (!/^[ACGT]*$/.test(bases)) throw new DesignError(`background of design ${name} contains letters other than A, C, G, T`);
  const bg = bases === background.bases ? background : { ...background, bases };
  let d: Design = { id, name, background: bg, length: bases.length, insertions: [], sequence: bases };
  for (const ins of insertions) d = placeInsertion(d, ins);
  return d;
}

/** Why `ins` cannot go into `design` (ignoring insertion `ignoreIndex`), or null when it fits. */
export function placementProblem(design: Design, ins: Insertion, ignoreIndex = -1): string | null {
  const w = ins.bases.length;
  if (!w) return `motif ${ins.motifName} has no bases`;
  if (!/^[ACGT]+$/.test(ins.bases)) return `motif ${ins.motifName} instance "${ins.bases}" has letters other than A, C, G, T`;
  if (!Number.isInteger(ins.start) || ins.start < 0 || ins.start + w > design.length)
    return `motif ${ins.motifName} (${w} bp) at ${ins.start + 1}–${ins.start + w} does not fit in the ${design.length}-bp design`;
  for (let i = 0; i < design.insertions.length; i++) {
    if (i === ignoreIndex) continue;
    const o = design.insertions[i];
    if (ins.start < insertionEnd(o) && o.start < ins.start + w)
      return `motif ${ins.motifName} at ${ins.start + 1}–${ins.start + w} overlaps ${o.motifName} at ${o.start + 1}–${insertionEnd(o)}`;
  }
  return null;
}

function withInsertions(design: Design, insertions: Insertion[]): Design {
  insertions.sort((a, b) => a.start - b.start);
  return { ...design, insertions, sequence: renderSequence(design.background, insertions) };
}

export function placeInsertion(design: Design, ins: Insertion): Design {
  const norm = { ...ins, bases: ins.bases.toUpperCase() };
  const problem = placementProblem(design, norm);
  if (problem) throw new DesignError(problem);
  return withInsertions(design, [...design.insertions, norm]);
}

export function moveInsertion(design: Design, index: number, start: number, strand?: Strand): Design {
  const old = design.insertions[index];
  if (!old) throw new DesignError(`design ${design.name} has no insertion #${index + 1}`);
  const moved = { ...old, start, strand: strand ?? old.strand };
  const problem = placementProblem(design, moved, index);
  if (problem) throw new DesignError(problem);
  const next = design.insertions.slice();
  next[index] = moved;
  return withInsertions(design, next);
}

export function deleteInsertion(design: Design, index: number): Design {
  if (!design.insertions[index]) throw new DesignError(`design ${design.name} has no insertion #${index + 1}`);
  return withInsertions(design, design.insertions.filter((_, i) => i !== index));
}

/** Consensus (argmax per position; ties → first of A,C,G,T) of a motif. */
export function consensusOf(motif: Motif): string {
  return motif.probs.map((row) => 'ACGT'[row.indexOf(Math.max(...row))]).join('');
}

/** One instance drawn from the PFM, seeded. */
export function sampleFromMotif(motif: Motif, seed: number): string {
  const r = new Rng(seed);
  let s = '';
  for (const row of motif.probs) {
    const total = row[0] + row[1] + row[2] + row[3];
    let u = r.next() * total, b = 0;
    while (b < 3 && u >= row[b]) { u -= row[b]; b++; }
    s += 'ACGT'[b];
  }
  return s;
}

/** Insertion of `motif` at `start` on `strand` (consensus, or sampled with `seed`). */
export function insertionFromMotif(
  motif: Motif,
  start: number,
  strand: Strand,
  source: InsertionSource = 'consensus',
  seed?: number,
): Insertion {
  if (source === 'sampled' && seed === undefined) throw new DesignError('a sampled motif instance needs a seed');
  const bases = source === 'consensus' ? consensusOf(motif) : sampleFromMotif(motif, seed!);
  return { motifId: motif.id, motifName: motif.name, start, strand, source, ...(source === 'sampled' ? { seed } : {}), bases };
}

/** Shuffle of the instance's bases (seeded); tries a few seeds to differ from the original. */
export function scrambleInsertion(ins: Insertion, seed: number): Insertion {
  const original = ins.scrambled?.originalBases ?? ins.bases;
  let bases = original;
  let used = seed;
  for (let k = 0; k < 16; k++) {
    used = (seed + k) >>> 0;
    const arr = [...original];
    new Rng(used).shuffle(arr);
    bases = arr.join('');
    if (bases !== original) break;
  }
  return { ...ins, bases, scrambled: { seed: used, originalBases: original } };
}

// ---------------------------------------------------------------------------------------------
// Batch: all spacings × orientations of a motif pair on k backgrounds, plus controls.

/** Strand of A then strand of B, e.g. "+-" (A forward, B reverse = convergent). */
export type Orientation = '++' | '+-' | '-+' | '--';

/** A motif instance to place in a batch (bases in motif orientation). */
export interface MotifPart {
  motifId: string;
  motifName: string;
  bases: string;
  source: InsertionSource;
  seed?: number;
}

export interface BatchOptions {
  /** Name prefix (default "<A>_<B>"). */
  prefix?: string;
  /** Start of A (default: centres A + max spacing + B in the background). */
  anchor?: number;
  /** Spacing at which single-motif and scrambled controls are placed (default: smallest). */
  controlSpacing?: number;
  /** Seed for scrambled controls (default 1). */
  scrambleSeed?: number;
  /** Rule label stored in provenance (default "spacing A–B"). */
  rule?: string;
}

export interface BatchResult {
  designs: Design[];
  controls: Design[];
}

const ORIENT_NAME: Record<Orientation, string> = { '++': 'pp', '+-': 'pm', '-+': 'mp', '--': 'mm' };

export function partFromMotif(motif: Motif, source: InsertionSource = 'consensus', seed?: number): MotifPart {
  const ins = insertionFromMotif(motif, 0, '+', source, seed);
  return { motifId: ins.motifId, motifName: ins.motifName, bases: ins.bases, source: ins.source, ...(ins.seed !== undefined ? { seed: ins.seed } : {}) };
}

/**
 * Every spacing in `spacingRange` (inclusive [min, max], edge-to-edge startB − endA) × every
 * orientation, on each of `k` backgrounds (array, or a supplier called with 0…k−1), plus per
 * background the controls: background only; A alone and B alone (each strand used, at the
 * control spacing's positions); A scrambled and B scrambled (with the partner intact, each
 * orientation, at the control spacing). A stays at `anchor`; B moves.
 */
export function batchSpacings(
  bg: readonly Background[] | ((index: number) => Background),
  A: MotifPart,
  B: MotifPart,
  spacingRange: readonly [number, number],
  orientations: readonly Orientation[],
  k: number,
  opts: BatchOptions = {},
): BatchResult {
  const [smin, smax] = spacingRange;
  if (!Number.isInteger(smin) || !Number.isInteger(smax) || smin < 0 || smin > smax)
    throw new DesignError(`spacing range ${smin}–${smax} must be whole numbers with 0 ≤ min ≤ max`);
  if (!orientations.length) throw new DesignError('choose at least one orientation');
  const orients = [...new Set(orientations)];
  if (!Number.isInteger(k) || k < 1) throw new DesignError(`number of backgrounds must be at least 1 (got ${k})`);
  if (Array.isArray(bg) && bg.length < k) throw new DesignError(`${k} backgrounds requested but only ${bg.length} given`);
  const getBg = (i: number): Background => (typeof bg === 'function' ? bg(i) : (bg as readonly Background[])[i]);
  const wa = A.bases.length, wb = B.bases.length;
  const ctrlSpacing = opts.controlSpacing ?? smin;
  if (ctrlSpacing < smin || ctrlSpacing > smax) throw new DesignError(`control spacing ${ctrlSpacing} is outside ${smin}–${smax}`);
  const prefix = opts.prefix ?? `${A.motifName}_${B.motifName}`;
  const rule = opts.rule ?? `spacing ${A.motifName}–${B.motifName} ${smin}–${smax}`;
  const scrambleSeed = opts.scrambleSeed ?? 1;
  const designs: Design[] = [], controls: Design[] = [];

  const ins = (p: MotifPart, start: number, strand: Strand): Insertion => ({
    motifId: p.motifId, motifName: p.motifName, start, strand, source: p.source,
    ...(p.seed !== undefined ? { seed: p.seed } : {}), bases: p.bases.toUpperCase(),
  });

  for (let bi = 0; bi < k; bi++) {
    const b = getBg(bi);
    const L = b.bases.length;
    const span = wa + smax + wb;
    const anchor = opts.anchor ?? Math.floor((L - span) / 2);
    if (anchor < 0 || anchor + span > L)
      throw new DesignError(`background ${bi + 1} (${L} bp) cannot hold ${A.motifName} (${wa}) + ${smax} bp + ${B.motifName} (${wb}) starting at ${anchor + 1}`);
    const tag = `${prefix}_bg${bi + 1}`;
    const mk = (suffix: string, list: Insertion[], batch: Design['batch']): Design => {
      const name = `${tag}_${suffix}`;
      return { ...createDesign(name, name, b, list), batch };
    };
    for (const s of range(smin, smax))
      for (const o of orients) {
        const a = ins(A, anchor, o[0] as Strand);
        const bb = ins(B, anchor + wa + s, o[1] as Strand);
        designs.push(mk(`s${s}_${ORIENT_NAME[o]}`, [a, bb], { rule, role: 'pair', backgroundIndex: bi, spacing: s, orientation: o }));
      }
    controls.push(mk('bg', [], { rule, role: 'background-only', backgroundIndex: bi }));
    const bStart = anchor + wa + ctrlSpacing;
    for (const st of [...new Set(orients.map((o) => o[0] as Strand))])
      controls.push(mk(`Aonly_${st === '+' ? 'p' : 'm'}`, [ins(A, anchor, st)], { rule, role: 'a-alone', backgroundIndex: bi }));
    for (const st of [...new Set(orients.map((o) => o[1] as Strand))])
      controls.push(mk(`Bonly_${st === '+' ? 'p' : 'm'}`, [ins(B, bStart, st)], { rule, role: 'b-alone', backgroundIndex: bi, spacing: ctrlSpacing }));
    for (const o of orients) {
      const a = ins(A, anchor, o[0] as Strand), bb = ins(B, bStart, o[1] as Strand);
      const seedA = scrambleSeed + bi * 1000 + 2 * orients.indexOf(o);
      controls.push(mk(`Ascr_s${ctrlSpacing}_${ORIENT_NAME[o]}`, [scrambleInsertion(a, seedA), bb],
        { rule, role: 'a-scrambled', backgroundIndex: bi, spacing: ctrlSpacing, orientation: o }));
      controls.push(mk(`Bscr_s${ctrlSpacing}_${ORIENT_NAME[o]}`, [a, scrambleInsertion(bb, seedA + 1)],
        { rule, role: 'b-scrambled', backgroundIndex: bi, spacing: ctrlSpacing, orientation: o }));
    }
  }
  return { designs, controls };
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}
