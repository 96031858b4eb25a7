// One length for every sequence: centre-crop longer sequences and pad shorter ones with N on both
// sides (the extra base of an odd difference goes to the right), so a dataset of mixed lengths
// can be trained. The model reads N as "no base" (all-zero one-hot), so padding adds no signal.
import { N } from '../seq/alphabet';

/** The centred window of `length` bases (cropped or N-padded); the input is never changed. */
export function fitLength(codes: Uint8Array, length: number): Uint8Array {
  const L = codes.length;
  if (L === length) return codes;
  if (L > length) {
    const off = Math.floor((L - length) / 2);
    return codes.slice(off, off + length);
  }
  const out = new Uint8Array(length).fill(N);
  out.set(codes, Math.floor((length - L) / 2));
  return out;
}

/** What fitting did, for the import report. */
export interface FitReport {
  cropped: number;
  padded: number;
}

export function describeFit(r: FitReport, length: number): string {
  if (!r.cropped && !r.padded) return `Every sequence already had ${length} bp.`;
  return `Sequences were brought to ${length} bp around their centre: ${r.cropped.toLocaleString('en')} cropped, ${r.padded.toLocaleString('en')} padded with N.`;
}
