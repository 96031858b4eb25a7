import { describe, it, expect, beforeAll } from 'vitest';
import path from 'node:path';
import { mkdtempSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadBed } from '../../../src/core/io/bed';
import { InputError } from '../../../src/core/io/errors';
import { openGenome, memoryGenome, buildFai, type Genome } from '../../../src/core/io/genome';
import { cachedIndexPaths } from '../../../src/core/io/index-cache';
import { peaksToWindows, GenomeMismatchError } from '../../../src/core/data/windows';
import { decode, encode } from '../../../src/core/seq/alphabet';
import { Rng } from '../../../src/core/seq/random';
import { fixtures, ce2Path, hasCe2 } from '../data/helpers';

const fx = (f: string) => path.join(fixtures, f);

async function inputError(p: Promise<unknown>): Promise<InputError> {
  try { await p; } catch (e) { expect(e).toBeInstanceOf(InputError); return e as InputError; }
  throw new Error('expected an InputError');
}

describe('BED reader', () => {
  it('reads narrowPeak with summits, skipping track/comment lines', async () => {
    const peaks = await loadBed(fx('ce2_peaks.narrowPeak'));
    expect(peaks.length).toBe(7);
    expect(peaks[0]).toMatchObject({ chrom: 'chrX', start: 1000, end: 1400, name: 'p1', summit: 150, line: 3 });
    expect(peaks[1].summit).toBeUndefined();
  });
  it('errors with line numbers on wrong column counts, non-integers and start > end', async () => {
    let e = await inputError(loadBed(fx('bad_columns.bed')));
    expect([e.line, e.found]).toEqual([2, '2 column(s)']);
    e = await inputError(loadBed(fx('bad_int.bed')));
    expect(e.line).toBe(2); expect(e.found).toBe("'3O'");
    e = await inputError(loadBed(fx('bad_order.bed')));
    expect(e.line).toBe(2); expect(e.message).toMatch(/start 50 > end 40/);
    e = await inputError(loadBed(fx('ragged.bed')));
    expect(e.line).toBe(2); expect(e.expected).toMatch(/4 columns/);
  });
});

describe('windows', () => {
  const sizes = new Map([['chr1', 10000], ['chr2', 3000]]);
  it('centres on summit or peak centre, drops off-end, duplicate and missing-chromosome peaks', () => {
    const { windows, report } = peaksToWindows([
      { chrom: 'chr1', start: 1000, end: 2000, summit: 100 },
      { chrom: 'chr1', start: 1000, end: 2000 },
      { chrom: 'chr1', start: 1000, end: 2000 }, // duplicate of previous
      { chrom: 'chr1', start: 0, end: 100 }, // off the start
      { chrom: 'chr2', start: 2900, end: 3000 }, // off the end
      { chrom: 'chr2', start: 2500, end: 2500 }, // window [2250, 2750) fits
      { chrom: 'chrUn', start: 10, end: 20 },
    ], sizes);
    expect(windows.map((w) => [w.chrom, w.start, w.end, w.peak])).toEqual([['chr1', 850, 1350, 0], ['chr1', 1250, 1750, 1], ['chr2', 2250, 2750, 5]]);
    expect(report.dropped).toEqual({ offChromosomeEnd: 2, duplicate: 1, missingChromosome: 1 });
    expect(report.missingChromosomes).toEqual(['chrUn']);
    expect(report.kept).toBe(3);
  });
  it('errors listing chromosomes when all are missing', () => {
    expect(() => peaksToWindows([{ chrom: '1', start: 5, end: 10 }, { chrom: '2', start: 5, end: 10 }], sizes)).toThrow(GenomeMismatchError);
    expect(() => peaksToWindows([{ chrom: '1', start: 5, end: 10 }], sizes)).toThrow(/1 \(genome has chr1, chr2\)/);
  });
  it('seeded jitter stays within bounds and is reproducible', () => {
    const peaks = Array.from({ length: 200 }, (_, i) => ({ chrom: 'chr1', start: 2000 + i * 20, end: 2000 + i * 20 + 100 }));
    const a = peaksToWindows(peaks, sizes, { length: 200, jitter: 30, seed: 2 });
    const b = peaksToWindows(peaks, sizes, { length: 200, jitter: 30, seed: 2 });
    expect(a.windows).toEqual(b.windows);
    const shifts = a.windows.map((w) => w.start + 100 - (peaks[w.peak].start + 50));
    expect(Math.max(...shifts)).toBeLessThanOrEqual(30);
    expect(Math.min(...shifts)).toBeGreaterThanOrEqual(-30);
    expect(new Set(shifts).size).toBeGreaterThan(20);
  });
});

/** Minimal .2bit writer (UCSC format) for the test. */
function write2bit(file: string, recs: { name: string; seq: string }[]): void {
  const enc: Record<string, number> = { T: 0, C: 1, A: 2, G: 3 };
  const parts: Buffer[] = [];
  const header = Buffer.alloc(16);
  header.writeUInt32LE(0x1a412743, 0); header.writeUInt32LE(0, 4); header.writeUInt32LE(recs.length, 8);
  let indexLen = 0;
  for (const r of recs) indexLen += 1 + r.name.length + 4;
  let offset = 16 + indexLen;
  const index: Buffer[] = [];
  const bodies: Buffer[] = [];
  for (const r of recs) {
    const nStarts: number[] = [], nSizes: number[] = [];
    for (let i = 0; i < r.seq.length; i++) {
      if (r.seq[i] === 'N') { const s = i; while (i < r.seq.length && r.seq[i] === 'N') i++; nStarts.push(s); nSizes.push(i - s); }
    }
    const head = Buffer.alloc(4 + 4 + 8 * nStarts.length + 4 + 4);
    let o = head.writeUInt32LE(r.seq.length, 0);
    o = head.writeUInt32LE(nStarts.length, o);
    for (const s of nStarts) o = head.writeUInt32LE(s, o);
    for (const s of nSizes) o = head.writeUInt32LE(s, o);
    o = head.writeUInt32LE(0, o); head.writeUInt32LE(0, o);
    const dna = Buffer.alloc(Math.ceil(r.seq.length / 4));
    for (let i = 0; i < r.seq.length; i++) dna[i >> 2] |= (enc[r.seq[i]] ?? 0) << (6 - 2 * (i & 3));
    const body = Buffer.concat([head, dna]);
    const ix = Buffer.alloc(1 + r.name.length + 4);
    ix.writeUInt8(r.name.length, 0); ix.write(r.name, 1, 'latin1'); ix.writeUInt32LE(offset, 1 + r.name.length);
    index.push(ix); bodies.push(body); offset += body.length;
  }
  parts.push(header, ...index, ...bodies);
  writeFileSync(file, Buffer.concat(parts));
}

describe('genomes', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cisgram-genome-'));
  process.env.CISGRAM_CACHE_DIR = path.join(dir, 'cache');
  const rng = new Rng(8);
  const chroms = [{ name: 'c1', len: 1234 }, { name: 'c2', len: 600 }, { name: 'c3', len: 61 }].map(({ name, len }) => {
    let s = '';
    for (let i = 0; i < len; i++) s += i > 100 && i < 130 ? 'N' : 'ACGT'[rng.int(4)];
    return { name, seq: s };
  });
  const faPath = path.join(dir, 'g.fa');
  writeFileSync(faPath, chroms.map((c) => `>${c.name} desc\n${c.seq.match(/.{1,60}/g)!.join('\n')}\n`).join(''));

  async function checkGenome(g: Genome) {
    expect([...g.chromSizes()]).toEqual(chroms.map((c) => [c.name, c.seq.length]));
    for (let t = 0; t < 50; t++) {
      const c = chroms[rng.int(chroms.length)];
      const a = rng.int(c.seq.length), b = a + rng.int(c.seq.length - a + 1);
      expect(decode(await g.fetch(c.name, a, b))).toBe(c.seq.slice(a, b));
    }
    await expect(g.fetch('c2', 500, 601)).rejects.toThrow(RangeError);
    await expect(g.fetch('nope', 0, 1)).rejects.toThrow(/not in the genome/);
  }

  it('indexed FASTA: builds a samtools-compatible .fai by streaming when missing', async () => {
    const fai = await buildFai(faPath);
    expect(fai.split('\n')[0]).toBe(`c1\t1234\t${'>c1 desc\n'.length}\t60\t61`);
    const g = await openGenome(faPath);
    expect(g.kind).toBe('indexed-fasta');
    // Built into the app's cache folder (CISGRAM_CACHE_DIR), never beside the user's genome.
    expect(existsSync(faPath + '.fai')).toBe(false);
    expect(readFileSync(cachedIndexPaths(faPath).fai, 'utf8')).toBe(fai);
    await checkGenome(g);
  });

  it('refuses to index ragged FASTA lines', async () => {
    const p = path.join(dir, 'ragged.fa');
    writeFileSync(p, '>a\nACGT\nAC\nACGT\n');
    const e = await inputError(buildFai(p));
    expect(e.line).toBe(4);
  });

  it('gzip FASTA loads into packed memory; memoryGenome and .2bit agree', async () => {
    const { gzipSync } = await import('node:zlib');
    const gz = path.join(dir, 'g.fa.gz');
    writeFileSync(gz, gzipSync(readFileSync(faPath)));
    const g = await openGenome(gz);
    expect(g.kind).toBe('memory');
    await checkGenome(g);
    await checkGenome(memoryGenome(chroms.map((c) => ({ name: c.name, codes: encode(c.seq) }))));
    const tb = path.join(dir, 'g.2bit');
    write2bit(tb, chroms);
    const t = await openGenome(tb);
    expect(t.kind).toBe('twobit');
    await checkGenome(t);
  });
});

describe.skipIf(!hasCe2)('ce2 chrX windows (needs ../shared/data/genome/ce2_chrX.fa.gz)', () => {
  let g: Genome;
  beforeAll(async () => { g = await openGenome(ce2Path); }, 30000);
  it('loads the gzip genome and makes windows from a narrowPeak file, counting drops', async () => {
    expect(g.chromSizes().get('chrX')).toBe(17718849);
    expect(decode(await g.fetch('chrX', 0, 12))).toBe('CTAAGCCTAAGC');
    const peaks = await loadBed(fx('ce2_peaks.narrowPeak'));
    const { windows, report } = peaksToWindows(peaks, g.chromSizes(), { length: 500 });
    expect(report.dropped).toEqual({ offChromosomeEnd: 2, duplicate: 1, missingChromosome: 1 });
    expect(report.missingChromosomes).toEqual(['chrII']);
    expect(windows.map((w) => [w.name, w.start])).toEqual([['p1', 900], ['p2', 4900], ['p3', 9050]]);
    for (const w of windows) expect((await g.fetch(w.chrom, w.start, w.end)).length).toBe(500);
  });
});
