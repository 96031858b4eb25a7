// Genome access for peak import: one interface over indexed FASTA (.fai, built by streaming when
// missing), bgzip FASTA with .fai+.gzi, .2bit, and plain/gzip FASTA held in memory as 2-bit packed
// codes (fine for small genomes; a human genome should be indexed or .2bit). A .fai beside a
// FASTA is verified against the file first (./fai.ts); a stale one is never trusted. Indexes
// Cisgram builds go to its cache folder (./index-cache.ts), never beside the user's genome.

import { open, readFile } from 'node:fs/promises';
import { existsSync, createReadStream } from 'node:fs';
import path from 'node:path';
import { IndexedFasta, BgzipIndexedFasta } from '@gmod/indexedfasta';
import { TwoBitFile } from '@gmod/twobit';
import { CODE_OF, N } from '../seq/alphabet';
import { pack, unpack, type PackedSeq } from '../seq/pack';
import { InputError, throwIfAborted } from './errors';
import { readFasta } from './fasta';
import type { StreamOptions } from './source';
import { parseFai, verifyFai } from './fai';
import { checkTwoBit } from './twobit-check';
import { cachedFai } from './index-cache';
import { looksLikeUtf16, UTF16_FOUND } from './utf16';

export interface Genome {
  readonly source: string;
  readonly kind: 'indexed-fasta' | 'bgzip-fasta' | 'twobit' | 'memory';
  /** Things the import report should say about this genome (e.g. a stale index was rebuilt). */
  readonly notes?: string[];
  chromSizes(): Map<string, number>;
  /** Codes of [start, end) on chrom (0-based half-open); throws RangeError outside the chromosome. */
  fetch(chrom: string, start: number, end: number): Promise<Uint8Array>;
}

function toCodes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = CODE_OF[s.charCodeAt(i) & 0xff];
    out[i] = c === 255 ? N : c;
  }
  return out;
}

function checkRange(sizes: Map<string, number>, chrom: string, start: number, end: number): void {
  const n = sizes.get(chrom);
  if (n === undefined) throw new RangeError(`chromosome '${chrom}' is not in the genome`);
  if (start < 0 || end > n || start > end) throw new RangeError(`${chrom}:${start}-${end} is outside ${chrom} (length ${n})`);
}

/** In-memory genome from records (each packed at 2 bits/base). */
export function memoryGenome(records: Iterable<{ name: string; codes: Uint8Array }>, source = '<memory>'): Genome {
  const seqs = new Map<string, PackedSeq>();
  for (const r of records) seqs.set(r.name, pack(r.codes));
  const sizes = new Map([...seqs].map(([k, v]) => [k, v.length]));
  return {
    source, kind: 'memory',
    chromSizes: () => new Map(sizes),
    fetch: async (chrom, start, end) => { checkRange(sizes, chrom, start, end); return unpack(seqs.get(chrom)!, start, end); },
  };
}

/** Load a plain or gzip FASTA into packed memory (record by record; only packed data is kept). */
export async function loadMemoryGenome(file: string, opts: StreamOptions = {}): Promise<Genome> {
  const seqs = new Map<string, PackedSeq>();
  for await (const r of readFasta(file, { ...opts, parseLabels: false })) seqs.set(r.name, pack(r.codes));
  const sizes = new Map([...seqs].map(([k, v]) => [k, v.length]));
  return {
    source: file, kind: 'memory',
    chromSizes: () => new Map(sizes),
    fetch: async (chrom, start, end) => { checkRange(sizes, chrom, start, end); return unpack(seqs.get(chrom)!, start, end); },
  };
}

/**
 * Build samtools-style .fai text for a plain FASTA by streaming it once. Errors (InputError) when
 * a record's lines are not all the same length except the last, as indexing requires, when a
 * sequence line holds anything but letters, or when a record name repeats.
 */
export async function buildFai(file: string, opts: StreamOptions = {}): Promise<string> {
  const out: string[] = [];
  let pos = 0, line = 1;
  let inHeader = false, header: number[] = [];
  let name = '', seqOffset = 0, length = 0, lineBases = -1, lineBytes = -1, headerLine = 0;
  let curBases = 0, curBytes = 0, sawShort = false, inRecord = false;
  const names = new Set<string>();
  const finish = () => {
    if (!inRecord) return;
    if (length === 0) throw new InputError(file, headerLine, `sequence lines for record '${name}'`, 'an empty record');
    if (names.has(name)) throw new InputError(file, headerLine, 'each chromosome once', `a second record named '${name}'`);
    names.add(name);
    out.push(`${name}\t${length}\t${seqOffset}\t${lineBases}\t${lineBytes}`);
  };
  const endSeqLine = () => {
    // curBases/curBytes describe the line that just ended (bytes include the newline)
    if (curBases === 0) { if (curBytes > 0 && lineBases > 0) sawShort = true; return; }
    if (sawShort) throw new InputError(file, line, `lines of ${lineBases} bases (all but the last line of a record must be equal to index it)`, 'a line after a shorter one');
    if (lineBases < 0) { lineBases = curBases; lineBytes = curBytes; }
    else if (curBases > lineBases) throw new InputError(file, line, `lines of at most ${lineBases} bases (equal line lengths are needed to index)`, `${curBases} bases`);
    else if (curBases < lineBases) sawShort = true;
    length += curBases;
  };
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  let first = true;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    throwIfAborted(opts.signal);
    if (first && chunk[0] === 0x1f && chunk[1] === 0x8b) throw new InputError(file, undefined, 'an uncompressed FASTA to index', 'gzip data (use bgzip with .fai/.gzi, or load into memory)');
    if (first && looksLikeUtf16(chunk.subarray(0, 64))) throw new InputError(file, 1, 'plain text (UTF-8 or ASCII)', UTF16_FOUND);
    // A UTF-8 byte-order mark before the first header: skipped, but its bytes count in the offsets.
    const i0 = first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
    first = false;
    for (let i = i0; i < chunk.length; i++) {
      const b = chunk[i];
      if (inHeader) {
        if (b === 10) {
          inHeader = false;
          const text = Buffer.from(header).toString('utf8').trim();
          name = text.split(/\s/)[0];
          seqOffset = pos + i + 1;
          length = 0; lineBases = -1; lineBytes = -1; curBases = 0; curBytes = 0; sawShort = false; inRecord = true;
          line++;
        } else header.push(b);
        continue;
      }
      if (b === 62 && curBytes === 0) {
        finish();
        inHeader = true; header = []; headerLine = line;
        continue;
      }
      if (!inRecord && b !== 10 && b !== 13 && b !== 32) throw new InputError(file, line, "a FASTA header line starting with '>'", `'${String.fromCharCode(b)}'`);
      curBytes++;
      if (b === 10) { endSeqLine(); curBases = 0; curBytes = 0; line++; }
      else if (b !== 13) {
        // Bases are letters (IUPAC, soft-masked lowercase): a digit, space or gap is damage.
        if (!((b >= 65 && b <= 90) || (b >= 97 && b <= 122))) throw new InputError(file, line, `bases (letters) in the sequence of '${name}'`, `'${b < 32 || b > 126 ? `byte ${b}` : String.fromCharCode(b)}' at column ${curBytes}`);
        curBases++;
      }
    }
    pos += chunk.length;
    opts.onProgress?.({ bytes: pos });
  }
  if (inHeader) throw new InputError(file, headerLine, `sequence lines for record '${Buffer.from(header).toString().trim()}'`, 'end of file');
  if (curBytes > 0) { curBytes++; endSeqLine(); }
  if (!inRecord) throw new InputError(file, 1, "a FASTA header line starting with '>'", 'no records');
  finish();
  return out.join('\n') + '\n';
}

/** True when the start of a plain FASTA ends its lines with CR alone (classic Mac OS). */
async function crOnlyLineEnds(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    return head.includes(13) && !head.includes(10);
  } finally {
    await fh.close();
  }
}

type FaiHandle = NonNullable<ConstructorParameters<typeof IndexedFasta>[0]['fai']>;

/** The index text as a file handle, for an index that is kept in memory rather than written. */
function memoryFai(text: string): FaiHandle {
  const bytes = new TextEncoder().encode(text);
  const readFile = (async (opts?: unknown) => {
    const enc = typeof opts === 'string' ? opts : (opts as { encoding?: string } | undefined)?.encoding;
    return enc ? text : bytes.slice();
  }) as FaiHandle['readFile'];
  return {
    read: async (length: number, position: number) => bytes.slice(position, position + length),
    readFile,
    stat: async () => ({ size: bytes.length }),
    close: async () => undefined,
  };
}

/**
 * The index of a plain FASTA: the `.fai` beside it when it checks out against the file (see
 * ./fai.ts; it is the user's, e.g. from samtools faidx, and is only read), else the one Cisgram
 * keeps in its cache folder (./index-cache.ts: verified by size, mtime and spot checks, rebuilt by
 * streaming when stale). Nothing is ever written beside the genome. A stale `.fai` beside it is
 * left untouched and the import report says so.
 */
async function faiFor(file: string, opts: StreamOptions): Promise<{ fai: FaiHandle | string; note?: string }> {
  const beside = `${file}.fai`;
  let note: string | undefined;
  if (existsSync(beside)) {
    const parsed = parseFai(await readFile(beside, 'utf8'));
    const why = typeof parsed === 'string' ? parsed : await verifyFai(file, parsed);
    if (!why) return { fai: beside };
    note = `The index ${path.basename(beside)} does not match ${path.basename(file)} (${why}); it is out of date, so Cisgram rebuilt the index for this import and left your file unchanged (delete it, or re-run samtools faidx, to stop this).`;
  }
  const cached = await cachedFai(file, () => buildFai(file, opts));
  return { fai: cached.path ?? memoryFai(cached.text), note };
}

function sizesFrom(rec: Record<string, number>): Map<string, number> {
  return new Map(Object.entries(rec));
}

export interface OpenGenomeOptions extends StreamOptions {
  /** Load a plain FASTA into memory instead of indexing it. */
  inMemory?: boolean;
}

/** Open a genome file: .2bit, bgzip FASTA with .fai+.gzi, gzip FASTA (into memory), or plain FASTA (.fai built when missing). */
export async function openGenome(file: string, opts: OpenGenomeOptions = {}): Promise<Genome> {
  const fh = await open(file, 'r');
  const head = Buffer.alloc(4);
  try { await fh.read(head, 0, 4, 0); } finally { await fh.close(); }
  const magic = head.readUInt32LE(0);
  if (magic === 0x1a412743 || magic === 0x4327411a) {
    await checkTwoBit(file); // a damaged file is named here, not as a DataView error deep inside
    const tb = new TwoBitFile({ path: file });
    const damaged = (e: unknown): never => {
      throw new InputError(file, undefined, 'a readable .2bit genome', `damage the reader met (${(e as Error)?.message ?? String(e)})`);
    };
    const sizes = sizesFrom(await tb.getSequenceSizes().catch(damaged));
    return {
      source: file, kind: 'twobit',
      chromSizes: () => new Map(sizes),
      fetch: async (chrom, start, end) => { checkRange(sizes, chrom, start, end); return toCodes((await tb.getSequence(chrom, start, end).catch(damaged)) ?? ''); },
    };
  }
  if (head[0] === 0x1f && head[1] === 0x8b) {
    if (existsSync(`${file}.fai`) && existsSync(`${file}.gzi`)) {
      const why = parseFai(await readFile(`${file}.fai`, 'utf8'));
      if (typeof why === 'string') {
        // A malformed index beside a gzip genome is not used: the genome is read into memory instead.
        const g = await loadMemoryGenome(file, opts);
        return { ...g, notes: [`The index ${path.basename(file)}.fai is not a valid index (${why}); ${path.basename(file)} was read into memory instead and your files were left unchanged.`] };
      }
      const damaged = (e: unknown): never => {
        throw new InputError(file, undefined, `a bgzip genome readable with ${path.basename(file)}.fai and ${path.basename(file)}.gzi`, `an error reading it (${(e as Error)?.message ?? String(e)}); the file or its indexes are damaged or do not belong together — re-run bgzip and samtools faidx`);
      };
      const f = new BgzipIndexedFasta({ path: file, faiPath: `${file}.fai`, gziPath: `${file}.gzi` });
      const sizes = sizesFrom(await f.getSequenceSizes().catch(damaged));
      return {
        source: file, kind: 'bgzip-fasta',
        chromSizes: () => new Map(sizes),
        fetch: async (chrom, start, end) => { checkRange(sizes, chrom, start, end); return toCodes((await f.getSequence(chrom, start, end).catch(damaged)) ?? ''); },
      };
    }
    return loadMemoryGenome(file, opts);
  }
  if (opts.inMemory) return loadMemoryGenome(file, opts);
  if (await crOnlyLineEnds(file)) {
    // Old-Mac line ends (CR alone) cannot be indexed like samtools does; read it into memory.
    const g = await loadMemoryGenome(file, opts);
    return { ...g, notes: [`${path.basename(file)} has old Mac line ends (CR only); it was read into memory rather than indexed.`] };
  }
  const { fai, note } = await faiFor(file, opts);
  const f = typeof fai === 'string' ? new IndexedFasta({ path: file, faiPath: fai }) : new IndexedFasta({ path: file, fai });
  const sizes = sizesFrom(await f.getSequenceSizes());
  return {
    source: file, kind: 'indexed-fasta', notes: note ? [note] : [],
    chromSizes: () => new Map(sizes),
    fetch: async (chrom, start, end) => { checkRange(sizes, chrom, start, end); return toCodes((await f.getSequence(chrom, start, end)) ?? ''); },
  };
}
