// Real files as they come: UTF-8 byte-order marks, old-Mac CR-only and Windows CRLF line ends,
// gzip and bgzip VCF, and `X` in a BED against `chrX` in the genome (matched and reported).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { loadFasta } from '../../../src/core/io/fasta';
import { loadBed } from '../../../src/core/io/bed';
import { openGenome } from '../../../src/core/io/genome';
import { readTextFile } from '../../../src/core/io/text';
import { parseVcf } from '../../../src/core/variants/vcf';
import { decode } from '../../../src/core/seq/alphabet';
import { Rng } from '../../../src/core/seq/random';
import { CisgramService } from '../../../src/core/app/service';
import { apiClient } from '../api-client';

process.env.CISGRAM_ENGINE = 'none';
const dir = mkdtempSync(join(tmpdir(), 'cisgram-realfiles-'));
const BOM = '\uFEFF';
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const fastaText = '>a first\nACGTACGT\nAC\n>b\nGGGG\n';
const expectAB = (recs: { name: string; codes: Uint8Array }[]) => {
  expect(recs.map((r) => [r.name, decode(r.codes)])).toEqual([['a', 'ACGTACGTAC'], ['b', 'GGGG']]);
};
/** The same bytes in chunks of `n` (to split a BOM or a CR LF pair across chunks). */
const chunked = (text: string, n: number) => {
  const b = Buffer.from(text);
  return Readable.from(Array.from({ length: Math.ceil(b.length / n) }, (_, i) => b.subarray(i * n, (i + 1) * n)));
};

describe('FASTA and BED as real files come', () => {
  it('reads FASTA with a UTF-8 BOM, plain and gzip', async () => {
    expectAB(await loadFasta(file('bom.fa', BOM + fastaText)));
    expectAB(await loadFasta(file('bom.fa.gz', gzipSync(Buffer.from(BOM + fastaText)))));
  });

  it('reads old-Mac CR-only and Windows CRLF FASTA, with the right line numbers in errors', async () => {
    expectAB(await loadFasta(file('cr.fa', fastaText.replace(/\n/g, '\r'))));
    expectAB(await loadFasta(file('crlf.fa', fastaText.replace(/\n/g, '\r\n'))));
    await expect(loadFasta(file('cr-bad.fa', '>a\rACGT\rAC1T\r'))).rejects.toThrow(/cr-bad\.fa:3: expected nucleotide letters .*found '1'/);
  });

  it('handles a BOM and CR/CRLF split across read chunks', async () => {
    for (const n of [1, 2, 3, 5]) {
      expectAB(await loadFasta(chunked(BOM + fastaText.replace(/\n/g, '\r'), n), { fileName: 'x.fa' }));
      expectAB(await loadFasta(chunked(BOM + fastaText.replace(/\n/g, '\r\n'), n), { fileName: 'x.fa' }));
    }
  });

  it('reads BED with a BOM and CR-only line ends', async () => {
    const peaks = await loadBed(file('bom-cr.bed', BOM + 'chr1\t10\t20\np1\nchr1\t30\t45\n'.replace('\np1\n', '\n').replace(/\n/g, '\r')));
    expect(peaks.map((p) => [p.chrom, p.start, p.end, p.line])).toEqual([['chr1', 10, 20, 1], ['chr1', 30, 45, 2]]);
  });
});

describe('genomes as real files come', () => {
  const rng = new Rng(9);
  const s1 = Array.from({ length: 700 }, () => 'ACGT'[Math.floor(rng.next() * 4)]).join('');
  const wrap = (s: string) => s.match(/.{1,60}/g)!.join('\n');
  const text = `>chrX\n${wrap(s1)}\n>chrY\n${wrap(s1.slice(0, 333))}\n`;

  it('indexes a genome FASTA with a BOM (and trusts its own index next time)', async () => {
    const g = file('bom-genome.fa', BOM + text);
    const first = await openGenome(g);
    expect(decode(await first.fetch('chrX', 100, 400))).toBe(s1.slice(100, 400));
    const again = await openGenome(g);
    expect(again.notes).toEqual([]);
    expect(decode(await again.fetch('chrY', 0, 333))).toBe(s1.slice(0, 333));
  });

  it('reads a CR-only genome (into memory, saying so)', async () => {
    const g = await openGenome(file('cr-genome.fa', text.replace(/\n/g, '\r')));
    expect(decode(await g.fetch('chrX', 600, 700))).toBe(s1.slice(600, 700));
    expect(g.notes!.join(' ')).toMatch(/old Mac line ends/);
  });
});

describe('VCF as real files come', () => {
  const vcf = '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\nchrX\t101\trs1\tA\tG\t.\t.\tEFF=0.5\nchrX\t202\trs2\tC\tT\t.\t.\tEFF=-1\n';
  const ids = (text: string) => parseVcf(text, 'v.vcf').variants.map((v) => v.id);

  it('accepts a BOM, CR-only and CRLF line ends', () => {
    expect(ids(readTextFile(file('bom.vcf', BOM + vcf)))).toEqual(['rs1', 'rs2']);
    expect(ids(readTextFile(file('cr.vcf', vcf.replace(/\n/g, '\r'))))).toEqual(['rs1', 'rs2']);
    expect(ids(readTextFile(file('crlf.vcf', vcf.replace(/\n/g, '\r\n'))))).toEqual(['rs1', 'rs2']);
  });

  it('reads gzip and bgzip (multi-member) VCF, and names a cut-short gzip file', () => {
    expect(ids(readTextFile(file('v.vcf.gz', gzipSync(vcf))))).toEqual(['rs1', 'rs2']);
    const half = Math.floor(vcf.length / 2);
    const bgzipLike = Buffer.concat([gzipSync(vcf.slice(0, half)), gzipSync(vcf.slice(half)), gzipSync(Buffer.alloc(0))]);
    expect(ids(readTextFile(file('v.bgz.vcf.gz', bgzipLike)))).toEqual(['rs1', 'rs2']);
    const gz = gzipSync(vcf);
    const cut = file('cut.vcf.gz', gz.subarray(0, gz.length - 12));
    expect(() => readTextFile(cut)).toThrow(/cut\.vcf\.gz is gzip-compressed but damaged or cut short/);
  });
});

describe('import: peaks naming X against a genome naming chrX', () => {
  let service: CisgramService;
  const { call, waitJob } = apiClient(() => service);
  beforeAll(async () => {
    service = new CisgramService({ dataDir: join(dir, 'data'), mode: 'browser' });
    await call('projects.create', { name: 'Aliases' });
  });
  afterAll(async () => service.dispose());

  it('the Variants screen reads a gzip VCF and a VCF with a BOM (variants.fields)', async () => {
    const vcf = '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\nX\t101\trs1\tA\tG\t.\t.\tEFF=0.5\n';
    for (const f of [file('screen.vcf.gz', gzipSync(vcf)), file('screen-bom.vcf', BOM + vcf.replace(/\n/g, '\r'))]) {
      expect(await call('variants.fields', { vcfPath: f })).toEqual({ nSnv: 1, nIndel: 0, nOther: 0, fields: ['EFF'] });
    }
  });

  it('matches the names, cuts windows from the right chromosome and says so in the report', async () => {
    const rng = new Rng(4);
    const seqs: Record<string, string> = {};
    for (const c of ['chrX', 'chrM', 'chr2']) seqs[c] = Array.from({ length: 6000 }, () => 'ACGT'[Math.floor(rng.next() * 4)]).join('');
    const genome = file('alias-genome.fa', Object.entries(seqs).map(([n, s]) => `>${n}\n${s.match(/.{1,70}/g)!.join('\n')}\n`).join(''));
    const lines: string[] = [];
    for (const [c, bedName] of [['chrX', 'X'], ['chrM', 'MT'], ['chr2', 'chr2']]) for (let p = 300; p < 5500; p += 400) lines.push(`${bedName}\t${p}\t${p + 100}`);
    const peaks = file('alias.bed', BOM + lines.join('\r\n') + '\r\n');
    const spec = { name: 'aliases', source: { kind: 'peaks', peaks, genome, window: { length: 100, centre: 'centre' } }, negatives: { mode: 'none' }, split: { mode: 'random', fractions: [0.6, 0.2, 0.2] }, seed: 1 };
    const preview = await waitJob((await call('data.preview', spec)).id);
    expect(preview.state, preview.error ?? '').toBe('done');
    expect(((preview.result as any).stats.notes as string[]).join(' ')).toMatch(/alias\.bed were matched to the genome's: X → chrX, MT → chrM \(26 peak\(s\)\)/);
    const job = await waitJob((await call('data.import', spec)).id);
    expect(job.state, job.error ?? '').toBe('done');
    const id = (job.result as any).datasetId;
    const rows = (await call('data.page', { id, offset: 0, limit: 500 })).rows as any[];
    expect(rows.length).toBe(lines.length);
    for (const r of rows.slice(0, 20)) {
      const { letters } = await call('data.sequence', { id, idx: r.idx });
      expect(letters).toBe(seqs[r.chrom].slice(r.start, r.end));
    }
    expect(new Set(rows.map((r) => r.chrom))).toEqual(new Set(['chrX', 'chrM', 'chr2']));
  });
});
