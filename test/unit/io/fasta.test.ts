import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { readFasta, loadFasta, readDeepBindSeq } from '../../../src/core/io/fasta';
import { InputError } from '../../../src/core/io/errors';
import { decode } from '../../../src/core/seq/alphabet';
import { fixtures, sharedData } from '../data/helpers';

const fx = (f: string) => path.join(fixtures, f);

async function expectInputError(p: Promise<unknown>, match: RegExp, line?: number): Promise<InputError> {
  try { await p; } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    const ie = e as InputError;
    expect(ie.message).toMatch(match);
    if (line !== undefined) expect(ie.line).toBe(line);
    return ie;
  }
  throw new Error('expected an InputError');
}

describe('FASTA reader', () => {
  it('applies the lowercase / IUPAC / U rule and parses labels', async () => {
    const recs = await loadFasta(fx('good.fa'));
    expect(recs.map((r) => r.name)).toEqual(['seq1', 'seq2']);
    expect(decode(recs[0].codes)).toBe('ACGTACGTNNNNNNNNNNNT');
    expect(decode(recs[1].codes)).toBe('GGGGCC');
    expect(recs[0].labels).toEqual([1, 0]);
    expect(recs[1].labels).toEqual([0, 1]);
    expect(recs[1].line).toBe(4);
  });

  it('reads gzip transparently (detected by magic bytes)', async () => {
    const a = await loadFasta(fx('good.fa'));
    const b = await loadFasta(fx('good.fa.gz'));
    expect(b.map((r) => decode(r.codes))).toEqual(a.map((r) => decode(r.codes)));
  });

  it('rejects non-FASTA input naming the line', async () => {
    const e = await expectInputError(loadFasta(fx('not_fasta.fa')), /expected a FASTA header line starting with '>'/, 1);
    expect(e.file).toBe(fx('not_fasta.fa'));
    await expectInputError(loadFasta(Readable.from([Buffer.from('')]), { fileName: 'empty.fa' }), /no records/);
  });

  it('rejects empty records', async () => {
    await expectInputError(loadFasta(fx('empty_record.fa')), /empty record/, 5);
    await expectInputError(loadFasta(Readable.from([Buffer.from('>a\nAC\n>last\n')])), /empty record/, 3);
  });

  it('rejects duplicate names with both line numbers', async () => {
    const e = await expectInputError(loadFasta(fx('dup.fa')), /duplicate name 'a' at lines 1 and 5/, 5);
    expect(e.found).toContain('1 and 5');
  });

  it('rejects digits, gaps and inner spaces', async () => {
    await expectInputError(loadFasta(fx('digit.fa')), /found '1'/, 2);
    await expectInputError(loadFasta(fx('gap.fa')), /found '-'/, 2);
    await expectInputError(loadFasta(fx('inner_space.fa')), /whitespace inside/, 2);
    await expectInputError(loadFasta(Readable.from([Buffer.from('>a\nAC*\n')])), /found '\*'/, 2);
  });

  it('rejects inconsistent or non-numeric labels', async () => {
    await expectInputError(loadFasta(Readable.from([Buffer.from('>a label=1,0\nAC\n>b label=1\nAC\n')])), /2 label\(s\)/, 3);
    await expectInputError(loadFasta(Readable.from([Buffer.from('>a label=yes\nAC\n')])), /numeric label/, 1);
  });

  it('reports truncated gzip as an InputError', async () => {
    await expectInputError(loadFasta(fx('truncated.fa.gz')), /truncated gzip/);
  });

  it('handles records split across arbitrary chunk boundaries', async () => {
    const text = '>x desc label=1\nACGT\nTTGA\n\n>y label=0\nNNAC\n';
    for (let cut = 1; cut < text.length; cut++) {
      const recs = await loadFasta(Readable.from([Buffer.from(text.slice(0, cut)), Buffer.from(text.slice(cut))]));
      expect(recs.map((r) => `${r.name}:${decode(r.codes)}:${r.labels}`)).toEqual(['x:ACGTTTGA:1', 'y:NNAC:0']);
    }
  });

  it('streams ~1 GB from a synthetic Readable with bounded memory', async () => {
    const line = Buffer.from('ACGTACGTTGCAACGTNNACGTACGTTGCAACGTACGTACGTTGCAACGTACGTACGTTGCAACGTACGTACGTTGCAACGT\n');
    const recLines = 1000; // ~85 kB per record
    const block = Buffer.concat(Array.from({ length: recLines }, () => line));
    const total = 12000; // records → ~1.0 GB
    let i = 0;
    const src = new Readable({
      read() {
        if (i >= total) { this.push(null); return; }
        this.push(Buffer.from(`>r${i++}\n`));
        this.push(block);
      },
    });
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    let maxRss = rss0, count = 0, bases = 0;
    const t0 = Date.now();
    for await (const r of readFasta(src)) {
      count++; bases += r.codes.length;
      if ((count & 255) === 0) maxRss = Math.max(maxRss, process.memoryUsage().rss);
    }
    expect(count).toBe(total);
    expect(bases).toBe(total * recLines * (line.length - 1));
    expect(maxRss - rss0).toBeLessThan(200 * 1024 * 1024);
    expect(Date.now() - t0).toBeLessThan(20000);
  }, 30000);
});

const chip = path.join(sharedData, 'chipseq');
const chipFiles = existsSync(chip) ? readdirSync(chip).filter((f) => f.endsWith('_B.seq.gz')) : [];
describe.skipIf(!chipFiles.length)('DeepBind seq.gz reader (needs ../shared/data/chipseq)', () => {
  it('reads the B fold: 500 peaks + 500 shuffles of 101 bp', async () => {
    const rows = [];
    for await (const r of readDeepBindSeq(path.join(chip, chipFiles[0]))) rows.push(r);
    expect(rows.length).toBe(1000);
    expect(rows.filter((r) => r.bound === 1).length).toBe(500);
    expect(rows.filter((r) => r.id.endsWith('_shuf')).every((r) => r.bound === 0)).toBe(true);
    expect(rows.every((r) => r.codes.length === 101)).toBe(true);
  });
  it('rejects a wrong header and bad columns', async () => {
    const bad = async (t: string) => { for await (const _ of readDeepBindSeq(Readable.from([Buffer.from(t)]))) void _; };
    await expectInputError(bad('id\tseq\nA\tACGT\n'), /FoldID/, 1);
    await expectInputError(bad('FoldID\tEventID\tseq\tBound\nA\tx\tACGT\n'), /4 tab-separated columns/, 2);
    await expectInputError(bad('FoldID\tEventID\tseq\tBound\nA\tx\tAC9T\t1\n'), /nucleotide/, 2);
  });
});
