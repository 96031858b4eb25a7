// Data import end to end through dispatch and the engine worker: FASTA (plain/gzip, labels),
// peaks + genome (real ce2 chrX sequence renamed into several chromosomes), each negatives mode,
// exact chromosome splits, preview without writing, simulation with ground truth, the demo project,
// cancel and failure leaving no dataset, and bad input reported with file and line.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CisgramService } from '../../../src/core/app/service';
import type { ApiEvent, JobInfo } from '../../../src/shared/api';
import { Rng } from '../../../src/core/seq/random';
import { decode, encode } from '../../../src/core/seq/alphabet';
import { loadMemoryGenome } from '../../../src/core/io/genome';
import { fixtures, ce2Path, hasCe2, hasJaspar, jasparMemePath } from './helpers';
import { apiClient } from '../api-client';

process.env.CISGRAM_ENGINE = 'none';

let service: CisgramService;
const events: ApiEvent[] = [];
const tmp = mkdtempSync(join(tmpdir(), 'cisgram-import-'));
const { call, callErr, waitJob } = apiClient(() => service);
const run = async (cmd: string, spec: unknown) => waitJob((await call(cmd, spec)).id);
const datasets = async () => (await call('data.list')) as any[];
const allRows = async (id: number) => (await call('data.page', { id, offset: 0, limit: 500 })).rows as any[];

function randomSeq(rng: Rng, n: number, gc: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    s += u < gc / 2 ? 'G' : u < gc ? 'C' : u < gc + (1 - gc) / 2 ? 'A' : 'T';
  }
  return s;
}
const dinucs = (s: string) => {
  const m = new Map<string, number>();
  for (let i = 0; i + 1 < s.length; i++) m.set(s.slice(i, i + 2), (m.get(s.slice(i, i + 2)) ?? 0) + 1);
  return [...m].sort();
};

beforeAll(async () => {
  service = new CisgramService({ dataDir: join(tmp, 'data'), mode: 'browser' });
  service.events.on((e) => events.push(e));
  await call('projects.create', { name: 'Import tests' });
});
afterAll(async () => service.dispose());

describe('FASTA import', () => {
  const rng = new Rng(11);
  const seqs = Array.from({ length: 100 }, (_, i) => randomSeq(rng, 120 + (i % 7) * 10, 0.3 + (i % 5) * 0.08));
  const fasta = seqs.map((s, i) => `>p${i}\n${s.slice(0, 60)}\n${s.slice(60).toLowerCase()}\n`).join('');
  const plain = join(tmp, 'pos.fa'), gz = join(tmp, 'pos.fa.gz');
  writeFileSync(plain, fasta);
  writeFileSync(gz, gzipSync(fasta));

  it('imports plain FASTA with exact dinucleotide-shuffled negatives and a stratified 80/10/10 split', async () => {
    const job = await run('data.import', { name: 'plain', source: { kind: 'fasta', positives: plain }, negatives: { mode: 'shuffle' }, seed: 5 });
    expect(job.state, job.error ?? '').toBe('done');
    const ds = await call('data.get', { id: (job.result as any).datasetId });
    expect(ds).toMatchObject({ kind: 'fasta', nSeqs: 200, taskNames: ['task1'], seed: 5, seqLength: null });
    expect(ds.sources[0]).toMatchObject({ role: 'positives', file: 'pos.fa' });
    expect(ds.params.negatives).toEqual({ mode: 'shuffle', ratio: 1 });
    const counts = Object.fromEntries(ds.stats.counts.map((c: any) => [c.split, [c.positive, c.negative]]));
    expect(counts).toEqual({ train: [80, 80], valid: [10, 10], test: [10, 10] });
    const rows = await allRows(ds.id);
    for (const i of [0, 37, 99]) {
      const pos = rows.find((r) => r.name === `p${i}`);
      const neg = rows.find((r) => r.name === `p${i}_shuf1`);
      expect(pos.labels).toEqual([1]);
      expect(neg.labels).toEqual([0]);
      expect(neg.origin).toBe('negative:shuffle');
      const a = (await call('data.sequence', { id: ds.id, idx: pos.idx })).letters;
      const b = (await call('data.sequence', { id: ds.id, idx: neg.idx })).letters;
      expect(a).toBe(seqs[i]); // lowercase folded to uppercase
      expect(b).not.toBe(a);
      expect(dinucs(b)).toEqual(dinucs(a));
      expect(b[0] + b[b.length - 1]).toBe(a[0] + a[a.length - 1]);
    }
    // every shuffle sits in its positive's split (no leakage between training and testing)
    for (const r of rows.filter((x) => x.origin === 'negative:shuffle')) expect(r.split).toBe(rows.find((x) => x.name === r.name.replace(/_shuf\d+$/, '')).split);
    // GC histogram counts every sequence once; means match the data
    expect(ds.stats.gc.positive.reduce((x: number, y: number) => x + y, 0)).toBe(100);
    const meanGc = seqs.reduce((t, s) => t + (s.match(/[GC]/g)?.length ?? 0) / s.length, 0) / seqs.length;
    expect(ds.stats.gc.meanPositive).toBeCloseTo(meanGc, 10);
    expect(ds.stats.gc.meanNegative).toBeCloseTo(meanGc, 10); // shuffles keep base composition
    expect(ds.stats.length).toMatchObject({ min: 120, max: 180 });
  });

  it('reads the gzip file to the same sequences', async () => {
    const job = await run('data.import', { name: 'gz', source: { kind: 'fasta', positives: gz }, negatives: { mode: 'none' }, split: { mode: 'random', fractions: [1, 0, 0] } });
    expect(job.state, job.error ?? '').toBe('done');
    const id = (job.result as any).datasetId;
    const rows = await allRows(id);
    expect(rows.length).toBe(100);
    expect(rows.every((r) => r.split === 'train')).toBe(true);
    expect((await call('data.sequence', { id, idx: 42 })).letters).toBe(seqs[42]);
  });

  it('reads multi-task labels (NA = missing), applies the IUPAC/N rule and drops N-rich records', async () => {
    const f = join(tmp, 'labels.fa');
    const recs = Array.from({ length: 30 }, (_, i) => `>r${i} label=${i % 2},${i % 3 === 0 ? 1 : 0},${i === 4 ? 'NA' : i % 5 === 0 ? 1 : 0}\n${i === 7 ? 'NNNNNNNNNNACGT' : 'ACGTRYacgtnU'}\n`);
    writeFileSync(f, recs.join(''));
    const job = await run('data.import', { name: 'labels', source: { kind: 'fasta', positives: f }, negatives: { mode: 'none' }, seed: 2, maxNFraction: 0.3 });
    expect(job.state, job.error ?? '').toBe('done');
    const ds = await call('data.get', { id: (job.result as any).datasetId });
    expect(ds.taskNames).toEqual(['task1', 'task2', 'task3']);
    expect(ds.nSeqs).toBe(29);
    expect(ds.stats.dropped).toEqual([{ what: 'positives', reason: 'more than 30% N', count: 1 }]);
    const rows = await allRows(ds.id);
    expect(rows.find((r) => r.name === 'r4').labels).toEqual([0, 0, -1]);
    expect(rows.find((r) => r.name === 'r3').labels).toEqual([1, 1, 0]);
    expect(rows.find((r) => r.name === 'r10').origin).toBe('positive');
    expect(rows.find((r) => r.name === 'r2').origin).toBe('negative:file'); // all labels 0
    const r0 = rows.find((r) => r.name === 'r0');
    expect((await call('data.sequence', { id: ds.id, idx: r0.idx })).letters).toBe('ACGTNNACGTNT');
    const t2 = ds.stats.taskCounts.filter((t: any) => t.task === 'task3');
    expect(t2.reduce((a: number, t: any) => a + t.missing, 0)).toBe(1);
  });

  it('uses a user FASTA of negatives at the chosen ratio', async () => {
    const nf = join(tmp, 'neg.fa');
    writeFileSync(nf, Array.from({ length: 500 }, (_, i) => `>n${i}\n${randomSeq(rng, 150, 0.5)}\n`).join(''));
    const job = await run('data.import', { name: 'userneg', source: { kind: 'fasta', positives: plain }, negatives: { mode: 'fasta', fasta: nf, ratio: 2 } });
    expect(job.state, job.error ?? '').toBe('done');
    const ds = await call('data.get', { id: (job.result as any).datasetId });
    expect(ds.stats.positives).toBe(100);
    expect(ds.stats.negatives).toBe(200);
    expect(ds.sources.map((s: any) => s.role)).toEqual(['positives', 'negatives']);
  });

  it('preview computes the statistics without writing a dataset', async () => {
    const before = (await datasets()).length;
    const job = await run('data.preview', { name: 'preview', source: { kind: 'fasta', positives: plain }, negatives: { mode: 'shuffle', ratio: 1 } });
    expect(job.state, job.error ?? '').toBe('done');
    const r = job.result as any;
    expect(r.blockers).toEqual([]);
    expect(r.stats.total).toBe(200);
    expect(r.stats.counts.find((c: any) => c.split === 'test')).toMatchObject({ positive: 10, negative: 10 });
    expect((await datasets()).length).toBe(before);
  });
});

describe('bad input leaves no dataset and names file and line', () => {
  const cases: [string, string, RegExp][] = [
    ['not_fasta.fa', 'not FASTA', /not_fasta\.fa:1: expected a FASTA header line/],
    ['empty_record.fa', 'empty record', /empty_record\.fa:5: expected sequence lines for record 'b', found an empty record/],
    ['dup.fa', 'duplicate names', /dup\.fa:5: .*duplicate name 'a' at lines 1 and 5/],
    ['digit.fa', 'digit in sequence', /digit\.fa:2: expected nucleotide letters .*found '1'/],
    ['truncated.fa.gz', 'truncated gzip', /truncated\.fa\.gz.*truncated gzip/],
  ];
  for (const [file, what, re] of cases) {
    it(`fails on ${what}`, async () => {
      const before = (await datasets()).length;
      const job = await run('data.import', { name: what, source: { kind: 'fasta', positives: join(fixtures, file) }, negatives: { mode: 'shuffle' } });
      expect(job.state).toBe('failed');
      expect(job.error).toMatch(re);
      expect((await datasets()).length).toBe(before);
    });
  }

  it('refuses a missing file, genomic negatives without a genome and overlapping held-out chromosomes at once', async () => {
    expect((await callErr('data.import', { name: 'x', source: { kind: 'fasta', positives: join(tmp, 'nope.fa') } })).code).toBe('not_found');
    const g = await callErr('data.import', { name: 'x', source: { kind: 'fasta', positives: join(fixtures, 'good.fa') }, negatives: { mode: 'genomic' } });
    expect(g.code).toBe('invalid_input');
    expect(g.message).toMatch(/genomic negatives need peaks/);
    const c = await callErr('data.import', { name: 'x', source: { kind: 'fasta', positives: join(fixtures, 'good.fa') }, split: { mode: 'chromosome', valid: ['chr2'], test: ['chr2'] } });
    expect(c.message).toMatch(/chr2 is in both/);
  });

  it('refuses a split that would leave validation empty (preview shows why, import fails)', async () => {
    const spec = { name: 'tiny', source: { kind: 'fasta', positives: join(fixtures, 'good.fa') }, negatives: { mode: 'none' } };
    const p = await run('data.preview', spec);
    expect((p.result as any).blockers.join(' ')).toMatch(/dataset too small for its split/);
    const before = (await datasets()).length;
    const job = await run('data.import', spec);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/too small/);
    expect((await datasets()).length).toBe(before);
  });
});

describe('cancel', () => {
  it('a cancelled import leaves no dataset', async () => {
    const rng = new Rng(3);
    const big = join(tmp, 'big.fa');
    writeFileSync(big, Array.from({ length: 30_000 }, (_, i) => `>b${i}\n${randomSeq(rng, 400, 0.45)}\n`).join(''));
    const before = (await datasets()).length;
    const job: JobInfo = await call('data.import', { name: 'big', source: { kind: 'fasta', positives: big }, negatives: { mode: 'shuffle', ratio: 2 } });
    const t0 = Date.now();
    while (((await call('jobs.get', { id: job.id })) as JobInfo).fraction < 0.52) {
      if (Date.now() - t0 > 30_000) throw new Error('no progress');
      await new Promise((r) => setTimeout(r, 20));
    }
    await call('jobs.cancel', { id: job.id });
    const end = await waitJob(job.id);
    expect(end.state).toBe('cancelled');
    expect((await datasets()).length).toBe(before);
    const n = service.project!.db.prepare("SELECT COUNT(*) AS n FROM dataset_seqs WHERE dataset_id NOT IN (SELECT id FROM datasets)").get() as { n: number };
    expect(n.n).toBe(0);
  });
});

describe.skipIf(!hasCe2)('peaks + genome (ce2 chrX)', () => {
  // Real sequence: slices of ce2 chrX renamed chr1, chr2, chr3, chr8, chr10 (300 kb each).
  const names = ['chr1', 'chr2', 'chr3', 'chr8', 'chr10'];
  const genomeFile = join(tmp, 'mini-genome.fa');
  const peaksFile = join(tmp, 'peaks.narrowPeak');
  let chroms: Map<string, string>;
  const SIZE = 300_000;

  beforeAll(async () => {
    const g = await loadMemoryGenome(ce2Path);
    chroms = new Map();
    for (let i = 0; i < names.length; i++) chroms.set(names[i], decode(await g.fetch('chrX', 1_000_000 + i * 2_000_000, 1_000_000 + i * 2_000_000 + SIZE)));
    writeFileSync(genomeFile, [...chroms].map(([n, s]) => `>${n}\n${s.replace(/(.{60})/g, '$1\n')}\n`).join(''));
    const rng = new Rng(9);
    const lines: string[] = [];
    for (const c of names) for (let k = 0; k < 40; k++) {
      const start = 2000 + rng.int(SIZE - 6000);
      lines.push([c, start, start + 300, `${c}_p${k}`, 0, '.', 5, 3, 2, 100 + rng.int(100)].join('\t'));
    }
    lines.push(['chr2', SIZE - 100, SIZE - 10, 'offend', 0, '.', 5, 3, 2, 40].join('\t')); // window runs off the end
    lines.push(lines[0].replace('chr1_p0', 'dup')); // duplicate window
    lines.push(['chrZ', 100, 400, 'missing', 0, '.', 5, 3, 2, 50].join('\t'));
    lines.push(['chr3', SIZE - 50, SIZE + 200, 'beyond', 0, '.', 5, 3, 2, 10].join('\t'));
    writeFileSync(peaksFile, lines.join('\n') + '\n');
  });

  it('cuts summit-centred windows, counts drops, GC-matches genomic negatives and holds out chromosomes exactly', async () => {
    const job = await run('data.import', {
      name: 'peaks', source: { kind: 'peaks', peaks: peaksFile, genome: genomeFile, window: { length: 200 } }, negatives: { mode: 'genomic', ratio: 1 }, seed: 4,
      // (without a split the held-out chromosomes are proposed from this genome: data/table-import.test.ts)
      split: { mode: 'chromosome', valid: ['chr8', 'chr10'], test: ['chr1'] },
    });
    expect(job.state, job.error ?? '').toBe('done');
    const ds = await call('data.get', { id: (job.result as any).datasetId });
    expect(ds.kind).toBe('peaks');
    expect(ds.genome).toBe(genomeFile);
    expect(ds.seqLength).toBe(200);
    const drop = Object.fromEntries(ds.stats.dropped.map((d: any) => [d.reason.split(' ').slice(0, 3).join(' '), d.count]));
    expect(drop).toMatchObject({ 'chromosome not in': 1, 'window runs off': 1, 'duplicate window (same': 1, 'peak runs past': 1 });
    expect(ds.stats.dropped.find((d: any) => /runs past/.test(d.reason)).detail).toMatch(/peaks\.narrowPeak line 204: chr3:299950-300200, but chr3 is 300000 bp/);
    expect(ds.stats.positives).toBe(200);
    expect(ds.stats.negatives).toBe(200);
    const page = await call('data.page', { id: ds.id, offset: 0, limit: 500 });
    expect(page.total).toBe(400);
    const lines = (await import('node:fs')).readFileSync(peaksFile, 'utf8').trim().split('\n').map((l) => l.split('\t'));
    for (const r of page.rows) {
      // chromosome split, exactly
      expect(r.split).toBe(r.chrom === 'chr1' ? 'test' : r.chrom === 'chr8' || r.chrom === 'chr10' ? 'valid' : 'train');
      const letters = (await call('data.sequence', { id: ds.id, idx: r.idx })).letters;
      expect(letters).toBe(chroms.get(r.chrom)!.slice(r.start, r.end));
      if (r.origin === 'positive') {
        const f = lines.find((l) => l[3] === r.name)!;
        expect(r.start).toBe(Number(f[1]) + Number(f[9]) - 100); // centred on the summit
      } else {
        // negatives avoid every peak
        for (const l of lines) if (l[0] === r.chrom) expect(r.end <= Number(l[1]) || r.start >= Number(l[2])).toBe(true);
      }
    }
    expect(Math.abs(ds.stats.gc.meanPositive - ds.stats.gc.meanNegative)).toBeLessThan(0.01);
    // per GC bin, negatives match positives (within one where a bin was hard to fill)
    ds.stats.gc.positive.forEach((p: number, i: number) => expect(Math.abs(p - ds.stats.gc.negative[i])).toBeLessThanOrEqual(1));
  });

  it('peak centre instead of summit; shuffled negatives stay on their positive’s chromosome', async () => {
    const job = await run('data.import', {
      name: 'centre', source: { kind: 'peaks', peaks: peaksFile, genome: genomeFile, window: { length: 100, centre: 'centre' } }, negatives: { mode: 'shuffle' },
    });
    expect(job.state, job.error ?? '').toBe('done');
    const id = (job.result as any).datasetId;
    const rows = (await call('data.page', { id, offset: 0, limit: 500 })).rows as any[];
    const p = rows.find((r) => r.name === 'chr2_p3');
    const lines = (await import('node:fs')).readFileSync(peaksFile, 'utf8').split('\n').map((l) => l.split('\t'));
    const f = lines.find((l) => l[3] === 'chr2_p3')!;
    expect(p.start).toBe(Math.floor((Number(f[1]) + Number(f[2])) / 2) - 50);
    const s = rows.find((r) => r.name === 'chr2_p3_shuf1');
    expect(s.chrom).toBe('chr2');
    expect(s.split).toBe(p.split);
  });

  it('fails naming file and line when no peak chromosome is in the genome, and on wrong BED columns', async () => {
    const bad = join(tmp, 'wrongchrom.bed');
    writeFileSync(bad, 'chrQ\t100\t400\nchrQ\t900\t1400\n');
    const before = (await datasets()).length;
    const a = await run('data.import', { name: 'w', source: { kind: 'peaks', peaks: bad, genome: genomeFile }, negatives: { mode: 'shuffle' } });
    expect(a.state).toBe('failed');
    expect(a.error).toMatch(/wrongchrom\.bed:1: expected chromosome names that are in the genome .*chr1.*found 'chrQ'/);
    copyFileSync(join(fixtures, 'bad_columns.bed'), join(tmp, 'bad_columns.bed'));
    const b = await run('data.import', { name: 'c', source: { kind: 'peaks', peaks: join(tmp, 'bad_columns.bed'), genome: genomeFile }, negatives: { mode: 'shuffle' } });
    expect(b.state).toBe('failed');
    expect(b.error).toMatch(/bad_columns\.bed:\d+: expected/);
    expect((await datasets()).length).toBe(before);
  });
});

describe('simulation and the demo project', () => {
  it('simulates a recipe from a motif file with planted instances as ground truth', async () => {
    if (!hasJaspar) return console.warn('SKIPPED: JASPAR 2020 MEME file missing from ../shared/data');
    const job = await run('data.simulate', { name: 'sim', recipe: 'spi1-single', motifFile: jasparMemePath, nPositives: 120, nNegatives: 80, length: 150, seed: 3 });
    expect(job.state, job.error ?? '').toBe('done');
    const ds = await call('data.get', { id: (job.result as any).datasetId });
    expect(ds).toMatchObject({ kind: 'simulated', nSeqs: 200, seqLength: 150, seed: 3 });
    expect(ds.stats.positives).toBe(120);
    const rows = await allRows(ds.id);
    let planted = 0;
    for (const r of rows) {
      const s = await call('data.sequence', { id: ds.id, idx: r.idx });
      if (r.labels[0] === 1) {
        expect(s.truth.length).toBeGreaterThanOrEqual(1);
        for (const t of s.truth) {
          expect(t.motifName).toBe('SPI1');
          expect(t.end - t.start).toBe(s.truth[0].end - s.truth[0].start);
          expect(t.role).toBe('signal');
        }
        planted += s.truth.length;
      } else expect(s.truth).toEqual([]);
    }
    expect(planted).toBe((job.result as any).instances);
  });

  it('names the motifs a recipe needs when the motif file lacks them', async () => {
    const e = await callErr('data.simulate', { name: 'x', recipe: 'spi1-ctcf-repression' });
    expect(e.code).toBe('bad_file');
    expect(e.message).toMatch(/SPI1 \(MA0080\), CTCF \(MA0139\)/);
  });

  it('creates the demo project with the bundled motifs and its simulated dataset', async () => {
    const r = await call('data.createDemo', {});
    expect(r.project.name).toBe('Cisgram demo');
    const job = await waitJob(r.job.id);
    expect(job.state, job.error ?? '').toBe('done');
    const list = await datasets();
    expect(list.length).toBe(1);
    expect(list[0]).toMatchObject({ kind: 'simulated', nSeqs: 2000, seqLength: 200 });
    expect(list[0].stats.counts.map((c: any) => c.total)).toEqual([1600, 200, 200]);
    const seq = await call('data.sequence', { id: list[0].id, idx: 0 });
    expect(seq.letters).toMatch(/^[ACGT]{200}$/);
    // a second demo gets its own name
    const r2 = await call('data.createDemo', {});
    expect(r2.project.name).toBe('Cisgram demo 2');
    await waitJob(r2.job.id);
  });

  it('renames and deletes a dataset', async () => {
    const [d] = await datasets();
    expect((await call('data.rename', { id: d.id, name: 'renamed' })).name).toBe('renamed');
    await call('data.delete', { id: d.id });
    expect(await datasets()).toEqual([]);
    expect((await callErr('data.get', { id: d.id })).code).toBe('not_found');
    expect(encode('ACGT').length).toBe(4);
  });
});
