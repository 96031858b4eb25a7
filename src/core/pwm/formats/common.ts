// Shared pieces of the motif file parsers/writers: the typed parse error, line splitting,
// numeric row parsing, and counts/probability validation (strict, all-or-nothing).
import type { Motif } from '../types';

/** Every malformed-motif-file problem: names the file, the motif (when known), the 1-based line and what was expected. */
export class MotifFormatError extends Error {
  readonly file: string;
  readonly motif: string | undefined;
  readonly line: number | undefined;
  readonly expected: string;
  constructor(file: string, motif: string | undefined, line: number | undefined, expected: string) {
    const where = `${file}${line !== undefined ? `:${line}` : ''}${motif !== undefined ? ` (motif ${motif})` : ''}`;
    super(`${where}: ${expected}`);
    this.name = 'MotifFormatError';
    this.file = file;
    this.motif = motif;
    this.line = line;
    this.expected = expected;
  }
}

export interface ParseOptions {
  /** File name used in error messages and as Motif.source (default "<input>"). */
  file?: string;
  /** Tolerance for probability rows summing to one (default 0.01); rows within it are renormalised. */
  tolerance?: number;
}

export interface Line { text: string; no: number }

export function splitLines(text: string): Line[] {
  const raw = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  return raw.map((t, i) => ({ text: t, no: i + 1 }));
}

const NUM_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
export function isNumber(tok: string): boolean { return NUM_RE.test(tok); }

/** Parse whitespace tokens as numbers; throws naming the first non-numeric token. */
export function parseNumbers(tokens: string[], file: string, motif: string | undefined, line: number, what: string): number[] {
  const out: number[] = [];
  for (const t of tokens) {
    if (!isNumber(t)) throw new MotifFormatError(file, motif, line, `expected a number in ${what}, found '${t}'`);
    out.push(Number(t));
  }
  return out;
}

/** A matrix row (position) as A,C,G,T values plus the line it came from. */
export interface RawRow { v: number[]; line: number }

/**
 * Turn per-position rows (A,C,G,T) into a Motif probability matrix.
 * kind 'counts': non-negative, each position sums > 0; probabilities = counts / column sum; nsites = round(max column sum).
 * kind 'probs': non-negative, each position sums to 1 within tolerance (renormalised).
 * kind 'auto': probabilities when every value ≤ 1 and every row sum ≤ 1.5, else counts.
 */
export function rowsToMotif(
  rows: RawRow[], kind: 'counts' | 'probs' | 'auto', file: string, id: string, name: string,
  headerLine: number, tolerance: number,
): { probs: number[][]; nsites?: number; kindUsed: 'counts' | 'probs' } {
  if (rows.length === 0) throw new MotifFormatError(file, id, headerLine, 'expected at least one matrix position, found an empty motif');
  for (const [pi, r] of rows.entries()) {
    if (r.v.length !== 4) throw new MotifFormatError(file, id, r.line, `expected 4 values (A C G T) at position ${pi + 1}, found ${r.v.length}`);
    for (const x of r.v) {
      if (!Number.isFinite(x)) throw new MotifFormatError(file, id, r.line, `expected finite numbers at position ${pi + 1}, found ${x}`);
      if (x < 0) throw new MotifFormatError(file, id, r.line, `expected non-negative values at position ${pi + 1}, found ${x}`);
    }
  }
  let k = kind;
  if (k === 'auto') {
    const probLike = rows.every((r) => r.v.every((x) => x <= 1) && r.v[0] + r.v[1] + r.v[2] + r.v[3] <= 1.5);
    k = probLike ? 'probs' : 'counts';
  }
  const probs: number[][] = [];
  let maxSum = 0;
  for (const [pi, r] of rows.entries()) {
    const s = r.v[0] + r.v[1] + r.v[2] + r.v[3];
    if (k === 'probs') {
      if (Math.abs(s - 1) > tolerance)
        throw new MotifFormatError(file, id, r.line, `expected probabilities summing to 1 (±${tolerance}) at position ${pi + 1}, found sum ${+s.toFixed(6)}`);
    } else if (!(s > 0)) {
      throw new MotifFormatError(file, id, r.line, `expected counts with a positive total at position ${pi + 1}, found all zero`);
    }
    maxSum = Math.max(maxSum, s);
    probs.push(r.v.map((x) => x / s));
  }
  void name;
  return k === 'counts' ? { probs, nsites: Math.round(maxSum), kindUsed: 'counts' } : { probs, kindUsed: 'probs' };
}

/**
 * Round a probability row to `digits` decimals so that the printed values sum exactly to one
 * (largest-remainder rounding): each printed value differs from the true one by < 10^-digits.
 */
export function roundRow(row: number[], digits = 6): string[] {
  const unit = 10 ** digits;
  const s = row.reduce((a, b) => a + b, 0) || 1;
  const scaled = row.map((x) => (x / s) * unit);
  const fl = scaled.map((x) => Math.floor(x + 1e-9));
  let rest = unit - fl.reduce((a, b) => a + b, 0);
  const order = scaled.map((x, i) => [x - fl[i], i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let j = 0; rest > 0 && j < order.length; j++, rest--) fl[order[j][1]]++;
  return fl.map((x) => (x / unit).toFixed(digits));
}

/** Format a count: integer when within 1e-9 of one, else up to 6 decimals without trailing zeros. */
export function fmtCount(x: number): string {
  const r = Math.round(x);
  if (Math.abs(x - r) < 1e-9) return String(r);
  return x.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}

export function checkMotifForWrite(m: Motif): void {
  if (!m.probs.length) throw new Error(`motif ${m.id}: cannot write an empty matrix`);
  for (const r of m.probs) if (r.length !== 4) throw new Error(`motif ${m.id}: every position needs 4 values`);
}

/** Base name of a path (for default ids and error messages). */
export function baseName(file: string): string {
  const b = file.split(/[\\/]/).pop() ?? file;
  return b.replace(/\.(pfm|jaspar|txt|meme|transfac|motif|motifs)$/i, '') || b;
}
