// Files in any shape: sequence tables (TSV/CSV, DeepBind .seq.gz) detected with their columns
// mapped, centre-crop/N-pad exact to the base, a separate test-set file forming the test split,
// held-out chromosomes proposed from the genome given (worm, not human), and bad input refused with
// file, line and column — all through dispatch as the app does it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { CisgramService } from '../../../src/core/app/service';
import { fitLength } from '../../../src/core/data/fit-length';
import { proposeHoldout } from '../../../src/core/data/holdout';
import { inspectFile } from '../../../src/core/io/table';
import { decode, encode } from '../../../src/core/seq/alphabet';
import { sharedData } from './helpers';
import { apiClient } from '../api-client';

process.env.CISGRAM_ENGINE = 'none';

let service: CisgramService;
const tmp = mkdtempSync(join(tmpdir(), 'cisgram-table-'));
const { call, callErr, waitJob } = apiClient(() => service);
const run = async (cmd: string, spec: unknown) => waitJob((await call(cmd, spec)).id);
const allRows = async (id: number) => {
  const out: any[] = [];
  for (let offset = 0; ; offset += 500) {
    const p = await call('data.page', { id, offset, limit: 500 });
    out.push(...p.rows);
    if (out.length >= p.total) return out;
  }
};
const deepbindAC = join(sharedData, 'chipseq/GABPA_GM12878_GABP_AC.seq.gz');
const deepbindB = join(sharedData, 'chipseq/GABPA_GM12878_GABP_B.seq.gz');
const haveDeepBind = existsSync(deepbindAC) && existsSync(deepbindB);
if (!haveDeepBind) console.warn(`SKIPPED (DeepBind files): ${deepbindAC} not found (../shared/data is absent)`);

/** The first n data rows of a DeepBind file, gzipped into tmp (small and fast, same shape). */
function headOf(file: string, n: number, name: string): string {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  const out = join(tmp, name);
  writeFileSync(out, gzipSync(lines.slice(0, n + 1).join('\n') + '\n'));
  return out;
}

beforeAll(async () => {
  service = new CisgramService({ dataDir: join(tmp, 'data'), mode: 'browser' });
  await call('projects.create', { name: 'Tables' });
});
afterAll(async () => service.dispose());

describe('centre-crop and N-pad', () => {
  it('is exact for even and odd differences', () => {
    expect(decode(fitLength(encode('AACCGGTT'), 4))).toBe('CCGG');
    expect(decode(fitLength(encode('AACCGGTTA'), 4))).toBe('CCGG'); // odd: floor((9-4)/2) = 2 from the left
    expect(decode(fitLength(encode('ACGT'), 8))).toBe('NNACGTNN');
    expect(decode(fitLength(encode('ACG'), 6))).toBe('NACGNN'); // odd: the extra N goes right
    const same = encode('ACGT');
    expect(fitLength(same, 4)).toBe(same);
  });
});

describe('detecting what a file is', () => {
  it('detects a DeepBind .seq.gz and maps its columns', async () => {
    const f = join(tmp, 'db.seq.gz');
    writeFileSync(f, gzipSync('FoldID\tEventID\tseq\tBound\nA\tseq_1_peak\tACGTACGTACGTAAAC\t1\nA\tseq_2_peak\tTTGTACGTACGTAAAC\t1\nB\tseq_3_shuf\tACGTTTGTACGTAA\t0\n'));
    const r = await call('data.inspect', { path: f });
    expect(r).toMatchObject({ kind: 'table', deepbind: true, delimiter: 'tab', hasHeader: true, folds: ['A', 'B'] });
    expect(r.proposed).toEqual({ sequence: 'seq', labels: ['Bound'], name: 'EventID', fold: 'FoldID' });
    expect(r.lengths).toEqual({ min: 14, max: 16, n: 3 });
    expect(r.summary).toMatch(/DeepBind/);
  });

  it('reads a quoted CSV with the sequence column anywhere and an unnamed 0/1 label column', async () => {
    const f = join(tmp, 'lab.csv');
    writeFileSync(f, '"id","note","dna","hit"\nr1,"a, b",acgtacgtacgt,1\nr2,x,ACGTTTTTACGG,0\n');
    const r = await inspectFile(f);
    expect(r.kind).toBe('table');
    expect(r.delimiter).toBe('comma');
    expect(r.proposed).toEqual({ sequence: 'dna', labels: ['hit'], name: 'id' });
    expect(r.rows[0]).toEqual(['r1', 'a, b', 'acgtacgtacgt', '1']);
  });

  it('tells FASTA of mixed lengths, BED and junk apart', async () => {
    const fa = join(tmp, 'mixed.fa');
    writeFileSync(fa, '>a\nACGTACGTAC\n>b\nACGTAC\nGT\n>c\nACG\n');
    expect(await inspectFile(fa)).toMatchObject({ kind: 'fasta', lengths: { min: 3, max: 10, n: 3 } });
    const bed = join(tmp, 'p.bed');
    writeFileSync(bed, 'chrI\t100\t200\nchrII\t300\t420\n');
    expect((await inspectFile(bed)).kind).toBe('bed');
    const junk = join(tmp, 'junk.txt');
    writeFileSync(junk, 'hello world\nnothing here\n');
    expect((await inspectFile(junk)).kind).toBe('unknown');
  });
});

describe('held-out chromosomes from the genome given', () => {
  it('proposes worm chromosomes for a worm genome, never chrM or human names', () => {
    const worm = new Map([['chrI', 15e6], ['chrII', 15.3e6], ['chrIII', 13.8e6], ['chrIV', 17.5e6], ['chrV', 20.9e6], ['chrX', 17.7e6], ['chrM', 13794]]);
    const h = proposeHoldout(worm);
    expect(h.mode).toBe('chromosome');
    expect(h.valid.length).toBeGreaterThan(0);
    expect(h.test.length).toBeGreaterThan(0);
    for (const c of [...h.valid, ...h.test]) expect(worm.has(c) && c !== 'chrM').toBe(true);
    expect(h.valid.filter((c) => h.test.includes(c))).toEqual([]);
    expect(h.reason).toMatch(/6 chromosomes/);
  });
  it('uses a random split when the peaks are on one chromosome', () => {
    const h = proposeHoldout(new Map([['chrX', 17.7e6], ['chrI', 15e6], ['chrII', 15e6]]), new Map([['chrX', 500]]));
    expect(h).toMatchObject({ mode: 'random', valid: [], test: [] });
    expect(h.reason).toMatch(/Only one chromosome \(chrX\)/);
  });
  it('lists a real genome’s chromosomes through the API', async () => {
    const ce2 = join(sharedData, 'genome/ce2_chrX.fa.gz');
    if (!existsSync(ce2)) return console.warn(`SKIPPED: ${ce2} absent`);
    const r = await call('data.genomeChroms', { genome: ce2 });
    expect(r.chroms).toHaveLength(1);
    expect(r.chroms[0]).toMatchObject({ name: 'chrX', peaks: null });
    expect(r.chroms[0].length).toBeGreaterThan(17_000_000);
    expect(r.proposal.mode).toBe('random');
  }, 30_000);
});

describe('importing tables and FASTA of any length', () => {
  it.skipIf(!haveDeepBind)('imports DeepBind AC (+ shuffles) with the B file as the test set', async () => {
    const ac = headOf(deepbindAC, 200, 'GABPA_AC.seq.gz');
    const b = headOf(deepbindB, 1000, 'GABPA_B.seq.gz');
    const look = await call('data.inspect', { path: ac });
    expect(look.deepbind).toBe(true);
    const job = await run('data.import', {
      name: 'GABPA', source: { kind: 'table', file: ac, columns: look.proposed }, testFile: b,
      negatives: { mode: 'shuffle', ratio: 1 },
    });
    expect(job.state, job.error ?? '').toBe('done');
    const ds = (await call('data.list')).find((d: any) => d.name === 'GABPA');
    expect(ds.taskNames).toEqual(['Bound']);
    const rows = await allRows(ds.id);
    const test = rows.filter((r) => r.split === 'test');
    // The B file as given: 1000 rows, its own _shuf negatives labelled 0, no extra shuffles.
    expect(test).toHaveLength(1000);
    expect(test.filter((r) => r.labels[0] === 0).every((r) => /_shuf$/.test(r.name))).toBe(true);
    expect(test.filter((r) => r.labels[0] === 1)).toHaveLength(test.filter((r) => !/_shuf$/.test(r.name)).length);
    const rest = rows.filter((r) => r.split !== 'test');
    expect(rest).toHaveLength(400); // 200 positives + 200 dinucleotide shuffles
    expect(rest.some((r) => r.split === 'valid')).toBe(true);
    expect(ds.stats.notes.join(' ')).toMatch(/DeepBind-style table/);
  }, 60_000);

  it('splits by a fold column (fold B = test, 10% of the rest validates)', async () => {
    const rows = ['FoldID\tEventID\tseq\tBound'];
    let x = 7;
    const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31), x / 2 ** 31);
    const seq = () => Array.from({ length: 40 }, () => 'ACGT'[Math.floor(rnd() * 4)]).join('');
    for (let i = 0; i < 120; i++) rows.push(`${i < 90 ? 'A' : 'B'}\ts${i}\t${seq()}\t${i % 2}`);
    const f = join(tmp, 'folds.tsv');
    writeFileSync(f, rows.join('\n') + '\n');
    const job = await run('data.import', { name: 'Folds', source: { kind: 'table', file: f, columns: { sequence: 'seq', labels: ['Bound'], name: 'EventID', fold: 'FoldID' } }, split: { mode: 'fold', test: ['B'] } });
    expect(job.state, job.error ?? '').toBe('done');
    const ds = (await call('data.list')).find((d: any) => d.name === 'Folds');
    const got = await allRows(ds.id);
    expect(got.filter((r) => r.split === 'test').map((r) => r.name).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `s${90 + i}`).sort());
    const nValid = got.filter((r) => r.split === 'valid').length;
    expect(nValid).toBeGreaterThanOrEqual(8);
    expect(nValid).toBeLessThanOrEqual(10);
  });

  it('centre-crops and pads a FASTA of mixed lengths to the chosen length, exactly', async () => {
    const f = join(tmp, 'mixed2.fa');
    const long = 'AAAAA' + 'C'.repeat(50) + 'GGGGG'; // 60 → 50: drop 5 each side
    const short = 'ACGTACGTAC'.repeat(4); // 40 → 50: 5 N each side
    writeFileSync(f, `>long\n${long}\n>short\n${short}\n` + Array.from({ length: 30 }, (_, i) => `>x${i}\n${'ACGT'.repeat(12 + (i % 3))}\n`).join(''));
    const job = await run('data.import', { name: 'Fitted', source: { kind: 'fasta', positives: f }, fitLength: 50, negatives: { mode: 'shuffle', ratio: 1 } });
    expect(job.state, job.error ?? '').toBe('done');
    const ds = (await call('data.list')).find((d: any) => d.name === 'Fitted');
    expect(ds.seqLength).toBe(50);
    const rows = await allRows(ds.id);
    const get = async (name: string) => (await call('data.sequence', { id: ds.id, idx: rows.find((r) => r.name === name).idx })).letters;
    expect(await get('long')).toBe('C'.repeat(50));
    expect(await get('short')).toBe('NNNNN' + short + 'NNNNN');
    expect(ds.stats.notes.join(' ')).toMatch(/brought to 50 bp around their centre: 21 cropped, 11 padded with N/);
  });

  it('keeps mixed lengths when asked, saying what training will need', async () => {
    const f = join(tmp, 'mixed3.fa');
    writeFileSync(f, Array.from({ length: 40 }, (_, i) => `>y${i}\n${'ACGT'.repeat(10 + (i % 2))}\n`).join(''));
    const job = await run('data.import', { name: 'Kept', source: { kind: 'fasta', positives: f }, negatives: { mode: 'shuffle', ratio: 1 } });
    const ds = (await call('data.list')).find((d: any) => d.name === 'Kept');
    expect(job.state).toBe('done');
    expect(ds.seqLength).toBeNull();
    expect(ds.stats.notes.join(' ')).toMatch(/different lengths: training needs one length/);
    // The one-click fix: the same file and settings again, at one length; the original stays.
    const fix = await waitJob((await call('data.refit', { id: ds.id, length: 40 })).id);
    expect(fix.state, fix.error ?? '').toBe('done');
    const fixed = (await call('data.list')).find((d: any) => d.name === 'Kept (40 bp)');
    expect(fixed.seqLength).toBe(40);
    expect(fixed.nSeqs).toBe(ds.nSeqs);
    expect((await call('data.list')).some((d: any) => d.id === ds.id)).toBe(true);
  });

  it('refuses a table given as FASTA, and a bad row naming file, line and column', async () => {
    const t = join(tmp, 'given-as-fasta.seq.gz');
    writeFileSync(t, gzipSync('FoldID\tEventID\tseq\tBound\nA\ts1\tACGTACGTACGT\t1\n'));
    const j1 = await run('data.preview', { name: 'x', source: { kind: 'fasta', positives: t } });
    expect(j1.state).toBe('failed');
    expect(j1.error).toMatch(/is not FASTA: A DeepBind-style table.*Import it as a table/);
    const bad = join(tmp, 'bad.tsv');
    writeFileSync(bad, 'name\tseq\tlabel\na\tACGTACGTAC\t1\nb\tACGTXXACGT\t0\n');
    const j2 = await run('data.preview', { name: 'y', source: { kind: 'table', file: bad, columns: { sequence: 'seq', labels: ['label'] } } });
    expect(j2.state).toBe('failed');
    expect(j2.error).toMatch(/bad\.tsv:3: expected only nucleotide letters \(A, C, G, T, N\) in column “seq”/);
    const j3 = await run('data.preview', { name: 'z', source: { kind: 'table', file: bad, columns: { sequence: 'sequence', labels: [] } } });
    expect(j3.error).toMatch(/expected a column named “sequence”/);
    expect((await call('data.list')).some((d: any) => ['x', 'y', 'z'].includes(d.name))).toBe(false);
    expect((await callErr('data.inspect', { path: join(tmp, 'nope.tsv') })).code).toBe('not_found');
  });
});
