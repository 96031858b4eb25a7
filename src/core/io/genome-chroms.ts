// Chromosome names and sizes of a genome file, quickly and without loading it: from a .2bit
// header, an existing .fai, or one streaming pass over the FASTA (plain or gzip) counting bases.
// Lets the import wizard propose held-out chromosomes before any long preview.
import { existsSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { TwoBitFile } from '@gmod/twobit';
import { readLines, type StreamOptions } from './source';
import { parseFai } from './fai';
import { InputError } from './errors';

export async function genomeChromSizes(file: string, opts: StreamOptions = {}): Promise<Map<string, number>> {
  const fh = await open(file, 'r');
  const head = Buffer.alloc(4);
  try { await fh.read(head, 0, 4, 0); } finally { await fh.close(); }
  const magic = head.readUInt32LE(0);
  if (magic === 0x1a412743 || magic === 0x4327411a) {
    const sizes = await new TwoBitFile({ path: file }).getSequenceSizes();
    return new Map(Object.entries(sizes).map(([k, v]) => [k, Number(v)]));
  }
  if (existsSync(`${file}.fai`)) {
    const recs = parseFai(readFileSync(`${file}.fai`, 'utf8'));
    if (typeof recs !== 'string') return new Map(recs.map((r) => [r.name, r.length]));
  }
  const sizes = new Map<string, number>();
  let cur: string | null = null, n = 0;
  for await (const { text, line } of readLines(file, { ...opts, fileName: opts.fileName ?? file })) {
    if (text.startsWith('>')) {
      if (cur !== null) sizes.set(cur, n);
      cur = text.slice(1).trim().split(/\s+/)[0];
      n = 0;
    } else if (cur === null) {
      if (text.trim()) throw new InputError(file, line, "a FASTA header line starting with '>'", `'${text.slice(0, 40)}'`);
    } else n += text.trim().length;
  }
  if (cur !== null) sizes.set(cur, n);
  if (!sizes.size) throw new InputError(file, 1, 'a FASTA genome', 'no sequence header');
  return sizes;
}
