// 2-bit packing of code arrays (4 bases per byte) plus a list of N runs, for storing genomes and
// datasets compactly (in memory and as SQLite blobs). Round trip is exact for codes 0–4.

import { N } from './alphabet';

export interface PackedSeq {
  length: number;
  /** Base i lives in byte i>>2 at bit offset 2*(i&3). N positions hold 0 here. */
  bits: Uint8Array;
  /** Flattened half-open N runs: [start0, end0, start1, end1, …], sorted, non-overlapping. */
  nRuns: Uint32Array;
}

// byte → its 4 decoded bases
const UNPACK = (() => {
  const t = new Uint8Array(1024);
  for (let b = 0; b < 256; b++) for (let j = 0; j < 4; j++) t[b * 4 + j] = (b >> (2 * j)) & 3;
  return t;
})();

export function pack(codes: Uint8Array): PackedSeq {
  const n = codes.length;
  const bits = new Uint8Array((n + 3) >> 2);
  const runs: number[] = [];
  let runStart = -1;
  const full = n & ~3;
  for (let i = 0; i < full; i += 4) {
    const a = codes[i], b = codes[i + 1], c = codes[i + 2], d = codes[i + 3];
    if ((a | b | c | d) < 4) { bits[i >> 2] = a | (b << 2) | (c << 4) | (d << 6); if (runStart >= 0) { runs.push(runStart, i); runStart = -1; } continue; }
    let byte = 0;
    for (let j = 0; j < 4; j++) {
      const x = codes[i + j];
      if (x >= N) { if (runStart < 0) runStart = i + j; }
      else { byte |= x << (2 * j); if (runStart >= 0) { runs.push(runStart, i + j); runStart = -1; } }
    }
    bits[i >> 2] = byte;
  }
  for (let i = full; i < n; i++) {
    const x = codes[i];
    if (x >= N) { if (runStart < 0) runStart = i; }
    else { bits[i >> 2] |= x << (2 * (i & 3)); if (runStart >= 0) { runs.push(runStart, i); runStart = -1; } }
  }
  if (runStart >= 0) runs.push(runStart, n);
  return { length: n, bits, nRuns: Uint32Array.from(runs) };
}

/** Decode [start, end) of a packed sequence into `out` (allocated when omitted). */
export function unpack(p: PackedSeq, start = 0, end = p.length, out?: Uint8Array): Uint8Array {
  if (start < 0 || end > p.length || start > end) throw new RangeError(`unpack range [${start}, ${end}) outside 0…${p.length}`);
  const len = end - start;
  const dst = out ?? new Uint8Array(len);
  let i = start, o = 0;
  const bits = p.bits;
  while (i < end && (i & 3)) { dst[o++] = (bits[i >> 2] >> (2 * (i & 3))) & 3; i++; }
  const stop = end & ~3;
  while (i < stop) {
    const q = bits[i >> 2] * 4;
    dst[o] = UNPACK[q]; dst[o + 1] = UNPACK[q + 1]; dst[o + 2] = UNPACK[q + 2]; dst[o + 3] = UNPACK[q + 3];
    o += 4; i += 4;
  }
  while (i < end) { dst[o++] = (bits[i >> 2] >> (2 * (i & 3))) & 3; i++; }
  const r = p.nRuns;
  // binary search for the first run ending after start
  let lo = 0, hi = r.length >> 1;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (r[2 * mid + 1] <= start) lo = mid + 1; else hi = mid; }
  for (let k = lo; k < r.length >> 1 && r[2 * k] < end; k++) {
    const a = Math.max(r[2 * k], start), b = Math.min(r[2 * k + 1], end);
    dst.fill(N, a - start, b - start);
  }
  return dst;
}

/** Number of N bases in [start, end). */
export function countN(p: PackedSeq, start = 0, end = p.length): number {
  let n = 0;
  const r = p.nRuns;
  for (let k = 0; k < r.length; k += 2) {
    if (r[k] >= end) break;
    const a = Math.max(r[k], start), b = Math.min(r[k + 1], end);
    if (b > a) n += b - a;
  }
  return n;
}

/** Serialise to one byte blob: u32 length, u32 run count, runs (u32 pairs), then bits (little endian). */
export function packedToBytes(p: PackedSeq): Uint8Array {
  const out = new Uint8Array(8 + p.nRuns.length * 4 + p.bits.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, p.length, true);
  dv.setUint32(4, p.nRuns.length >> 1, true);
  for (let i = 0; i < p.nRuns.length; i++) dv.setUint32(8 + 4 * i, p.nRuns[i], true);
  out.set(p.bits, 8 + p.nRuns.length * 4);
  return out;
}

export function packedFromBytes(b: Uint8Array): PackedSeq {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const length = dv.getUint32(0, true);
  const nr = dv.getUint32(4, true);
  const nRuns = new Uint32Array(nr * 2);
  for (let i = 0; i < nr * 2; i++) nRuns[i] = dv.getUint32(8 + 4 * i, true);
  const off = 8 + nr * 8;
  const nbytes = (length + 3) >> 2;
  if (b.byteLength < off + nbytes) throw new RangeError('packed sequence blob is truncated');
  return { length, nRuns, bits: b.slice(off, off + nbytes) };
}
