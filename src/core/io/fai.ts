// A .fai index checked against its FASTA before it is trusted: a modification time says nothing
// about a re-wrapped or replaced genome, so the index must add up to the file's size and its
// offsets must land on the named headers and on whole sequence lines (spot checks).
import { open } from 'node:fs/promises';

export interface FaiRecord {
  name: string;
  length: number;
  offset: number;
  lineBases: number;
  lineBytes: number;
}

const NL = 10, CR = 13, GT = 62;
/** Records whose headers and lines are read back; the size check covers every record. */
const SPOT_CHECKS = 64;

/** Parses .fai text; returns a reason instead when it is not a well-formed index. */
export function parseFai(text: string): FaiRecord[] | string {
  const out: FaiRecord[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (!line) continue;
    const f = line.split('\t');
    if (f.length < 5) return `line ${i + 1} has ${f.length} column(s), an index line has 5`;
    const [length, offset, lineBases, lineBytes] = f.slice(1, 5).map(Number);
    if (![length, offset, lineBases, lineBytes].every((v) => Number.isSafeInteger(v) && v >= 0) || lineBases < 1 || lineBytes < lineBases) {
      return `line ${i + 1} ('${line.slice(0, 60)}') is not a valid index line`;
    }
    out.push({ name: f[0], length, offset, lineBases, lineBytes });
  }
  if (!out.length) return 'it is empty';
  return out;
}

/** Position just past the last base of a record. */
function seqEnd(r: FaiRecord): number {
  if (r.length === 0) return r.offset;
  const fullLines = Math.ceil(r.length / r.lineBases) - 1;
  return r.offset + fullLines * r.lineBytes + (r.length - fullLines * r.lineBases);
}

function isBase(b: number): boolean {
  return b !== NL && b !== CR && b !== GT;
}

/**
 * Checks an index against the FASTA it claims to describe. Returns null when it matches, else a
 * short reason ("the genome is 1,200 bytes but the index describes 1,260").
 */
export async function verifyFai(fastaPath: string, records: FaiRecord[]): Promise<string | null> {
  const fh = await open(fastaPath, 'r');
  try {
    const size = (await fh.stat()).size;
    const read = async (pos: number, len: number): Promise<Buffer> => {
      const start = Math.max(0, pos);
      const n = Math.max(0, Math.min(len, size - start));
      const buf = Buffer.alloc(n);
      if (n) await fh.read(buf, 0, n, start);
      return buf;
    };
    const sorted = [...records].sort((a, b) => a.offset - b.offset);
    for (let i = 0; i < sorted.length; i++) {
      const r = sorted[i];
      const end = seqEnd(r);
      const limit = i + 1 < sorted.length ? sorted[i + 1].offset : size;
      if (end > limit) {
        return i + 1 < sorted.length
          ? `record '${r.name}' would run into the next record '${sorted[i + 1].name}'`
          : `the genome is ${size.toLocaleString('en')} bytes but the index describes ${end.toLocaleString('en')} or more`;
      }
    }
    const last = sorted[sorted.length - 1];
    const tail = await read(seqEnd(last), 4096);
    if (seqEnd(last) + tail.length < size || tail.some((b) => b !== NL && b !== CR && b !== 32 && b !== 9)) {
      return `the genome is ${size.toLocaleString('en')} bytes but the index ends at ${seqEnd(last).toLocaleString('en')}`;
    }
    const step = Math.max(1, Math.floor(sorted.length / SPOT_CHECKS));
    for (let i = 0; i < sorted.length; i += step) {
      const why = await spotCheck(sorted[i], read);
      if (why) return why;
    }
    return step > 1 ? spotCheck(last, read) : null;
  } finally {
    await fh.close();
  }
}

async function spotCheck(r: FaiRecord, read: (pos: number, len: number) => Promise<Buffer>): Promise<string | null> {
  // The header line right before the sequence names this record.
  const before = await read(r.offset - 4096, Math.min(4096, r.offset));
  if (before[before.length - 1] !== NL) return `record '${r.name}' does not start after a header line`;
  const text = before.subarray(0, before.length - 1).toString('latin1');
  const header = text.slice(text.lastIndexOf('\n') + 1).replace(/\r$/, '').replace(/^\u00ef\u00bb\u00bf/, ''); // a BOM before the first header
  const name = header.slice(1).split(/\s/)[0];
  if (header[0] !== '>' || name !== r.name) return `the header before record '${r.name}' reads '${header.slice(0, 40)}'`;
  if (r.length === 0) return null;
  // Whole lines: the first, one in the middle, and the end of the last.
  const lines = Math.ceil(r.length / r.lineBases);
  for (const k of new Set([0, Math.floor((lines - 1) / 2)])) {
    if (k >= lines - 1) continue;
    const line = await read(r.offset + k * r.lineBytes, r.lineBytes);
    const bases = line.subarray(0, r.lineBases);
    const eol = line.subarray(r.lineBases);
    if (line.length < r.lineBytes || !bases.every(isBase) || eol[eol.length - 1] !== NL || !eol.every((b) => b === NL || b === CR)) {
      return `line ${k + 1} of record '${r.name}' is not ${r.lineBases} bases long`;
    }
  }
  const end = seqEnd(r);
  const around = await read(end - 1, 2);
  if (!isBase(around[0]) || (around.length > 1 && around[1] !== NL && around[1] !== CR)) {
    return `record '${r.name}' does not end after ${r.length.toLocaleString('en')} bases`;
  }
  return null;
}
