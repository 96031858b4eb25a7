// A stale .fai beside a genome FASTA is detected (the index must add up to the file and land on its
// headers and lines), never trusted: the index is rebuilt for the import, the user's file is left
// alone, and the import report says so.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFai, openGenome } from '../../../src/core/io/genome';
import { parseFai, verifyFai } from '../../../src/core/io/fai';
import { decode } from '../../../src/core/seq/alphabet';
import { Rng } from '../../../src/core/seq/random';
import { CisgramService } from '../../../src/core/app/service';
import { apiClient } from '../api-client';

process.env.CISGRAM_ENGINE = 'none';
const dir = mkdtempSync(join(tmpdir(), 'cisgram-fai-'));
process.env.CISGRAM_CACHE_DIR = join(dir, 'cache'); // Cisgram's own indexes go here, never beside the genome
/** What `samtools faidx` would leave beside the genome. */
const faidx = async (file: string) => writeFileSync(`${file}.fai`, await buildFai(file));
const rng = new Rng(3);
const seq = (n: number) => Array.from({ length: n }, () => 'ACGT'[Math.floor(rng.next() * 4)]).join('');
const chroms: [string, string][] = [['chrA', seq(5000)], ['chrB', seq(3333)], ['chrC', seq(4100)]];
const wrap = (s: string, w: number) => s.match(new RegExp(`.{1,${w}}`, 'g'))!.join('\n');
const fasta = (recs: [string, string][], w: number) => recs.map(([n, s]) => `>${n} test\n${wrap(s, w)}\n`).join('');

async function expectMatches(file: string) {
  const g = await openGenome(file);
  for (const [name, s] of chroms) {
    for (const start of [0, 777, s.length - 300]) expect(decode(await g.fetch(name, start, start + 300)), `${name}:${start}`).toBe(s.slice(start, start + 300));
  }
  return g;
}

describe('genome index (.fai) checks', () => {
  it('trusts an index that matches its genome (and says nothing)', async () => {
    const file = join(dir, 'ok.fa');
    writeFileSync(file, fasta(chroms, 60));
    await faidx(file);
    const g = await expectMatches(file);
    expect(g.notes).toEqual([]);
    const recs = parseFai(readFileSync(`${file}.fai`, 'utf8'));
    expect(typeof recs).not.toBe('string');
    expect(await verifyFai(file, recs as any)).toBeNull();
  });

  it('detects a genome re-wrapped after indexing, rebuilds the index for this import and leaves the old .fai alone', async () => {
    const file = join(dir, 'rewrapped.fa');
    writeFileSync(file, fasta(chroms, 60));
    await faidx(file);
    const oldIndex = readFileSync(`${file}.fai`, 'utf8');
    writeFileSync(file, fasta(chroms, 80)); // same sequences, new line length; the .fai is now newer-looking but wrong
    const g = await expectMatches(file);
    expect(g.notes!.join(' ')).toMatch(/rewrapped\.fa\.fai does not match rewrapped\.fa \(the genome is [\d,]+ bytes but the index/);
    expect(readFileSync(`${file}.fai`, 'utf8')).toBe(oldIndex);
  });

  it('detects an index of another file of the very same size (spot checks of headers and lines)', async () => {
    const file = join(dir, 'swapped.fa');
    writeFileSync(file, fasta(chroms, 60));
    await faidx(file);
    const size = statSync(file).size;
    writeFileSync(file, fasta([chroms[1], chroms[0], chroms[2]], 60)); // same bytes in total, records swapped
    expect(statSync(file).size).toBe(size);
    const g = await expectMatches(file);
    expect(g.notes!.join(' ')).toMatch(/does not match swapped\.fa \(.*(header|line|run into)/);
  });

  it('refuses a malformed index with a reason and rebuilds', async () => {
    const file = join(dir, 'garbage.fa');
    writeFileSync(file, fasta(chroms, 60));
    writeFileSync(`${file}.fai`, 'chrA\tlots\t7\t60\t61\n');
    expect(parseFai('chrA\tlots\t7\t60\t61\n')).toMatch(/line 1 .* not a valid index line/);
    expect(parseFai('')).toMatch(/empty/);
    const g = await expectMatches(file);
    expect(g.notes!.join(' ')).toMatch(/garbage\.fa\.fai does not match/);
  });
});

describe('import with a stale index', () => {
  let service: CisgramService;
  const { call, waitJob } = apiClient(() => service);
  beforeAll(async () => {
    service = new CisgramService({ dataDir: join(dir, 'data'), mode: 'browser' });
    await call('projects.create', { name: 'Stale index' });
  });
  afterAll(async () => service.dispose());

  it('every window matches the genome and the report says the index was rebuilt', async () => {
    const genome = join(dir, 'import.fa');
    writeFileSync(genome, fasta(chroms, 60));
    await faidx(genome);
    writeFileSync(genome, fasta(chroms, 70));
    const peaks = join(dir, 'peaks.bed');
    const lines: string[] = [];
    for (const [name, s] of chroms) for (let p = 200; p + 400 < s.length; p += 500) lines.push(`${name}\t${p}\t${p + 200}`);
    writeFileSync(peaks, lines.join('\n') + '\n');
    const job = await waitJob((await call('data.import', { name: 'stale', source: { kind: 'peaks', peaks, genome, window: { length: 100, centre: 'centre' } }, negatives: { mode: 'none' }, split: { mode: 'random', fractions: [0.6, 0.2, 0.2] }, seed: 1 })).id);
    expect(job.state, job.error ?? '').toBe('done');
    const id = (job.result as any).datasetId;
    const ds = await call('data.get', { id });
    expect((ds.stats.notes as string[]).join(' ')).toMatch(/import\.fa\.fai does not match import\.fa/);
    const rows = (await call('data.page', { id, offset: 0, limit: 500 })).rows as any[];
    expect(rows.length).toBe(lines.length);
    const bySeq = new Map(chroms);
    for (const r of rows) {
      const { letters } = await call('data.sequence', { id, idx: r.idx });
      expect(letters, `${r.chrom}:${r.start}`).toBe(bySeq.get(r.chrom)!.slice(r.start, r.end));
    }
  });
});
