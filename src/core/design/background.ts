// Background tracks for the design canvas: a seeded sampled sequence of given length and GC, or a
// shuffled natural sequence (the shuffle itself is injected: src/core/data owns the k-let
// shuffle). A "strong match check" (FIMO p < 1e-4 on either strand against the model's passing
// motifs; owned by src/core/motifs) is injected by the caller; backgrounds with a strong match
// are rejected and redrawn with a derived seed, and the number of rejections is recorded.

import { Rng } from '../seq/random';

export type BackgroundSource = 'shuffled-negative' | 'shuffled-positive' | 'sampled';

export interface Background {
  source: BackgroundSource;
  /** Seed of the draw that was accepted (derived from the requested seed; see `attemptSeed`). */
  seed: number;
  /** The seed the user asked for (first attempt). */
  requestedSeed?: number;
  /** Target GC fraction 0–1 for sampled backgrounds. */
  gc?: number;
  /** Identifier (name) of the natural sequence that was shuffled. */
  fromSequence?: string;
  /** Uppercase A/C/G/T bases. */
  bases: string;
  /** Draws rejected because they contained a strong motif match. */
  rejected?: number;
}

export interface StrongMatch {
  motifId: string;
  start: number;
  end: number;
  strand: '+' | '-';
  p: number;
}

/** Returns the strong matches in `seq` (empty = clean). Injected by the caller (FIMO module). */
export type StrongMatchCheck = (seq: string) => StrongMatch[];

export class BackgroundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackgroundError';
  }
}

/** Seed for attempt `i` (0 = the requested seed itself), deterministic. */
export function attemptSeed(seed: number, attempt: number): number {
  if (attempt === 0) return seed >>> 0;
  let z = (seed + Math.imul(attempt, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Sample `length` bases with exactly round(gc·length) G+C (each G/C position G or C with equal
 * probability, likewise A/T), in uniformly random order.
 */
export function sampleBases(length: number, gc: number, seed: number): string {
  if (!Number.isInteger(length) || length < 0) throw new BackgroundError(`background length must be a whole number ≥ 0 (got ${length})`);
  if (!(gc >= 0 && gc <= 1)) throw new BackgroundError(`background GC must be a fraction between 0 and 1 (got ${gc})`);
  const r = new Rng(seed);
  const nGc = Math.round(gc * length);
  const codes = new Uint8Array(length);
  const letters = 'ACGT';
  for (let i = 0; i < length; i++) {
    const coin = r.u32() & 1;
    codes[i] = i < nGc ? (coin ? 1 : 2) : coin ? 0 : 3;
  }
  r.shuffle(codes);
  let s = '';
  for (let i = 0; i < length; i++) s += letters[codes[i]];
  return s;
}

export interface DrawOptions {
  check?: StrongMatchCheck;
  /** Give up after this many draws (default 100). */
  maxAttempts?: number;
}

/** Draw with `draw(seed)` until `check` finds no strong match; throws after maxAttempts. */
export function drawClean(
  draw: (seed: number) => string,
  seed: number,
  opts: DrawOptions = {},
): { bases: string; seed: number; rejected: number; lastMatches: StrongMatch[] } {
  const max = opts.maxAttempts ?? 100;
  let last: StrongMatch[] = [];
  for (let a = 0; a < max; a++) {
    const s = attemptSeed(seed, a);
    const bases = draw(s);
    last = opts.check ? opts.check(bases) : [];
    if (!last.length) return { bases, seed: s, rejected: a, lastMatches: [] };
  }
  const ex = last[0];
  throw new BackgroundError(
    `no background without a strong motif match after ${max} draws (last draw matched ${ex.motifId} at ${ex.start + 1}–${ex.end} ` +
      `on the ${ex.strand} strand, p = ${ex.p.toExponential(1)}); try another GC content, a shorter length or fewer motifs`,
  );
}

export function sampledBackground(opts: { length: number; gc: number; seed: number } & DrawOptions): Background {
  const r = drawClean((s) => sampleBases(opts.length, opts.gc, s), opts.seed, opts);
  return { source: 'sampled', seed: r.seed, requestedSeed: opts.seed, gc: opts.gc, bases: r.bases, rejected: r.rejected };
}

/** Shuffle function (e.g. dinucleotide shuffle from src/core/data) injected by the caller. */
export type ShuffleFn = (seq: string, seed: number) => string;

export function shuffledBackground(
  opts: {
    source: 'shuffled-negative' | 'shuffled-positive';
    fromSequence: string;
    sequence: string;
    seed: number;
    shuffle: ShuffleFn;
  } & DrawOptions,
): Background {
  const seq = opts.sequence.toUpperCase();
  if (!/^[ACGT]*$/.test(seq))
    throw new BackgroundError(`sequence ${opts.fromSequence} contains letters other than A, C, G, T and cannot be used as a background`);
  const r = drawClean((s) => opts.shuffle(seq, s).toUpperCase(), opts.seed, opts);
  return { source: opts.source, seed: r.seed, requestedSeed: opts.seed, fromSequence: opts.fromSequence, bases: r.bases, rejected: r.rejected };
}
